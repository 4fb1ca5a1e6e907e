"""What a command saved, so that a failure to print afterwards is not taken for a failed change.

`note ID TEXT > /dev/full` saves the note, then cannot print its id. Exit code 1 there would
tell an alert hook that nothing happened, and its retry would add the note twice. So every
store a command opens is tracked (its create and save, and any other write a store offers),
and when only the output failed after a change was saved, the command exits with
EXIT_SAVED_NOT_PRINTED and one stderr line naming what was saved.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

EXIT_SAVED_NOT_PRINTED = 3
# What a store writes with; the ones a backend does not have are skipped.
WRITES = ("create", "save", "delete", "restore", "trash", "untrash", "purge")
IDS_NAMED = 5

S = TypeVar("S")


class Saved:
    """The incidents this command changed, in the order it changed them."""

    def __init__(self) -> None:
        self.ids: list[str] = []

    def add(self, incident_id: str) -> None:
        if incident_id not in self.ids:
            self.ids.append(incident_id)

    def track(self, store: S) -> S:
        """The same store object (callers may check its class), its writes now noted here."""
        for name in WRITES:
            method = getattr(store, name, None)
            if callable(method):
                setattr(store, name, self._noting(method))
        return store

    def _noting(self, method: Callable[..., Any]) -> Callable[..., Any]:
        def write(*args: Any, **kwargs: Any) -> Any:
            result = method(*args, **kwargs)
            target = args[0] if args else next(iter(kwargs.values()), None)
            if target is not None:
                self.add(str(getattr(target, "id", target)))  # an Incident, or an incident id
            return result

        return write

    def message(self, printed: str, error: OSError) -> str:
        """The one line that says the change is in the store, though its output is not."""
        named = ", ".join(self.ids[:IDS_NAMED]) + (
            f" and {len(self.ids) - IDS_NAMED} more" if len(self.ids) > IDS_NAMED else ""
        )
        what = f"incident{'s' if len(self.ids) > 1 else ''} {named}"
        token = printed.strip()
        if token and len(token.split()) == 1 and token not in self.ids:  # the id it was printing
            what += f", new id {token}"
        reason = error.strerror or type(error).__name__
        return (
            f"the change was saved ({what}) but its output could not be written ({reason}); "
            "do not run it again"
        )


_current: list[Saved] = []  # the command running now (main() may be called again in-process)


@contextmanager
def recording() -> Iterator[Saved]:
    saved = Saved()
    _current.append(saved)
    try:
        yield saved
    finally:
        _current.remove(saved)


def track(store: S) -> S:
    """Note the writes of a store opened by the running command (main, store copy)."""
    return _current[-1].track(store) if _current else store


def note_saved(incident_id: str) -> None:
    """For a change made without the store's write methods (recover puts a backup in place)."""
    if _current:
        _current[-1].add(incident_id)
