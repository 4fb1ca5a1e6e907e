"""Figures derived from an incident; never stored, so they can never disagree with it."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise

from .cadence import Cadence
from .cadence_history import judge_updates
from .enums import Severity
from .models import Incident


@dataclass(frozen=True)
class Metrics:
    time_to_acknowledge: timedelta | None
    time_to_contain: timedelta | None
    time_to_resolve: timedelta | None
    # From impact start, when it is known (it may precede the declaration by a while):
    time_to_declare: timedelta | None  # impact start to declaration: how long before anyone called it
    time_to_mitigate: timedelta | None  # impact start to contained
    duration: timedelta | None  # impact start (else declaration) to resolved
    updates_sent: int
    updates_on_time: int
    longest_silence: timedelta | None
    # Updates judged against the cadence in force when each was sent (cadence_history.py);
    # the others were sent while no cadence asked for any.
    updates_judged: int = 0

    @property
    def on_time_ratio(self) -> float | None:
        return self.updates_on_time / self.updates_judged if self.updates_judged else None


def _since_declared(incident: Incident, at: datetime | None) -> timedelta | None:
    return at - incident.milestones.declared if at else None


def _since_impact(incident: Incident, at: datetime | None) -> timedelta | None:
    start = incident.milestones.impact_started
    return at - start if at and start else None


def compute_metrics(
    incident: Incident, now: datetime, cadences: dict[Severity, Cadence] | None = None
) -> Metrics:
    m = incident.milestones
    judged = judge_updates(incident, cadences)
    return Metrics(
        time_to_acknowledge=_since_declared(incident, m.acknowledged),
        time_to_contain=_since_declared(incident, m.contained),
        time_to_resolve=_since_declared(incident, m.resolved),
        time_to_declare=_since_impact(incident, m.declared),
        time_to_mitigate=_since_impact(incident, m.contained),
        duration=(m.resolved - (m.impact_started or m.declared)) if m.resolved else None,
        updates_sent=len(incident.updates),
        updates_on_time=judged.on_time,
        longest_silence=_longest_silence(incident, now),
        updates_judged=judged.judged,
    )


def _longest_silence(incident: Incident, now: datetime) -> timedelta | None:
    """Longest gap without a stakeholder update, from declaration until resolution (or now)."""
    end = incident.milestones.resolved or now
    marks = [incident.milestones.declared]
    marks += sorted(u.sent_at for u in incident.updates if u.sent_at <= end)
    marks.append(end)
    gaps = [b - a for a, b in pairwise(marks)]
    return max(gaps) if gaps else None
