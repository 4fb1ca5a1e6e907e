"""The README's "Sending updates" examples are channels config.toml accepts, one per type."""

import json
import re
from pathlib import Path

from escalation_tui.domain.channels import TYPES
from escalation_tui.domain.config import parse_channel_config

README = Path(__file__).resolve().parent.parent / "README.md"


def section() -> str:
    return README.read_text().split("## Sending updates", 1)[1].split("\n## ", 1)[0]


def test_every_channel_type_has_an_example_that_parses():
    blocks = re.findall(r"```toml\n(.*?)```", section(), re.S)
    channels = [channel for block in blocks for channel in parse_channel_config(block, "README.md")]
    assert sorted({c.type for c in channels}) == sorted(TYPES)


def test_the_webhook_example_body_is_json_with_the_documented_fields():
    (block,) = re.findall(r"```json\n(.*?)```", section(), re.S)
    body = json.loads(block.replace("…", ""))
    assert set(body) == {"schema", "version", "delivery_id", "channel", "incident", "update"}
