"""Everything the command writes goes through here: machine-readable JSON, and the streams.

main() swaps sys.stdout and sys.stderr for TerminalStreams for the length of a command, so
no code path, present or future, can write a control character that came from data (a
store key, a file name, a config section) to the terminal: domain.text.for_terminal shows
it as an escape instead. Clean text passes through unchanged.
"""

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from ..domain.confidential import hidden, hidden_count_note, left_out_note
from ..domain.text import for_terminal


def print_json(data: object) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


def print_problems(problems) -> None:
    """Store problems met while listing (a damaged file): one line each, on stderr."""
    for problem in problems:
        print(f"escalation-tui: {for_terminal(problem.message, one_line=True)}", file=sys.stderr)


def note_hidden(incidents, confidential_ok: bool) -> None:
    """One line on stderr when a list left confidential titles out (stdout stays parseable)."""
    note = hidden_count_note(sum(hidden(i, confidential_ok) for i in incidents))
    if note:
        print(f"escalation-tui: {note}", file=sys.stderr)


def note_left_out(count: int, what: str) -> None:
    """One line on stderr when confidential incidents were not looked into (searchable())."""
    note = left_out_note(count, what)
    if note:
        print(f"escalation-tui: {note}", file=sys.stderr)


class TerminalStream:
    """A text stream that sanitises every write, then hands it to the stream it wraps.

    Not an io.IOBase: that would close the wrapped stream when garbage-collected.
    There is no `buffer`: bytes written there would bypass the sanitiser. It remembers the
    first error the wrapped stream raised (a full disk, a closed pipe) and the start of what
    was written, so that main() can tell a failed print from a failed change (outcome.py).
    """

    KEPT = 200  # characters of the output remembered for that one line

    def __init__(self, wrapped, redact: Callable[[str], str] | None = None) -> None:
        self.wrapped = wrapped
        self.redact = redact
        self.error: OSError | None = None
        self.written = ""

    def write(self, text: str) -> int:
        if len(self.written) < self.KEPT:
            self.written += text[: self.KEPT - len(self.written)]
        safe = for_terminal(self.redact(text) if self.redact else text)
        try:
            try:
                self.wrapped.write(safe)
            except UnicodeEncodeError:  # a terminal that is not UTF-8 (LANG=C on an old system)
                encoding = getattr(self.wrapped, "encoding", None) or "ascii"
                self.wrapped.write(safe.encode(encoding, "replace").decode(encoding))
        except OSError as error:
            self.error = self.error or error
            raise
        return len(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        try:
            self.wrapped.flush()
        except OSError as error:
            self.error = self.error or error
            raise

    def discard_unwritten(self) -> None:
        """After a failed write, what is still buffered goes to /dev/null: Python flushes
        stdout again at exit, and a second failure there would print a traceback."""
        if self.wrapped is not sys.__stdout__ or sys.__stdout__ is None:  # in-process: not ours
            return
        try:
            fd = sys.__stdout__.fileno()
        except (AttributeError, OSError, ValueError):
            return
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, fd)
        finally:
            os.close(null)

    def __getattr__(self, name: str):  # isatty, fileno, encoding, close...
        if name == "buffer":
            raise AttributeError(name)
        return getattr(self.wrapped, name)


@contextmanager
def terminal_streams(
    redact: Callable[[str], str] | None = None,
) -> Iterator[tuple[TerminalStream, TerminalStream]]:
    """sys.stdout and sys.stderr sanitised until the block ends; `redact` cleans every line of
    stderr, where messages go (a connection string's password: redaction.py)."""
    saved = sys.stdout, sys.stderr
    streams = TerminalStream(saved[0]), TerminalStream(saved[1], redact)
    sys.stdout, sys.stderr = streams
    try:
        yield streams
    finally:
        sys.stdout, sys.stderr = saved


def status_line(text: str) -> None:
    """Rewrite the terminal's current stderr line with `text` ("" clears it): our own carriage
    return and erase-line go to the stream TerminalStream wraps; the text is still cleaned."""
    raw = getattr(sys.stderr, "wrapped", sys.stderr)
    raw.write("\r" + for_terminal(text, one_line=True) + "\x1b[K")
    raw.flush()
