"""Entry point: parse, run one command, turn every expected failure into one stderr line."""

import contextlib
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
from .outcome import EXIT_SAVED_NOT_PRINTED, Saved, recording, track
from .output import TerminalStream, terminal_streams
from .parser import PROG, build_parser, completion_script
from .redaction import Redactor

# Commands that only read: they never create or change anything where --db points.
READ_ONLY = frozenset({"list", "show", "status", "export", "actions", "search", "doctor", "playbooks", "db"})
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
    redactor = Redactor.for_command(sys.argv[1:] if argv is None else argv)
    # every byte written below goes through the one sanitiser; stderr through the redactor too
    with terminal_streams(redactor.redact) as (stdout, _), recording() as saved:
        try:
            code = _run(argv, clock)
            sys.stdout.flush()  # a full disk shows here, while we can still say what was saved
            return code
        except OSError as error:
            if error is not stdout.error:
                raise
            return _output_failed(stdout, saved, error)


def _output_failed(stdout: TerminalStream, saved: Saved, error: OSError) -> int:
    """The output could not be written: whether the change was saved decides the exit code."""
    stdout.discard_unwritten()
    if isinstance(error, BrokenPipeError) and not saved.ids:
        return 0  # e.g. `escalation-tui list | head`: not an error worth a message
    if not saved.ids:
        return _fail(f"cannot write the output: {error.strerror or error}", EXIT_ERROR)
    return _fail(saved.message(stdout.written, error), EXIT_SAVED_NOT_PRINTED)


def _run(argv: Sequence[str] | None, clock: Clock | None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "store":  # opens the two stores it is given, not --db
            return team.store_copy(args)
        if args.command == "completion":  # needs no store
            print(completion_script(args.shell), end="")
            return 0
        # recover changes only a store that is there
        store = track(open_store(args.db, create=args.command not in READ_ONLY and args.command != "recover"))
        try:
            settings, warnings = load_settings(config_dir())
            warnings = [*getattr(store, "warnings", ()), *warnings]
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
            try:
                return handler(service, args)
            finally:  # said once, whatever the command went on to do
                for notice in service.take_notices():
                    print(f"{PROG}: warning: {for_terminal(notice, one_line=True)}", file=sys.stderr)
        finally:
            store.close()
    except EscalationError as error:
        return _fail(str(error), EXIT_ERROR)
    except KeyboardInterrupt:
        return 130
    except OSError as error:
        if error is getattr(sys.stdout, "error", None):
            raise  # the output failed, not the command: main() says which (outcome.py)
        where = f"{error.filename}: " if error.filename else ""
        return _fail(f"{where}{error.strerror or error}", EXIT_ERROR)
    except Exception as error:  # a bug: still one line, never a traceback
        return _fail(f"unexpected error ({type(error).__name__}: {error}); please report it", EXIT_INTERNAL)


def _fail(message: str, code: int) -> int:
    with contextlib.suppress(OSError):  # stderr is gone too: only the exit code can say it
        print(f"{PROG}: {for_terminal(message, one_line=True)}", file=sys.stderr)
    return code
