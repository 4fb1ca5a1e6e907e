"""When did a milestone happen? Enter records it now; or type the time it really happened."""

from collections.abc import Callable
from datetime import datetime, timedelta

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, Static

from ...domain.clock import Clock
from ...domain.enums import Milestone
from ...domain.times import parse_time
from .base import Dialog

Record = Callable[[Milestone, datetime], object]  # IncidentSession.record_milestone


class MilestoneTimeDialog(Dialog[datetime]):
    def __init__(self, milestone: Milestone, clock: Clock, record: Record, note: str = "") -> None:
        super().__init__()
        self.milestone = milestone
        self.clock = clock
        self.record = record
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="milestone-time"):
            yield Static(Content(f"Record: {self.milestone.label}"), classes="dialog-title")
            if self.note:
                yield Static(Content(self.note), classes="dialog-body")
            # The example is an hour ago, as typed: a fixed date read as a past day's format.
            example = (self.clock.now() - timedelta(hours=1)).astimezone().isoformat(timespec="minutes")
            yield Label(
                Content.from_markup(
                    "When? Enter for now, or HH:MM (today, local time), or $example", example=example
                )
            )
            yield Input(placeholder="now", id="milestone-at", compact=True)
            yield from self.error_and_buttons("Record", "record")

    def on_mount(self) -> None:
        self.query_one("#milestone-at", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#record")
    def action_submit(self) -> None:
        typed = self.query_one("#milestone-at", Input).value

        def record() -> datetime:
            at = parse_time(typed, self.clock.now())
            self.record(self.milestone, at)
            return at

        self.attempt(record)
