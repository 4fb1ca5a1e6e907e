"""The cadence in force at any moment, from the incident's severity and cadence changes.

An update is judged against the cadence the countdown showed when it was sent: the first
against the first-update window from the declaration, each later one against the interval
from the update before. An update sent while no cadence was in force is not judged.
"""

from dataclasses import dataclass
from datetime import datetime

from .cadence import Cadence, Cadences, make_cadence
from .enums import Severity
from .models import CadenceChange, Incident


def _severity_at(incident: Incident, at: datetime) -> Severity:
    changes = sorted((c for c in incident.cadence_changes if c.severity is not None), key=lambda c: c.at)
    if not changes:
        return incident.severity
    before = [c for c in changes if c.at <= at]
    latest = before[-1].severity if before else changes[0].was_severity
    return latest or incident.severity


def _override_at(incident: Incident, at: datetime) -> tuple[int | None, int | None]:
    changes: list[CadenceChange] = sorted(
        (c for c in incident.cadence_changes if c.cadence), key=lambda c: c.at
    )
    if not changes:
        return incident.cadence_minutes, incident.cadence_first_minutes
    before = [c for c in changes if c.at <= at]
    if before:
        return before[-1].minutes, before[-1].first_minutes
    return changes[0].was_minutes, changes[0].was_first_minutes


def cadence_at(incident: Incident, at: datetime, defaults: Cadences | None = None) -> Cadence:
    minutes, first = _override_at(incident, at)
    return make_cadence(_severity_at(incident, at), minutes, first, defaults)


@dataclass(frozen=True)
class Judged:
    on_time: int
    judged: int  # updates sent while a cadence was in force
    unjudged: int  # sent while none was


def judge_updates(incident: Incident, defaults: Cadences | None = None) -> Judged:
    on_time = judged = unjudged = 0
    previous = None
    for sent in sorted(u.sent_at for u in incident.updates):
        cadence = cadence_at(incident, sent, defaults)
        window = cadence.interval if previous is not None else cadence.first_update
        if window is None:
            unjudged += 1
        else:
            judged += 1
            on_time += sent <= (previous or incident.milestones.declared) + window
        previous = sent
    return Judged(on_time, judged, unjudged)
