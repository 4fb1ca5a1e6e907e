"""The terminal UI. Entry point: run_tui(service, open_incident_id=None, warnings=())."""

import gc
from collections.abc import Sequence

from ..service import IncidentService
from .app import EscalationApp, initial_incident


def run_tui(
    service: IncidentService, open_incident_id: str | None = None, warnings: Sequence[str] = ()
) -> None:
    """Open the given incident, else the only open one if there is exactly one, else the list.

    `warnings` (settings files that had to be ignored) are shown in the TUI as well.
    """
    fewer_collections()
    EscalationApp(
        service, open_incident_id=open_incident_id or initial_incident(service), warnings=warnings
    ).run()


def fewer_collections() -> None:
    """Less of each key's time in the garbage collector, which ran several times per frame
    with the default thresholds (the figures are in the commit that added this).

    What exists now (modules, classes, parsed settings) lives for the whole run: frozen, no
    collection walks it again. Textual makes thousands of short-lived objects per frame, so a
    young generation of 10,000 instead of 700 means a collection every few frames, not several
    per frame. Cyclic garbage is still collected, only in larger batches.
    """
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)


__all__ = ["EscalationApp", "fewer_collections", "run_tui"]
