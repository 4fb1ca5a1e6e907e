"""Which timeline events a post-mortem reader wants, and which are bookkeeping.

The timeline is a complete log (every tick, edit and undo), which is right for the war
room and wrong for a post-mortem: a reader wants what happened, not what was typed.
"""

from .enums import EventKind
from .models import TimelineEvent

# Always significant: milestones, phases, updates sent, handovers and shift changes, and what
# people logged.
SIGNIFICANT_KINDS = frozenset(
    {
        EventKind.MILESTONE,
        EventKind.PHASE,
        EventKind.UPDATE,
        EventKind.ROLE,
        EventKind.HANDOFF,
        EventKind.NOTE,
        EventKind.SYMPTOM,
        EventKind.FINDING,
        EventKind.DECISION,
    }
)


def is_significant(event: TimelineEvent) -> bool:
    """Kinds above, plus events the service flagged (severity or kind changed, root cause
    marked, action created); ticks, edits, undo, cadence and lessons are bookkeeping."""
    return event.kind in SIGNIFICANT_KINDS or event.significant
