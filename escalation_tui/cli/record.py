"""Sub-commands that record what happened, for alert hooks and for back-filling afterwards.

Every change the TUI can make has one here, through the same IncidentSession. TIME is
ISO 8601 with Z or an offset, or HH:MM (today, local time); ids may be prefixes. Each
command that creates an item prints its id, so a script can refer to it next.
"""

import argparse
import contextlib
import sys

from ..domain.enums import ActionStatus, ActionType, Audience, Milestone, Priority
from ..errors import EscalationError, InvalidInput, NotFound
from ..service import IncidentService, IncidentSession
from .already import role_already
from .subcommand import add_at, add_command, add_id, when

ROLES = ("commander", "comms", "scribe")
FIELDS = ("summary", "impact", "affected", "detection", "tried", "trigger", "resolution")
MILESTONES = [m.cli_name for m in Milestone if m != Milestone.DECLARED]
LESSONS = {"went-well": "went_well", "went-wrong": "went_wrong", "lucky": "got_lucky"}
STATUSES = {s.value.replace("_", "-"): s for s in ActionStatus}


def add_parsers(commands: argparse._SubParsersAction) -> None:
    role = add_command(
        commands,
        "role",
        "name or hand over a role (commander, comms lead, scribe)",
        "escalation-tui role k3f9 commander lee",
    )
    add_id(role)
    role.add_argument(
        "role", metavar="ROLE", help="commander, comms or scribe; any other word names another role"
    )
    role.add_argument("name", help='the person; "" unassigns the role')
    add_at(role)

    milestone = add_command(
        commands,
        "milestone",
        "record a milestone, now or at --at TIME",
        "escalation-tui milestone k3f9 impact-started --at 2026-10-14T09:12Z",
    )
    add_id(milestone)
    milestone.add_argument("milestone", choices=MILESTONES, help="which milestone")
    add_at(milestone)

    set_ = add_command(
        commands,
        "set",
        "set one of the write-up texts",
        'escalation-tui set k3f9 trigger "Index-schema migration at 09:10"',
    )
    add_id(set_)
    set_.add_argument("field", choices=FIELDS, help="which text")
    set_.add_argument("text", help="its new text (replaces the old one)")
    add_at(set_)

    problem = add_command(
        commands,
        "problem",
        "add a problem for the 5 Whys (the first is the summary); prints its id",
        'escalation-tui problem k3f9 "Why did the restore take 18 hours?" --at 2026-10-15T02:00Z',
    )
    add_id(problem)
    problem.add_argument("text", help="the problem, as a question or a statement")
    add_at(problem)

    why = add_command(
        commands,
        "why",
        "add an answer to the 5 Whys; prints its id",
        'escalation-tui why k3f9 "The migration dropped the synonym field" --parent 7hq --root',
    )
    add_id(why)
    why.add_argument("text", help='the answer to "why?"')
    why.add_argument(
        "--parent",
        metavar="PROBLEM_OR_WHY_ID",
        help="the answer this one explains, or a problem it answers (default: the first problem)",
    )
    why.add_argument("--root", action="store_true", help="mark it as a root cause")
    add_at(why)

    action = add_command(
        commands,
        "action",
        "add an action item from a quick-add line and print its id, or set an existing item's status",
        'escalation-tui action k3f9 "Default every dropped field @priya !p1 prevent due:fri" --why 7hq',
        "escalation-tui action k3f9 4mq2 --status done --at 2026-10-24T16:00Z",
    )
    add_id(action)
    action.add_argument(
        "line",
        metavar="QUICK-ADD LINE | ACTION_ID",
        help="title @owner !p1 prevent due:fri; or an existing item's id, with --status",
    )
    action.add_argument("--status", choices=list(STATUSES), help="its status (default for a new one: open)")
    action.add_argument("--why", metavar="WHY_ID", help="the cause it addresses")
    add_at(action)

    lesson = add_command(
        commands,
        "lesson",
        "add a lesson (went well, went wrong, got lucky)",
        'escalation-tui lesson k3f9 lucky "A snapshot was twelve minutes old"',
    )
    add_id(lesson)
    lesson.add_argument("kind", choices=list(LESSONS), help="which list it goes in")
    lesson.add_argument("text", help="the lesson")
    add_at(lesson)

    update = add_command(
        commands,
        "update",
        "log a stakeholder update that was sent; prints its id",
        'escalation-tui update k3f9 "Search is back for most customers" --audience customer --at 10:05',
    )
    add_id(update)
    update.add_argument("text", help="what was sent")
    update.add_argument(
        "--audience", required=True, choices=[a.value for a in Audience], help="who it was sent to"
    )
    add_at(update)
    update.add_argument(
        "--no-send",
        action="store_true",
        help="only record it; send it to no channel (see: escalation-tui channels list)",
    )


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
    session = service.open(args.id)
    at = when(service, args)
    if args.role in ROLES:
        if not role_already(session.incident, args.role, args.name):  # confidential: no oracle
            session.set_role(args.role, args.name, at=at)
        return 0
    others = session.incident.roles.others
    same = [n for n, other in enumerate(others) if other.role.casefold() == args.role.strip().casefold()]
    secret = session.incident.confidential  # what it holds is not told: asked-for states just hold
    if not args.name.strip():
        if not same:
            if secret:
                return 0
            raise NotFound(f"no {args.role!r} role in incident {session.id}")
        session.remove_other_role(same[-1], at=at)
    elif not (secret and any(others[n].name.strip() == args.name.strip() for n in same)):
        session.add_other_role(args.role, args.name, at=at)
    return 0


