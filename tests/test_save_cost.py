"""The cheap save path (issue 15) keeps every guarantee of the plain one.

A change no longer re-reads an unchanged file, deep-copies the incident or serialises
every item again; these tests pin what that must never lose.
"""

import json

import pytest

from escalation_tui.domain.enums import ActionStatus
from escalation_tui.errors import InvalidInput
from escalation_tui.service import IncidentService
from escalation_tui.store import IncidentStore


def test_a_change_leaves_the_incident_it_started_from_as_it_was(session):
    before = session.incident
    item = before.checklist[0]
    session.toggle_check(item.id)
    assert item.done is False and before.checklist[0] is item  # the screen's copy is untouched
    assert session.incident.checklist[0].done is True
    assert session.incident.timeline[:-1] == before.timeline  # shared, not copied


def test_undo_restores_the_state_before_each_change(session, store):
    first = session.add_action("Add canary", owner="lee")
    action_id = first.actions[-1].id
    session.set_action_status(action_id, ActionStatus.DONE)
    session.undo()
    assert store.load(session.id).find("actions", action_id).status == ActionStatus.OPEN
    session.undo()
    assert [a.id for a in store.load(session.id).actions] == []


def test_a_refused_change_leaves_nothing_half_applied(session, store):
    why = session.add_why("pool exhausted").whys[-1]
    session.add_action("Resize pool", why_id=why.id)
    revision = store.load(session.id).revision
    with pytest.raises(InvalidInput):
        session.add_action("x" * 10_000)  # too long a title: refused
    assert store.load(session.id).revision == revision
    assert [a.title for a in session.incident.actions] == ["Resize pool"]


def test_removing_a_why_unlinks_actions_in_the_new_state_only(session, store):
    why = session.add_why("pool exhausted").whys[-1]
    linked = session.add_action("Resize pool", why_id=why.id)
    session.remove_why(why.id)
    assert linked.actions[-1].why_id == why.id  # the earlier state (undo keeps it) is unchanged
    assert store.load(session.id).actions[-1].why_id is None
    session.undo()
    assert store.load(session.id).actions[-1].why_id == why.id


def test_an_item_changed_in_place_by_a_caller_is_written(session, store_path):
    store = IncidentStore(store_path)
    with store.locked(session.id):
        incident = store.load(session.id)
        store.save(incident)
        incident.checklist[0].note = "changed in place after a save"
        incident.revision += 1
        store.save(incident)
    assert IncidentStore(store_path).load(session.id).checklist[0].note == "changed in place after a save"


def test_another_instance_s_save_is_read_before_a_change(session, store_path, clock):
    other = IncidentService(IncidentStore(store_path), clock, actor="sam").open(session.id)
    other.add_note("from the other window")
    session.add_note("from this window")
    texts = [e.text for e in IncidentStore(store_path).load(session.id).timeline]
    assert texts[-2:] == ["from the other window", "from this window"]


def test_the_file_and_its_journal_are_the_same_json_as_before(session, store):
    session.add_note("a note with “quotes” and ünïcode")
    data = json.loads(store.whole_bytes(store.path_for(session.id)))
    assert set(data) == {"meta", "incident"}
    assert data["incident"]["1"] == json.loads(session.incident.model_dump_json())


def test_open_only_listing_skips_finished_incidents_without_losing_open_ones(service, store, clock):
    open_one = service.declare("Still burning", severity=1, kind="technical")
    done = service.declare("Put out", severity=2, kind="technical")
    done.record_milestone("resolved")
    incidents, problems = store.load_all(open_only=True)
    assert [i.id for i in incidents] == [open_one.id] and problems == []
    store.path_for(done.id).write_text("{not json")  # damage is still reported
    incidents, problems = store.load_all(open_only=True)
    assert [i.id for i in incidents] == [open_one.id] and len(problems) == 1
