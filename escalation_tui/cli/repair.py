"""doctor and recover sub-commands."""

import argparse
import sys

from ..domain.text import for_terminal, shown_path
from ..errors import EscalationError, StoreError
from ..service import IncidentService
from ..service.upkeep import (
    DAMAGED,
    MISSING,
    NEWER,
    REFUSED,
    SET_ASIDE,
    FileReport,
    examine,
    examine_one,
    fold_in,
    folder_store,
    leftovers,
    plan,
    resolve_known_id,
    restore,
    without_backup,
)
from .outcome import note_saved
from .output import status_line

LABELS = {DAMAGED: "DAMAGED", MISSING: "MISSING", NEWER: "NEWER", REFUSED: "REFUSED", SET_ASIDE: "SET-ASIDE"}


def _backup_summary(report: FileReport) -> str:
    incident = report.backup_incident
    if incident is None:  # only called for a recoverable report, which has its backup's incident
        return shown_path(report.backup)
    last = incident.timeline[-1] if incident.timeline else None
    what = f"last event {last.at:%Y-%m-%d %H:%M} UTC" if last else "no events"
    if last and not incident.confidential:  # a confidential incident's words stay out of doctor's output
        what += f": {last.text[:60]}"
    return f"{shown_path(report.backup)} (revision {incident.revision}, {what})"


def doctor(service: IncidentService, args: argparse.Namespace) -> int:
    store = folder_store(service.store)
    if store is None:
        return _doctor_server(service)
    reports = examine(store, _progress_line() if sys.stderr.isatty() else None)
    bad = [r for r in reports if not r.ok]
    _say(f"{shown_path(store.root)}: {len(reports)} incident(s), {len(bad)} with a problem")
    for report in bad:
        if report.kind == SET_ASIDE:
            for kept in report.set_aside:  # each where it is kept
                _say(f"SET-ASIDE {shown_path(kept.path)}: {kept.describe()}")
            _say(
                f"  {shown_path(report.path)} is fine as it is; to apply what still fits onto it: "
                f"escalation-tui recover {report.incident_id}"
            )
            continue
        _say(f"{LABELS.get(report.kind, 'UNREADABLE')} {shown_path(report.path)}: {report.problem}")
        if report.kind == NEWER:
            _say("  upgrade escalation-tui to use it; it is never rolled back to an older backup")
        elif report.kind == REFUSED:
            _say("  the store never follows or replaces it; put the file itself there")
        elif report.recoverable:
            _say(f"  newest valid backup: {_backup_summary(report)}")
            _say(f"  to restore it: escalation-tui recover {report.incident_id}")
        elif report.kind in (DAMAGED, MISSING):
            _say("  no valid backup; the file is left as it is for repair by hand")
        else:
            _say("  nothing to restore: fix the file's permissions or owner")
    for incident_id in without_backup(store, reports):
        _say(f"note: {incident_id} has no backup yet; its next change makes one")
    for leftover in leftovers(store):
        _say(f"note: leftover {shown_path(leftover.path)}: {leftover.description}")
    return 1 if bad else 0


def _doctor_server(service: IncidentService) -> int:
    """A server store keeps no backup files: say which incidents do not load."""
    incidents, problems = service.store.load_all()
    count = len(incidents) + len(problems)
    _say(f"{shown_path(service.store.location)}: {count} incident(s), {len(problems)} damaged")
    for problem in problems:
        _say(f"DAMAGED {problem.message}")
    return 1 if problems else 0


def _progress_line():
    """On a terminal, a line that counts the files checked, rewritten in place, then cleared."""

    def progress(done: int, total: int) -> None:
        if done % 50 and done != total:
            return
        status_line(f"checking {done:,} of {total:,} incident files…" if done < total else "")

    return progress


def recover(service: IncidentService, args: argparse.Namespace) -> int:
    store = folder_store(service.store)
    if store is None:
        raise EscalationError(
            "recover restores a folder store's backups; on PostgreSQL use your server's backups "
            "or import a JSON export"
        )
    report = examine_one(store, resolve_known_id(store, args.id))
    if report.kind == SET_ASIDE:
        return _fold_in(service, report, args)
    if report.ok:
        _say(f"{shown_path(report.path)} is fine; nothing to recover")
        return 0
    if report.kind == NEWER:
        raise StoreError(
            f"{shown_path(report.path)}: {report.problem}; upgrade escalation-tui, nothing was restored"
        )
    if not report.recoverable:
        raise StoreError(f"{shown_path(report.path)}: {report.problem}; no valid backup to restore")
    _say(f"{shown_path(report.path)}: {report.problem}")
    _say(f"Restore from {_backup_summary(report)}.")
    if report.kind == DAMAGED:
        _say("Anything saved after that event is lost; the damaged file is kept beside it.")
    if not args.yes and not _confirm("Restore it?"):
        raise EscalationError("not restored (run with --yes to restore without asking)")
    aside = restore(store, report, service.clock.now())
    note_saved(report.incident_id)
    _say(f"restored; the damaged file is kept as {shown_path(aside)}" if aside else "restored")
    return 0


def _say(line: str) -> None:
    """Each line of doctor and recover is one line, whatever the paths and messages in it hold."""
    print(for_terminal(line, one_line=True))


def _fold_in(service: IncidentService, report: FileReport, args: argparse.Namespace) -> int:
    """Changes set aside: say what each would do, then apply the ones that still fit."""
    store = folder_store(service.store)
    if store is None:  # only a folder store sets changes aside
        raise EscalationError("recover folds set-aside changes into a folder store only")
    for kept in report.set_aside:
        _say(f"{shown_path(kept.path)}: {kept.describe()}")
    preview = plan(store, report.incident_id, list(report.set_aside))
    for outcome in preview.outcomes:
        _say(f"  {outcome.line().removesuffix(', applied')}")
    if preview.applied:
        question = f"Apply the {preview.applied} that still fit onto {shown_path(report.path)} as it is now?"
    else:
        _say("Nothing in them still fits the file; recover keeps them under another name for good.")
        question = "Keep them aside for good?"
    if not args.yes and not _confirm(question):
        raise EscalationError("nothing was changed (run with --yes to go ahead without asking)")
    done = fold_in(store, report.incident_id, service.clock.now())
    note_saved(report.incident_id)
    if done.applied != preview.applied:  # the file changed meanwhile: what was really done
        for outcome in done.outcomes:
            _say(f"  {outcome.line()}")
    _say(f"applied {done.applied} of {len(done.outcomes)}; kept as {', '.join(map(shown_path, done.kept))}")
    return 0


def _confirm(question: str) -> bool:
    if not sys.stdin.isatty():
        return False
    return input(f"{question} [y/N] ").strip().lower() in {"y", "yes"}
