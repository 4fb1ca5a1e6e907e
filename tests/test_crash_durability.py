"""kill -9 at random moments while saving: the store stays readable and keeps every
change that was reported as saved. Run once against TinyDB's stock JSONStorage to
prove the check can fail."""

import os
import random
import select
import signal
import time

from tinydb.storages import JSONStorage

from escalation_tui.domain.clock import SystemClock
from escalation_tui.errors import StoreError
from escalation_tui.service import IncidentService
from escalation_tui.store import IncidentStore
from escalation_tui.store.storage import AtomicJSONStorage

KILLS = 60
BIG_NOTE = "x" * 6000  # alternating big/empty notes make the file shrink and grow


def _work(root, incident_id, start, report_fd, storage_class):
    """Child: change the incident forever, reporting each change once it is saved."""
    session = IncidentService(IncidentStore(root, storage_class), SystemClock()).open(incident_id)
    item = session.incident.checklist[0].id
    n = start
    while True:
        session.add_note(f"n{n}")
        os.write(report_fd, f"{n}\n".encode())
        session.set_check_note(item, BIG_NOTE if n % 2 else "")
        n += 1


def _run_and_kill(root, incident_id, start, storage_class, rng) -> list[int]:
    """Fork a worker, kill it with SIGKILL at a random moment; return the reported saves."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child never returns
        os.close(read_fd)
        try:
            _work(root, incident_id, start, write_fd, storage_class)
        finally:
            os._exit(1)
    os.close(write_fd)
    # Wait for the first saved change (the worker is then busy saving), then a random moment.
    ready, _, _ = select.select([read_fd], [], [], 10)
    data = os.read(read_fd, 65536) if ready else b""
    deadline = time.monotonic() + rng.uniform(0, 0.03)
    while (left := deadline - time.monotonic()) > 0:
        ready, _, _ = select.select([read_fd], [], [], left)
        if ready:
            data += os.read(read_fd, 65536)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    while chunk := os.read(read_fd, 65536):  # reports written just before the kill
        data += chunk
    os.close(read_fd)
    return [int(line) for line in data.decode().split()]


def _check(root, incident_id, reported) -> str | None:
    """None when the store is readable and holds every reported change, else what is wrong."""
    try:
        incident = IncidentStore(root).load(incident_id)
    except StoreError as error:
        return str(error)
    notes = {e.text for e in incident.timeline}
    missing = [n for n in reported if f"n{n}" not in notes]
    return f"lost {len(missing)} saved changes" if missing else None


def _harness(tmp_path, storage_class, kills, stop_at_first_failure=False):
    root = tmp_path / "store"
    store = IncidentStore(root)
    incident_id = IncidentService(store, SystemClock()).declare("Crash test", 2, "technical").id
    rng = random.Random(1234)
    reported: list[int] = []
    failures = []
    for _ in range(kills):
        reported += _run_and_kill(
            root, incident_id, (max(reported) + 1) if reported else 0, storage_class, rng
        )
        problem = _check(root, incident_id, reported)
        if problem:
            failures.append(problem)
            if stop_at_first_failure:
                break
    return reported, failures


def test_atomic_store_survives_sigkill_at_random_moments(tmp_path):
    reported, failures = _harness(tmp_path, AtomicJSONStorage, KILLS)
    assert failures == []
    assert len(reported) >= KILLS  # every worker had saved before it was killed
    print(f"\n{KILLS} kills survived, {len(reported)} saves reported and found")


def test_the_harness_catches_tinydbs_stock_storage(tmp_path):
    # Stock JSONStorage rewrites in place: a kill between write and truncate leaves
    # trailing bytes. Stop at the first damage found (typically within ~10 kills).
    reported, failures = _harness(tmp_path, JSONStorage, 300, stop_at_first_failure=True)
    assert failures, "the harness never caught the stock storage corrupting the file"
    print(f"\nstock JSONStorage caught after {len(reported)} saves: {failures[0].split(': ', 1)[1][:80]}")
