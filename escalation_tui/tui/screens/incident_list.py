"""The incident list: open incidents first, most urgent update first, then resolved; Enter opens."""

from typing import ClassVar, Protocol, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.content import Content
from textual.coordinate import Coordinate
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from ...domain.confidential import searchable
from ...domain.followup import follow_ups
from ...domain.models import Incident
from ...domain.search import incident_matches
from ...domain.summary import IncidentSummary
from ...domain.text import clean_text
from ...domain.urgency import by_urgency
from ...errors import EscalationError
from ...service import IncidentService, IncidentSession
from ..controls.key_bar import KeyBar
from ..controls.styled_once import StyledOnce
from ..controls.wrap_table import WrapTable
from ..dialogs.confirm import ConfirmDialog
from ..dialogs.new_incident import NewIncidentDialog
from ..format import elapsed_label, next_update_label, phase_short
from ..keys import bindings

# Title last: it takes the width that is left and wraps, so the times are never pushed away.
COLUMNS = ("Sev", "Kind", "Phase", "Elapsed", "Next update", "Title")
PARTS = ("actions", "texts")  # of each summary: the follow-ups count in the title, and search
# Up to this many finished incidents are listed at once; beyond it they come when asked for
# (enter on their row, or a search), so years of history cost the first frame nothing.
PAST_AT_ONCE = 200
PAST_ROW = "\x00past"  # the row that stands for the finished incidents not read yet
HIDDEN_TITLE = " incident"  # its war room shows the title


class IncidentTable(WrapTable):
    BINDINGS = bindings("list", widget="table")  # enter: DataTable's own would shadow the screen's
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "incidents--sev1",
        "incidents--sev2",
        "incidents--closed",
        "incidents--overdue",
        "incidents--confidential",
    }


class IncidentOpener(Protocol):
    """What the app offers this screen (the app imports the screens, not the other way round)."""

    def open_incident(self, incident_id: str, session: IncidentSession | None = None) -> None: ...


class SearchInput(Input):
    """The list's search line (/): escape clears it and shows every incident again."""

    BINDINGS: ClassVar[list[BindingType]] = [*bindings("list", widget="search")]
    can_focus = False  # hidden until / asks for it: the table keeps the focus the screen starts with


