"""Team mode faults at the service level: a statement timeout and a connection the server
dropped. Each gets one clear line, nothing is shown saved that was not, and the next
change works again without anyone restarting anything. A connection lost at COMMIT is
answered with certainty: the change is looked up again by its id (saved, or not saved)."""

import psycopg
import pytest

from escalation_tui.errors import StoreError
from escalation_tui.service import IncidentService
from escalation_tui.store import open_store


@pytest.fixture
def service(pg_url, clock):
    store = open_store(pg_url)
    yield IncidentService(store, clock, actor="dana")
    store.close()


def test_a_statement_timeout_is_one_line_and_saves_nothing(pg_url, clock):
    # A client with a short timeout of its own (the URL may carry libpq options).
    url = pg_url.replace("options=", "options=-cstatement_timeout%3D300%20")
    store = open_store(url)
    session = IncidentService(store, clock).declare("Slow server", 1, "technical")
    with psycopg.connect(pg_url) as blocker:  # another client holding the incident's row lock
        blocker.execute("SELECT 1 FROM escalation_incidents WHERE id = %s FOR UPDATE", (session.id,))
        with pytest.raises(StoreError) as refused:
            session.add_note("typed while the server was stuck")
        blocker.rollback()
    message = str(refused.value)
    assert "\n" not in message and "statement timeout" in message and "nothing was saved" in message
    assert session.incident.timeline[-1].text != "typed while the server was stuck"
    assert [e.text for e in store.load(session.id).timeline][-1].startswith("Declared")
    session.add_note("typed while the server was stuck")  # the same change, once the lock is gone
    assert store.load(session.id).timeline[-1].text == "typed while the server was stuck"
    store.close()


def test_a_connection_the_server_dropped_is_replaced_by_itself(service, pg_url):
    session = service.declare("Dropped", 2, "technical")
    with psycopg.connect(pg_url, autocommit=True) as admin:
        dropped = admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE application_name = 'escalation-tui' AND pid <> pg_backend_pid()"
        ).fetchone()[0]
    assert dropped >= 1
    session.add_note("after the drop")  # reconnects before the change starts: nothing was lost
    assert service.open(session.id).incident.timeline[-1].text == "after the drop"


def _timeline(url: str, incident_id: str) -> list[str]:
    store = open_store(url)
    try:
        return [e.text for e in store.load(incident_id).timeline]
    finally:
        store.close()


def _commits_lose_their_connection(monkeypatch, after_commit: bool) -> list[str]:
    """COMMIT's connection drops: after the server committed (its reply lost) or before it
    arrived (the server rolls back). Returns the statements dropped so."""
    execute = psycopg.Connection.execute
    dropped: list[str] = []

    def drop(self, query, params=None, **options):
        is_commit = query == "COMMIT" and not dropped
        if is_commit and not after_commit:
            dropped.append(query)
            self.close()
            raise psycopg.OperationalError("server closed the connection unexpectedly")
        result = execute(self, query, params, **options)
        if is_commit:
            dropped.append(query)
            self.close()
            raise psycopg.OperationalError("server closed the connection unexpectedly")
        return result

    monkeypatch.setattr(psycopg.Connection, "execute", drop)
    return dropped


def test_a_commit_whose_reply_is_lost_is_looked_up_and_reported_saved(service, pg_url, monkeypatch):
    session = service.declare("Lost reply", 2, "technical")
    dropped = _commits_lose_their_connection(monkeypatch, after_commit=True)
    session.add_note("committed, reply lost")  # no error: the change is found on the server
    monkeypatch.undo()
    assert dropped == ["COMMIT"]
    assert _timeline(pg_url, session.id).count("committed, reply lost") == 1


def test_a_commit_that_never_arrived_is_reported_not_saved_and_a_retry_applies_it_once(
    service, pg_url, monkeypatch
):
    session = service.declare("Lost commit", 2, "technical")
    dropped = _commits_lose_their_connection(monkeypatch, after_commit=False)
    with pytest.raises(StoreError) as refused:
        session.add_note("never committed")
    monkeypatch.undo()
    assert dropped == ["COMMIT"]
    assert str(refused.value).endswith("checked after reconnecting: nothing was saved")
    session.add_note("never committed")
    assert _timeline(pg_url, session.id).count("never committed") == 1


def test_a_new_incident_whose_commit_reply_is_lost_is_found_and_reported_created(
    service, pg_url, monkeypatch
):
    service.store.ids()  # connected, tables ready: the next transaction is the incident's own
    leave = psycopg.Transaction.__exit__
    dropped: list[str] = []

    def commit_then_drop(self, exc_type, exc_val, exc_tb):
        result = leave(self, exc_type, exc_val, exc_tb)
        if exc_type is None and not dropped:
            dropped.append("COMMIT")
            self._conn.close()
            raise psycopg.OperationalError("server closed the connection unexpectedly")
        return result

    monkeypatch.setattr(psycopg.Transaction, "__exit__", commit_then_drop)
    session = service.declare("Created, reply lost", 2, "technical")  # no error: found on the server
    monkeypatch.undo()
    assert dropped == ["COMMIT"]
    assert _timeline(pg_url, session.id)[0].startswith("Declared")
