"""The terminal UI. Entry point: run_tui(service, open_incident_id=None, warnings=())."""

from collections.abc import Sequence

from ..service import IncidentService
from .app import EscalationApp, initial_incident


def run_tui(
    service: IncidentService, open_incident_id: str | None = None, warnings: Sequence[str] = ()
) -> None:
    """Open the given incident, else the only open one if there is exactly one, else the list.

    `warnings` (settings files that had to be ignored) are shown in the TUI as well.
    """
    EscalationApp(
        service, open_incident_id=open_incident_id or initial_incident(service), warnings=warnings
    ).run()


__all__ = ["EscalationApp", "run_tui"]
