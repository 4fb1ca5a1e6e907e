"""Key -> screen updated, and war-room mount, in Textual's Pilot harness (headless, 160x50).

Keys are pressed as tests/pilot_keys.py presses them in the tests: each waits for
what it caused (queues empty, the key gate settled), then the screen is drawn, with no
wall-clock idle detection (Pilot's own press waits at least 40 ms a key whatever it did).
Each key's cost is measured against the same keys typed into an empty Input in a bare app,
in the same harness (shared/TRAPS.md).
"""

import asyncio
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Input

from escalation_tui.domain.clock import SystemClock
from escalation_tui.service import IncidentService
from escalation_tui.store import IncidentStore

from .stores import BuiltStore

TESTS = str(Path(__file__).resolve().parent.parent / "tests")  # the key-press harness lives there
SIZE = (160, 50)
WAIT_LIMIT = 120.0  # seconds: a wedged app fails the benchmark instead of hanging it


def harness():
    """tests/pilot_keys.py, the same key presses as the tests make."""
    if TESTS not in sys.path:
        sys.path.append(TESTS)
    import pilot_keys

    return pilot_keys


async def _press(pilot: Pilot, keys: tuple[str, ...]) -> None:
    pilot_keys = harness()  # Textual only where the TUI is measured
    await pilot_keys.press(pilot, *keys)


async def _drawn(pilot: Pilot) -> None:
    """Everything queued is handled and the screen has been drawn since."""
    pilot_keys = harness()
    await pilot_keys.drained(pilot)
    await pilot_keys.settled(pilot)
    await pilot_keys.refreshed(pilot)


async def _until(pilot: Pilot, done: Callable[[], bool]) -> None:
    started = time.perf_counter()
    while not done():
        if time.perf_counter() - started > WAIT_LIMIT:
            raise RuntimeError("the screen never showed the change")
        await _drawn(pilot)
    await _drawn(pilot)


@dataclass(frozen=True)
class KeyCase:
    name: str
    setup: tuple[str, ...]  # keys before each sample, not timed (e.g. focus the pane)
    keys: tuple[str, ...]
    saves: bool  # the screen is updated once the change is saved and shown
    after: tuple[str, ...] = ()  # keys after each sample, not timed (e.g. close the timeline)


def _typed(text: str) -> tuple[str, ...]:
    return tuple("space" if c == " " else c for c in text)


CASES = (
    KeyCase("pane switch (4)", ("1",), ("4",), saves=False),
    # Each tick moves the cursor on, and past a phase's last item `space` changes nothing (a run
    # of more than ~6 samples waited for ever): after each sample, not timed, back up and
    # untick. (Not ctrl+z: its "Undone" toast stayed on screen and slowed the next case.)
    KeyCase("checklist tick (space)", ("1",), ("space",), saves=True, after=("k", "space")),
    KeyCase("note via N", (), ("N", *_typed("bench note"), "enter"), saves=True),
    KeyCase("quick-add action (a)", ("4",), ("a", *_typed("Bench fix @kim"), "enter"), saves=True),
    KeyCase("action status (space)", ("4",), ("space",), saves=True),
    KeyCase("open the timeline (t)", (), ("t",), saves=False, after=("t",)),
)


def _app(store: BuiltStore, open_id: str | None):
    from escalation_tui.tui import fewer_collections  # Textual only where the TUI is measured
    from escalation_tui.tui.app import EscalationApp

    fewer_collections()  # as run_tui does before the app starts
    service = IncidentService(IncidentStore(store.root), SystemClock(), "bench")
    app = EscalationApp(service, open_incident_id=open_id)
    app.animation_level = "none"  # as the TUI tests do: no sliding underline to wait for
    return app


def _revision(app) -> int:
    return app.screen.session.incident.revision


def _shown(app, war_room, saves: bool, before: int) -> Callable[[], bool]:
    """Back on the war room and, for a change, the saved revision is the one shown."""
    return lambda: app.screen is war_room and (not saves or _revision(app) > before)


async def _war_room_keys(store: BuiltStore, repeat: int) -> dict[str, list[float]]:
    from escalation_tui.tui.screens.war_room import WarRoomScreen

    app = _app(store, store.incident_id)
    samples: dict[str, list[float]] = {}
    async with app.run_test(size=SIZE) as pilot:
        await _until(pilot, lambda: isinstance(app.screen, WarRoomScreen))
        war_room = app.screen
        for case in CASES:
            times = samples.setdefault(case.name, [])
            for _ in range(repeat):
                if case.setup:
                    await _press(pilot, case.setup)
                    await pilot.pause()  # not timed: let the pane settle fully
                before = _revision(app)
                started = time.perf_counter()
                await _press(pilot, case.keys)
                await _until(pilot, _shown(app, war_room, case.saves, before))
                times.append(time.perf_counter() - started)
                if case.after:
                    await _press(pilot, case.after)
                    await pilot.pause()
    return samples


class _InputApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Input()


async def _floor(repeat: int) -> dict[str, list[float]]:
    app = _InputApp()
    samples: dict[str, list[float]] = {}
    async with app.run_test(size=SIZE) as pilot:
        box = app.query_one(Input)
        box.focus()
        await pilot.pause()
        for case in CASES:
            times = samples.setdefault(case.name, [])
            for _ in range(repeat):
                box.value = ""
                await pilot.pause()
                started = time.perf_counter()
                await _press(pilot, case.keys)
                await _drawn(pilot)
                times.append(time.perf_counter() - started)
    return samples


def key_costs(store: BuiltStore, repeat: int) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """(war-room samples, floor samples) per case, in seconds."""
    return asyncio.run(_war_room_keys(store, repeat)), asyncio.run(_floor(repeat))


async def _mounts(store: BuiltStore, repeat: int, warm_up: int) -> list[float]:
    from escalation_tui.tui.screens.incident_list import IncidentListScreen
    from escalation_tui.tui.screens.war_room import WarRoomScreen

    app = _app(store, None)
    times = []
    async with app.run_test(size=SIZE) as pilot:
        await _until(pilot, lambda: isinstance(app.screen, IncidentListScreen))
        for n in range(warm_up + repeat):
            started = time.perf_counter()
            app.open_incident(store.incident_id)
            await _until(pilot, lambda: isinstance(app.screen, WarRoomScreen))
            if n >= warm_up:
                times.append(time.perf_counter() - started)
            app.pop_screen()
            await _until(pilot, lambda: isinstance(app.screen, IncidentListScreen))
    return times


def mount_times(store: BuiltStore, repeat: int, warm_up: int = 0) -> list[float]:
    """Opening the incident's war room from the list (load + mount + first paint), in seconds;
    `warm_up` openings first, not timed (the app's first war room also parses its styles)."""
    return asyncio.run(_mounts(store, repeat, warm_up))