def milestone(service: IncidentService, args: argparse.Namespace) -> int:
    service.open(args.id).record_milestone(args.milestone.replace("-", "_"), when(service, args))
    return 0


def set_field(service: IncidentService, args: argparse.Namespace) -> int:
    service.open(args.id).set_text(args.field, args.text, at=when(service, args))
    return 0


def problem(service: IncidentService, args: argparse.Namespace) -> int:
    session = service.open(args.id)
    print(session.add_problem(args.text, when(service, args)).problems[-1].id)
    return 0


def parent_id(session: IncidentSession, prefix: str) -> str:
    """The one problem or why whose id starts with prefix."""
    ids = [p.id for p in session.incident.problems] + [w.id for w in session.incident.whys]
    matches = [item for item in ids if item.startswith(prefix.strip())]
    if not prefix.strip() or not matches:
        raise NotFound(f"no problem or why with id {prefix!r} in incident {session.id}")
    if len(matches) > 1:
        raise InvalidInput(
            f"problem or why id {prefix!r} is ambiguous ({', '.join(sorted(matches))}); type more of it"
        )
    return matches[0]


def why(service: IncidentService, args: argparse.Namespace) -> int:
    session = service.open(args.id)
    parent = parent_id(session, args.parent) if args.parent is not None else None
    at = when(service, args)
    added = session.add_why(args.text, parent, at=at).whys[-1]
    if args.root:
        session.set_root_cause(added.id, at=at)
    print(added.id)
    return 0


def action(service: IncidentService, args: argparse.Namespace) -> int:
    session = service.open(args.id)
    at = when(service, args)
    existing = _existing_action(session, args.line)
    if existing is not None:
        if args.status is None:
            raise InvalidInput(f"{args.line!r} is action {existing}: give --status to change it")
        session.set_action_status(existing, STATUSES[args.status], at=at)
        print(existing)
        return 0
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
        status=STATUSES[args.status or "open"],
        at=at,
    ).actions[-1]
    print(added.id)
    return 0


def _existing_action(session: IncidentSession, text: str) -> str | None:
    """The action whose id the one word `text` starts (4 characters at least), if any."""
    word = text.strip()
    if len(word) < 4 or " " in word:
        return None
    matches = [a.id for a in session.incident.actions if a.id.startswith(word)]
    return matches[0] if len(matches) == 1 else None


def lesson(service: IncidentService, args: argparse.Namespace) -> int:
    service.open(args.id).add_lesson(LESSONS[args.kind], args.text, at=when(service, args))
    return 0


def update(service: IncidentService, args: argparse.Namespace) -> int:
    session = service.open(args.id)
    at = when(service, args)
    incident = session.log_update(args.audience, args.text, at, send=not args.no_send)
    update_id = incident.updates[-1].id
    print(update_id)
    if any(d.update_id == update_id for d in incident.deliveries):
        from . import outbox  # whoever logged it sends it; what fails stays in the outbox

        with contextlib.suppress(OSError):  # saved either way: the exit code says so
            sys.stdout.flush()
        try:
            outbox.report_sent(send_due_for(service, session.id), service)
        except (EscalationError, OSError) as error:
            # The update is saved, its entries with it: a hook must not log it again.
            print(f"escalation-tui: warning: not sent yet ({error}); it waits in the outbox", file=sys.stderr)
    return 0


def send_due_for(service: IncidentService, incident_id: str):
    from ..delivery.worker import send_due

    return send_due(service, service.settings, only={incident_id})


HANDLERS = {
    "role": role,
    "milestone": milestone,
    "set": set_field,
    "problem": problem,
    "why": why,
    "action": action,
    "lesson": lesson,
    "update": update,
}
