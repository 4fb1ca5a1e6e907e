"""The store contract, run against both backends: the folder (TinyDB) and PostgreSQL.

The PostgreSQL run uses a real server the suite starts itself (tests/pg_server.py).
What the service layer, CLI and TUI rely on must hold for both, so they cannot tell
which one is in use.
"""

import threading
import time
from datetime import UTC, datetime

import pytest
from store_backends import Backend, folder_backend, postgres_backend

from escalation_tui.domain.clock import FixedClock
from escalation_tui.errors import InvalidInput, NotFound, StoreError
from escalation_tui.export.json_format import incident_to_json
from escalation_tui.service import IncidentService

T0 = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)


@pytest.fixture(params=["folder", "postgresql"])
def backend(request, tmp_path) -> Backend:
    if request.param == "folder":
        return folder_backend(tmp_path / "store")
    return postgres_backend(request.getfixturevalue("pg_url"))


@pytest.fixture
def clients(backend):
    """Two clients on one store (say, the commander's laptop and the comms lead's)."""
    opened = [backend.open(), backend.open()]
    yield [
        IncidentService(store, FixedClock(T0), actor=name)
        for store, name in zip(opened, ("dana", "sam"), strict=True)
    ]
    for store in opened:
        store.close()


def test_an_incident_reads_back_exactly_as_written(clients):
    dana, sam = clients
    session = dana.declare("Checkout API 500s", 1, "technical", summary="Pool exhausted")
    session.add_why("The pool was exhausted")
    session.add_action("Alert on pool saturation", owner="kim")
    session.add_note("Rolled back 2.3.1", kind="decision")
    seen = sam.open(session.id).incident
    assert incident_to_json(seen) == incident_to_json(session.incident)
    assert seen.revision == 3 and [e.text for e in seen.timeline][-1] == "Rolled back 2.3.1"


def test_create_never_replaces_an_existing_incident(clients):
    dana, sam = clients
    session = dana.declare("First", 2, "process")
    with pytest.raises(StoreError, match="already"):
        sam.store.create(session.incident.model_copy(update={"title": "Second"}))
    assert sam.open(session.id).incident.title == "First"


def test_ids_prefixes_and_listing(clients):
    dana, sam = clients
    made = sorted(dana.declare(f"Incident {n}", 3, "technical").id for n in range(3))
    store = sam.store
    assert store.ids() == made and all(store.exists(i) for i in made) and not store.exists("zzzzzz")
    assert store.resolve_id(made[0].upper()) == made[0]
    assert store.resolve_id(made[1][:5]) == made[1]
    with pytest.raises(NotFound, match="no incident"):
        store.resolve_id("zzzz")
    listed, problems = sam.list()
    assert sorted(i.id for i in listed) == made and problems == []


def test_a_refused_change_leaves_nothing_behind(clients):
    dana, sam = clients
    session = dana.declare("Refusals", 2, "technical")
    before = incident_to_json(sam.open(session.id).incident)
    with pytest.raises(InvalidInput):
        session.set_severity(2)  # already SEV2: refused inside the change
    with pytest.raises(NotFound):
        session.toggle_check("no-such-item")
    assert incident_to_json(sam.open(session.id).incident) == before


def test_changes_from_two_clients_interleave_without_loss(clients):
    dana, sam = clients
    mine = dana.declare("Shared", 1, "technical")
    theirs = sam.open(mine.id)
    for n in range(5):
        mine.add_note(f"dana {n}")
        theirs.add_why(f"sam {n}")  # sam's copy is stale each time: the change reloads first
    final = dana.open(mine.id).incident
    assert [w.statement for w in final.whys] == [f"sam {n}" for n in range(5)]
    assert sum(e.text.startswith("dana ") for e in final.timeline) == 5
    assert final.revision == 10


def test_undo_of_a_note_takes_the_note_back_everywhere(clients):
    dana, sam = clients
    session = dana.declare("Undo", 2, "technical")
    session.add_note("typo'd note")
    session.undo()
    texts = [e.text for e in sam.open(session.id).incident.timeline]
    assert "typo'd note" not in texts and texts[-1] == "Undid: typo'd note"


def test_another_clients_change_is_seen_by_the_open_session(clients):
    dana, sam = clients
    watching = dana.declare("Live", 1, "technical")
    pushed = threading.Event()
    stop = watching.watch(pushed.set)
    try:
        assert watching.poll() is False  # nothing happened yet: no reload
        sam.open(watching.id).add_note("seen from the other laptop")
        deadline = time.monotonic() + 10
        while not watching.poll():  # bounded polling for another client's change
            assert time.monotonic() < deadline, "the change was never seen"
            time.sleep(0.02)
        assert watching.incident.timeline[-1].text == "seen from the other laptop"
        assert watching.poll() is False  # seen once, not again
    finally:
        stop()
    if watching._store.__class__.__name__ == "PostgresStore":
        assert pushed.wait(5)  # the server pushed it (LISTEN/NOTIFY), no polling needed


def test_damaged_data_is_refused_in_one_line_and_left_alone(clients, backend):
    dana, sam = clients
    good = dana.declare("Fine", 3, "technical")
    bad = dana.declare("Damaged", 3, "technical")
    backend.damage(bad.id)
    with pytest.raises(StoreError) as refused:
        sam.open(bad.id)
    message = str(refused.value)
    assert "\n" not in message and bad.id in message and "left untouched" in message
    listed, problems = sam.list()
    assert [i.id for i in listed] == [good.id] and len(problems) == 1
    with pytest.raises(StoreError):
        bad.add_note("must not overwrite the damaged incident")
    with pytest.raises(StoreError):
        sam.open(bad.id)  # still damaged: nothing was written over it


def test_data_from_a_newer_version_is_refused(clients, backend):
    dana, sam = clients
    session = dana.declare("From the future", 2, "technical")
    backend.from_the_future(session.id)
    with pytest.raises(StoreError, match="newer escalation-tui") as refused:
        sam.open(session.id)
    assert "\n" not in str(refused.value)
