"""Save latency of one change: the folder store next to PostgreSQL on a local server.

    .venv/bin/python benchmarks/save_latency.py [--changes N]

Starts its own throwaway PostgreSQL 15 (as tests/pg_server.py does, with the server's
default durability: fsync on, like the folder store's fsync) and times, for each store:
- store: one change at the store level (lock, load, append an event, save, commit);
- service: one note through IncidentSession (what a key press in the TUI costs).
The incident's timeline grows during the run; the last column shows whether the
cost grows with it.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from pg_server import start_local_server  # noqa: E402

from escalation_tui.domain.clock import SystemClock
from escalation_tui.domain.enums import EventKind
from escalation_tui.domain.models import TimelineEvent
from escalation_tui.service import IncidentService
from escalation_tui.store import open_store


def store_change(store, incident_id: str, n: int) -> float:
    started = time.perf_counter()
    with store.locked(incident_id):
        incident = store.load(incident_id)
        incident.timeline.append(TimelineEvent(at=SystemClock().now(), kind=EventKind.NOTE, text=f"note {n}"))
        incident.revision += 1
        store.save(incident)
    return time.perf_counter() - started


def service_change(session, n: int) -> float:
    started = time.perf_counter()
    session.add_note(f"service note {n}")
    return time.perf_counter() - started


def measure(location: str, changes: int) -> dict[str, list[float]]:
    store = open_store(location)
    try:
        session = IncidentService(store, SystemClock(), actor="bench").declare("Benchmark", 1, "technical")
        return {
            "store": [store_change(store, session.id, n) for n in range(changes)],
            "service": [service_change(session, n) for n in range(changes)],
        }
    finally:
        store.close()


def row(name: str, kind: str, times: list[float]) -> str:
    ms = sorted(t * 1000 for t in times)
    tenth = max(1, len(ms) // 10)
    first, last = statistics.median(times[:tenth]) * 1000, statistics.median(times[-tenth:]) * 1000
    p95 = ms[int(len(ms) * 0.95) - 1]
    return f"| {name} | {kind} | {statistics.median(ms):.2f} | {p95:.2f} | {first:.2f} → {last:.2f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=200)
    args = parser.parse_args()
    server = start_local_server(fast=False)
    try:
        with tempfile.TemporaryDirectory() as folder:
            results = {
                "folder (TinyDB)": measure(folder, args.changes),
                "PostgreSQL 15 (local)": measure(server.fresh_schema(), args.changes),
            }
    finally:
        server.stop()
        server.remove()
    print(f"{args.changes} changes each; milliseconds per change\n")
    print("| store | what | median | p95 | first 10% → last 10% (median) |")
    print("|---|---|---|---|---|")
    for name, by_kind in results.items():
        for kind, times in by_kind.items():
            print(row(name, kind, times))


if __name__ == "__main__":
    main()
