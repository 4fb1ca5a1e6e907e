"""The TUI on a PostgreSQL store (team mode), with other clients in other processes.

- A note added by a separate process shows in the open war room within 1 s (pushed by
  LISTEN/NOTIFY), keeping focus.
- The server stopped and restarted under an open TUI: the dialog keeps what was typed and
  says nothing was saved; once the server is back the same dialog saves it.
- Started while the server is down: one line, and the list fills by itself once it is back.
"""

import subprocess
import sys
import time

import pytest
from textual.widgets import Input

from escalation_tui.store import open_store
from escalation_tui.tui.dialogs.note import NoteDialog
from escalation_tui.tui.screens.incident_list import IncidentListScreen
from escalation_tui.tui.screens.war_room import WarRoomScreen

GENEROUS = 15.0  # seconds: a bound for another process on a loaded machine, not the claim


@pytest.fixture
def store(pg_url):
    """Every fixture built on `store` (service, make_app) now uses the server."""
    opened = open_store(pg_url)
    yield opened
    opened.close()


async def wait_until(pilot, condition, what: str, bound: float = GENEROUS) -> float:
    """Poll while the app runs; the monotonic time the condition first held."""
    deadline = time.monotonic() + bound
    while not condition():
        assert time.monotonic() < deadline, f"never happened: {what}"
        await pilot.pause(0.02)
    return time.monotonic()


SCRIBE = """
import sys, time
from escalation_tui.domain.clock import SystemClock
from escalation_tui.service import IncidentService
from escalation_tui.store import open_store
url, incident_id, text = sys.argv[1:]
IncidentService(open_store(url), SystemClock(), actor="scribe").open(incident_id).add_note(text)
print(time.monotonic(), flush=True)  # just after the commit (the clock is system-wide)
"""


def scribe_adds_a_note(url: str, incident_id: str, text: str) -> subprocess.Popen:
    """Another client in a process of its own, as on the scribe's laptop."""
    return subprocess.Popen(
        [sys.executable, "-c", SCRIBE, url, incident_id, text], stdout=subprocess.PIPE, text=True
    )


async def test_a_note_from_another_process_is_pushed_to_the_screen(
    store, service, make_app, pg_url, screen_text, monkeypatch
):
    # The once-a-second poll is switched off: the note can only arrive by the server's push
    # (LISTEN/NOTIFY). How fast is for benchmarks/save_latency.py, not a timed assertion.
    monkeypatch.setattr(WarRoomScreen, "tick", lambda self: None)
    incident_id = service.declare("Checkout API 500s", 1, "technical").id
    app = make_app(incident_id)
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WarRoomScreen)
        await pilot.press("4", "t")  # action items focused, timeline shown
        focused = app.focused
        await wait_until(pilot, lambda: store.listening, "the war room listening to the server")

        scribe = scribe_adds_a_note(pg_url, incident_id, "Pool size pinned on db-3")
        seen_at = await wait_until(
            pilot, lambda: "Pool size pinned on db-3" in screen_text(app), "the note on screen"
        )
        out, _ = scribe.communicate(timeout=GENEROUS)
        assert scribe.returncode == 0
        print(f"LAT {seen_at - float(out.strip()):.3f}")
        assert app.focused is focused  # the user's place is kept


async def test_server_restarted_under_an_open_tui_keeps_the_typed_note_and_saves_it(
    store, service, make_app, pg_server, pg_url, screen_text
):
    incident_id = service.declare("Checkout API 500s", 1, "technical").id
    app = make_app(incident_id)
    typed = "Typed while the server was down"
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await pilot.pause()
        await wait_until(pilot, lambda: store.listening, "listening")
        pg_server.stop()
        try:
            await pilot.press("N")
            assert isinstance(app.screen, NoteDialog)
            app.screen.query_one(Input).value = typed
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, NoteDialog)  # still open: nothing was saved
            assert app.screen.query_one(Input).value == typed
            flat = " ".join(screen_text(app).replace("│", " ").replace("█", " ").split())  # the line wraps
            assert "nothing was saved" in flat and "PostgreSQL" in flat
        finally:
            pg_server.start()
        await pilot.press("enter")  # the same dialog, once the server is back
        await pilot.pause()
        assert isinstance(app.screen, WarRoomScreen)
        assert app.screen.incident.timeline[-1].text == typed
        await wait_until(pilot, lambda: store.listening, "listening again after the restart")
    check = open_store(pg_url)
    assert [e.text for e in check.load(incident_id).timeline][-1] == typed
    check.close()


async def test_started_while_the_server_is_down_then_fills_when_it_is_back(
    store, service, make_app, pg_server, pg_url, screen_text
):
    service.declare("Bridge down", 2, "technical")
    store.close()
    pg_server.stop()
    try:
        app = make_app()
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, IncidentListScreen)
            errors = [n.message for n in app._notifications if n.severity == "error"]
            assert len(errors) == 1 and errors[0].startswith(
                "cannot reach PostgreSQL at postgresql://postgres@"
            )
            pg_server.start()
            await wait_until(pilot, lambda: "Bridge down" in screen_text(app), "the list after the restart")
    finally:
        pg_server.ensure_running()
