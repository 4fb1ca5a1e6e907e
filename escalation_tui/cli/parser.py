"""Argument parsing; errors are one line, like every other error of ours.

Every argument has a help text and every sub-command an example (tests/test_cli_packaging.py
walks the parser to keep it so); `escalation-tui completion SHELL` is generated from it.
"""

import argparse
import functools
import sys
from typing import Any

from ..domain.enums import MANUAL_EVENT_KINDS, EventKind, Kind
from . import changes, outbox, record, serve, shift, team
from .subcommand import JSON_HELP, add_command, add_confidential_ok, add_id, completes_files

PROG = "escalation-tui"
SHELLS = ("bash", "zsh", "tcsh")  # what shtab generates


class OneLineParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]  # argparse's is NoReturn too
        print(f"{self.prog}: {message} (see {self.prog} --help)", file=sys.stderr)
        sys.exit(2)


class ShowVersion(argparse.Action):
    """--version, looked up only when asked (argparse's own action needs the text up front)."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS, **kwargs: Any) -> None:
        super().__init__(
            option_strings, dest, default=argparse.SUPPRESS, nargs=0, help="show the version and exit"
        )

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        from .. import __version__

        print(f"{parser.prog} {__version__}")  # on stdout, as argparse's version action does
        parser.exit()


@functools.cache  # building it is slow (gettext); parse_args leaves it unchanged
def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog=PROG,
        description="A keyboard-driven war room for on-call managers. With no command, opens the TUI.",
        epilog=(
            "examples:\n"
            "  escalation-tui demo\n"
            '  escalation-tui new "Search returns nothing" --severity 1 --kind technical\n'
            "  escalation-tui SUB-COMMAND --help"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=ShowVersion)
    db_help = "store folder or postgresql:// URL (default: $ESCALATION_TUI_DB or the platform data folder)"
    completes_files(parser.add_argument("--db", metavar="PATH|URL", help=db_help))
    parser.add_argument(
        "--as",
        dest="as_user",
        metavar="NAME",
        help="who is typing (default: $ESCALATION_TUI_USER, user in config.toml, else your login)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)
    _incident_commands(commands)
    record.add_parsers(commands)
    changes.add_parsers(commands)
    _file_commands(commands)
    shift.add_parsers(commands)
    outbox.add_parsers(commands)
    _upkeep_commands(commands)
    team.add_parsers(commands)
    serve.add_parsers(commands)

    completion = add_command(
        commands,
        "completion",
        "print a shell completion script, generated from these commands",
        "escalation-tui completion bash > ~/.local/share/bash-completion/completions/escalation-tui",
        'escalation-tui completion zsh > "${fpath[1]}/_escalation-tui"',
    )
    completion.add_argument("shell", choices=SHELLS, help="the shell the script is for")
    return parser


def _incident_commands(commands: argparse._SubParsersAction) -> None:
    new = add_command(
        commands,
        "new",
        "declare an incident and print its id",
        'escalation-tui new "Search returns nothing" --severity 1 --kind technical --commander dana',
    )
    new.add_argument("title", help="what is wrong, as people will call it")
    new.add_argument("--severity", "-s", required=True, metavar="{1,2,3,4}", help="1 is the most severe")
    new.add_argument(
        "--kind", "-k", required=True, choices=[k.value for k in Kind], help="what kind of incident"
    )
    new.add_argument("--summary", default="", help="a first summary of what is known")
    new.add_argument("--commander", default="", help="incident commander's name")
    record.add_at(new)
    secret = new.add_mutually_exclusive_group()
    secret.add_argument(
        "--confidential",
        dest="confidential",
        action="store_true",
        default=None,
        help="mark it confidential (default: only people escalations are)",
    )
    secret.add_argument(
        "--not-confidential", dest="confidential", action="store_false", help="mark it not confidential"
    )

    listing = add_command(commands, "list", "list open incidents", "escalation-tui list --all --json")
    listing.add_argument("--all", action="store_true", help="include resolved and closed ones")
    listing.add_argument("--json", action="store_true", help=JSON_HELP)

    add_confidential_ok(listing, "show confidential incidents' titles")

    show = add_command(commands, "show", "everything about one incident", "escalation-tui show k3f9")
    add_id(show)
    show.add_argument("--json", action="store_true", help="print the versioned JSON export")
    add_confidential_ok(show, "show a confidential incident")

    status = add_command(
        commands,
        "status",
        "one line for a shell prompt or tmux status bar",
        "escalation-tui status k3f9",
        "tmux set -g status-right '#(escalation-tui status)'",
    )
    status.add_argument(
        "id", nargs="?", help="the incident (default: the most urgent open one; nothing when calm)"
    )

    note = add_command(
        commands,
        "note",
        "append a note to an incident's timeline; prints its id",
        'escalation-tui note k3f9 "Zero-result rate at 71%" --kind symptom --at 09:14',
    )
    add_id(note)
    note.add_argument("text", help="the note")
    note.add_argument(
        "--kind",
        default=EventKind.NOTE.value,
        choices=sorted(k.value for k in MANUAL_EVENT_KINDS),
        help="what kind of timeline event (default: note)",
    )
    record.add_at(note)


def _file_commands(commands: argparse._SubParsersAction) -> None:
    export = add_command(
        commands,
        "export",
        "export an incident as JSON, or its blameless post-mortem as Markdown",
        "escalation-tui export k3f9 --format markdown -o postmortem.md",
        "escalation-tui export k3f9 > k3f9.json",
    )
    add_id(export)
    export.add_argument(
        "--format", "-f", default="json", choices=["json", "markdown"], help="what to write (default: json)"
    )
    completes_files(
        export.add_argument(
            "-o", "--output", metavar="FILE", help="write to FILE instead of stdout (- for stdout)"
        )
    )
    export.add_argument("--force", action="store_true", help="replace FILE if it is a regular file")
    add_confidential_ok(export, "export a confidential incident")

    imp = add_command(
        commands, "import", "import an incident exported as JSON", "escalation-tui import k3f9.json --new-id"
    )
    completes_files(imp.add_argument("file", help="a file written by `export --format json`"))
    imp.add_argument("--new-id", action="store_true", help="import as a copy with a fresh id")

    actions = add_command(
        commands,
        "actions",
        "action items across all incidents, overdue first",
        "escalation-tui actions --open --owner priya",
    )
    actions.add_argument("--open", action="store_true", help="only items not done or dropped")
    actions.add_argument("--owner", metavar="NAME", help="only items owned by NAME")
    actions.add_argument("--json", action="store_true", help=JSON_HELP)
    add_confidential_ok(actions, "show the items of confidential incidents")

    playbooks = add_command(
        commands,
        "playbooks",
        "show where your team's playbook file goes, or write one",
        "escalation-tui playbooks --write",
    )
    playbooks.add_argument(
        "--write", action="store_true", help="write the built-in playbooks there as a starting point"
    )
    playbooks.add_argument("--force", action="store_true", help="overwrite an existing playbook file")


def _upkeep_commands(commands: argparse._SubParsersAction) -> None:
    add_command(
        commands,
        "doctor",
        "check every incident file; say how to recover damaged ones",
        "escalation-tui doctor",
    )
    recover = add_command(
        commands,
        "recover",
        "restore a damaged incident from its newest valid backup",
        "escalation-tui recover k3f9 --yes",
    )
    add_id(recover)
    recover.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    demo = add_command(
        commands,
        "demo",
        "open the realistic sample incident (made the first time; --new makes another)",
        "escalation-tui --db /tmp/demo-store demo",
        "escalation-tui demo --new --no-open",
    )
    demo.add_argument("--no-open", action="store_true", help="do not open the TUI; print its id")
    demo.add_argument("--new", action="store_true", help="make another demo incident, even if one exists")


def completion_script(shell: str) -> str:
    """The shell's completion script for every command and option above (made by shtab)."""
    import shtab  # only this command needs it

    return shtab.complete(build_parser(), shell=shell)
