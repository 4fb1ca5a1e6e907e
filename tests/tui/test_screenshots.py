"""The pictures in screenshots/ are snapshot tests: a UI change that alters one fails here.

Each SHOT is drawn with the demo incident on a throw-away store, a fixed clock, UTC and
fixed ids, so a run draws the same SVG every time; snap_compare (pytest-textual-snapshot)
compares it with screenshots/<name>-<W>x<H>.svg. After a deliberate UI change, regenerate
every picture with one command and look at the diff before committing:

    .venv/bin/python -m pytest -n 0 tests/tui/test_screenshots.py --snapshot-update

A failing run writes an HTML report (snapshot_report.html) that shows both pictures.
"""

import random
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
import pytest_textual_snapshot
from tui_support import SIZES

from escalation_tui.demo import create_demo
from escalation_tui.domain import fields
from escalation_tui.domain.clock import FixedClock
from escalation_tui.service import IncidentService
from escalation_tui.store import IncidentStore
from escalation_tui.tui import EscalationApp

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
NOW = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)  # the demo is forty minutes in
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
CASES = [pytest.param(keys, size, id=f"{name}-{size[0]}x{size[1]}") for size in SIZES for name, keys in SHOTS]


class Screenshots(pytest_textual_snapshot.SVGImageExtension):
    """Snapshots stored as screenshots/<test id>.svg: the README's pictures are the snapshots."""

    @classmethod
    def dirname(cls, *, test_location) -> str:
        return str(SCREENSHOTS)

    @classmethod
    def get_snapshot_name(cls, *, test_location, index=0) -> str:
        return test_location.snapshot_name.partition("[")[2].rstrip("]")


@pytest.fixture(autouse=True)
def drawn_the_same_everywhere(monkeypatch):
    """UTC (local times on screen), and the snapshots kept in screenshots/."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    monkeypatch.setattr(pytest_textual_snapshot, "SVGImageExtension", Screenshots)  # snap_compare's
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory) -> Path:
    """The demo incident as the pictures show it, built once (ids drawn from a fixed seed)."""
    root = tmp_path_factory.mktemp("screenshots") / "store"
    saved = fields.secrets
    fields.secrets = random.Random(2026)  # type: ignore[assignment]  # new_id only calls .choice()
    try:
        create_demo(IncidentStore(root), FixedClock(NOW))
    finally:
        fields.secrets = saved
    return root


@pytest.mark.parametrize("keys, size", CASES)
def test_screenshot(keys, size, demo_store, tmp_path, snap_compare):
    store = tmp_path / "store"
    shutil.copytree(demo_store, store)
    app = EscalationApp(IncidentService(IncidentStore(store), FixedClock(NOW), actor="dana"))
    app.animation_level = "none"

    async def settled(pilot) -> None:
        # Under load a pane shown by the last key (the timeline) is laid out a few refreshes
        # later: draw the picture only once the app has nothing left to do.
        await pilot.press(*keys)
        for _ in range(5):
            await pilot.pause()

    assert snap_compare(app, run_before=settled, terminal_size=size)
