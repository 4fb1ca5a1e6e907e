"""One function per sub-command; each goes through the service layer.

What only some commands need (export, import, demo, repair, the quick-add parser) is
imported inside them: `status` runs every few seconds from a tmux status line, and `note`
from alert hooks, so their start-up is kept to what they use.
"""

import argparse
import sys
from pathlib import Path

from ..domain.cadence import countdown
from ..domain.confidential import hidden, require_consent, searchable
from ..domain.text import for_terminal, shown_path
from ..errors import EscalationError
from ..service import IncidentService
from ..status_snapshot import Snapshot, line
from . import changes, outbox, record, render, serve, shift
from .output import note_hidden, note_left_out, print_json, print_problems


def new(service: IncidentService, args: argparse.Namespace) -> int:
    session = service.declare(
        args.title,
        severity=args.severity,
        kind=args.kind,
        summary=args.summary,
        commander=args.commander,
        confidential=args.confidential,
        at=record.when(service, args),
    )
    print(session.id)
    return 0


def list_(service: IncidentService, args: argparse.Namespace) -> int:
    incidents, problems = service.summaries(include_closed=args.all)
    ok = args.confidential_ok
    if args.json:
        print_json([_summary(i, service, ok) for i in incidents])
    elif incidents:
        print(render.list_rows(incidents, service.clock.now(), service.settings.cadences, ok))
    else:
        print("no open incidents" if not args.all else "no incidents")
    note_hidden(incidents, ok)
    print_problems(problems)
    return 1 if problems else 0


def _summary(incident, service: IncidentService, confidential_ok: bool) -> dict:
    # Machine-readable: ISO timestamps, seconds remaining (negative when overdue);
    # a confidential incident's title is null unless --confidential-ok.
    count = countdown(incident, service.clock.now(), service.settings.cadences)
    return {
        "id": incident.id,
        "title": None if hidden(incident, confidential_ok) else incident.title,
        "confidential": incident.confidential,
        "severity": incident.severity.value,
        "kind": incident.kind.value,
        "phase": incident.phase.value,
        "status": incident.status,
        "declared": incident.milestones.declared.isoformat(),
        "next_update_due": count.due.isoformat() if count.due else None,
        "seconds_until_update": int(count.remaining.total_seconds()) if count.remaining is not None else None,
    }


def actions(service: IncidentService, args: argparse.Namespace) -> int:
    from ..domain.followup import follow_ups

    listed, problems = service.summaries(include_closed=True, parts=("actions",))
    # A confidential incident's items are left out whole: its owners, dates and statuses,
    # and whether --owner NAME owns something there, are its contents too.
    incidents, left_out = searchable(listed, args.confidential_ok)
    today = service.clock.now().astimezone().date()
    rows = follow_ups(incidents, today, open_only=args.open, owner=args.owner)
    if args.json:
        print_json([render.follow_up_json(row, today) for row in rows])
    elif rows:
        print(render.follow_up_rows(rows, today))
    else:
        print("no action items")
    note_left_out(left_out, "list")
    print_problems(problems)
    return 1 if problems else 0


def show(service: IncidentService, args: argparse.Namespace) -> int:
    from ..export.json_format import incident_to_json

    incident = service.open(args.id).incident
    require_consent(incident, args.confidential_ok, "show it")
    if args.json:
        print(incident_to_json(incident), end="")
    else:
        print(render.show_text(incident, service.clock.now(), service.settings.cadences))
    return 0


def status(service: IncidentService, args: argparse.Namespace) -> int:
    # Taken before the store is read; kept only when the config files read cleanly (the
    # snapshot cannot repeat their warnings). status_snapshot.py says why.
    snapshot = None if args.settings_warnings else Snapshot.for_store(args.db)
    incident = service.open(args.id).incident if args.id else service.most_urgent()
    parts = None if incident is None else render.status_parts(incident, service.settings.cadences)
    if parts is not None:  # nothing at all when calm: the status bar stays clean
        print(line(*parts, service.clock.now()))
    if snapshot is not None:
        snapshot.remember(args.id or "", parts)
    return 0


