"""Deleting an incident moves it to the store's trash; restoring gives it back exactly.

The same contract for both backends: the folder (TinyDB) and PostgreSQL (issue 31 item 7).
"""

from datetime import UTC, datetime

import pytest
from store_backends import Backend, folder_backend, postgres_backend

from escalation_tui.domain.clock import FixedClock
from escalation_tui.errors import NotFound, StoreError
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
    opened = [backend.open(), backend.open()]
    yield [
        IncidentService(store, FixedClock(T0), actor=name)
        for store, name in zip(opened, ("dana", "sam"), strict=True)
    ]
    for store in opened:
        store.close()


def test_a_deleted_incident_leaves_every_list_and_comes_back_exactly(clients):
    dana, sam = clients
    kept = dana.declare("Kept", 2, "technical")
    session = dana.declare("Declared by mistake", 2, "technical")
    session.add_note("a note", kind="finding")
    for n in range(3):
        session.add_why(f"cause {n}")
    before = incident_to_json(sam.open(session.id).incident)

    assert dana.delete(session.id[:5]) == session.id
    assert [i.id for i in sam.list()[0]] == [kept.id]
    assert sam.store.ids() == [kept.id] and not sam.store.exists(session.id)
    assert sam.trashed() == [session.id]
    with pytest.raises(NotFound):
        sam.open(session.id)

    restored = sam.restore(session.id[:4])
    assert restored.id == session.id
    assert incident_to_json(restored.model_copy(update={"revision": 0})) == incident_to_json(
        sam.open(session.id).incident.model_copy(update={"revision": 0})
    )
    again = incident_to_json(dana.open(session.id).incident.model_copy(update={"revision": 0}))
    assert again == before.replace('"revision": 4', '"revision": 0')
    assert sam.trashed() == [] and sorted(i.id for i in dana.list()[0]) == sorted([kept.id, session.id])
    # still an ordinary incident: changes save as before
    dana.open(session.id).add_note("after the restore")
    assert sam.open(session.id).incident.timeline[-1].text == "after the restore"


def test_delete_and_restore_refuse_what_is_not_there(clients):
    dana, sam = clients
    with pytest.raises(NotFound, match="no incident"):
        dana.delete("zzzz")
    with pytest.raises(NotFound, match="trash"):
        dana.restore("zzzz")
    session = dana.declare("Twice", 3, "process")
    dana.delete(session.id)
    with pytest.raises(NotFound):
        sam.delete(session.id)
    # an incident imported under the same id meanwhile is never replaced by a restore
    sam.store.create(session.incident.model_copy(update={"title": "Imported again"}))
    with pytest.raises(StoreError, match="already exists"):
        sam.restore(session.id)
    assert dana.open(session.id).incident.title == "Imported again"
    assert sam.trashed() == [session.id]
