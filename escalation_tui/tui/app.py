"""The Textual app: wires the service to the screens. Screens do the work; keep this small."""

from collections.abc import Callable, Sequence
from pathlib import Path, PurePath
from typing import ClassVar, TypeVar

from textual import events
from textual.app import App
from textual.screen import ModalScreen

from ..domain.text import for_terminal
from ..errors import EscalationError
from ..service import IncidentService, IncidentSession, Known
from . import changes, paste_parser, tmux_hint
from .alarm import UpdateWatch
from .commands import EscalationCommands
from .dialogs.base import Dialog
from .keygate import KeyGate
from .keys import bindings
from .outbox_worker import OutboxThread
from .screens.help import HelpScreen
from .screens.incident_list import IncidentListScreen
from .screens.war_room import WarRoomScreen

HERE = Path(__file__).parent
T = TypeVar("T")


class EscalationApp(App[None]):
    TITLE = "Escalation TUI"
    # Order matters: a pane's own sheet comes after war_room.tcss so its rules win.
    # Each sheet lives next to the widget or screen it styles.
    CSS_PATH: ClassVar[list[str | PurePath]] = [
        HERE / sheet
        for sheet in (
            "app.tcss",
            "controls/key_bar.tcss",
            "screens/war_room.tcss",
            "dialogs/dialogs.tcss",
            "dialogs/shift.tcss",
            "controls/links_bar.tcss",
            "panes/checklist/checklist.tcss",
            "panes/update/countdown.tcss",
            "panes/whys/whys.tcss",
            "panes/actions/actions.tcss",
            "postmortem/postmortem.tcss",
        )
    ]
    COMMANDS = App.COMMANDS | {EscalationCommands}
    BINDINGS = bindings("app")

    def __init__(
        self, service: IncidentService, open_incident_id: str | None = None, warnings: Sequence[str] = ()
    ) -> None:
        super().__init__()
        self.service = service
        self.open_incident_id = open_incident_id
        self.warnings = list(warnings)  # e.g. a malformed playbooks.toml: stderr is hidden behind the TUI
        self.key_gate = KeyGate(self, super().on_event)
        paste_parser.install(self)  # a paste reaches the gate whole, as text
        self.update_watch = UpdateWatch(service)  # the bell for every open incident, on any screen
        self.handoff_hints: set[tuple] = set()  # commanders' long stretches already pointed out
        self.outbox = OutboxThread(self, service)  # sends logged updates to their channels

    async def on_event(self, event: events.Event) -> None:
        # Keys and pastes from the terminal go through the gate, so type-ahead lands where the
        # user is looking (see keygate.py); everything else, and forwarded copies, as usual.
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            for part in escape_joined(self, event):
                await self.key_gate.offer(part)
        else:
            await super().on_event(event)

    def on_mount(self) -> None:
        # The list is always underneath, so escape from the war room lands there.
        self.push_screen(IncidentListScreen(self.service))
        if self.open_incident_id:
            self.open_incident(self.open_incident_id)
        for warning in self.warnings:
            self.notify(warning, title="Settings ignored", severity="warning", timeout=30, markup=False)
        self.set_interval(1, self.check_updates)
        self.outbox.start()
        self.run_worker(self.check_tmux, thread=True, group="tmux-hint")

    def check_tmux(self) -> None:
        """Asks tmux (a subprocess: in a thread), then says once if Escape is held too long."""
        said = tmux_hint.hint(tmux_hint.escape_time_ms())
        if said:
            self.call_from_thread(
                self.notify, said, title="tmux", severity="warning", timeout=20, markup=False
            )

    def on_unmount(self) -> None:
        self.outbox.close()

    # -- the update alarm for every open incident (alarm.py) -----------------------
    def shown_incidents(self) -> Known:
        """Incidents with a war room open (on top or under a dialog), as their sessions last read
        or wrote them: their pane 2 rings for them, and the alarm need not read them again."""
        return {s.session.id: s.session.as_read() for s in self.screen_stack if isinstance(s, WarRoomScreen)}

    def check_updates(self) -> None:
        self.update_watch.check(self.shown_incidents(), self.ring_for)

    def ring_for(self, incident, message: str) -> None:
        """One alarm toast on screen at most: the new one says everything that is due."""
        self.bell()
        self.clear_notifications()
        self.notify(message, title="Update due", severity="error", timeout=30, markup=False)
        self.refresh_bindings()  # g now has somewhere to go

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "go_due":
            return self.update_watch.due_id is not None
        return True

    def action_go_due(self) -> None:
        """Open the incident the last update alarm named, from wherever the user is."""
        incident_id = self.update_watch.due_id
        if incident_id is None:
            return
        if isinstance(self.screen, ModalScreen):  # popping it would lose what it holds
            self.notify("Close the dialog first (esc), then press g", markup=False)
            return
        self.update_watch.due_id = None
        self.refresh_bindings()
        # Back to the list first, so escape from the war room lands there as always.
        while len(self.screen_stack) > 2 and not isinstance(self.screen, IncidentListScreen):
            self.pop_screen()
        self.open_incident(incident_id, pane="countdown")

    def run_change(
        self,
        change: Callable[[], T],
        on_success: Callable[[T], object],
        on_error: Callable[[str], None] | None = None,
        on_wait: Callable[[str], None] | None = None,
    ) -> None:
        """The one way the TUI runs a change: never blocks on another window's lock (changes.py)."""

        def say_error(message: str) -> None:
            self.notify(message, severity="error", markup=False)

        changes.run_change(self, self.key_gate, change, on_success, on_error or say_error, on_wait)

    def notify(self, message: str, *, title: str = "", **options) -> None:
        """Every toast (Widget.notify lands here too) goes through the one terminal sanitiser."""
        super().notify(for_terminal(message), title=for_terminal(title), **options)
        if isinstance(self.screen, Dialog):  # toasts are not drawn over dialogs (dialogs.tcss)
            said = f"{title}: {message}" if title else message
            self.screen.show_notice(for_terminal(said), str(options.get("severity", "information")))

    def open_incident(
        self,
        incident_id: str,
        session: IncidentSession | None = None,
        pane: str = "checklist",
        action_id: str | None = None,
    ) -> None:
        """Push the incident's war room, focused on `pane` (and on one action item, if given)."""
        try:
            session = session or self.service.open(incident_id)
        except EscalationError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.push_screen(WarRoomScreen(session, self.service.clock, pane=pane, action_id=action_id))
        self.service.tell_not_applied(session.id)  # once: saved changes that were not applied
        for notice in self.service.take_notices():
            self.notify(notice, severity="warning", markup=False, timeout=30)

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
        else:
            self.push_screen(HelpScreen(getattr(self.screen, "KEY_SCOPE", None)))


def escape_joined(app: App, event: events.Key | events.Paste) -> list[events.Key | events.Paste]:
    """tmux (escape-time 500 ms by default) and slow links send Escape and the next key as one
    `alt+key`: one the screen has no binding for is taken as the two keys it was."""
    if not isinstance(event, events.Key) or not event.key.startswith("alt+"):
        return [event]
    rest = event.key.removeprefix("alt+")
    character = rest[-1].upper() if rest.startswith("shift+") else rest
    if len(character) != 1 or not character.isalnum() or event.key in app.screen.active_bindings:
        return [event]
    return [events.Key("escape", "\x1b"), events.Key(character, character)]


def initial_incident(service: IncidentService) -> str | None:
    """The incident to open at start: the only open one, if there is exactly one."""
    try:
        incidents, _ = service.summaries(include_closed=False, parts=())
    except EscalationError:
        return None  # the list screen will say what is wrong
    return incidents[0].id if len(incidents) == 1 else None
