"""Regenerate the SVG screenshots: /work/venv/bin/python screenshots/make_screenshots.py

The demo incident on a throw-away store, a fixed clock and UTC, so every run draws the same
pictures: the incident list, the war room, help, timeline, action items, the update dialog,
the 5 Whys walkthrough and the post-mortem screen, at 80x24 and 160x50.
"""

import asyncio
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run from a checkout without installing

from escalation_tui.demo import create_demo
from escalation_tui.domain.clock import FixedClock
from escalation_tui.service import IncidentService
from escalation_tui.store import IncidentStore
from escalation_tui.tui import EscalationApp

NOW = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)
SIZES = [(80, 24), (160, 50)]
# (file name, keys pressed from the incident list)
SHOTS = [
    ("incident-list", []),
    ("war-room", ["enter"]),
    ("help", ["enter", "question_mark"]),
    ("timeline", ["enter", "t"]),
    ("actions", ["enter", "4"]),
    ("log-update", ["enter", "u"]),
    ("whys-walkthrough", ["enter", "w"]),
    ("post-mortem", ["enter", "x"]),
]


async def shoot(store_root: Path, name: str, keys: list[str], size: tuple[int, int]) -> Path:
    clock = FixedClock(NOW)
    app = EscalationApp(IncidentService(IncidentStore(store_root), clock, actor="dana"))
    app.animation_level = "none"
    async with app.run_test(size=size) as pilot:
        await pilot.press(*keys)
        await pilot.pause()
        filename = f"{name}-{size[0]}x{size[1]}.svg"
        app.save_screenshot(filename=filename, path=str(HERE))
    return HERE / filename


async def main() -> None:
    os.environ["TZ"] = "UTC"  # local times in the pictures do not depend on the machine
    time.tzset()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "store"
        create_demo(IncidentStore(root), FixedClock(NOW))
        for size in SIZES:
            for name, keys in SHOTS:
                print(await shoot(root, name, keys, size))


if __name__ == "__main__":
    asyncio.run(main())
