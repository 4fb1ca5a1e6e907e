"""Pane 2: time to the next stakeholder update, the overdue alarm, and the updates sent.

What it shows is recomputed from absolute timestamps on every tick (see domain/cadence.py),
so a laptop waking from sleep shows the right value at once.
"""

from datetime import datetime, timedelta

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Digits, Static

from ....domain.cadence import Countdown, countdown
from ....domain.clock_text import format_clock
from ....domain.drafts import update_headline
from ....domain.enums import DeliveryState
from ....domain.models import Incident
from ....service.outbox import resend_failed
from ....service.outbox import state_line as delivery_line
from ...controls.pane import Pane
from ...controls.wrap_table import WrapTable
from ...format import Cadences, local_time
from ...keys import bindings
from .countdown_alarm import OverdueAlarm
from .countdown_text import cadence_line, metrics_line, state_line

STATES = ("-on-track", "-due-soon", "-overdue", "-stopped", "-no-cadence")


class UpdatesTable(WrapTable):
    pass


def delivery_mark(incident: Incident, update_id: str) -> str:
    """After the audience: ✓ every channel has it, ✗ one failed, … on its way; nothing without channels."""
    states = {d.state for d in incident.deliveries if d.update_id == update_id}
    if not states:
        return ""
    if DeliveryState.FAILED in states:
        return " ✗"
    return " ✓" if states == {DeliveryState.SENT} else " …"


class CountdownPane(Pane):
    pane_id = "countdown"
    number = "2"
    title = "Next stakeholder update"
    short = "Update"
    BINDINGS = bindings("countdown")

    def __init__(self, cadences: Cadences = None, alarm: OverdueAlarm | None = None) -> None:
        super().__init__()
        self.cadences = cadences
        self.alarm = alarm or OverdueAlarm()  # the app-wide alarm's state for this incident
        self.shown: dict[str, Content] = {}  # what each caption line shows, to skip needless updates

    def compose(self) -> ComposeResult:
        with Horizontal(id="countdown-top"):
            yield Digits("--:--", id="countdown-digits")
            with Vertical(id="countdown-captions"):
                yield Static(id="countdown-state")
                yield Static(id="countdown-cadence")
                yield Static(id="countdown-metrics")
        yield UpdatesTable("Sent", "To", "Update", id="updates-table")
        yield Static(id="updates-delivery", markup=False)  # the selected update's channels

    def show(self, incident: Incident) -> None:
        now = self.now or incident.milestones.declared
        newest_first = sorted(incident.updates, key=lambda u: u.sent_at, reverse=True)
        self.query_one(UpdatesTable).set_rows(
            [
                (
                    (
                        Text(local_time(u.sent_at, now)),
                        Text(u.audience.value + delivery_mark(incident, u.id)),
                        Text(update_headline(u.text, 300)),
                    ),
                    u.id,
                )
                for u in newest_first
            ]
        )
        self.set_caption("countdown-cadence", cadence_line(incident, self.cadences))
        self.tick(incident, now)
        self.show_delivery()

    def selected_update(self) -> str | None:
        table = self.query_one(UpdatesTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value

    @on(DataTable.RowHighlighted, "#updates-table")
    def show_delivery(self) -> None:
        """Per channel, where the selected update is: sent, pending (next try), failed (why)."""
        line = self.query_one("#updates-delivery", Static)
        update_id = self.selected_update()
        deliveries = (
            [d for d in self.incident.deliveries if d.update_id == update_id] if self.incident else []
        )
        line.display = bool(deliveries)
        if deliveries:
            now = self.now or self.clock_now()
            parts = [f"{d.channel}: {delivery_line(d, now)}" for d in deliveries]
            failed = any(d.state == DeliveryState.FAILED for d in deliveries)
            line.update(" · ".join(parts) + (" · r resends" if failed else ""))

    def clock_now(self) -> datetime:
        return self.incident.milestones.declared if self.incident else datetime.now().astimezone()

    def tick(self, incident: Incident, now: datetime) -> None:
        state = countdown(incident, now, self.cadences)
        self.query_one(Digits).update(self.digits(state))
        self.set_caption("countdown-state", state_line(incident, state, now))
        self.set_caption("countdown-metrics", metrics_line(incident, now, self.cadences))
        self.show_state(self.state_class(incident, state))
        if self.alarm.should_ring(state):
            self.ring(state, now)

    @staticmethod
    def digits(state: Countdown) -> str:
        if state.remaining is None:
            return "--:--"
        return format_clock(-state.remaining, sign="+") if state.overdue else format_clock(state.remaining)

    @staticmethod
    def state_class(incident: Incident, state: Countdown) -> str:
        if not incident.is_open:
            return "-stopped"
        if state.remaining is None:
            return "-no-cadence"
        return "-overdue" if state.overdue else "-due-soon" if state.due_soon else "-on-track"

    def show_state(self, current: str) -> None:
        for name in STATES:
            self.set_class(name == current, name)

    def set_caption(self, line_id: str, content: Content) -> None:
        if self.shown.get(line_id) != content:  # updating a Static costs a layout pass: only on change
            self.shown[line_id] = content
            self.query_one(f"#{line_id}", Static).update(content)

    def ring(self, state: Countdown, now: datetime) -> None:
        """Bell and toast when the update falls due, and again every few minutes it stays overdue."""
        self.app.bell()
        late = -state.remaining if state.remaining is not None else timedelta(0)
        message = (
            "A stakeholder update is due now: press u to log one."
            if late < self.alarm.repeat
            else f"The stakeholder update is overdue by {format_clock(late)}: press u to log one."
        )
        self.notify(message, title="Update due", severity="error", timeout=30, markup=False)

    # -- keys --------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "change_cadence":
            return self.incident is not None and self.incident.is_open
        if action == "show_text":
            return self.incident is not None and bool(self.incident.updates)
        if action == "resend":
            return self.incident is not None and any(
                d.state == DeliveryState.FAILED for d in self.incident.deliveries
            )
        return True

    def action_show_text(self) -> None:
        """The selected update's full text: to the clipboard, and shown to copy by hand or save."""
        from ...dialogs.copy_text import copy_update

        table = self.query_one(UpdatesTable)
        if self.incident is None or not table.row_count:
            return
        key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
        update = next((u for u in self.incident.updates if u.id == key), None)
        if update is not None:
            copy_update(self.app, self.incident, update, "Update text", show=True)

    def action_resend(self) -> None:
        update_id = self.selected_update()
        if self.incident is None or update_id is None:
            return
        now = self.now or self.clock_now()
        self.request(lambda session: resend_failed(session, update_id, now), "Sending it again")
        self.app.outbox.poke()  # type: ignore[attr-defined]  # EscalationApp's

    def action_change_cadence(self) -> None:
        from .cadence_dialog import CadenceChoice, CadenceDialog

        if self.incident is None:
            return

        def save(choice: CadenceChoice) -> None:
            minutes = choice.minutes
            self.apply_now(lambda s: s.set_cadence(minutes), self.cadence_done(minutes))

        self.app.push_screen(CadenceDialog(self.incident, self.cadences, save))

    @staticmethod
    def cadence_done(minutes: int | None) -> str:
        if minutes is None:
            return "Update cadence back to the severity default"
        return "No regular updates for this incident" if minutes == 0 else f"Updates due every {minutes} min"
