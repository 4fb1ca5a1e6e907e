"""The frame every war-room pane shares: data in as attributes, changes out through the editor protocol."""

import operator
from collections.abc import Sequence
from datetime import datetime
from typing import ClassVar, TypeVar

from textual.containers import Vertical
from textual.content import Content
from textual.reactive import var
from textual.widget import Widget

from ...domain.models import Incident
from .editor import Change, IncidentEditor

T = TypeVar("T")


class Pane(Vertical):
    """A numbered, bordered pane of the war room.

    The screen sets `incident` after every change and `now` every second; subclasses
    override `show` (rebuild from the incident) and, if they display the time, `tick`.
    A pane never changes the incident itself: it hands a change to its screen through
    the IncidentEditor protocol (editor.py): `request` for a key (errors as a toast),
    `apply_now` as a dialog's save, so a refusal keeps the dialog open with what was typed.
    """

    pane_id: ClassVar[str] = ""
    number: ClassVar[str] = ""
    title: ClassVar[str] = ""
    short: ClassVar[str] = ""  # tab label in the one-pane-at-a-time layout

    incident: var[Incident | None] = var(None, always_update=True)
    now: var[datetime | None] = var(None)

    def __init__(self) -> None:
        super().__init__(id=self.pane_id, classes="pane")
        # The screen says when the pane is out of view (one pane at a time at 80x24, or the
        # timeline hidden). A change then only marks it behind: rebuilding rows nobody sees
        # cost every key as much as the pane on show.
        self.in_view = True
        self.behind = False

    def on_mount(self) -> None:
        label = f"{self.number} {self.title}" if self.number else self.title
        self.border_title = Content(label)
        self.show_if_in_view()

    def watch_incident(self, incident: Incident | None) -> None:
        if incident is not None and self.is_mounted:
            self.show_if_in_view()

    def watch_now(self, now: datetime | None) -> None:
        # In view or not: pane 2's tick rings the update alarm for the incident on show.
        if now is not None and self.incident is not None:
            self.tick(self.incident, now)

    def set_in_view(self, in_view: bool) -> None:
        """Called by the screen as its layout changes; coming into view, catch up."""
        self.in_view = in_view
        if in_view and self.behind and self.is_mounted:
            self.show_if_in_view()

    def show_if_in_view(self) -> None:
        if self.incident is None:
            return
        self.behind = not self.in_view
        if self.in_view:
            self.show(self.incident)

    def show(self, incident: Incident) -> None:
        """Rebuild the pane from the incident (after any change)."""

    def tick(self, incident: Incident, now: datetime) -> None:
        """Update what depends on the time (every second), out of view too: a rebuild it
        needs goes through show_if_in_view. Must not read the store."""

    @property
    def editor(self) -> IncidentEditor:
        """The pane's own screen, even while a dialog is on top of it."""
        screen = self.screen
        if not isinstance(screen, IncidentEditor):
            raise TypeError(f"{type(self).__name__} is on a screen that does not edit incidents")
        return screen

    def request(self, change: Change[object], done: str | None = None) -> None:
        """Apply a change now; a refusal is shown as a toast."""
        self.editor.apply(change, done)

    def apply_now(self, change: Change[T], done: str | None = None) -> T:
        """Apply at once, raising the EscalationError if refused: for a dialog's save, so the
        dialog (Dialog.attempt) stays open with what was typed and says why (e.g. a full disk)."""
        return self.editor.commit(change, done)

    @property
    def main(self) -> Widget | None:
        """The widget that takes focus when the pane's number key is pressed."""
        return next((w for w in self.query("*") if w.can_focus), None)

    def focus_main(self) -> None:
        if self.main is not None:
            self.main.focus()


def same_items(old: Sequence[object], new: Sequence[object]) -> bool:
    """The very same items in the same order. A change copies only the items it touches, so a
    pane can tell in C time that a change elsewhere left its thousands of rows as they were."""
    return len(old) == len(new) and all(map(operator.is_, old, new))
