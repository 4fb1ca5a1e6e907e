"""Which incident needs attention first: the one whose stakeholder update is due soonest.

One ordering for every place that ranks incidents by urgency (the `status` line, the TUI's
incident list, the alarm), so they can never disagree about which one is "most urgent".
"""

from collections.abc import Iterable
from datetime import datetime
from typing import TypeVar

from .cadence import Cadences, countdown
from .models import Incident
from .summary import IncidentSummary, Listed

L = TypeVar("L", Incident, IncidentSummary)


def urgency_key(incident: Listed, now: datetime, cadences: Cadences | None = None) -> tuple:
    """Sort key, smallest first.

    1. open incidents with an update due, most overdue (or soonest due) first;
    2. open incidents without regular updates, most severe first;
    3. resolved and closed incidents, newest first.
    Ties go to the more severe, then the more recently declared incident.
    """
    newest_first = -incident.milestones.declared.timestamp()
    if not incident.is_open:
        return (2, 0.0, 0, newest_first)
    remaining = countdown(incident, now, cadences).remaining
    if remaining is None:
        return (1, 0.0, incident.severity.rank, newest_first)
    return (0, remaining.total_seconds(), incident.severity.rank, newest_first)


def by_urgency(incidents: Iterable[L], now: datetime, cadences: Cadences | None = None) -> list[L]:
    """The incidents, most urgent first (see urgency_key)."""
    return sorted(incidents, key=lambda incident: urgency_key(incident, now, cadences))


def most_urgent(incidents: Iterable[L], now: datetime, cadences: Cadences | None = None) -> L | None:
    """The open incident that needs an update first, or None when nothing is open."""
    open_ones = [incident for incident in incidents if incident.is_open]
    return by_urgency(open_ones, now, cadences)[0] if open_ones else None
