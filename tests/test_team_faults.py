"""Team mode faults at the service level: a statement timeout and a connection the server
dropped. Each gets one clear line, nothing is shown saved that was not, and the next
change works again without anyone restarting anything."""

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
