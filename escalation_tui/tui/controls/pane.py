"""The frame every war-room pane shares: data in as attributes, change requests out as messages."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.widget import Widget

from ...domain.models import Incident
from ...service import IncidentSession


class Pane(Vertical):
    """A numbered, bordered pane of the war room.

    The screen sets `incident` after every change and `now` every second; subclasses
    override `show` (rebuild from the incident) and, if they display the time, `tick`.
    A pane never changes the incident itself: it posts `Pane.ChangeRequested` and the
    screen applies it through the session, reporting errors; a dialog's save uses
    `apply_now` instead, so a refusal keeps the dialog open with what was typed.
    """

    pane_id: ClassVar[str] = ""
    number: ClassVar[str] = ""
    title: ClassVar[str] = ""
    short: ClassVar[str] = ""  # tab label in the one-pane-at-a-time layout

    incident: var[Incident | None] = var(None, always_update=True)
    now: var[datetime | None] = var(None)

    @dataclass
    class ChangeRequested(Message):
        """Apply `change` to the session; say `done` to the user if it worked."""

        change: Callable[[IncidentSession], object]
        done: str | None = None

    def __init__(self) -> None:
        super().__init__(id=self.pane_id, classes="pane")

    def on_mount(self) -> None:
        label = f"{self.number} {self.title}" if self.number else self.title
        self.border_title = Content(label)
        if self.incident is not None:
            self.show(self.incident)

    def watch_incident(self, incident: Incident | None) -> None:
        if incident is not None and self.is_mounted:
            self.show(incident)

    def watch_now(self, now: datetime | None) -> None:
        if now is not None and self.incident is not None:
            self.tick(self.incident, now)

    def show(self, incident: Incident) -> None:
        """Rebuild the pane from the incident (after any change)."""

    def tick(self, incident: Incident, now: datetime) -> None:
        """Update what depends on the time (every second). Must not read the store."""

    def request(self, change: Callable[[IncidentSession], object], done: str | None = None) -> None:
        self.post_message(self.ChangeRequested(change, done))

    def apply_now(self, change: Callable[[IncidentSession], object], done: str | None = None) -> None:
        """Apply at once, raising the EscalationError if refused: for a dialog's save, so the
        dialog (Dialog.attempt) stays open with what was typed and says why (e.g. a full disk)."""
        from ..screens.war_room import WarRoomScreen

        screen = self.screen  # the pane's own screen, even while a dialog is on top of it
        assert isinstance(screen, WarRoomScreen)
        screen.apply_or_raise(lambda: change(screen.session), done)

    @property
    def main(self) -> Widget | None:
        """The widget that takes focus when the pane's number key is pressed."""
        return next((w for w in self.query("*") if w.can_focus), None)

    def focus_main(self) -> None:
        if self.main is not None:
            self.main.focus()
