"""Argument parsing; errors are one line, like every other error of ours."""

import argparse
import functools
import sys

from ..domain.enums import MANUAL_EVENT_KINDS, EventKind, Kind
from . import record, shift, team

PROG = "escalation-tui"


class OneLineParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        print(f"{self.prog}: {message} (see {self.prog} --help)", file=sys.stderr)
        sys.exit(2)


def add_confidential_ok(parser: argparse.ArgumentParser, what: str) -> None:
    """The one consent flag for printing a confidential incident (domain/confidential.py)."""
    parser.add_argument("--confidential-ok", action="store_true", help=what)


@functools.cache  # building it costs ~20 ms (gettext); parse_args leaves it unchanged
def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog=PROG,
        description="A keyboard-driven war room for on-call managers. With no command, opens the TUI.",
    )
    parser.add_argument(
        "--db",
        metavar="PATH|URL",
        help="store folder or postgresql:// URL (default: $ESCALATION_TUI_DB or the platform data folder)",
    )
    parser.add_argument(
        "--as",
        dest="as_user",
        metavar="NAME",
        help="who is typing (default: $ESCALATION_TUI_USER, user in config.toml, else your login)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)

    new = commands.add_parser("new", help="declare an incident and print its id")
    new.add_argument("title")
    new.add_argument("--severity", "-s", required=True, metavar="{1,2,3,4}", help="1 is the most severe")
    new.add_argument("--kind", "-k", required=True, choices=[k.value for k in Kind])
    new.add_argument("--summary", default="")
    new.add_argument("--commander", default="", help="incident commander's name")
    record.add_at(new)
    secret = new.add_mutually_exclusive_group()
    secret.add_argument("--confidential", dest="confidential", action="store_true", default=None)
    secret.add_argument("--not-confidential", dest="confidential", action="store_false")

    listing = commands.add_parser("list", help="list open incidents")
    listing.add_argument("--all", action="store_true", help="include resolved and closed ones")
    listing.add_argument("--json", action="store_true")
    add_confidential_ok(listing, "show confidential incidents' titles")

    show = commands.add_parser("show", help="everything about one incident")
    show.add_argument("id")
    show.add_argument("--json", action="store_true")
    add_confidential_ok(show, "show a confidential incident")

    status = commands.add_parser("status", help="one line for a shell prompt or tmux status bar")
    status.add_argument("id", nargs="?")

    note = commands.add_parser("note", help="append a note to an incident's timeline")
    note.add_argument("id")
    note.add_argument("text")
    note.add_argument(
        "--kind", default=EventKind.NOTE.value, choices=sorted(k.value for k in MANUAL_EVENT_KINDS)
    )
    record.add_at(note)
    record.add_parsers(commands)

    export = commands.add_parser("export", help="export an incident")
    export.add_argument("id")
    export.add_argument("--format", "-f", default="json", choices=["json", "markdown"])
    export.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE instead of stdout (- for stdout)"
    )
    export.add_argument("--force", action="store_true", help="replace FILE if it is a regular file")
    add_confidential_ok(export, "export a confidential incident")

    imp = commands.add_parser("import", help="import an incident exported as JSON")
    imp.add_argument("file")
    imp.add_argument("--new-id", action="store_true", help="import as a copy with a fresh id")

    actions = commands.add_parser("actions", help="action items across all incidents, overdue first")
    actions.add_argument("--open", action="store_true", help="only items not done or dropped")
    actions.add_argument("--owner", metavar="NAME")
    actions.add_argument("--json", action="store_true")
    add_confidential_ok(actions, "show the items of confidential incidents")

    playbooks = commands.add_parser(
        "playbooks", help="show where your team's playbook file goes, or write one"
    )
    playbooks.add_argument(
        "--write", action="store_true", help="write the built-in playbooks there as a starting point"
    )
    playbooks.add_argument("--force", action="store_true", help="overwrite an existing playbook file")

    commands.add_parser("doctor", help="check every incident file; say how to recover damaged ones")
    recover = commands.add_parser("recover", help="restore a damaged incident from its newest valid backup")
    recover.add_argument("id")
    recover.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    shift.add_parsers(commands, add_confidential_ok)

    demo = commands.add_parser(
        "demo", help="open the realistic sample incident (made the first time; --new makes another)"
    )
    demo.add_argument("--no-open", action="store_true", help="do not open the TUI; print its id")
    demo.add_argument("--new", action="store_true", help="make another demo incident, even if one exists")
    team.add_parsers(commands)
    return parser
