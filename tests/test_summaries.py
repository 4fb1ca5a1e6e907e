"""Incident summaries (issue 36), on both stores: written in the same save as the incident,
never believed over it, and rebuilt after a crash between the two writes."""

import json
import os
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from store_backends import Backend, folder_backend, postgres_backend

from escalation_tui.domain.clock import FixedClock
from escalation_tui.domain.summary import summarize
from escalation_tui.service import IncidentService
from escalation_tui.store import IncidentStore

T0 = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)


@pytest.fixture(params=["folder", "postgresql"])
def backend(request, tmp_path) -> Backend:
    if request.param == "folder":
        return folder_backend(tmp_path / "store")
    return postgres_backend(request.getfixturevalue("pg_url"))


@pytest.fixture
def service(backend):
    store = backend.open()
    yield IncidentService(store, FixedClock(T0), actor="dana")
    store.close()


def retitle_behind_its_back(backend: Backend, incident_id: str, title: str) -> None:
    """Another program (or a hand edit) changes the incident but not its summary."""
    if backend.name == "folder":
        path = IncidentStore(backend.location).path_for(incident_id)
        data = json.loads(path.read_text())
        data["incident"]["1"]["title"] = title
        path.write_text(json.dumps(data))
        return
    with psycopg.connect(backend.location, autocommit=True) as conn:
        conn.execute(
            "UPDATE escalation_incidents SET document = jsonb_set(document, '{title}', to_jsonb(%s::text)), "
            "revision = revision + 1 WHERE id = %s",
            (title, incident_id),
        )


def test_every_save_updates_the_summary_with_it(service):
    session = service.declare("Checkout down", severity=1, kind="technical")
    session.add_note("Rolled back 2.3.1", kind="decision")
    session.add_action("Pin the pool size", owner="kim")
    session.log_update("internal", "Investigating")
    closed = service.declare("Search slow", severity=3, kind="technical", at=T0 - timedelta(days=2))
    closed.record_milestone("resolved", at=T0 - timedelta(days=1))
    summaries, problems = service.summaries(parts=("actions", "texts"))
    assert problems == []
    by_id = {s.id: s for s in summaries}
    assert by_id[session.id] == summarize(service.open(session.id).incident)
    assert ("decision", "Rolled back 2.3.1") in by_id[session.id].texts
    assert [a.title for a in by_id[session.id].actions] == ["Pin the pool size"]
    assert [s.id for s in service.summaries(include_closed=False)[0]] == [session.id]
    assert not by_id[closed.id].is_open


def test_a_summary_that_disagrees_with_its_incident_is_made_again(service, backend):
    session = service.declare("Checkout down", severity=1, kind="technical")
    assert [s.title for s in service.summaries()[0]] == ["Checkout down"]
    retitle_behind_its_back(backend, session.id, "Checkout API returning 500s")
    summaries, problems = service.summaries(parts=("texts",))
    assert problems == [] and [s.title for s in summaries] == ["Checkout API returning 500s"]
    assert ("title", "Checkout API returning 500s") in summaries[0].texts
    # and kept: the next list reads the rebuilt summary
    assert [s.title for s in service.summaries()[0]] == ["Checkout API returning 500s"]


WRITER = textwrap.dedent(
    """
    import os, signal, sys
    from datetime import UTC, datetime
    from escalation_tui.domain.clock import FixedClock
    from escalation_tui.service import IncidentService
    from escalation_tui.store import IncidentStore
    from escalation_tui.store.summaries import SummaryFiles

    def killed(self, summary, fingerprint):  # the incident is on disk; its summary never will be
        os.kill(os.getpid(), signal.SIGKILL)

    SummaryFiles.write = killed
    store = IncidentStore(sys.argv[1])
    service = IncidentService(store, FixedClock(datetime(2026, 11, 28, 4, 0, tzinfo=UTC)))
    session = service.open(sys.argv[2])
    session.set_text("title", "Checkout API returning 500s")
    print("not reached")
    """
)


def test_a_writer_killed_between_the_incident_and_its_summary_leaves_them_consistent(tmp_path):
    root = tmp_path / "store"
    service = IncidentService(IncidentStore(root), FixedClock(T0))
    session = service.declare("Checkout down", severity=1, kind="technical")
    assert [s.title for s in service.summaries()[0]] == ["Checkout down"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, "-c", WRITER, str(root), session.id], capture_output=True, text=True, env=env
    )
    assert done.returncode == -9 and "not reached" not in done.stdout, done.stderr
    # The change is saved (the incident file), the summary is the old one: the next list
    # notices, makes it again from the file and keeps it.
    fresh = IncidentService(IncidentStore(root), FixedClock(T0))
    assert fresh.open(session.id).incident.title == "Checkout API returning 500s"
    summaries, problems = fresh.summaries()
    assert problems == [] and [s.title for s in summaries] == ["Checkout API returning 500s"]
    kept = (root / "summaries" / f"{session.id}.json").read_bytes()
    assert b"Checkout API returning 500s" in kept
