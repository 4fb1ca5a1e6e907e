"""Team mode under real concurrency: separate client processes on one PostgreSQL incident.

- Two processes making 150 changes each to one incident lose none.
- A client SIGKILLed at random moments, mid-change or not, never leaves a partial change:
  each change is one transaction (row lock, document, timeline event, NOTIFY).
"""

import os
import random
import signal
import time

from escalation_tui.domain.clock import SystemClock
from escalation_tui.service import IncidentService
from escalation_tui.store import open_store

CHANGES_EACH = 150
KILLS = 30


def _in_child(work) -> int:
    """Fork; the child runs work() on stores of its own and exits 0 if it finished."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        code = 1
        try:
            work()
            code = 0
        finally:
            os._exit(code)
    return pid


def _client(url, incident_id, name, changes, ready_fd=None):
    store = open_store(url)
    session = IncidentService(store, SystemClock(), actor=name).open(incident_id)
    if ready_fd is not None:
        os.write(ready_fd, b".")
    for n in range(changes):
        if n % 3 == 0:
            session.add_why(f"{name} why {n}")
        else:
            session.add_note(f"{name} note {n}")


def test_two_processes_making_150_changes_each_lose_none(pg_url):
    store = open_store(pg_url)
    incident_id = IncidentService(store, SystemClock()).declare("Shared", 1, "technical").id
    children = [
        _in_child(lambda n=name: _client(pg_url, incident_id, n, CHANGES_EACH))
        for name in ("commander", "comms")
    ]
    assert [os.waitpid(pid, 0)[1] for pid in children] == [0, 0]

    incident = store.load(incident_id)
    texts = {e.text for e in incident.timeline}
    whys = {w.statement for w in incident.whys}
    for name in ("commander", "comms"):
        for n in range(CHANGES_EACH):
            assert (f"{name} why {n}" in whys) if n % 3 == 0 else (f"{name} note {n}" in texts)
    assert incident.revision == 2 * CHANGES_EACH
    assert len(incident.timeline) == 2 * CHANGES_EACH + 1  # plus the declaration
    store.close()


def _mid_transaction_deaths(pg_server) -> int:
    """PostgreSQL logs this line when a client vanishes with a transaction open."""
    return (pg_server.root / "server.log").read_text(errors="replace").count("with an open transaction")


def test_a_client_killed_at_random_moments_never_leaves_a_partial_change(pg_url, pg_server):
    deaths_before = _mid_transaction_deaths(pg_server)
    store = open_store(pg_url)
    incident_id = IncidentService(store, SystemClock()).declare("Killed", 1, "technical").id
    rng = random.Random(18)
    for kill in range(KILLS):
        ready, started = os.pipe()
        pid = _in_child(lambda k=kill, fd=started: _client(pg_url, incident_id, f"k{k}", 10_000, fd))
        os.close(started)
        assert os.read(ready, 1) == b"."  # the child is in its loop of changes (whatever the load)
        os.close(ready)
        time.sleep(rng.uniform(0, 0.03))  # then a random moment: mid-transaction or between two
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)

    mid_change = _mid_transaction_deaths(pg_server) - deaths_before
    print(f"{KILLS} kills, {mid_change} of them mid-transaction")
    assert mid_change >= 3  # the kills did land inside changes, not only between them

    incident = store.load(incident_id)  # validates, or this raises
    whys = [e for e in incident.timeline if e.kind == "why"]
    # Every change bumped the revision, added its event and (for whys) its answer, or did none of it.
    assert incident.revision == len(incident.timeline) - 1
    assert [w.statement for w in incident.whys] == [e.text.removeprefix("Why? ") for e in whys]
    # and the incident still takes changes: no lock or transaction was left behind
    IncidentService(store, SystemClock()).open(incident_id).add_note("after the kills")
    assert store.load(incident_id).revision == incident.revision + 1
    store.close()
