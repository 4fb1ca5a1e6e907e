"""Pane 2: time to the next stakeholder update and the updates sent (logging in its own issue)."""

from datetime import datetime, timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Digits, Static

from ...domain.cadence import cadence_for, countdown, format_clock
from ...domain.models import Incident
from ...domain.text import first_line
from ..format import Cadences, local_time
from .pane import Pane
from .wrap_table import WrapTable


class UpdatesTable(WrapTable):
    pass


class CountdownPane(Pane):
    pane_id = "countdown"
    number = "2"
    title = "Next stakeholder update"
    short = "Update"

    def __init__(self, cadences: Cadences = None) -> None:
        super().__init__()
        self.cadences = cadences
        self.caption: Content | None = None

    def compose(self) -> ComposeResult:
        yield Digits("--:--", id="countdown-digits")
        yield Static(id="countdown-caption")
        yield UpdatesTable("Sent", "To", "Update", id="updates-table")

    def show(self, incident: Incident) -> None:
        now = self.now or incident.milestones.declared
        newest_first = sorted(incident.updates, key=lambda u: u.sent_at, reverse=True)
        self.query_one(UpdatesTable).set_rows(
            [
                ((Text(local_time(u.sent_at, now)), Text(u.audience.value), Text(first_line(u.text, 300))), u.id)
                for u in newest_first
            ]
        )
        self.tick(incident, now)

    def tick(self, incident: Incident, now: datetime) -> None:
        state = countdown(incident, now, self.cadences)
        cadence = cadence_for(incident, self.cadences).describe()
        if not incident.is_open:
            digits, caption = "--:--", Content(f"Incident {incident.status}: no more updates due")
        elif state.remaining is None:
            digits, caption = "--:--", Content(f"No regular updates at {incident.severity} ({cadence})")
        elif state.overdue:
            digits = format_clock(-state.remaining, sign="+")
            caption = Content.from_markup(
                "[b]Overdue[/b] since $due · $cadence · press u to log one",
                due=local_time(state.due, now),
                cadence=cadence,
            )
        else:
            digits = format_clock(state.remaining)
            caption = Content.from_markup(
                "until the next update at $due · $cadence", due=local_time(state.due, now), cadence=cadence
            )
        self.query_one(Digits).update(digits)
        if caption != self.caption:  # changes rarely; updating a Static costs a layout pass
            self.caption = caption
            self.query_one("#countdown-caption", Static).update(caption)
        self.set_class(bool(state.overdue), "-overdue")
        self.set_class(state.due_soon, "-due-soon")
        self.set_class(state.remaining is not None and state.remaining > timedelta(0), "-on-track")
