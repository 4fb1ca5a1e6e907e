"""Another instance holding the incident's lock never freezes the TUI (tui/changes.py).

The lock is held by a real second process, as another window or an alert hook would. The
war room keeps ticking, the dialog says it is waiting and keeps what was typed, and the
change lands once the lock is free; escape stops waiting without losing the text.
"""

import subprocess
import sys

import pytest
from textual.widgets import Input, Static

from escalation_tui.store import IncidentStore
from escalation_tui.tui.dialogs.note import NoteDialog
from escalation_tui.tui.screens.war_room import WarRoomScreen

HOLD = """
import fcntl, sys
handle = open(sys.argv[1], "a")
fcntl.flock(handle, fcntl.LOCK_EX)
print("held", flush=True)
sys.stdin.read()  # until the test closes our stdin
"""


@pytest.fixture
def lock_holder(store):
    """start(incident_id) holds that incident's lock from another process; release() lets go."""
    holders: list[subprocess.Popen] = []

    class Holder:
        def start(self, incident_id: str) -> None:
            lock = store.incidents_dir / f".{incident_id}.lock"
            process = subprocess.Popen(
                [sys.executable, "-c", HOLD, str(lock)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            holders.append(process)
            assert process.stdout.readline().strip() == "held"

        def release(self) -> None:
            for process in holders:
                process.stdin.close()
                process.wait(timeout=10)

    yield Holder()
    for process in holders:
        if process.poll() is None:
            process.kill()


async def until(pilot, condition, rounds: int = 1000) -> None:
    """Pause until condition() holds; bounded, so a hang fails instead of stalling the suite."""
    for _ in range(rounds):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("condition never held")


def dialog_error(app) -> str:
    return str(app.screen.query_one(".dialog-error", Static).render())


@pytest.mark.parametrize("size", [(80, 24), (160, 50)], ids=["80x24", "160x50"])
async def test_a_held_lock_keeps_the_clock_ticking_and_the_note_lands_on_release(
    demo, make_app, store_path, clock, lock_holder, size
):
    app = make_app(demo.id)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        war_room = app.screen
        assert isinstance(war_room, WarRoomScreen)
        before = IncidentStore(store_path).load(demo.id)
        lock_holder.start(demo.id)
        await pilot.press("N", *"while locked", "enter")
        await until(pilot, lambda: "waiting" in dialog_error(app))
        assert isinstance(app.screen, NoteDialog)  # open, with what was typed
        assert app.screen.query_one("#note-text", Input).value == "while locked"
        assert IncidentStore(store_path).load(demo.id) == before  # nothing shown as saved that was not
        # The event loop is free: the once-a-second tick still runs and shows the new time.
        later = clock.advance(minutes=3)
        await until(pilot, lambda: war_room.now == later, rounds=500)
        lock_holder.release()
        await until(pilot, lambda: app.screen is war_room)
    stored = IncidentStore(store_path).load(demo.id)
    assert stored.timeline[-1].text == "while locked"
    assert len(stored.timeline) == len(before.timeline) + 1


async def test_escape_stops_waiting_and_keeps_the_text_for_a_retry(demo, make_app, store_path, lock_holder):
    app = make_app(demo.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        before = IncidentStore(store_path).load(demo.id)
        lock_holder.start(demo.id)
        await pilot.press("N", *"retry me", "enter")
        await until(pilot, lambda: "waiting" in dialog_error(app))
        await pilot.press("escape")
        await until(pilot, lambda: "stopped waiting" in dialog_error(app))
        assert isinstance(app.screen, NoteDialog)
        assert app.screen.query_one("#note-text", Input).value == "retry me"
        assert IncidentStore(store_path).load(demo.id) == before
        lock_holder.release()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, WarRoomScreen))
    assert IncidentStore(store_path).load(demo.id).timeline[-1].text == "retry me"


async def test_a_pane_key_waits_for_the_lock_too(demo, make_app, store_path, lock_holder):
    """space on a checklist item while another window saves: ticked once the lock is free."""
    app = make_app(demo.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        target = app.screen.query_one("ChecklistPane").target
        lock_holder.start(demo.id)
        await pilot.press("space")
        await until(pilot, lambda: app.key_gate.waiting_change is not None)
        assert not any(c.done for c in IncidentStore(store_path).load(demo.id).checklist if c.id == target.id)
        lock_holder.release()
        await until(pilot, lambda: app.key_gate.waiting_change is None)
        await pilot.pause()
    assert any(c.done for c in IncidentStore(store_path).load(demo.id).checklist if c.id == target.id)
