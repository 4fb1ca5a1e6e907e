"""Checklist navigation: the items of a phase, and what to do next."""

from .enums import Phase
from .models import ChecklistItem, Incident


def phase_items(incident: Incident, phase: Phase) -> list[ChecklistItem]:
    return [c for c in incident.checklist if c.phase == phase]


def next_item(incident: Incident) -> ChecklistItem | None:
    """The first item of the current phase not done yet: what to do next."""
    return next((c for c in phase_items(incident, incident.phase) if not c.done), None)
