"""A PostgreSQL server that keeps a change waiting never freezes the TUI (team mode).

Another session holds the incident's row lock, as a client stuck mid-change would. The
change is tried with FOR UPDATE NOWAIT and waits in a worker thread: the war room's clock
keeps ticking, keys keep working (escape stops the wait, the dialog keeps what was typed),
and the note lands once the lock is released. The refresh that picks up other clients'
saves reads the server in a worker thread too, never on the event loop.
"""

import threading

import psycopg
import pytest
from textual.widgets import Input, Static
from tui_support import notices

from escalation_tui.store import open_store
from escalation_tui.tui.dialogs.note import NoteDialog
from escalation_tui.tui.screens.war_room import WarRoomScreen


@pytest.fixture
def store(pg_url):
    """Every fixture built on `store` (service, make_app) now uses the server."""
    opened = open_store(pg_url)
    yield opened
    opened.close()


@pytest.fixture
def row_lock(pg_url):
    """hold(id): another session takes the incident's row lock; release() lets it go."""
    conn = psycopg.connect(pg_url)

    class RowLock:
        def hold(self, incident_id: str) -> None:
            conn.execute("SELECT 1 FROM escalation_incidents WHERE id = %s FOR UPDATE", (incident_id,))

        def release(self) -> None:
            conn.rollback()

    yield RowLock()
    conn.close()


async def until(pilot, condition, rounds: int = 1500) -> None:
    """Pause until condition() holds; bounded, so a hang fails instead of stalling the suite."""
    for _ in range(rounds):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("condition never held")


def dialog_error(app) -> str:
    return str(app.screen.query_one(".dialog-error", Static).render())


def typed(app) -> str:
    return app.screen.query_one("#text-entry-value", Input).value


def alarm_reading(app) -> bool:
    return getattr(app.update_watch, "reading", False)


def timeline(pg_url: str, incident_id: str) -> list[str]:
    other = open_store(pg_url)  # reading is never blocked by a row lock
    try:
        return [event.text for event in other.load(incident_id).timeline]
    finally:
        other.close()


async def test_a_held_row_lock_keeps_the_clock_and_keys_going_and_the_note_lands_on_release(
    service, make_app, clock, row_lock, pg_url, size
):
    incident_id = service.declare("Checkout API 500s", 1, "technical").id
    before = timeline(pg_url, incident_id)
    app = make_app(incident_id)
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.pause()
        war_room = app.screen
        assert isinstance(war_room, WarRoomScreen)
        row_lock.hold(incident_id)
        await pilot.press("N", *"while locked", "enter")
        await until(pilot, lambda: "waiting" in dialog_error(app))
        assert isinstance(app.screen, NoteDialog) and typed(app) == "while locked"
        assert timeline(pg_url, incident_id) == before  # nothing shown as saved that was not
        later = clock.advance(minutes=3)
        await until(pilot, lambda: war_room.now == later)  # the once-a-second tick still runs

        await pilot.press("escape")  # keys work: escape stops the wait, the text stays
        await until(pilot, lambda: "stopped waiting" in dialog_error(app))
        assert isinstance(app.screen, NoteDialog) and typed(app) == "while locked"
        await pilot.press("enter")  # the same note again: it waits again
        await until(pilot, lambda: "waiting for it" in dialog_error(app))

        row_lock.release()
        await until(pilot, lambda: app.screen is war_room)
        await until(pilot, lambda: "Added to the timeline" in notices(app))
    assert timeline(pg_url, incident_id) == [*before, "while locked"]  # once


@pytest.fixture
def reads_on_the_loop(store, monkeypatch):
    """watch(): from now on, record every read of the server made on the event loop's thread."""
    loop_thread = threading.current_thread()
    seen: list[str] = []

    def watched(name: str):
        read = getattr(store, name)

        def wrapper(*args, **kwargs):
            if threading.current_thread() is loop_thread:
                seen.append(name)
            return read(*args, **kwargs)

        return wrapper

    def watch() -> list[str]:
        for name in ("load", "load_all", "summaries", "ids"):
            monkeypatch.setattr(store, name, watched(name))
        return seen

    return watch


