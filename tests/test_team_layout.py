"""The server layout writes what changed: a change adds its timeline event as one row
beside the incident document, and never rewrites the events before it."""

import psycopg
import pytest

from escalation_tui.service import IncidentService
from escalation_tui.store import open_store


@pytest.fixture
def session(pg_url, clock):
    store = open_store(pg_url)
    yield IncidentService(store, clock, actor="dana").declare("Layout", 1, "technical")
    store.close()


def event_rows(url: str, incident_id: str) -> list[tuple[int, str, str]]:
    """(position, event text, xmin): xmin is the transaction that last wrote the row."""
    with psycopg.connect(url) as conn:
        return conn.execute(
            "SELECT position, event->>'text', xmin::text FROM escalation_events "
            "WHERE incident_id = %s ORDER BY position",
            (incident_id,),
        ).fetchall()


def test_a_change_adds_one_event_row_and_leaves_the_older_ones_alone(session, pg_url):
    for n in range(20):
        session.add_note(f"note {n}")
    before = event_rows(pg_url, session.id)
    session.add_why("The pool was exhausted")
    after = event_rows(pg_url, session.id)
    assert after[:-1] == before  # same rows, same writing transactions: nothing rewritten
    assert after[-1][:2] == (21, "Why? The pool was exhausted")
    with psycopg.connect(pg_url) as conn:
        document = conn.execute(
            "SELECT document FROM escalation_incidents WHERE id = %s", (session.id,)
        ).fetchone()[0]
    assert "timeline" not in document and document["whys"][0]["statement"] == "The pool was exhausted"


def test_undoing_a_note_rewrites_only_the_timeline_after_it(session, pg_url):
    for n in range(5):
        session.add_note(f"note {n}")
    before = event_rows(pg_url, session.id)
    session.undo()  # takes "note 4" back and logs the undo
    after = event_rows(pg_url, session.id)
    assert after[:5] == before[:5]
    assert [text for _, text, _ in after[5:]] == ["Undid: note 4"]