class IncidentListScreen(StyledOnce, Screen[None]):
    KEY_SCOPE = "list"
    BINDINGS = bindings(KEY_SCOPE)

    class Read(Message):
        """Team mode: the incidents as a worker thread read them from the server, or why not."""

        def __init__(
            self, stamp: object, incidents: list[IncidentSummary] | None, problems: list, error: str
        ) -> None:
            super().__init__()
            self.stamp, self.incidents, self.problems, self.error = stamp, incidents, problems, error

    def __init__(self, service: IncidentService) -> None:
        super().__init__()
        self.service = service
        self.incidents: list[IncidentSummary] = []
        self.shown: list[IncidentSummary] = []  # those whose text mentions the search (all without one)
        self.past_loaded = False  # the resolved and closed incidents are read (see PAST_AT_ONCE)
        self.past_count = 0  # how many there are, read or not
        # What the store need not read again (Store.summaries): one for each kind of read.
        self.memo_open: dict = {}
        self.memo_all: dict = {}
        self.search_text = ""
        self.left_out = 0  # confidential incidents: never searched, however many there are
        self.folder_stamp: object = None  # the store folder changes whenever any instance saves
        self.problems_shown: set[str] = set()
        self.composed = False  # its widgets are mounted (compose, or when first shown)
        self.reading = False  # team mode: a worker is reading the incidents from the server
        # What ctrl+z takes back, newest last: ("declared" | "deleted", incident id).
        self.taken: list[tuple[str, str]] = []

    def compose(self) -> ComposeResult:
        # Under the war room at start-up (the one open incident opens at once), its widgets wait
        # until it is first shown: mounting, styling and laying them out slowed the launch.
        self.composed = not self.covered
        if self.composed:
            yield from self.parts()

    def parts(self) -> ComposeResult:
        yield Static(Content("Incidents"), id="list-title")
        yield SearchInput(
            placeholder="Search titles, notes, whys, actions, lessons… (esc clears)",
            id="list-search",
            compact=True,
        )
        # The countdown is read at a glance: other columns wrap first when the title needs room.
        yield IncidentTable(*COLUMNS, id="incidents", zebra_stripes=True, keep=("Sev", "Next update"))
        yield Static("No incidents yet. Press n to declare one.", id="list-empty")
        yield KeyBar()

    def on_mount(self) -> None:
        self.set_interval(1, self.tick)
        self.app.theme_changed_signal.subscribe(self, self.theme_changed)

    def theme_changed(self, _theme: object) -> None:
        if self.composed:
            self.fill()  # cells carry theme colours

    async def on_screen_resume(self) -> None:
        if self.covered:  # at start-up the war room opens over it at once: read all later
            return
        if not self.composed:
            self.composed = True
            await self.mount_all(self.parts())
        self.reload()

    # -- data ------------------------------------------------------------------
    def reload(self, select: str | None = None) -> None:
        """Read the store (on show and after changes only, never per tick)."""
        self.folder_stamp = self.service.store.folder_stamp()
        try:
            incidents, problems = self.read()
        except EscalationError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.show_read(incidents, problems, select)

    def reload_in_worker(self) -> None:
        """Team mode, after another client saved: the query runs in a worker thread, so a slow
        or stuck server never stops the clock or the keys (on_incident_list_screen_read shows it)."""
        if self.reading:
            return
        self.reading = True
        stamp = self.service.store.folder_stamp()

        def read_off_the_loop() -> None:
            result = self.Read(stamp, None, [], "the incidents could not be read")
            try:
                result = self.Read(stamp, *self.read(), "")
            except EscalationError as error:
                result = self.Read(stamp, None, [], str(error))
            finally:
                self.post_message(result)  # thread-safe; dropped if the screen has gone

        self.run_worker(read_off_the_loop, thread=True, group="list-read", exit_on_error=False)

    def on_incident_list_screen_read(self, message: Read) -> None:
        self.reading = False
        self.folder_stamp = message.stamp
        if message.incidents is None:
            self.notify(message.error, severity="error", markup=False)
        elif self.composed:
            self.show_read(message.incidents, message.problems)

    def show_read(self, incidents: list[IncidentSummary], problems: list, select: str | None = None) -> None:
        for problem in problems:
            if problem.message not in self.problems_shown:  # reloads follow every save: say it once
                self.problems_shown.add(problem.message)
                self.notify(
                    f"Skipped {problem.path}: {problem.message}", severity="warning", markup=False, timeout=10
                )
        # The update due soonest (or most overdue) on top: the list is where that is decided.
        self.incidents = by_urgency(incidents, self.service.clock.now(), self.service.settings.cadences)
        self.fill(select)

    def read(self) -> tuple[list[IncidentSummary], list]:
        """The summaries to list: the open incidents, and the finished ones once asked for (or
        when there are few)."""
        if not self.past_loaded:
            incidents, problems = self.service.summaries(
                include_closed=False, parts=PARTS, known=self.memo_open
            )
            self.past_count = max(0, self.service.count() - len(incidents) - len(problems))
            if self.past_count > PAST_AT_ONCE:
                return incidents, problems
            self.past_loaded = True
        return self.service.summaries(parts=PARTS, known=self.memo_all)

    def load_past(self) -> None:
        """Read the resolved and closed incidents too (asked for: their row, or a search)."""
        if not self.past_loaded:
            self.past_loaded = True
            self.reload(select=self.selected_id if self.selected_id != PAST_ROW else None)

    def fill(self, select: str | None = None) -> None:
        table = self.query_one(IncidentTable)
        now = self.service.clock.now()
        self.shown = self.matching()
        self.left_out = sum(i.confidential for i in self.incidents)
        rows = [(self.cells(table, incident, now), incident.id) for incident in self.shown]
        if not self.past_loaded and self.past_count:
            rows.append((self.past_cells(), PAST_ROW))
        table.set_rows(rows, cursor_key=select or self.selected_id)
        empty = self.query_one("#list-empty", Static)
        empty.display = not rows
        if self.incidents and not self.shown:
            secret = " (confidential ones are not searched)" if self.left_out else ""
            empty.update(
                Content(
                    f"No incident mentions “{self.search_text}”{secret}. Press escape to clear the search."
                )
            )
        else:
            empty.update(Content("No incidents yet. Press n to declare one."))
        open_count = sum(i.is_open for i in self.incidents)
        today = now.astimezone().date()
        looked_into, _ = searchable(self.incidents, confidential_ok=False)  # as the follow-ups view
        overdue = sum(f.overdue(today) for f in follow_ups(looked_into, today, open_only=True))
        finished = len(self.incidents) - open_count if self.past_loaded else self.past_count
        title = f"Incidents · {open_count} open · {finished} resolved or closed"
        if overdue:
            title += f" · {overdue} follow-up{'s' if overdue != 1 else ''} overdue (f)"
        if self.search_text.strip():
            title += f" · {len(self.shown)} mention “{self.search_text.strip()}”"
            if self.left_out:
                title += " (confidential ones are not searched)"
        self.query_one("#list-title", Static).update(Content(title))
        self.refresh_bindings()

    def past_cells(self) -> list[Text]:
        word = "incident" if self.past_count == 1 else "incidents"
        text = f"▸ {self.past_count:,} finished {word}: enter shows them"
        return [Text(""), Text(""), Text(""), Text(""), Text(""), Text(text, style="italic")]

    def matching(self) -> list[IncidentSummary]:
        """Every incident, or those that mention the search. A confidential one is never
        searched (domain/confidential.searchable): whether it mentions a word must not show."""
        if not clean_text(self.search_text, multiline=False):
            return list(self.incidents)
        looked_into, _ = searchable(self.incidents, confidential_ok=False)
        return [i for i in looked_into if incident_matches(i, self.search_text)]

    def cells(self, table: IncidentTable, incident: IncidentSummary, now) -> list[Text]:
        muted = table.get_component_rich_style("incidents--closed", partial=True)
        sev = {"SEV1": "incidents--sev1", "SEV2": "incidents--sev2"}.get(incident.severity)
        sev_style = table.get_component_rich_style(sev, partial=True) if sev and incident.is_open else ""
        style = "" if incident.is_open else muted
        return [
            Text(incident.severity, style=sev_style or style),
            Text(incident.kind, style=style),
            Text(phase_short(incident), style=style),
            *self.times(table, incident, now),
            self.title_cell(table, incident, style),
        ]

    @staticmethod
    def title_cell(table: IncidentTable, incident: IncidentSummary, style) -> Text:
        """A confidential incident shows no title here, where it could be read out or shared:
        it is known by id, severity and countdown; its war room shows the rest."""
        if not incident.confidential:
            return Text(incident.title, style=style)
        mark = table.get_component_rich_style("incidents--confidential", partial=True)
        return Text.assemble(Text("CONFIDENTIAL", style=mark), Text(HIDDEN_TITLE, style=style))

    def times(self, table: IncidentTable, incident: IncidentSummary, now) -> list[Text]:
        next_update = next_update_label(incident, now, self.service.settings.cadences)
        style = (
            table.get_component_rich_style("incidents--overdue", partial=True)
            if "overdue" in next_update
            else ""
        )
        return [Text(elapsed_label(incident, now).removesuffix(" elapsed")), Text(next_update, style=style)]

    @property
    def covered(self) -> bool:
        """Under a full screen (the war room): it reloads when shown again, not on every save there.

        (is_current is also true for a screen seen through a dialog on top of another screen.)
        """
        for screen in reversed(self.app.screen_stack):
            if screen is self:
                return False
            if not screen.is_modal:
                return True
        return True

    def tick(self) -> None:
        """Every second: only the two time columns change, computed from timestamps."""
        if not self.is_current or self.covered:
            return
        if self.service.store.folder_stamp() != self.folder_stamp:  # another instance saved
            if getattr(self.service.store, "remote", False):
                self.reload_in_worker()
            else:
                self.reload()
            return
        table = self.query_one(IncidentTable)
        if not table.row_count:
            return
        now = self.service.clock.now()
        for incident in self.shown:  # the rows on show (a search hides the others)
            if incident.is_open:
                elapsed, next_update = self.times(table, incident, now)
                if table.outgrown("Elapsed", elapsed) or table.outgrown("Next update", next_update):
                    self.fill()  # "59:59" became "1:00:00": widen the columns (rare)
                    return
                table.set_cell(incident.id, "Elapsed", elapsed)
                table.set_cell(incident.id, "Next update", next_update)

    @property
    def selected_id(self) -> str | None:
        table = self.query_one(IncidentTable)
        if not 0 <= table.cursor_row < table.row_count:
            return None
        return table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value

    # -- actions -----------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("open_incident", "delete_incident"):
            return bool(self.shown)
        return True

    def declared_here(self, incident_id: str) -> bool:
        """True while ctrl+z here would take back this incident's declaration next."""
        return bool(self.taken) and self.taken[-1] == ("declared", incident_id)

    @property
    def opener(self) -> IncidentOpener:
        return cast(IncidentOpener, self.app)

    def action_search(self) -> None:
        search = self.query_one(SearchInput)
        search.can_focus = True
        self.add_class("-searching")
        self.call_after_refresh(search.focus)  # once it is shown

    @on(Input.Changed, "#list-search")
    def search_changed(self, event: Input.Changed) -> None:
        self.search_text = event.value
        if self.search_text.strip() and not self.past_loaded:
            self.load_past()  # a search covers every incident
            return
        self.fill()

    @on(Input.Submitted, "#list-search")
    def search_done(self) -> None:
        self.query_one(IncidentTable).focus()  # the filter stays; enter opens the selected incident

    def action_clear_search(self) -> None:
        search = self.query_one(SearchInput)
        search.value = ""  # Input.Changed refills the list
        search.can_focus = False
        self.search_text = ""
        self.remove_class("-searching")
        self.query_one(IncidentTable).focus()
        self.fill()

    def action_open_incident(self) -> None:
        self.open_row(self.selected_id)

    @on(DataTable.RowSelected)
    def row_selected(self, event: DataTable.RowSelected) -> None:
        self.open_row(event.row_key.value)

    def open_row(self, key: str | None) -> None:
        if key == PAST_ROW:
            self.load_past()
        elif key is not None:
            self.opener.open_incident(key)

    def action_new_incident(self) -> None:
        dialog = NewIncidentDialog(self.service.declare, self.service.actor, self.service.settings.cadences)
        self.app.push_screen(dialog, self.declared)

    def declared(self, session: IncidentSession | None) -> None:
        if session is None:
            return
        self.reload(select=session.id)
        self.taken.append(("declared", session.id))
        self.notify(
            f"Declared {session.incident.severity}: {session.incident.title} "
            "(by mistake? ctrl+z takes it back)",
            markup=False,
        )
        self.opener.open_incident(session.id, session)

    # -- taking back: deletions go to the store's trash, whence ctrl+z restores them ----
    def action_delete_incident(self) -> None:
        chosen = next((i for i in self.shown if i.id == self.selected_id), None)
        if chosen is None:
            return
        question = Content.from_markup(
            "Delete [b]$title[/b]? It goes to the trash: ctrl+z here (or `incident restore $id`) "
            "brings it back.",
            title=chosen.title,
            id=chosen.id,
        )
        self.app.push_screen(
            ConfirmDialog(question, yes="Delete"), lambda yes: self.delete(chosen.id) if yes else None
        )

    def delete(self, incident_id: str, said: str = "Deleted") -> None:
        def deleted(_: object) -> None:
            self.taken.append(("deleted", incident_id))
            self.reload()
            self.notify(f"{said} {incident_id}: in the trash (ctrl+z brings it back)", markup=False)

        self.app.run_change(lambda: self.service.delete(incident_id), deleted)  # type: ignore[attr-defined]

    def action_take_back(self) -> None:
        """ctrl+z: the last declaration made here goes to the trash; the last deletion comes back."""
        if not self.taken:
            self.notify("Nothing to take back here", markup=False)
            return
        what, incident_id = self.taken.pop()
        if what == "deleted":

            def restored(incident: Incident) -> None:
                self.reload(select=incident.id)
                self.notify(f"Restored {incident.severity}: {incident.title}", markup=False)

            self.app.run_change(lambda: self.service.restore(incident_id), restored)  # type: ignore[attr-defined]
            return
        try:
            changed = self.service.open(incident_id).incident.revision > 0
        except EscalationError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        if changed:  # work was recorded in it since: ask, as D does
            self.taken.append((what, incident_id))
            self.select_incident(incident_id)
            self.action_delete_incident()
            return
        self.delete(incident_id, said="Declaration taken back:")

    def select_incident(self, incident_id: str) -> None:
        self.fill(select=incident_id)

    def action_follow_ups(self) -> None:
        from .follow_ups import FollowUpsScreen

        self.app.push_screen(FollowUpsScreen(self.service))

    def action_reload(self) -> None:
        self.reload()
