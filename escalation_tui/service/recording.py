"""Rules for recording what really happened: milestone order and role handovers."""

from datetime import datetime

from ..domain.enums import Milestone, Phase
from ..domain.models import Milestones
from ..errors import InvalidInput

# Reaching these milestones moves the response on to this phase (never back).
MILESTONE_PHASE = {Milestone.RESOLVED: Phase.RESOLVE, Milestone.CLOSED: Phase.POSTMORTEM}

M = Milestone
# What must not be later than each milestone. Acknowledged and contained are not ordered
# against each other (an automatic rollback can contain before anyone acknowledges).
NOT_LATER_THAN: dict[Milestone, tuple[Milestone, ...]] = {
    M.IMPACT_STARTED: (),
    M.DECLARED: (),
    M.ACKNOWLEDGED: (M.DECLARED,),
    M.CONTAINED: (M.DECLARED, M.IMPACT_STARTED),
    M.RESOLVED: (M.DECLARED, M.IMPACT_STARTED, M.CONTAINED),
    M.CLOSED: (M.DECLARED, M.IMPACT_STARTED, M.CONTAINED, M.RESOLVED),
}


def check_milestone_order(milestones: Milestones, which: Milestone, when: datetime) -> None:
    """Refuse a time that would put the milestones out of order, saying which one clashes."""
    if which == M.CLOSED and milestones.resolved is None:
        raise InvalidInput("resolve the incident before closing it")
    for earlier in NOT_LATER_THAN[which]:
        at = milestones.get(earlier)
        if at is not None and when < at:
            raise InvalidInput(f"{which.label} cannot be earlier than {earlier.label.lower()} ({_at(at)})")
    for later, must_precede in NOT_LATER_THAN.items():
        at = milestones.get(later)
        if which in must_precede and at is not None and when > at:
            raise InvalidInput(f"{which.label} cannot be later than {later.label.lower()} ({_at(at)})")


def _at(at: datetime) -> str:
    return f"{at:%Y-%m-%d %H:%M} UTC"


def handover_text(role: str, old: str, new: str) -> list[str]:
    """["Commander: dana → lee"], ["Comms: kim"] (first named), ["Scribe unassigned (was jo)"], or []."""
    label = {"comms": "Comms lead"}.get(role, role.capitalize())
    if old == new:
        return []
    if not new:
        return [f"{label} unassigned (was {old})"]
    return [f"{label}: {old} → {new}" if old else f"{label}: {new}"]
