"""Entry point: parse, run one command, turn every expected failure into one stderr line."""

import getpass
import os
import sys
from collections.abc import Sequence

from ..domain.clock import Clock, SystemClock
from ..domain.fields import NAME_MAX
from ..domain.text import clean_text, for_terminal
from ..errors import EscalationError
from ..locations import config_dir
from ..service import IncidentService
from ..store import open_store
from ..store.config_files import load_settings
from . import commands, team
from .output import terminal_streams
from .parser import PROG, build_parser, completion_script

EXIT_ERROR = 1
EXIT_INTERNAL = 70
USER_ENV_VAR = "ESCALATION_TUI_USER"


def _actor(as_user: str | None, config_user: str) -> str:
    """Who is typing: --as, else $ESCALATION_TUI_USER, else `user` in config.toml, else the login."""
    named = as_user if as_user is not None else os.environ.get(USER_ENV_VAR) or config_user
    if named is not None and named.strip():
        return clean_text(named, multiline=False)[:NAME_MAX]
    try:
        return getpass.getuser()
    except Exception:  # no passwd entry in some containers
        return ""


def main(argv: Sequence[str] | None = None, clock: Clock | None = None) -> int:
    with terminal_streams():  # every byte written below goes through the one sanitiser
        return _run(argv, clock)


def _run(argv: Sequence[str] | None, clock: Clock | None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "store":  # opens the two stores it is given, not --db
            return team.store_copy(args)
        if args.command == "completion":  # needs no store
            print(completion_script(args.shell), end="")
            return 0
        store = open_store(args.db)
        try:
            settings, warnings = load_settings(config_dir())
            for warning in warnings:  # a typo in a config file must not block an escalation
                print(f"{PROG}: warning: {for_terminal(warning, one_line=True)}", file=sys.stderr)
            args.settings_warnings = warnings  # the TUI shows them too: its screen hides stderr
            actor = _actor(args.as_user, settings.user)
            service = IncidentService(
                store, clock or SystemClock(), actor, settings, lambda: open_store(args.db)
            )
            if args.command == "db":
                return team.db_init(store, args)
            handler = commands.HANDLERS.get(args.command, commands.open_tui)
            return handler(service, args)
        finally:
            store.close()
    except EscalationError as error:
        return _fail(str(error), EXIT_ERROR)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # e.g. `escalation-tui list | head`: not an error worth a message
        sys.stderr.close()
        return 0
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        return _fail(f"{where}{error.strerror or error}", EXIT_ERROR)
    except Exception as error:  # a bug: still one line, never a traceback
        return _fail(f"unexpected error ({type(error).__name__}: {error}); please report it", EXIT_INTERNAL)


def _fail(message: str, code: int) -> int:
    print(f"{PROG}: {for_terminal(message, one_line=True)}", file=sys.stderr)
    return code
