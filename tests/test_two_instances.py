"""Two processes (commander and comms lead) changing one incident at once lose nothing."""

import os

from escalation_tui.domain.clock import SystemClock
from escalation_tui.service import IncidentService
from escalation_tui.store import IncidentStore

CHANGES_EACH = 150


def _instance(root, incident_id, name):
    session = IncidentService(IncidentStore(root), SystemClock(), actor=name).open(incident_id)
    for n in range(CHANGES_EACH):
        if n % 3 == 0:
            session.add_why(f"{name} why {n}")
        else:
            session.add_note(f"{name} note {n}")


def test_concurrent_processes_keep_every_change(tmp_path):
    root = tmp_path / "store"
    incident_id = IncidentService(IncidentStore(root), SystemClock()).declare("Shared", 1, "technical").id
    children = []
    for name in ("commander", "comms"):
        pid = os.fork()
        if pid == 0:  # pragma: no cover - child
            code = 1
            try:
                _instance(root, incident_id, name)
                code = 0
            finally:
                os._exit(code)
        children.append(pid)
    statuses = [os.waitpid(pid, 0)[1] for pid in children]
    assert statuses == [0, 0]

    incident = IncidentStore(root).load(incident_id)
    texts = {e.text for e in incident.timeline}
    whys = {w.statement for w in incident.whys}
    for name in ("commander", "comms"):
        for n in range(CHANGES_EACH):
            if n % 3 == 0:
                assert f"{name} why {n}" in whys
            else:
                assert f"{name} note {n}" in texts
    assert incident.revision == 2 * CHANGES_EACH
    assert len(incident.timeline) == 2 * CHANGES_EACH + 1  # plus the declaration
