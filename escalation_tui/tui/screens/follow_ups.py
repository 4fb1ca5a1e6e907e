"""Follow-ups: every open action item across incidents, overdue first (f on the incident list).

The post-mortem's promises are only worth something if they are done: this is where the
manager sees them all, narrows them to one owner, moves an item on in place (through the
service, like every change) and jumps to its incident's war room with the item selected.
A confidential incident's items are not listed (domain/confidential.searchable): their owners,
dates and statuses are its contents too, and the owner filter must not tell whether a name owns
something there. The title says how many incidents were left out; their war rooms show them.
"""

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.coordinate import Coordinate
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Static

from ...domain.actions import next_status
from ...domain.confidential import searchable
from ...domain.followup import FollowUp, follow_ups
from ...domain.models import Incident
from ...domain.summary import IncidentSummary, Listed
from ...domain.text import first_line
from ...errors import EscalationError
from ...service import IncidentService
from .. import changes
from ..controls.key_bar import KeyBar
from ..controls.styled_once import StyledOnce
from ..controls.wrap_table import WrapTable
from ..keys import bindings

# The action's title last: it takes the width that is left and wraps.
COLUMNS = ("Due", "P", "Status", "Owner", "Incident", "Action")
INCIDENT_WIDTH = 24


class FollowUpsTable(WrapTable):
    BINDINGS = bindings("follow_ups", widget="table")  # enter: DataTable's own would shadow the screen's
    COMPONENT_CLASSES = {"followups--overdue"}  # noqa: RUF012 (Textual's own class attribute)


class OwnerFilter(Input):
    BINDINGS = bindings("follow_ups", widget="filter")

    def action_close_filter(self) -> None:
        self.screen.action_close_filter()  # type: ignore[attr-defined]


def incident_name(incident: Listed) -> str:
    return first_line(incident.title, INCIDENT_WIDTH)


