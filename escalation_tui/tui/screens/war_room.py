"""The war room: header, four panes, timeline; every change goes through the IncidentSession."""

from datetime import datetime

from textual import events, on
from textual.app import ComposeResult
from textual.binding import ActiveBinding
from textual.containers import Container
from textual.message import Message
from textual.reactive import var
from textual.widgets import Tab

from ...domain.cadence import countdown
from ...domain.channels import channels_for
from ...domain.clock import Clock
from ...domain.enums import Audience, Milestone
from ...domain.models import Incident, StatusUpdate
from ...domain.outbox import only_outbox_changed
from ...domain.shifts import commander_since, long_stretch
from ...errors import EscalationError
from ...service import IncidentSession
from .. import changes
from ..controls.confidential import ConfidentialBanner
from ..controls.header import IncidentHeader
from ..controls.key_bar import KeyBar
from ..controls.links_bar import LinksBar
from ..controls.own_class import set_own_class
from ..controls.pane import Pane
from ..controls.pane_tabs import PaneTabs
from ..dialogs.copy_text import copy_update
from ..keys import bindings
from ..panes.actions.actions import ActionsPane
from ..panes.checklist.checklist import ChecklistPane
from ..panes.timeline.timeline import TimelinePane
from ..panes.update.countdown import CountdownPane
from ..panes.update.countdown_alarm import OverdueAlarm
from ..panes.update.update_dialog import UpdateDialog
from ..panes.whys.whys import WhysPane
from .incident_commands import IncidentCommands

PANES: tuple[type[Pane], ...] = (ChecklistPane, CountdownPane, WhysPane, ActionsPane)
TABBED: tuple[type[Pane], ...] = (*PANES, TimelinePane)
# At 80 columns the footer drops keys shown elsewhere: the tab bar names 1-4 and t, the
# header names the phase (P stays in help and the palette).
RELOADED, UP_TO_DATE = "Reloaded: changed elsewhere", "Already up to date"
COMPACT_FOOTER_HIDES = ("war_room.focus_pane", "war_room.toggle_timeline", "war_room.advance_phase")


