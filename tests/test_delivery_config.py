"""Channel tables in config.toml: what is accepted, and one clear line for what is not; and
incident files written before the outbox existed still load."""

import json

import pytest

from escalation_tui.domain.clock import SystemClock
from escalation_tui.domain.config import parse_channel_config
from escalation_tui.domain.enums import Audience, Severity
from escalation_tui.errors import InvalidInput
from escalation_tui.export.json_format import incident_from_json, incident_to_json
from escalation_tui.service import IncidentService
from escalation_tui.store import IncidentStore


def parse(text: str):
    return parse_channel_config(text, "config.toml")


def test_defaults_take_every_audience_and_severity():
    (channel,) = parse('[channels.all]\ntype = "discord"\nurl_env = "X"')
    assert channel.audiences == tuple(Audience) and channel.severities == tuple(Severity)
    assert channel.timeout == 10 and not channel.confidential


@pytest.mark.parametrize(
    "table, message",
    [
        ('type = "pager"', "type must be one of slack, mattermost, teams, discord, webhook, email, command"),
        ('type = "slack"', 'url_env = "VARIABLE" (or url_file = "PATH", mode 0600) is required'),
        (
            'type = "slack"\nurl = "https://hooks.slack.com/T/B/secret"',
            "unknown key 'url' for a slack channel",
        ),
        ('type = "slack"\nurl_env = "A"\nurl_file = "f"', "give url_env or url_file, not both"),
        ('type = "slack"\nurl_env = "not a name"', "url_env must be an environment variable's name"),
        ('type = "slack"\nurl_env = "A"\naudiences = ["board"]', "audiences must be a list of internal"),
        ('type = "slack"\nurl_env = "A"\nseverities = [5]', "severities must be a list such as [1, 2]"),
        ('type = "slack"\nurl_env = "A"\nseverities = [true]', "severities must be a list such as [1, 2]"),
        ('type = "slack"\nurl_env = "A"\ntimeout_seconds = 0', "timeout_seconds must be a number"),
        ('type = "command"\ncommand = "notify"', "command must be a list of strings"),
        ('type = "webhook"\nurl_env = "A"\nsignature_header = "X: y"', "signature_header must be a plain"),
    ],
)
def test_a_bad_channel_table_is_one_line_naming_it(table, message):
    with pytest.raises(InvalidInput) as caught:
        parse(f"[channels.exec-slack]\n{table}\n")
    text = str(caught.value)
    assert text.startswith("config.toml: [channels.exec-slack]: ") and message in text
    assert "\n" not in text and "secret" not in text.replace("secrets are never", "")


def test_a_bad_channel_name_is_refused():
    with pytest.raises(InvalidInput, match="a channel name is 1-40 letters"):
        parse('[channels."a b"]\ntype = "slack"\nurl_env = "A"')


def test_a_version_3_incident_file_loads_with_an_empty_outbox_and_is_written_as_version_5(
    session, store_path
):
    path = IncidentStore(store_path).path_for(session.id)
    document = json.loads(path.read_text())
    document["meta"]["1"]["schema_version"] = 3
    del document["incident"]["1"]["deliveries"]
    IncidentStore(store_path).path_for(session.id).with_suffix(".journal").unlink(missing_ok=True)
    path.write_text(json.dumps(document))
    store = IncidentStore(store_path)
    assert store.load(session.id).deliveries == []
    IncidentService(store, SystemClock()).open(session.id).add_note("after the upgrade")
    saved = json.loads(path.read_text())
    assert saved["meta"]["1"]["schema_version"] == 5 and saved["incident"]["1"]["deliveries"] == []


def test_a_version_3_export_imports_with_an_empty_outbox(session):
    exported = json.loads(incident_to_json(session.incident))
    assert exported["version"] == 5
    exported["version"] = 3
    del exported["incident"]["deliveries"]
    assert incident_from_json(json.dumps(exported)).deliveries == []
