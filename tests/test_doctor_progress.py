"""doctor on a terminal says how far it has got over a large store (issue 36); not in a pipe."""

import os
import pty
import subprocess
import sys

from escalation_tui.domain.clock import FixedClock
from escalation_tui.service import IncidentService
from escalation_tui.store import IncidentStore


def test_doctor_counts_the_files_on_a_terminal_only(tmp_path, clock):
    service = IncidentService(IncidentStore(tmp_path / "store"), FixedClock(clock.now()))
    for n in range(120):
        service.declare(f"Incident {n}", severity=3, kind="technical")
    command = [sys.executable, "-m", "escalation_tui", "--db", str(tmp_path / "store"), "doctor"]
    leader, follower = pty.openpty()
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=follower, timeout=120)
    os.close(follower)
    terminal = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        terminal += chunk
    os.close(leader)
    assert done.returncode == 0 and b"120 incident(s), 0 with a problem" in done.stdout
    assert b"checking 50 of 120 incident files" in terminal and b"checking 100 of 120" in terminal
    assert terminal.endswith(b"\r\x1b[K")  # the line is cleared at the end
    piped = subprocess.run(command, capture_output=True, timeout=120)
    assert piped.returncode == 0 and piped.stderr == b""
