"""The Textual app: wires the service to the screens. Screens do the work; keep this small."""

from collections.abc import Sequence
from pathlib import Path

from textual.app import App

from ..domain.text import for_terminal
from ..errors import EscalationError
from ..service import IncidentService, IncidentSession
from .commands import EscalationCommands
from .keys import bindings
from .screens import HelpScreen, IncidentListScreen, WarRoomScreen

STYLES = Path(__file__).parent / "styles"


class EscalationApp(App[None]):
    TITLE = "Escalation TUI"
    # Order matters: a pane's own sheet comes after war_room.tcss so its rules win.
    CSS_PATH = [
        STYLES / f"{name}.tcss"
        for name in ("app", "war_room", "dialogs", "checklist", "countdown", "whys", "actions", "postmortem")
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

    def on_mount(self) -> None:
        # The list is always underneath, so escape from the war room lands there.
        self.push_screen(IncidentListScreen(self.service))
        if self.open_incident_id:
            self.open_incident(self.open_incident_id)
        for warning in self.warnings:
            self.notify(warning, title="Settings ignored", severity="warning", timeout=30, markup=False)

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
            self.push_screen(HelpScreen())


def initial_incident(service: IncidentService) -> str | None:
    """The incident to open at start: the only open one, if there is exactly one."""
    try:
        incidents, _ = service.list(include_closed=False)
    except EscalationError:
        return None  # the list screen will say what is wrong
    return incidents[0].id if len(incidents) == 1 else None