def note(service: IncidentService, args: argparse.Namespace) -> int:
    incident = service.open(args.id).add_note(args.text, args.kind, record.when(service, args))
    print(incident.timeline[-1].id)
    return 0


def export(service: IncidentService, args: argparse.Namespace) -> int:
    from ..domain.blameless import scan_incident
    from ..export.json_format import incident_to_json
    from ..export.markdown import render_postmortem
    from ..service.user_files import write_user_file

    incident = service.open(args.id).incident
    require_consent(incident, args.confidential_ok, "export it")
    if args.format == "json":
        text = incident_to_json(incident)
    else:
        for flag in scan_incident(incident):  # the author's words are never rewritten: only pointed at
            line = f"blame check: {flag.where}: “{flag.sentence}” ({flag.reason})"
            print(f"escalation-tui: {for_terminal(line, one_line=True)}", file=sys.stderr)
        text = render_postmortem(incident, service.clock.now(), service.settings.cadences)
    if args.output and args.output != "-":  # "-" is standard output, written as a stream
        write_user_file(Path(args.output), text, overwrite=args.force)
        print(f"wrote {shown_path(args.output)}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def import_(service: IncidentService, args: argparse.Namespace) -> int:
    from ..export.json_format import incident_from_json
    from ..service.user_files import read_user_file

    incident = incident_from_json(read_user_file(Path(args.file)), source=args.file)
    stored = service.import_incident(incident, assign_new_id=args.new_id)
    print(stored.id)
    return 0


def playbooks(service: IncidentService, args: argparse.Namespace) -> int:
    from ..service.user_files import playbooks_file, write_builtin_playbooks

    if args.write:
        path = write_builtin_playbooks(overwrite=args.force)
        print(f"wrote {shown_path(path)}; edit it, then new incidents use it")
    else:
        path = playbooks_file()
        state = "in use" if path.exists() else "not there yet: escalation-tui playbooks --write"
        print(f"{shown_path(path)} ({state})")
    return 0


def demo(service: IncidentService, args: argparse.Namespace) -> int:
    from ..demo import create_demo, find_demo

    """Reopen the demo incident made before; --new (or none there yet) makes one."""
    existing = None if args.new else find_demo(service.list(include_closed=True)[0])
    if existing is not None:
        incident_id = existing.id
        print(
            f"escalation-tui: opening the demo incident made before ({incident_id}); --new makes another",
            file=sys.stderr,
        )
    else:
        incident_id = create_demo(service.store, service.clock).id
    if args.no_open:
        print(incident_id)
        return 0
    return _run_tui(service, incident_id, args)


def open_tui(service: IncidentService, args: argparse.Namespace) -> int:
    return _run_tui(service, None, args)


def _run_tui(service: IncidentService, incident_id: str | None, args: argparse.Namespace) -> int:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise EscalationError("the TUI needs a terminal; use a sub-command (see --help) in scripts")
    from ..tui import run_tui

    run_tui(service, open_incident_id=incident_id, warnings=getattr(args, "settings_warnings", ()))
    return 0


def doctor(service: IncidentService, args: argparse.Namespace) -> int:
    from . import repair

    return repair.doctor(service, args)


def recover(service: IncidentService, args: argparse.Namespace) -> int:
    from . import repair

    return repair.recover(service, args)


HANDLERS = {
    "new": new,
    "list": list_,
    "show": show,
    "status": status,
    "note": note,
    "export": export,
    "import": import_,
    "demo": demo,
    "actions": actions,
    "playbooks": playbooks,
    "doctor": doctor,
    "recover": recover,
    **record.HANDLERS,
    **changes.HANDLERS,
    **shift.HANDLERS,
    **serve.HANDLERS,
    **outbox.HANDLERS,
}
