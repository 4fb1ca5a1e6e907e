"""Issue 34 items 1 and 2 in a real tmux at its default escape-time (500 ms), keys sent
together in one send-keys, the store checked afterwards.

tmux then delivers Escape and the next key as one (ESC n): the app takes an unbound alt+key
as Escape then the key, says once how to shorten escape-time, and a declaration made by
accident (one Escape too many, then typing) is taken back with ctrl+z.
"""

import json
import subprocess
import sys

import pytest
from tmux_app import TmuxApp, needs_tmux, poll

from escalation_tui.store import IncidentStore

pytestmark = needs_tmux


def stored(store_path) -> dict:
    store = IncidentStore(store_path)
    return {incident_id: store.load(incident_id) for incident_id in store.ids()}


def count(store_path) -> int:
    """The incidents in the store, without reading them (one may move to the trash meanwhile)."""
    return len(IncidentStore(store_path).ids())


def cli(store_path, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "escalation_tui", "--db", str(store_path), *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@pytest.mark.parametrize("size", [(80, 24), (160, 50)], ids=["80x24", "160x50"])
def test_escape_and_a_key_sent_together_act_as_both(store_path, size):
    incident_id = cli(store_path, "new", "Checkout down", "--severity", "1", "--kind", "technical").strip()
    before = stored(store_path)[incident_id]
    with TmuxApp(store_path, size, escape_time=None).start() as app:
        app.wait_for("Checklist")  # the one open incident opens at start
        app.wait_for("escape-time")  # said once: tmux holds Escape for 500 ms
        app.keys("N")
        app.wait_for("Add to the timeline")
        app.keys("abc")
        app.keys("Escape", "b")  # ESC b: the note dialog closes; b is not text
        app.wait_gone("Add to the timeline")
        app.keys("Escape", "n")  # ESC n in the war room: back to the list, then n declares
        app.wait_for("Declare an incident")
        app.keys("Escape")
        app.wait_gone("Declare an incident")
    after = stored(store_path)
    assert list(after) == [incident_id]  # nothing declared
    assert after[incident_id].timeline == before.timeline  # no note: "abc" was never saved


def test_a_declaration_made_by_accident_is_taken_back_with_ctrl_z(store_path):
    incident_id = cli(store_path, "new", "Checkout down", "--severity", "1", "--kind", "technical").strip()
    other = cli(store_path, "new", "Search slow", "--severity", "2", "--kind", "technical").strip()
    with TmuxApp(store_path, (80, 24), escape_time=None).start() as app:
        app.wait_for("Incidents")  # two open: the list
        # One Escape too many, then the update the commander meant for the war room:
        # "rolling" holds an n, which opens the Declare dialog, and ctrl+s declares "g back".
        app.keys("u", "c", "we are rolling back", "C-s")
        poll(lambda: count(store_path), lambda n: n == 3, "the accidental declaration")
        (accident,) = set(stored(store_path)) - {incident_id, other}
        assert stored(store_path)[accident].title == "g back"
        app.wait_for("ctrl+z")  # the toast says how to take it back
        app.keys("C-z")
        poll(lambda: count(store_path), lambda n: n == 2, "the declaration taken back")
    listed = json.loads(cli(store_path, "list", "--json"))
    assert incident_id in {i["id"] for i in listed} and "g back" not in {i["title"] for i in listed}
    assert cli(store_path, "incident", "trash").split() == [accident]  # kept, to restore if wanted