def another_client(pg_url: str, service, incident_id: str | None, text: str, action: bool = False) -> None:
    """A note or action item (or, without an incident, a new incident) saved by a client of its own."""
    scribe = open_store(pg_url)
    try:
        other = type(service)(scribe, service.clock, actor="scribe")
        if incident_id is None:
            other.declare(text, 2, "technical")
        elif action:
            other.open(incident_id).add_action(text, owner="kim")
        else:
            other.open(incident_id).add_note(text)
    finally:
        scribe.close()


async def test_picking_up_another_clients_save_reads_the_server_off_the_event_loop(
    service, store, make_app, pg_url, screen_text, reads_on_the_loop, size
):
    incident_id = service.declare("Checkout API 500s", 1, "technical").id
    app = make_app(incident_id)
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.pause()
        await until(pilot, lambda: store.listening)
        war_room = app.screen
        seen = reads_on_the_loop()
        another_client(pg_url, service, incident_id, "Pool size pinned on db-3")
        await until(pilot, lambda: war_room.session.incident.timeline[-1].text == "Pool size pinned on db-3")
        await pilot.press("t")  # keys work meanwhile: the timeline shows the note
        await until(pilot, lambda: "Pool size pinned on db-3" in screen_text(app))
        await until(pilot, lambda: not alarm_reading(app))  # the update alarm's read, too
        await pilot.press("ctrl+r")  # reloading by hand reads off the loop as well
        await until(pilot, lambda: "Already up to date" in notices(app))
    assert seen == []


async def test_the_list_and_follow_ups_pick_up_other_clients_saves_off_the_event_loop(
    service, store, make_app, pg_url, screen_text, reads_on_the_loop
):
    bridge = service.declare("Bridge down", 2, "technical").id
    service.declare("Checkout API 500s", 1, "technical")  # two open: the list stays on top
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await until(pilot, lambda: "Bridge down" in screen_text(app))
        await until(pilot, lambda: store.listening)
        seen = reads_on_the_loop()
        another_client(pg_url, service, None, "Search is slow")
        await until(pilot, lambda: "Search is slow" in screen_text(app))
        await until(pilot, lambda: not alarm_reading(app))
        await pilot.press("f")  # the follow-ups view (its first read, on show, is not a refresh)
        await pilot.pause()
        seen.clear()
        another_client(pg_url, service, bridge, "Add a runbook for the bridge", action=True)
        await until(pilot, lambda: "Add a runbook for the bridge" in screen_text(app))
        await until(pilot, lambda: not alarm_reading(app))
    assert seen == []


async def test_a_note_whose_commit_reply_is_lost_is_looked_up_and_shown_saved(
    service, make_app, pg_url, monkeypatch
):
    """The connection drops just after the server committed: the TUI asks again at once (never
    waiting for a server on the event loop) and the dialog closes, the note saved once."""
    incident_id = service.declare("Checkout API 500s", 1, "technical").id
    execute = psycopg.Connection.execute
    dropped: list[str] = []

    def commit_then_drop(self, query, params=None, **options):
        result = execute(self, query, params, **options)
        if query == "COMMIT" and not dropped:
            dropped.append(query)
            self.close()
            raise psycopg.OperationalError("server closed the connection unexpectedly")
        return result

    app = make_app(incident_id)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        war_room = app.screen
        monkeypatch.setattr(psycopg.Connection, "execute", commit_then_drop)
        await pilot.press("N", *"reply lost", "enter")
        await until(pilot, lambda: app.screen is war_room)
        assert dropped == ["COMMIT"]
        assert war_room.session.incident.timeline[-1].text == "reply lost"
    monkeypatch.undo()
    assert timeline(pg_url, incident_id).count("reply lost") == 1