class FollowUpsScreen(StyledOnce, Screen[None]):
    KEY_SCOPE = "follow_ups"
    BINDINGS = bindings(KEY_SCOPE)

    class Read(Message):
        """Team mode: the incidents as a worker thread read them from the server, or why not."""

        def __init__(self, stamp: object, incidents: list[IncidentSummary] | None, error: str) -> None:
            super().__init__()
            self.stamp, self.incidents, self.error = stamp, incidents, error

    def __init__(self, service: IncidentService) -> None:
        super().__init__()
        self.service = service
        self.incidents: list[IncidentSummary] = []
        self.rows: list[FollowUp] = []
        self.touched: set[str] = set()  # moved on here: stays in view even once done, to move on again
        self.folder_stamp: object = None
        self.reading = False  # team mode: a worker is reading the incidents from the server

    def compose(self) -> ComposeResult:
        yield Static(Content("Follow-ups"), id="followups-title")
        yield OwnerFilter(placeholder="owner (esc closes, enter keeps)", id="owner-filter")
        yield FollowUpsTable(*COLUMNS, id="followups", zebra_stripes=True)
        yield Static(Content("No open action items in any incident."), id="followups-empty")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(OwnerFilter).display = False
        self.set_interval(1, self.tick)

    def on_screen_resume(self) -> None:
        self.reload()
        self.query_one(FollowUpsTable).focus()

    # -- data ------------------------------------------------------------------
    def today(self) -> date:
        return self.service.clock.now().astimezone().date()

    def reload(self) -> None:
        """Read the store (on show, after a change, or when another window saved)."""
        self.folder_stamp = self.service.store.folder_stamp()
        try:
            self.incidents, _ = self.service.summaries(parts=("actions",))
        except EscalationError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.fill()

    def tick(self) -> None:
        if self.is_current and self.service.store.folder_stamp() != self.folder_stamp:
            if getattr(self.service.store, "remote", False):
                self.reload_in_worker()
            else:
                self.reload()

    def reload_in_worker(self) -> None:
        """Team mode, after another client saved: the query runs in a worker thread, so a slow
        or stuck server never stops the clock or the keys (on_follow_ups_screen_read shows it)."""
        if self.reading:
            return
        self.reading = True
        stamp, service = self.service.store.folder_stamp(), self.service

        def read() -> None:
            result = self.Read(stamp, None, "the incidents could not be read")
            try:
                result = self.Read(stamp, service.summaries(parts=("actions",))[0], "")
            except EscalationError as error:
                result = self.Read(stamp, None, str(error))
            finally:
                self.post_message(result)  # thread-safe; dropped if the screen has gone

        self.run_worker(read, thread=True, group="follow-ups-read", exit_on_error=False)

    def on_follow_ups_screen_read(self, message: Read) -> None:
        self.reading = False
        self.folder_stamp = message.stamp
        if message.incidents is None:
            self.notify(message.error, severity="error", markup=False)
            return
        self.incidents = message.incidents
        self.fill()

    @property
    def owner(self) -> str:
        return self.query_one(OwnerFilter).value.strip().lstrip("@").casefold()

    def fill(self) -> None:
        today, owner = self.today(), self.owner
        looked_into, left_out = searchable(self.incidents, confidential_ok=False)
        rows = [
            row
            for row in follow_ups(looked_into, today)
            if (not row.action.status.closed or row.action.id in self.touched)
            and owner in row.action.owner.casefold()
        ]
        table = self.query_one(FollowUpsTable)
        selected = self.selected.action.id if self.selected else None
        self.rows = rows
        overdue = table.get_component_rich_style("followups--overdue", partial=True)
        table.set_rows(
            [(self.cells(row, today, overdue), row.action.id) for row in rows], cursor_key=selected
        )
        self.query_one("#followups-empty").display = not rows
        late = sum(row.overdue(today) for row in rows)
        narrowed = f" · owner contains “{owner}”" if owner else ""
        secret = f" · {left_out} confidential left out" if left_out else ""
        self.query_one("#followups-title", Static).update(
            Content(f"Follow-ups · {len(rows)} open · {late} overdue{secret}{narrowed}")
        )

    @staticmethod
    def cells(row: FollowUp, today: date, overdue_style) -> list[Text]:
        action = row.action
        late = row.overdue(today)
        due = f"{action.due:%Y-%m-%d}" if action.due else "no date"
        return [
            Text(due + (" late" if late else ""), style=overdue_style if late else ""),
            Text(action.priority.value),
            Text(action.status.label),
            Text(action.owner or "nobody"),
            Text(incident_name(row.incident)),
            Text(row.action.title),
        ]

    @property
    def selected(self) -> FollowUp | None:
        table = self.query_one(FollowUpsTable)
        if not self.rows or not 0 <= table.cursor_row < table.row_count:
            return None
        key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
        return next((row for row in self.rows if row.action.id == key), None)

    # -- actions -----------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("cycle_status", "open_item"):
            return bool(self.rows)
        return True

    def action_cycle_status(self) -> None:
        row = self.selected
        if row is None:
            return
        status = next_status(row.action.status)
        incident_id, action_id = row.incident.id, row.action.id

        def change() -> Incident:
            return self.service.open(incident_id).set_action_status(action_id, status)

        def done(_: Incident) -> None:
            self.touched.add(action_id)
            self.reload()
            self.notify(f"{status.label.capitalize()}: {row.action.title}", markup=False)

        changes.route(self).run_change(change, done)

    def action_open_item(self) -> None:
        row = self.selected
        if row is not None:
            self.app.open_incident(row.incident.id, pane="actions", action_id=row.action.id)  # type: ignore[attr-defined]

    def action_filter_owner(self) -> None:
        box = self.query_one(OwnerFilter)
        box.display = True
        box.focus()

    def action_close_filter(self) -> None:
        """Escape in the filter: clear it and go back to the table."""
        box = self.query_one(OwnerFilter)
        box.value = ""
        box.display = False
        self.query_one(FollowUpsTable).focus()

    @on(Input.Changed, "#owner-filter")
    def owner_typed(self) -> None:
        self.fill()

    @on(Input.Submitted, "#owner-filter")
    def owner_kept(self) -> None:
        self.query_one(FollowUpsTable).focus()

    def action_back(self) -> None:
        self.app.pop_screen()
