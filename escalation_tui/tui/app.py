"""The Textual app: wires the service to the screens. Screens do the work; keep this small."""

from collections.abc import Callable, Sequence
from pathlib import Path, PurePath
from typing import ClassVar, TypeVar

from textual import events
from textual.app import App

from ..domain.text import for_terminal
from ..errors import EscalationError
from ..service import IncidentService, IncidentSession
from . import changes
from .commands import EscalationCommands
from .keygate import KeyGate
from .keys import bindings
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

    async def on_event(self, event: events.Event) -> None:
        # Keys and pastes from the terminal go through the gate, so type-ahead lands where the
        # user is looking (see keygate.py); everything else, and forwarded copies, as usual.
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            await self.key_gate.offer(event)
        else:
            await super().on_event(event)

    def on_mount(self) -> None:
        # The list is always underneath, so escape from the war room lands there.
        self.push_screen(IncidentListScreen(self.service))
        if self.open_incident_id:
            self.open_incident(self.open_incident_id)
        for warning in self.warnings:
            self.notify(warning, title="Settings ignored", severity="warning", timeout=30, markup=False)

    def run_change(
        self,
        change: Callable[[], T],
        on_success: Callable[[T], None],
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

    def open_incident(self, incident_id: str, session: IncidentSession | None = None) -> None:
        try:
            session = session or self.service.open(incident_id)
        except EscalationError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.push_screen(WarRoomScreen(session, self.service.clock))

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
        else:
            self.push_screen(HelpScreen(getattr(self.screen, "KEY_SCOPE", None)))


def initial_incident(service: IncidentService) -> str | None:
    """The incident to open at start: the only open one, if there is exactly one."""
    try:
        incidents, _ = service.list(include_closed=False)
    except EscalationError:
        return None  # the list screen will say what is wrong
    return incidents[0].id if len(incidents) == 1 else None
