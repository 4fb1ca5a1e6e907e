"""One way to declare a sub-command: its help line, and an example shown under `--help`."""

import argparse
from datetime import datetime

from ..domain.times import parse_time

ID_HELP = "the incident's id, or any unique prefix of it"
JSON_HELP = "print JSON instead of text (for scripts)"
# shtab's FILE completion, spelled out so that building the parser does not import shtab
FILE_COMPLETION = {"bash": "_shtab_compgen_files", "zsh": "_files", "tcsh": "f"}


def completes_files(action: argparse.Action) -> argparse.Action:
    """Let the shell complete file names for this argument."""
    action.complete = FILE_COMPLETION  # type: ignore[attr-defined]  # read by shtab
    return action


def add_command(
    commands: argparse._SubParsersAction, name: str, help: str, *examples: str
) -> argparse.ArgumentParser:
    """A sub-command whose `--help` repeats its summary and ends with worked examples."""
    shown = "\n".join(f"  {example}" for example in examples)
    return commands.add_parser(
        name,
        help=help,
        description=help[0].upper() + help[1:] + ".",
        epilog=f"example{'s' if len(examples) > 1 else ''}:\n{shown}" if examples else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def add_id(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", help=ID_HELP)


def add_confidential_ok(parser: argparse.ArgumentParser, what: str) -> None:
    """The one consent flag for printing a confidential incident (domain/confidential.py)."""
    parser.add_argument("--confidential-ok", action="store_true", help=what)


def add_at(parser: argparse.ArgumentParser) -> None:
    """--at TIME: every sub-command that records something can be back-filled."""
    parser.add_argument(
        "--at", metavar="TIME", help="when it happened: HH:MM (today, local) or ISO 8601 with Z/offset"
    )


def when(service, args: argparse.Namespace) -> datetime | None:
    """The --at time, or None for now."""
    return parse_time(args.at, service.clock.now()) if getattr(args, "at", None) else None
