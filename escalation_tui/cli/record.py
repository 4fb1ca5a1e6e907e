"""Sub-commands that record what happened, for alert hooks and for back-filling afterwards.

Every change the TUI can make has one here, through the same IncidentSession. TIME is
ISO 8601 with Z or an offset, or HH:MM (today, local time); ids may be prefixes. Each
command that creates an item prints its id, so a script can refer to it next.
"""

import argparse

from ..domain.enums import ActionStatus, ActionType, Audience, Milestone, Priority
from ..domain.times import parse_time
from ..errors import InvalidInput, NotFound
from ..service import IncidentService, IncidentSession

ROLES = ("commander", "comms", "scribe")
FIELDS = ("summary", "impact", "affected", "detection", "tried", "trigger", "resolution")
MILESTONES = [m.cli_name for m in Milestone if m != Milestone.DECLARED]
LESSONS = {"went-well": "went_well", "went-wrong": "went_wrong", "lucky": "got_lucky"}
STATUSES = {s.value.replace("_", "-"): s for s in ActionStatus}


def add_parsers(commands: argparse._SubParsersAction) -> None:
    role = commands.add_parser("role", help="name or hand over a role (commander, comms lead, scribe)")
    role.add_argument("id")
    role.add_argument("role", choices=ROLES)
    role.add_argument("name", help='the person; "" unassigns the role')

    milestone = commands.add_parser("milestone", help="record a milestone, now or at --at TIME")
    milestone.add_argument("id")
    milestone.add_argument("milestone", choices=MILESTONES)
    add_at(milestone)

    set_ = commands.add_parser("set", help="set one of the write-up texts")
    set_.add_argument("id")
    set_.add_argument("field", choices=FIELDS)
    set_.add_argument("text")

    why = commands.add_parser("why", help="add an answer to the 5 Whys; prints its id")
    why.add_argument("id")
    why.add_argument("text")
    why.add_argument(
        "--parent", metavar="WHY_ID", help="the answer this one explains (default: the problem itself)"
    )
    why.add_argument("--root", action="store_true", help="mark it as a root cause")

    action = commands.add_parser("action", help="add an action item from a quick-add line; prints its id")
    action.add_argument("id")
    action.add_argument("line", metavar="QUICK-ADD LINE", help="title @owner !p1 prevent due:fri")
    action.add_argument("--status", choices=list(STATUSES), default="open")
    action.add_argument("--why", metavar="WHY_ID", help="the cause it addresses")

    lesson = commands.add_parser("lesson", help="add a lesson (went well, went wrong, got lucky)")
    lesson.add_argument("id")
    lesson.add_argument("kind", choices=list(LESSONS))
    lesson.add_argument("text")

    update = commands.add_parser("update", help="log a stakeholder update that was sent; prints its id")
    update.add_argument("id")
    update.add_argument("text")
    update.add_argument("--audience", required=True, choices=[a.value for a in Audience])
    add_at(update)


def add_at(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--at", metavar="TIME", help="when it happened: HH:MM (today, local) or ISO 8601 with Z/offset"
    )


def when(service: IncidentService, args: argparse.Namespace):
    """The --at time, or None for now."""
    return parse_time(args.at, service.clock.now()) if args.at else None


def item_id(session: IncidentSession, collection: str, prefix: str, what: str) -> str:
    """The one item whose id starts with prefix."""
    matches = [
        item.id for item in getattr(session.incident, collection) if item.id.startswith(prefix.strip())
    ]
    if not prefix.strip() or not matches:
        raise NotFound(f"no {what} with id {prefix!r} in incident {session.id}")
    if len(matches) > 1:
        raise InvalidInput(
            f"{what} id {prefix!r} is ambiguous ({', '.join(sorted(matches))}); type more of it"
        )
    return matches[0]


def role(service: IncidentService, args: argparse.Namespace) -> int:
    service.open(args.id).set_role(args.role, args.name)
    return 0


def milestone(service: IncidentService, args: argparse.Namespace) -> int:
    service.open(args.id).record_milestone(args.milestone.replace("-", "_"), when(service, args))
    return 0


def set_field(service: IncidentService, args: argparse.Namespace) -> int:
    service.open(args.id).set_text(args.field, args.text)
    return 0


def why(service: IncidentService, args: argparse.Namespace) -> int:
    session = service.open(args.id)
    parent = item_id(session, "whys", args.parent, "why") if args.parent is not None else None
    added = session.add_why(args.text, parent).whys[-1]
    if args.root:
        session.set_root_cause(added.id)
    print(added.id)
    return 0


def action(service: IncidentService, args: argparse.Namespace) -> int:
    session = service.open(args.id)
    from ..domain.quickadd import parse_quick_add  # only this command needs the parser

    parsed = parse_quick_add(args.line, service.clock.now().astimezone().date())
    if parsed.errors:
        raise InvalidInput("; ".join(parsed.errors))
    why_id = item_id(session, "whys", args.why, "why") if args.why is not None else None
    added = session.add_action(
        parsed.title,
        owner=parsed.owner,
        due=parsed.due,
        priority=parsed.priority or Priority.P2,
        type=parsed.type or ActionType.PREVENT,
        why_id=why_id,
        status=STATUSES[args.status],
    ).actions[-1]
    print(added.id)
    return 0


def lesson(service: IncidentService, args: argparse.Namespace) -> int:
    service.open(args.id).add_lesson(LESSONS[args.kind], args.text)
    return 0


def update(service: IncidentService, args: argparse.Namespace) -> int:
    session = service.open(args.id)
    at = when(service, args)
    print(session.log_update(args.audience, args.text, at).updates[-1].id)
    return 0


HANDLERS = {
    "role": role,
    "milestone": milestone,
    "set": set_field,
    "why": why,
    "action": action,
    "lesson": lesson,
    "update": update,
}
