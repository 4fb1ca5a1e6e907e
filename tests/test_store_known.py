"""Listing again with `known` (the app's update alarm does it after every save) reads only the
incident files that changed, and lists exactly what a full read would."""

import pytest

from escalation_tui.service import IncidentService
from escalation_tui.store import IncidentStore


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    loaded: list[str] = []
    load = IncidentStore.load

    def counting(self, incident_id):
        loaded.append(incident_id)
        return load(self, incident_id)

    monkeypatch.setattr(IncidentStore, "load", counting)
    return loaded


def listed(service: IncidentService, known=None) -> list[tuple[str, int]]:
    incidents, problems = service.list(include_closed=False, known=known)
    assert problems == []
    return [(i.id, i.revision) for i in incidents]


def test_a_save_re_reads_only_the_incident_saved(store, clock, reads):
    service = IncidentService(store, clock, "dana")

    def read_afresh():  # a new service: nothing kept from before
        return listed(IncidentService(store, clock, "dana"))

    first = service.declare("Checkout down", severity=1, kind="technical")
    second = service.declare("Search slow", severity=3, kind="technical")
    finished = service.declare("Old outage", severity=2, kind="technical")
    finished.record_milestone("resolved")
    known: dict = {}
    assert listed(service, known) == read_afresh()
    assert sorted(reads) == sorted([first.id, second.id] * 2)  # the resolved one never validated

    reads.clear()
    listed(service, known)
    assert reads == []  # nothing changed: nothing read

    first.add_note("Pool size halved in 2.3.1")
    assert listed(service, known) == read_afresh()
    assert reads.count(first.id) == 2 and reads.count(second.id) == 1  # known: first only

    reads.clear()
    second.record_milestone("resolved")
    store.path_for(first.id).unlink()
    assert listed(service, known) == [] == read_afresh()
    assert set(known) == {second.id, finished.id}


def test_opening_an_incident_from_the_list_reads_it_again_only_if_it_changed(store, store_path, clock, reads):
    """The list has just read and validated every incident: opening one it shows need not read
    it again (a day-long incident's read took a fifth of its war room's opening), but what
    another window saved since must be what opens."""
    service = IncidentService(store, clock, "dana")
    first = service.declare("Checkout down", severity=1, kind="technical")
    service.declare("Search slow", severity=3, kind="technical")
    listed_incidents, _ = service.list()
    reads.clear()
    opened = service.open(first.id)
    assert reads == [] and opened.incident is next(i for i in listed_incidents if i.id == first.id)

    other = IncidentService(IncidentStore(store_path), clock, "sam").open(first.id)
    other.add_note("Failover to the replica done")  # saved elsewhere after the list was read
    reads.clear()
    reopened = service.open(first.id)
    assert reads == [first.id]
    assert reopened.incident.timeline[-1].text == "Failover to the replica done"
    reopened.add_note("Error rate back under 1%")  # the session saves on top of the other's note
    saved = IncidentStore(store_path).load(first.id)
    notes = [e.text for e in saved.timeline[-2:]]
    assert notes == ["Failover to the replica done", "Error rate back under 1%"]

    reads.clear()
    service.list()
    assert reads == [first.id]  # listing again reads only what changed since


def test_opening_the_one_open_incident_at_start_reads_it_once(store, store_path, clock, reads):
    """At start the app lists the open incidents to pick the one to open, then opens it: one
    read and validation, not two (a day-long incident's read is a tenth of the launch)."""
    service = IncidentService(store, clock, "dana")
    first = service.declare("Checkout down", severity=1, kind="technical")
    service.declare("Old outage", severity=2, kind="technical").record_milestone("resolved")
    service = IncidentService(IncidentStore(store_path), clock, "dana")  # as a new process
    reads.clear()
    (only,), _ = service.list(include_closed=False)
    assert service.open(only.id).incident is only and reads == [first.id]

    other = IncidentService(IncidentStore(store_path), clock, "sam").open(first.id)
    other.add_note("Failover to the replica done")  # saved elsewhere after the list was read
    reads.clear()
    assert service.open(first.id).incident.timeline[-1].text == "Failover to the replica done"
    assert reads == [first.id]
