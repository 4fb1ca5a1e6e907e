"""How long the current commander has held the role: long stretches wear people out.

Measured from the last timeline event that handed the commander role over (or named
one), else from the declaration (the commander named then). Pure; no Textual.
"""

from datetime import datetime, timedelta

from .enums import EventKind
from .models import Incident

DEFAULT_SHIFT_HOURS = 4.0
_COMMANDER = ("Commander:", "Commander unassigned")


def commander_since(incident: Incident) -> datetime | None:
    """When the current commander took over, or None when nobody is commander."""
    if not incident.roles.commander:
        return None
    for event in reversed(incident.timeline):
        if event.kind == EventKind.ROLE and any(
            part.strip().startswith(_COMMANDER) for part in event.text.split(";")
        ):
            return event.at
    return incident.milestones.declared


def long_stretch(incident: Incident, now: datetime, hours: float = DEFAULT_SHIFT_HOURS) -> timedelta | None:
    """How long the commander has served, once that is `hours` or more on an open incident."""
    since = commander_since(incident)
    if since is None or not incident.is_open or hours <= 0:
        return None
    served = now - since
    return served if served >= timedelta(hours=hours) else None
