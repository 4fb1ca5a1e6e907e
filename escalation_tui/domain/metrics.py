"""Figures derived from an incident; never stored, so they can never disagree with it."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise

from .cadence import Cadence
from .cadence_history import cadence_at, judge_updates
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
        longest_silence=_longest_silence(incident, now, cadences),
        updates_judged=judged.judged,
    )


def _longest_silence(
    incident: Incident, now: datetime, cadences: dict[Severity, Cadence] | None = None
) -> timedelta | None:
    """Longest stretch without a stakeholder update while a cadence asked for them, from the
    declaration until resolution (or now); None when no cadence was ever in force. A stretch
    with no cadence in force (SEV4, `cadence --none`) is not silence anyone was owed."""
    end = incident.milestones.resolved or now
    start = incident.milestones.declared
    sent = sorted(u.sent_at for u in incident.updates if start <= u.sent_at <= end)
    changes = sorted(c.at for c in incident.cadence_changes if start < c.at < end)
    points = sorted({start, end, *sent, *changes})
    updates = set(sent)
    longest: timedelta | None = None
    run = timedelta(0)
    for a, b in pairwise(points):
        if a in updates:
            run = timedelta(0)
        if cadence_at(incident, a, cadences).interval is None:
            run = timedelta(0)
            continue
        run += b - a
        longest = run if longest is None or run > longest else longest
    return longest
