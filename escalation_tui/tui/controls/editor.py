"""The one route for a change to reach an incident: what an incident screen offers its panes.

A change is a function of the IncidentSession. `apply` runs it now and reports a refusal as
a toast (a key like space or d); `commit` runs it inside a dialog's `attempt` and raises a
refusal, so the dialog stays open with what was typed and says why. Both refresh the screen.
Panes reach the screen through this protocol, never by importing it; it also keeps the
dialogs a pane opens again and again (`push_kept`).
"""

from collections.abc import Callable
from typing import Protocol, TypeVar, runtime_checkable

from textual.screen import Screen

from ...service import IncidentSession

T = TypeVar("T")
D = TypeVar("D", bound=Screen)
Change = Callable[[IncidentSession], T]


@runtime_checkable
class IncidentEditor(Protocol):
    def apply(self, change: Change[object], done: str | None = None) -> None:
        """Run the change now (waiting for another window's lock if needed); errors as a toast."""

    def commit(self, change: Change[T], done: str | None = None) -> T:
        """Run the change and show it; a refusal is raised (for Dialog.attempt to show)."""
        ...

    def push_kept(self, name: str, make: Callable[[], D], reset: Callable[[D], None]) -> None:
        """Show a dialog made once and kept by the screen, `reset` to as new after the first time."""
