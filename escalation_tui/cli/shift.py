"""Sub-commands for a shift change and for memory: link, handoff, search."""

import argparse
import sys
from pathlib import Path

from ..domain.confidential import require_consent
from ..domain.times import parse_time
from ..errors import InvalidInput
from ..export.handoff import render_handoff
from ..service import IncidentService
from ..store.files import write_user_file


def add_parsers(commands: argparse._SubParsersAction, add_confidential_ok) -> None:
    link = commands.add_parser(
        "link",
        help="add or change a link (bridge, channel, dashboard, runbook); --remove LABEL takes one off",
    )
    link.add_argument("id")
    link.add_argument("label", help='a short name, e.g. "bridge" or "dashboard"')
    link.add_argument(
        "url",
        nargs="?",
        help="https://…, ssh://…, tel:…, slack://… or plain text such as '#inc-42 on Slack'",
    )
    link.add_argument("--remove", action="store_true", help="remove the link with this label")

    handoff = commands.add_parser(
        "handoff", help="a shift-change summary (Markdown); recorded on the timeline"
    )
    handoff.add_argument("id")
    handoff.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    handoff.add_argument("--force", action="store_true", help="replace FILE if it is a regular file")
    handoff.add_argument(
        "--since",
        metavar="TIME",
        help="what changed since TIME (HH:MM local or ISO 8601; default: the last handoff, else 8 hours)",
    )
    handoff.add_argument(
        "--no-record", action="store_true", help="only show the summary; leave the timeline as it is"
    )
    add_confidential_ok(handoff, "hand over a confidential incident")


def link(service: IncidentService, args: argparse.Namespace) -> int:
    session = service.open(args.id)
    if args.remove:
        if args.url is not None:
            raise InvalidInput("--remove takes only the label: link ID LABEL --remove")
        session.remove_link(args.label)
    elif args.url is None:
        raise InvalidInput("give the address after the label: link ID LABEL URL (or --remove LABEL)")
    else:
        session.set_link(args.label, args.url)
    return 0


def handoff(service: IncidentService, args: argparse.Namespace) -> int:
    session = service.open(args.id)
    require_consent(session.incident, args.confidential_ok, "hand it over")
    since = parse_time(args.since, service.clock.now()) if args.since else None
    summary = session.handoff(since)
    text = render_handoff(summary)
    if args.output and args.output != "-":
        write_user_file(Path(args.output), text, overwrite=args.force)
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    if not args.no_record:  # only once the summary is out: a refused write records nothing
        session.record_handoff(summary)
    return 0


HANDLERS = {"link": link, "handoff": handoff}
