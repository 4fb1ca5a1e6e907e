"""Sub-commands for the rest of what the TUI changes: checklist, phase, severity, kind,
cadence, confidentiality, root causes, edits and removals, and deleting an incident.

Together with record.py and shift.py, every change operation of IncidentSession has a
sub-command (tests/test_cli_changes.py walks the session to keep it so). Each takes --at.
"""

import argparse

from ..domain.enums import Kind, Phase
from ..errors import InvalidInput, NotFound
from ..service import IncidentService, IncidentSession
from .record import LESSONS, item_id
from .subcommand import add_at, add_command, add_id, when

ITEM_HELP = "a checklist item, problem, why or action: its id or a unique start of it (see `show`)"
LESSON_ITEM = "or a lesson as KIND:N, e.g. went-wrong:2"


def add_parsers(commands: argparse._SubParsersAction) -> None:
    check = add_command(
        commands,
        "check",
        "tick a checklist item (or --undone, or --note TEXT), or --add one; prints its id",
        'escalation-tui check k3f9 "Acknowledge to the reporter" --at 09:25',
        'escalation-tui check k3f9 --add "Page the search on-call" --phase diagnose',
    )
    add_id(check)
    check.add_argument("item", nargs="?", help="the item: its id, a start of it, or words of its text")
    how = check.add_mutually_exclusive_group()
    how.add_argument("--undone", action="store_true", help="mark it not done")
    how.add_argument("--note", metavar="TEXT", help='set the item\'s note ("" removes it)')
    how.add_argument("--add", metavar="TEXT", help="add a checklist item with this text")
    check.add_argument(
        "--phase", choices=[p.value for p in Phase], help="with --add: its phase (default: the current one)"
    )
    add_at(check)

    phase = add_command(
        commands,
        "phase",
        "move the incident to a phase",
        "escalation-tui phase k3f9 resolve --at 2026-10-15T06:00Z",
    )
    add_id(phase)
    phase.add_argument("phase", choices=[*(p.value for p in Phase), "next"], help="the phase, or next")
    add_at(phase)

    severity = add_command(
        commands, "severity", "change the severity", "escalation-tui severity k3f9 1 --at 2026-10-14T10:30Z"
    )
    add_id(severity)
    severity.add_argument("severity", metavar="{1,2,3,4}", help="1 is the most severe")
    add_at(severity)

    kind = add_command(commands, "kind", "change the kind of incident", "escalation-tui kind k3f9 process")
    add_id(kind)
    kind.add_argument("kind", choices=[k.value for k in Kind], help="technical, process or people")
    kind.add_argument("--playbook", action="store_true", help="add the new kind's missing checklist items")
    add_at(kind)

    cadence = add_command(
        commands,
        "cadence",
        "set how often stakeholders get an update (--none: no regular updates; --default: the severity's)",
        "escalation-tui cadence k3f9 60 --first 20 --at 2026-10-14T09:30Z",
        "escalation-tui cadence k3f9 --none",
    )
    add_id(cadence)
    cadence.add_argument("minutes", nargs="?", type=_minutes, help="minutes between updates")
    cadence.add_argument("--first", type=_minutes, metavar="MINUTES", help="the first update within MINUTES")
    which = cadence.add_mutually_exclusive_group()
    which.add_argument("--none", action="store_true", help="no regular updates for this incident")
    which.add_argument("--default", action="store_true", help="back to the severity's default cadence")
    add_at(cadence)

    secret = add_command(
        commands,
        "confidential",
        "mark the incident confidential or not",
        "escalation-tui confidential k3f9 yes",
    )
    add_id(secret)
    secret.add_argument("value", choices=["yes", "no"], help="yes: confidential")
    add_at(secret)

    root = add_command(
        commands, "root", "mark a why as a root cause (--not: no longer)", "escalation-tui root k3f9 7hq"
    )
    add_id(root)
    root.add_argument("why", metavar="WHY_ID", help="the why")
    root.add_argument("--not", dest="unmark", action="store_true", help="it is no longer a root cause")
    add_at(root)

    edit = add_command(
        commands,
        "edit",
        "reword a checklist item, problem, why or lesson; an action takes a quick-add line",
        'escalation-tui edit k3f9 7hq "The migration dropped the synonym field"',
        'escalation-tui edit k3f9 4mq2 "Default every dropped field @lee due:2026-11-02"',
        'escalation-tui edit k3f9 went-wrong:1 "The restore was never rehearsed"',
    )
    add_id(edit)
    edit.add_argument("item", help=f"{ITEM_HELP}; {LESSON_ITEM}")
    edit.add_argument("text", help="the new text")
    add_at(edit)

    remove = add_command(
        commands,
        "remove",
        "remove a checklist item, problem or why (with the whys below it), action or lesson",
        "escalation-tui remove k3f9 4mq2",
        "escalation-tui remove k3f9 lucky:1",
    )
    add_id(remove)
    remove.add_argument("item", help=f"{ITEM_HELP}; {LESSON_ITEM}")
    add_at(remove)

    incident = add_command(
        commands,
        "incident",
        "delete an incident to the trash, restore it, or list the trash",
        "escalation-tui incident delete k3f9",
        "escalation-tui incident restore k3f9",
    )
    incident.add_argument("verb", choices=["delete", "restore", "trash"], help="what to do")
    incident.add_argument("id", nargs="?", help="the incident's id, or any unique prefix of it")


