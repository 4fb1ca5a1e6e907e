"""Pane 4: the action items tracker: quick add, edit, status, delete, sort and filter.

What to show (order, overdue, flags) lives in actions_rows; this file is the widget and
its keys. Changes go to the screen as requests, like every pane; the cursor follows the
item it was on through any change, sort or filter (or jumps to an item that just appeared).
"""

from datetime import date, datetime
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Static

from ....domain.actions import SortOrder, arrange, is_overdue, next_status
from ....domain.enums import ActionType, Priority
from ....domain.models import ActionItem, Incident
from ....domain.quickadd import QuickAdd
from ...controls.pane import Pane, same_items
from ...controls.wrap_table import LazyRow, WrapTable
from ...keys import bindings
from .actions_rows import COLUMNS, RowStyles, cells, widths


class ActionsTable(WrapTable):
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "actions--missing",
        "actions--closed",
        "actions--overdue",
        "actions--overdue-due",
        "actions--cause",
    }


class ActionsPane(Pane):
    pane_id = "actions"
    number = "4"
    title = "Action items"
    short = "Actions"
    BINDINGS = bindings("actions")

    def __init__(self) -> None:
        super().__init__()
        self.order = SortOrder.DUE
        self.open_only = False
        self.known_ids: set[str] | None = None  # ids at the last show, to spot an item that appeared
        self.shown_for: date | None = None  # the local date the overdue marks were computed for
        self.had_selection = False
        self.row_cache: dict[str, tuple[tuple, LazyRow]] = {}  # action id -> ((action, why), cells)
        self.row_context: tuple | None = None  # (day, theme styles) every cached row was built for
        self.shown_from: tuple | None = None  # what the rows were last built from (same_source)

    def compose(self) -> ComposeResult:
        yield ActionsTable(*COLUMNS, id="actions-table", zebra_stripes=True)
        yield Static(id="actions-empty")

    # -- what is shown -------------------------------------------------------------
    def today(self) -> date:
        """The local date, from the injected clock (the screen sets `now` every second)."""
        now = self.now or (self.incident.milestones.declared if self.incident else None)
        return now.astimezone().date() if now else date.today()  # (only before the screen binds `now`)

    def show(self, incident: Incident) -> None:
        table = self.query_one(ActionsTable)

        def style(name: str):
            return table.get_component_rich_style(f"actions--{name}", partial=True)

        styles = RowStyles(
            style("missing"), style("closed"), style("overdue"), style("overdue-due"), style("cause")
        )
        today = self.today()
        # A change elsewhere (a tick, a note) leaves every action and why as it was: with
        # thousands of rows, comparing them costs far less than arranging and patching.
        source = (incident.actions, incident.whys, today, styles, self.order, self.open_only)
        if self.shown_from is not None and same_source(self.shown_from, source):
            return
        self.shown_from = source
        ids = {a.id for a in incident.actions}
        appeared = ids - self.known_ids if self.known_ids is not None else set()
        cursor = appeared.pop() if len(appeared) == 1 else self.selected_id
        self.known_ids = ids
        self.shown_for = today
        whys = {w.id: w for w in incident.whys}
        if self.row_context != (today, styles):  # compared once here, not once per row
            self.row_context = (today, styles)
            self.row_cache = {}
        shown = arrange(incident.actions, self.order, self.open_only)
        table.set_rows([(self.row_cells(a, whys, today, styles), a.id) for a in shown], cursor_key=cursor)
        self.row_cache = {a.id: self.row_cache[a.id] for a in shown}
        self.describe(incident, len(shown), today)
        if (self.selected is not None) != self.had_selection:  # e, space, d apply to a selection
            self.had_selection = not self.had_selection
            self.refresh_bindings()

    def row_cells(self, action: ActionItem, whys: dict, today: date, styles: RowStyles) -> LazyRow:
        """cells(), reused while the action and its linked why are the same (the cache holds
        rows of one day and theme: row_context).

        A change replaces only the items it touches (the service copies on write), so with
        thousands of items almost every row is reused as it is.
        """
        why = whys.get(action.why_id) if action.why_id else None
        hit = self.row_cache.get(action.id)
        if hit is not None and hit[0][0] is action and hit[0][1] is why:
            return hit[1]
        row = LazyRow(lambda: cells(action, whys, today, styles), widths(action, today))
        self.row_cache[action.id] = ((action, why), row)
        return row

    def describe(self, incident: Incident, shown: int, today: date) -> None:
        """Sort, filter and what needs attention, in the border; a hint when the table is empty."""
        total = len(incident.actions)
        overdue = sum(is_overdue(a, today) for a in incident.actions)
        which = f"open {shown} of {total}" if self.open_only else f"all {total}"
        parts = [f"sort: {self.order}", which] + ([f"{overdue} overdue"] if overdue else [])
        self.border_subtitle = Content(" · ".join(parts))
        empty = self.query_one("#actions-empty", Static)
        empty.display = shown == 0
        if not total:
            empty.update(Content("No action items yet. Press a to add one, e.g. Add canary @lee !p1 due:fri"))
        elif shown == 0:
            empty.update(Content("Nothing open: every item is done or dropped. Press f to show all."))

    def tick(self, incident: Incident, now: datetime) -> None:
        if now.astimezone().date() != self.shown_for:
            self.show_if_in_view()  # past midnight: what is overdue has changed

    @property
    def selected_id(self) -> str | None:
        table = self.query_one(ActionsTable)
        if table.pending_cursor_key is not None:
            return table.pending_cursor_key  # hidden, rows waiting to be shown: where the cursor will go
        if table.row_count and 0 <= table.cursor_row < table.row_count:
            return table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
        if not table.laid_out_width:
            return table.cursor_key  # a hidden pane, not laid out yet: where the cursor will go
        return None

    @property
    def selected(self) -> ActionItem | None:
        selected_id = self.selected_id  # once: it asks the table (the key bar asks for every key shown)
        if self.incident is None or selected_id is None:
            return None
        return next((a for a in self.incident.actions if a.id == selected_id), None)

    # -- keys ----------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "cycle_status", "delete"):
            return self.selected is not None
        return True

    def select(self, action_id: str) -> None:
        """Put the cursor on one item (the follow-ups view opens the war room on it)."""
        table = self.query_one(ActionsTable)
        table.set_rows(table.latest, cursor_key=action_id)

    def action_quick_add(self) -> None:
        from .action_quick_add_dialog import ActionQuickAddDialog

        def add(parsed: QuickAdd) -> None:
            self.apply_now(
                lambda s: s.add_action(
                    parsed.title,
                    owner=parsed.owner,
                    due=parsed.due,
                    priority=parsed.priority or Priority.P2,
                    type=parsed.type or ActionType.PREVENT,
                ),
                f"Action added: {parsed.title}",
            )

        today = self.today()
        self.editor.push_kept("quick-add", lambda: ActionQuickAddDialog(today, add), lambda d: d.clear(today))

    @on(DataTable.RowSelected, "#actions-table")
    def row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_edit(self) -> None:
        from .action_edit_dialog import ActionEditDialog

        action = self.selected
        if action is None or self.incident is None:
            return
        action_id = action.id

        def save(changes: dict) -> None:
            if changes:
                title = changes.get("title", action.title)
                self.apply_now(lambda s: s.edit_action(action_id, **changes), f"Saved: {title}")

        self.app.push_screen(ActionEditDialog(action, self.incident.whys, self.today(), save))

    def action_cycle_status(self) -> None:
        action = self.selected
        if action is not None:
            status = next_status(action.status)
            hidden = " (hidden: f shows all)" if self.open_only and status.closed else ""
            done = f"{status.label.capitalize()}: {action.title}{hidden}"
            self.request(lambda s: s.set_action_status(action.id, status), done)

    def action_delete(self) -> None:
        action = self.selected
        if action is not None:
            self.request(
                lambda s: s.remove_action(action.id), f"Deleted: {action.title} (ctrl+z brings it back)"
            )

    def action_cycle_sort(self) -> None:
        self.order = self.order.next()
        self.redraw()

    def action_toggle_filter(self) -> None:
        self.open_only = not self.open_only
        self.redraw()

    def redraw(self) -> None:
        if self.incident is not None:
            self.show(self.incident)


def same_source(old: tuple, new: tuple) -> bool:
    """The same actions and whys, and the same day, styles, order and filter."""
    (old_actions, old_whys, *old_rest), (actions, whys, *rest) = old, new
    return old_rest == rest and same_items(old_actions, actions) and same_items(old_whys, whys)
