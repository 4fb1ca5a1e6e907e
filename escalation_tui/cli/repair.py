"""doctor and recover sub-commands."""

import argparse
import sys

from ..errors import EscalationError, StoreError
from ..service import IncidentService
from ..store.opening import is_folder
from ..store.recovery import FileReport, examine, examine_one, restore


def _backup_summary(report: FileReport) -> str:
    incident = report.backup_incident
    last = incident.timeline[-1]
    return (
        f"{report.backup} (revision {incident.revision}, last event "
        f"{last.at:%Y-%m-%d %H:%M} UTC: {last.text[:60]})"
    )


def doctor(service: IncidentService, args: argparse.Namespace) -> int:
    if not is_folder(service.store):
        return _doctor_server(service)
    reports = examine(service.store)
    damaged = [r for r in reports if not r.ok]
    print(f"{service.store.root}: {len(reports)} incident file(s), {len(damaged)} damaged")
    for report in damaged:
        print(f"DAMAGED {report.path}: {report.problem}")
        if report.backup:
            print(f"  newest valid backup: {_backup_summary(report)}")
            print(f"  to restore it: escalation-tui recover {report.incident_id}")
        else:
            print("  no valid backup; the file is left as it is for repair by hand")
    return 1 if damaged else 0


def _doctor_server(service: IncidentService) -> int:
    """A server store keeps no backup files: say which incidents do not load."""
    incidents, problems = service.store.load_all()
    print(f"{service.store.location}: {len(incidents) + len(problems)} incident(s), {len(problems)} damaged")
    for problem in problems:
        print(f"DAMAGED {problem.message}")
    return 1 if problems else 0


def recover(service: IncidentService, args: argparse.Namespace) -> int:
    if not is_folder(service.store):
        raise EscalationError(
            "recover restores a folder store's backups; on PostgreSQL use your server's backups "
            "or import a JSON export"
        )
    store = service.store
    report = examine_one(store, store.resolve_id(args.id))
    if report.ok:
        print(f"{report.path} is fine; nothing to recover")
        return 0
    if report.backup is None:
        raise StoreError(f"{report.path}: {report.problem}; no valid backup to restore")
    print(f"{report.path}: {report.problem}")
    print(f"Restore from {_backup_summary(report)}.")
    print("Anything saved after that event is lost; the damaged file is kept beside it.")
    if not args.yes and not _confirm():
        raise EscalationError("not restored (run with --yes to restore without asking)")
    aside = restore(store, report, service.clock.now())
    print(f"restored; the damaged file is now {aside}")
    return 0


def _confirm() -> bool:
    if not sys.stdin.isatty():
        return False
    return input("Restore it? [y/N] ").strip().lower() in {"y", "yes"}