def _minutes(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of minutes: {text!r}") from None
    if not 1 <= value <= 7 * 24 * 60:
        raise argparse.ArgumentTypeError("minutes must be between 1 and 10080 (a week)")
    return value


def check(service: IncidentService, args: argparse.Namespace) -> int:
    session = service.open(args.id)
    at = when(service, args)
    if args.add is not None:
        if args.item is not None:
            raise InvalidInput("--add takes the new item's text, not an item: check ID --add TEXT")
        phase = args.phase or session.incident.phase
        print(session.add_check(phase, args.add, at=at).checklist[-1].id)
        return 0
    if args.item is None:
        raise InvalidInput("name the item: check ID ITEM (or --add TEXT)")
    target = _checklist_item(session, args.item)
    if args.note is not None:
        session.set_check_note(target, args.note, at=at)
    else:
        session.set_check(target, not args.undone, at=at)
    return 0


def _checklist_item(session: IncidentSession, text: str) -> str:
    """By id (or its start), else by words of its text (ignoring case), if exactly one has them."""
    items = session.incident.checklist
    wanted = text.strip()
    by_id = [c.id for c in items if wanted and c.id.startswith(wanted)]
    if len(by_id) == 1:
        return by_id[0]
    by_text = [c.id for c in items if wanted and wanted.casefold() in c.text.casefold()]
    if len(by_text) == 1:
        return by_text[0]
    if by_text:
        raise InvalidInput(
            f"{len(by_text)} checklist items contain {wanted!r}; give more of the text or the id"
        )
    raise NotFound(f"no checklist item {wanted!r} in incident {session.id}")


def phase(service: IncidentService, args: argparse.Namespace) -> int:
    session = service.open(args.id)
    if args.phase == "next":
        session.advance_phase(at=when(service, args))
    else:
        session.set_phase(args.phase, at=when(service, args))
    return 0


def severity(service: IncidentService, args: argparse.Namespace) -> int:
    service.open(args.id).set_severity(args.severity, at=when(service, args))
    return 0


def kind(service: IncidentService, args: argparse.Namespace) -> int:
    service.open(args.id).set_kind(args.kind, add_playbook_items=args.playbook, at=when(service, args))
    return 0


def cadence(service: IncidentService, args: argparse.Namespace) -> int:
    chosen = sum([args.minutes is not None, args.none, args.default])
    if chosen != 1:
        raise InvalidInput("give MINUTES, --none or --default (one of them)")
    if args.first is not None and args.minutes is None:
        raise InvalidInput("--first goes with MINUTES: cadence ID MINUTES --first MINUTES")
    minutes = args.minutes if args.minutes is not None else (0 if args.none else None)
    service.open(args.id).set_cadence(minutes, at=when(service, args), first_minutes=args.first)
    return 0


def confidential(service: IncidentService, args: argparse.Namespace) -> int:
    service.open(args.id).set_confidential(args.value == "yes", at=when(service, args))
    return 0


def root(service: IncidentService, args: argparse.Namespace) -> int:
    session = service.open(args.id)
    why = item_id(session, "whys", args.why, "why")
    session.set_root_cause(why, not args.unmark, at=when(service, args))
    return 0


def _lesson(text: str) -> tuple[str, int] | None:
    """went-wrong:2 -> ("went_wrong", 1); None when text is not a lesson reference."""
    kind, sep, number = text.strip().partition(":")
    if not sep or kind not in LESSONS:
        return None
    if not number.isdigit() or int(number) < 1:
        raise InvalidInput(f"a lesson is KIND:N with N from 1, e.g. {kind}:1")
    return LESSONS[kind], int(number) - 1


def _item(session: IncidentSession, text: str) -> tuple[str, str]:
    """(collection, id) of the one checklist item, problem, why or action whose id starts with text."""
    wanted = text.strip()
    found = [
        (collection, item.id)
        for collection in ("checklist", "problems", "whys", "actions")
        for item in getattr(session.incident, collection)
        if wanted and item.id.startswith(wanted)
    ]
    if not found:
        raise NotFound(
            f"no checklist item, problem, why or action with id {wanted!r} in incident {session.id}"
        )
    if len(found) > 1:
        raise InvalidInput(
            f"id {wanted!r} is ambiguous ({', '.join(sorted(i for _, i in found))}); type more"
        )
    return found[0]


def edit(service: IncidentService, args: argparse.Namespace) -> int:
    session = service.open(args.id)
    at = when(service, args)
    lesson = _lesson(args.item)
    if lesson is not None:
        session.edit_lesson(lesson[0], lesson[1], args.text, at=at)
        return 0
    collection, found = _item(session, args.item)
    if collection == "checklist":
        session.edit_check(found, args.text, at=at)
    elif collection == "problems":
        session.edit_problem(found, args.text, at=at)
    elif collection == "whys":
        session.edit_why(found, args.text, at=at)
    else:
        session.edit_action(found, at=at, **_action_fields(service, args.text))
    return 0


def _action_fields(service: IncidentService, line: str) -> dict[str, object]:
    """What a quick-add line names: the title, and only the @owner, !p, type, due: it gives."""
    from ..domain.quickadd import parse_quick_add  # only edits of actions need the parser

    parsed = parse_quick_add(line, service.clock.now().astimezone().date())
    if parsed.errors:
        raise InvalidInput("; ".join(parsed.errors))
    fields: dict[str, object] = {"title": parsed.title}
    if parsed.owner:
        fields["owner"] = parsed.owner
    for name in ("due", "priority", "type"):
        if getattr(parsed, name) is not None:
            fields[name] = getattr(parsed, name)
    return fields


def remove(service: IncidentService, args: argparse.Namespace) -> int:
    session = service.open(args.id)
    at = when(service, args)
    lesson = _lesson(args.item)
    if lesson is not None:
        session.remove_lesson(lesson[0], lesson[1], at=at)
        return 0
    collection, found = _item(session, args.item)
    remover = {
        "checklist": session.remove_check,
        "problems": session.remove_problem,
        "whys": session.remove_why,
        "actions": session.remove_action,
    }
    remover[collection](found, at=at)
    return 0


def incident(service: IncidentService, args: argparse.Namespace) -> int:
    if args.verb == "trash":
        for trashed in service.trashed():
            print(trashed)
        return 0
    if not args.id:
        raise InvalidInput(f"name the incident: incident {args.verb} ID")
    if args.verb == "delete":
        deleted = service.delete(args.id)
        print(f"deleted {deleted} (to the trash; `escalation-tui incident restore {deleted}` brings it back)")
    else:
        print(f"restored {service.restore(args.id).id}")
    return 0


HANDLERS = {
    "check": check,
    "phase": phase,
    "severity": severity,
    "kind": kind,
    "cadence": cadence,
    "confidential": confidential,
    "root": root,
    "edit": edit,
    "remove": remove,
    "incident": incident,
}