class WarRoomScreen(IncidentCommands):
    KEY_SCOPE = "war_room"
    PARTS = ".pane"

    class ChangedElsewhere(Message):
        """Posted from the store's listener thread (team mode) when another client saved."""

    class Fetched(Message):
        """The incident as the server has it, read in a worker thread (team mode); or why not."""

        def __init__(self, stamp: object, latest: Incident | None, problem: str = "") -> None:
            super().__init__()
            self.stamp, self.latest, self.problem = stamp, latest, problem

    BINDINGS = bindings(KEY_SCOPE)

    incident: var[Incident | None] = var(None, always_update=True)
    now: var[datetime | None] = var(None)
    active_pane = var("checklist")
    show_timeline = var(False)
    bindings_shown_for: tuple | None = None

    def __init__(
        self, session: IncidentSession, clock: Clock, pane: str = "checklist", action_id: str | None = None
    ) -> None:
        super().__init__(session, clock)
        self.set_reactive(WarRoomScreen.incident, session.incident)
        self.set_reactive(WarRoomScreen.now, clock.now())
        self.set_reactive(WarRoomScreen.active_pane, pane)
        self.set_reactive(WarRoomScreen.show_timeline, False)  # read by compose: no watcher yet
        self.poll_problem = ""  # the store problem last reported by the once-a-second check
        self.fetching = False  # team mode: a worker is reading the incident from the server
        self.reload_asked = False  # team mode: R was pressed; say what the read found
        self.focus_request = pane  # what the last pane key asked to focus (focus comes after layout)
        self.action_id = action_id  # an action item to select once shown (from the follow-ups view)

    def compose(self) -> ComposeResult:
        bound = (WarRoomScreen.now, WarRoomScreen.incident)  # now first: the first show reads the date
        yield ConfidentialBanner(id="confidential").data_bind(WarRoomScreen.incident)
        yield IncidentHeader(id="header", cadences=self.session.settings.cadences).data_bind(*bound)
        yield LinksBar(public_url=self.session.settings.public_url).data_bind(WarRoomScreen.incident)
        tabs = PaneTabs(*(Tab(f"{p.number} {p.short}", id=f"tab-{p.pane_id}") for p in TABBED))
        tabs.can_focus = False  # the number keys switch; a focus stop here would only slow tab
        yield tabs
        panes = (
            ChecklistPane(),
            CountdownPane(self.session.settings.cadences, self.shared_alarm()),
            WhysPane(),
            ActionsPane(),
        )
        with Container(id="panes"):  # in PANES order: the number keys and tabs follow it
            for pane in panes:  # the layout classes before mounting: set later, they restyle it all
                set_own_class(pane, pane.pane_id == self.active_pane, "-active")
                pane.in_view = self.pane_in_view(pane)
                yield pane.data_bind(*bound)
        yield TimelinePane().data_bind(*bound)
        key_bar = KeyBar(compact=True)
        key_bar.show_command_palette = not self.compact  # 80 columns: room for the keys only
        yield key_bar

    def shared_alarm(self) -> OverdueAlarm | None:
        """The app-wide alarm's state for this incident, so leaving the room never rings twice."""
        watch = getattr(self.app, "update_watch", None)
        return watch.alarm_for(self.session.id) if watch is not None else None

    def watch_now(self) -> None:
        """The pane-2 tab shows the update's state, so it is seen whatever pane is on show."""
        incident = self.incident
        tabs = self.query("#tab-countdown")  # empty until composed
        if incident is None or self.now is None or not tabs:
            return
        state = countdown(incident, self.now, self.session.settings.cadences)
        tab = tabs.first(Tab)
        tab.set_class(incident.is_open and state.overdue, "-overdue")
        tab.set_class(incident.is_open and state.due_soon, "-due-soon")

    def on_mount(self) -> None:
        self.watch_now()
        if self.action_id is not None:
            self.query_one(ActionsPane).select(self.action_id)
        self.set_interval(1, self.tick)
        # Team mode pushes other clients' saves at once; the tick's poll stays the fallback.
        self.stop_watching = self.session.watch(self.saved_elsewhere)
        # Table and tree cells are Rich Text styled from the theme: redraw them with the new one.
        self.app.theme_changed_signal.subscribe(self, lambda _: self.show_incident())
        self.compact = self.is_compact(self.app.size)
        self.sync()
        self.call_after_refresh(self.focus_requested)

    def saved_elsewhere(self) -> None:
        """Called from the store's listener thread: post_message is thread-safe."""
        self.post_message(self.ChangedElsewhere())

    def tick(self) -> None:
        """Every second: the time moves, and another instance's saves are picked up."""
        self.now = self.clock.now()
        self.pick_up_changes_elsewhere()
        self.suggest_handoff()

    def suggest_handoff(self) -> None:
        """Once per commander's stretch, quietly: a long shift is when mistakes creep in."""
        incident = self.session.incident
        served = long_stretch(incident, self.clock.now(), self.session.settings.commander_shift_hours)
        if served is None:
            return
        given: set = getattr(self.app, "handoff_hints", set())  # once per app run, not per war room
        stretch = (incident.id, incident.roles.commander, commander_since(incident))
        if stretch in given:
            return
        given.add(stretch)
        hours, minutes = divmod(int(served.total_seconds()) // 60, 60)
        self.notify(
            f"{incident.roles.commander} has been commander for {hours} h {minutes:02d} min. "
            "Time to hand over? O names the next commander.",
            title="Look after the people",
            timeout=20,
            markup=False,
        )

    def pick_up_changes_elsewhere(self) -> None:
        """One stat of the incident file; reload and redraw only when another instance saved.

        Panes keep their cursor and any dialog open on top keeps what was typed.
        """
        if self.session.remote:
            self.fetch_changes_elsewhere()
            return
        try:
            changed = self.session.poll()
        except EscalationError as error:
            self.say_poll_problem(str(error))
            return
        self.poll_problem = ""
        if changed:
            self.show_changes_elsewhere()

    def fetch_changes_elsewhere(self, force: bool = False) -> None:
        """Team mode: the query runs in a worker thread, so a slow or stuck server never stops
        the clock or the keys; the result is taken on the event loop (on_war_room_screen_fetched)."""
        if self.fetching or not (force or self.session.stale()):
            return
        self.fetching = True
        session = self.session

        def fetch() -> None:
            result = self.Fetched(None, None, "the incident could not be read")
            try:
                result = self.Fetched(*session.fetch())
            except EscalationError as error:
                result = self.Fetched(None, None, str(error))
            finally:
                self.post_message(result)  # thread-safe; dropped if the screen has gone

        self.run_worker(fetch, thread=True, group="refresh", exit_on_error=False)

    def on_war_room_screen_fetched(self, message: Fetched) -> None:
        self.fetching = False
        asked, self.reload_asked = self.reload_asked, False
        if message.latest is None:
            if asked:
                self.poll_problem = ""  # asked for: said again, even if a tick said it already
            self.say_poll_problem(message.problem)
            return
        self.poll_problem = ""
        changed = self.session.adopt(message.stamp, message.latest, only_newer=True)
        if asked:
            self.changed(RELOADED if changed else UP_TO_DATE)
        elif changed:
            self.show_changes_elsewhere()

    def say_poll_problem(self, problem: str) -> None:
        if problem != self.poll_problem:  # say it once, not every second
            self.poll_problem = problem
            self.notify(problem, severity="error", timeout=20, markup=False)

    def show_changes_elsewhere(self) -> None:
        seen = self.incident
        self.show_incident()
        if seen is None or not only_outbox_changed(seen, self.session.incident):  # not the sender's
            self.notify("Updated with changes saved in another window", timeout=3, markup=False)

    def on_war_room_screen_changed_elsewhere(self, message: ChangedElsewhere) -> None:
        self.pick_up_changes_elsewhere()

    def on_unmount(self) -> None:
        self.stop_watching()

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """What the footer shows; compact, it keeps room for the pane's keys, undo, esc and ?."""
        bindings = super().active_bindings
        if not self.compact:
            return bindings
        return {
            key: b for key, b in bindings.items() if not (b.binding.id or "").startswith(COMPACT_FOOTER_HIDES)
        }

    # -- layout ------------------------------------------------------------------
    def watch_compact(self, compact: bool) -> None:
        self.query_one(KeyBar).show_command_palette = not compact  # 80 columns: room for the keys only
        if compact and self.show_timeline and not self.query_one(TimelinePane).has_focus_within:
            self.show_timeline = False  # one thing fits: keep what has focus on screen
        super().watch_compact(compact)

    def watch_active_pane(self) -> None:
        self.sync()

    def watch_show_timeline(self) -> None:
        self.sync()

    def sync(self) -> None:
        """Classes and the tab bar follow the three layout reactives."""
        for pane in self.query("#panes > Pane").results(Pane):
            set_own_class(pane, pane.id == self.active_pane, "-active")
            pane.set_in_view(self.pane_in_view(pane))
        shown = self.show_timeline
        timeline = self.query_one(TimelinePane)
        set_own_class(timeline, shown, "-shown")
        timeline.set_in_view(shown)
        set_own_class(self.query_one("#panes"), self.compact and shown, "-behind-timeline")
        self.query_one(PaneTabs).active = (
            "tab-timeline" if shown and self.compact else f"tab-{self.active_pane}"
        )

    def pane_in_view(self, pane: Pane) -> bool:
        """All four panes show when there is room; else the active one, unless the timeline does."""
        return not self.compact or (pane.pane_id == self.active_pane and not self.show_timeline)

    @property
    def active_pane_widget(self) -> Pane:
        """The pane on show (or last focused): the command palette offers its keys too."""
        return self.pane(self.active_pane)

    def pane(self, pane_id: str) -> Pane:
        return self.query_one(f"#{pane_id}", Pane)

    @on(PaneTabs.Chosen)
    def tab_clicked(self, event: PaneTabs.Chosen) -> None:
        """A click on the tab bar is a pane key; the bar itself only shows the reactives (sync)."""
        target = event.target
        if target == "timeline":
            if not self.show_timeline:
                self.action_toggle_timeline()
        else:
            self.action_focus_pane(target)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Clicking or tabbing into a pane makes it the active one, so the compact layout shows it."""
        for node in event.widget.ancestors_with_self:
            if isinstance(node, Pane) and not isinstance(node, TimelinePane):
                self.active_pane = node.pane_id  # a no-op when it already is (var compares)
                return

    # -- changes (apply, commit, undo: IncidentScreen) ------------------------------
    def show_incident(self) -> None:
        self.now = self.clock.now()
        self.incident = self.session.incident

    def watch_incident(self) -> None:
        # check_action depends on the incident's state: redraw the footer only when that changed
        # (a refresh re-renders every footer key; it used to happen on every change).
        state = self.binding_state()
        if state != self.bindings_shown_for:
            self.bindings_shown_for = state
            self.refresh_bindings()
        self.watch_now()

    def binding_state(self) -> tuple:
        """Everything check_action reads."""
        incident = self.session.incident
        milestones = tuple(incident.milestones.get(m) is None for m in Milestone)
        return (incident.is_open, milestones, incident.phase, self.session.can_undo, self.list_takes_back())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        incident = self.session.incident
        milestones = incident.milestones
        if action == "acknowledge":
            return incident.is_open and milestones.acknowledged is None
        if action == "contain":
            return incident.is_open and milestones.contained is None
        if action == "resolve":
            return milestones.resolved is None
        if action == "milestone":
            return any(milestones.get(m) is None for m in Milestone)
        if action == "advance_phase":
            return incident.phase.next() is not None
        if action == "undo":
            return self.session.can_undo or self.list_takes_back() is not None
        return True

    # -- actions -----------------------------------------------------------------
    def action_focus_pane(self, pane_id: str) -> None:
        if self.compact:
            self.show_timeline = False
        self.active_pane = pane_id
        self.focus_request = pane_id
        self.focus_when_shown()

    def action_toggle_timeline(self) -> None:
        self.show_timeline = not self.show_timeline
        self.focus_request = "timeline" if self.show_timeline else self.active_pane
        self.focus_when_shown()

    def focus_when_shown(self) -> None:
        """Compact, a pane or the timeline takes the other's place in the next layout: focus it
        once laid out. Wide, everything is on screen (the timeline below the panes as soon as its
        class is set): focus now, drawn in the same frame as the key's other changes."""
        if self.compact:
            self.call_after_refresh(self.focus_requested)
        else:
            self.focus_requested()

    def focus_requested(self) -> None:
        """Focus what the last pane key asked for, once it is laid out.

        After a refresh (compact), a later key may already have asked for another pane: it
        reads the latest request instead of remembering its own, so a burst ends on the last key.
        """
        if self.focus_request == "timeline" and not self.show_timeline:
            self.focus_request = self.active_pane  # the timeline was hidden again meanwhile
        target = (
            self.query_one(TimelinePane)
            if self.focus_request == "timeline"
            else self.pane(self.focus_request)
        )
        if not target.has_focus_within:
            target.focus_main()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_undo(self) -> None:
        """With nothing of its own to undo, ctrl+z in an incident just declared by mistake takes
        the declaration back: to the trash, and back to the list (where ctrl+z restores it)."""
        incidents = self.list_takes_back()
        if not self.session.can_undo and incidents is not None:
            self.app.pop_screen()
            incidents.action_take_back()
            return
        super().action_undo()

    def list_takes_back(self):
        """The incident list under this war room, when its ctrl+z would take this incident's
        declaration back next (it was declared there, and nothing since); else None."""
        from .incident_list import IncidentListScreen  # the list is always under the war room

        for screen in self.app.screen_stack:
            if isinstance(screen, IncidentListScreen) and screen.declared_here(self.session.id):
                return screen
        return None

    def action_log_update(self) -> None:
        def saved(update: StatusUpdate | None) -> None:
            if update is not None:
                copy_update(self.app, self.session.incident, update, f"Update to {update.audience} logged")
                if any(d.update_id == update.id for d in self.session.incident.deliveries):
                    self.app.outbox.poke()  # type: ignore[attr-defined]  # EscalationApp's

        session = self.session
        log_update = self.saving(IncidentSession.log_update)  # the countdown restarts from this update
        channels = session.settings.channels

        def channels_for_audience(audience: Audience) -> list[str]:
            incident = session.incident
            return [
                c.name for c in channels_for(channels, audience, incident.severity, incident.confidential)
            ]

        dialog = UpdateDialog(
            session.incident,
            self.clock,
            log_update,
            cadences=session.settings.cadences,
            channels_for=channels_for_audience if channels else None,
        )
        self.app.push_screen(dialog, saved)

    def action_walkthrough(self) -> None:
        """Show the 5 Whys and ask why about its selected answer (or the problem)."""
        self.action_focus_pane("whys")
        self.call_after_refresh(self.query_one(WhysPane).start_walk)

    def action_export(self) -> None:
        """The post-mortem screen: lessons, blame check, preview, save. Back here with escape."""
        from ..postmortem.postmortem import PostMortemScreen  # not needed for the first frame

        self.app.push_screen(PostMortemScreen(self.session, self.clock), lambda _: self.show_incident())

    def action_reload(self) -> None:
        if self.session.remote:  # read in a worker thread; on_war_room_screen_fetched says what it found
            self.reload_asked = True
            self.fetch_changes_elsewhere(force=True)
            return

        def reloaded(elsewhere: bool) -> None:
            self.changed(RELOADED if elsewhere else UP_TO_DATE)

        changes.route(self).run_change(self.session.refresh, reloaded)
