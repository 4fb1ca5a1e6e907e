"""Team-mode sub-commands: `db init` (set up the server's tables) and `store copy`."""

import argparse
import sys

from ..domain.text import shown_path
from ..errors import EscalationError
from ..store import Store, open_store
from ..store.opening import init_server_schema, is_folder
from .outcome import track
from .subcommand import add_command


def add_parsers(commands: argparse._SubParsersAction) -> None:
    db = add_command(
        commands,
        "db",
        "set up the PostgreSQL store (team mode)",
        "escalation-tui --db postgresql://dana@db.example/escalations db init",
    )
    db_commands = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    add_command(
        db_commands,
        "init",
        "create or upgrade the tables on the server named by --db",
        "escalation-tui --db postgresql://dana@db.example/escalations db init",
    )

    store = add_command(
        commands,
        "store",
        "move incidents between stores",
        "escalation-tui store copy --from ~/.local/share/escalation-tui/store --to postgresql://db.example/war",
    )
    store_commands = store.add_subparsers(dest="store_command", metavar="ACTION", required=True)
    copy = add_command(
        store_commands,
        "copy",
        "copy every incident from one store to another",
        "escalation-tui store copy --from ~/.local/share/escalation-tui/store --to postgresql://db.example/war",
    )
    copy.add_argument(
        "--from", dest="source", required=True, metavar="SRC", help="folder path or postgresql:// URL"
    )
    copy.add_argument(
        "--to", dest="target", required=True, metavar="DST", help="folder path or postgresql:// URL"
    )
    copy.add_argument("--overwrite", action="store_true", help="replace incidents that differ in DST")


def db_init(store: Store, args: argparse.Namespace) -> int:
    if is_folder(store):
        print(f"{shown_path(store.location)}: a folder store needs no set-up")
        return 0
    found = init_server_schema(store)
    what = "created the tables" if found == 0 else "tables already there (checked and up to date)"
    print(f"{shown_path(store.location)}: {what}")
    return 0


def store_copy(args: argparse.Namespace) -> int:
    """Opens its own two stores (not --db)."""
    from ..store.copying import copy_incidents

    if args.source.strip() == args.target.strip():
        raise EscalationError("--from and --to name the same store; nothing to copy")
    source = open_store(args.source, create=False)  # only read: never made or changed
    try:
        target = track(open_store(args.target))  # a failed print after copying is not a failed copy
        try:
            report = copy_incidents(source, target, overwrite=args.overwrite)
        finally:
            target.close()
    finally:
        source.close()
    print(
        f"{shown_path(source.location)} → {shown_path(target.location)}: copied {len(report.copied)}, "
        f"already there {len(report.unchanged)}, replaced {len(report.replaced)}, "
        f"differing and kept {len(report.differing)}"
    )
    for incident_id in report.copied:
        print(f"copied {incident_id}")
    for incident_id in report.replaced:
        print(f"replaced {incident_id}")
    for incident_id in report.differing:
        print(
            f"escalation-tui: {incident_id} differs in {shown_path(target.location)}; "
            "kept it (--overwrite replaces it)",
            file=sys.stderr,
        )
    for problem in report.problems:
        print(f"escalation-tui: not copied: {problem}", file=sys.stderr)
    return 0 if report.ok else 1
