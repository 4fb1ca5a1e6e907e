"""Sub-commands for a shift change and for memory: link, handoff, search."""

import argparse

from ..errors import InvalidInput
from ..service import IncidentService


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


HANDLERS = {"link": link}
