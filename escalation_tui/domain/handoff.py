"""What the next shift needs to know: a handoff summary, built from the incident alone.

Pure data; export/handoff.py renders it as Markdown (readable as plain text), and the
service records each handoff on the timeline (kind `handoff`) so the next one can start
where this one ended.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .cadence import Cadences, Countdown, countdown
from .enums import EventKind
from .models import ActionItem, ChecklistItem, Incident, StatusUpdate, TimelineEvent, Why

DEFAULT_LOOKBACK = timedelta(hours=8)
# Where the start of "what changed" came from.
SINCE_HANDOFF, SINCE_LOOKBACK, SINCE_GIVEN = "handoff", "lookback", "given"
MAX_CHANGES = 40  # the most recent ones; a long night is summarised by a count


@dataclass(frozen=True)
class Handoff:
    incident: Incident
    at: datetime
    since: datetime
    since_source: str  # SINCE_HANDOFF, SINCE_LOOKBACK or SINCE_GIVEN
    changes: list[TimelineEvent]  # after `since`, oldest first, at most MAX_CHANGES
    changes_left_out: int  # older changes after `since` beyond MAX_CHANGES
    open_checks: list[ChecklistItem]  # of the current phase
    overdue_actions: list[ActionItem]
    open_actions: list[ActionItem]  # not overdue, not done or dropped
    latest_update: StatusUpdate | None
    next_update: Countdown
    open_questions: list[Why]


def _last_handoff_index(incident: Incident) -> int | None:
    for index in range(len(incident.timeline) - 1, -1, -1):
        if incident.timeline[index].kind == EventKind.HANDOFF:
            return index
    return None


def last_handoff(incident: Incident) -> TimelineEvent | None:
    """The handoff recorded last (the timeline is a log: the last one appended)."""
    index = _last_handoff_index(incident)
    return None if index is None else incident.timeline[index]


def default_since(incident: Incident, now: datetime) -> tuple[datetime, str]:
    """The last handoff's time, else DEFAULT_LOOKBACK before now; and which of the two."""
    previous = last_handoff(incident)
    if previous is not None:
        return previous.at, SINCE_HANDOFF
    return now - DEFAULT_LOOKBACK, SINCE_LOOKBACK


def open_questions(whys: list[Why]) -> list[Why]:
    """The ends of 5 Whys chains that reach no root cause: a "why?" still to be answered."""
    by_id = {w.id: w for w in whys}
    has_children = {w.parent_id for w in whys if w.parent_id is not None}

    def reaches_root_cause(why: Why) -> bool:
        current: Why | None = why
        while current is not None:  # the tree is bounded and acyclic (domain/integrity.py)
            if current.is_root_cause:
                return True
            current = by_id.get(current.parent_id) if current.parent_id else None
        return False

    return [w for w in whys if w.id not in has_children and not reaches_root_cause(w)]


def build_handoff(
    incident: Incident,
    now: datetime,
    today: date,
    cadences: Cadences | None = None,
    since: datetime | None = None,
) -> Handoff:
    """The summary as of `now`; `today` is the local date (for overdue action items)."""
    if since is None:
        since, source = default_since(incident, now)
    else:
        source = SINCE_GIVEN
    index = _last_handoff_index(incident)
    if source == SINCE_HANDOFF and index is not None:
        # Everything recorded after the last handoff, back-filled events with earlier times too.
        after = incident.timeline[index + 1 :]
    else:
        after = [e for e in incident.timeline if since < e.at <= now]
    changes = sorted(after, key=lambda e: e.at)
    left_out = max(0, len(changes) - MAX_CHANGES)
    open_actions = [a for a in incident.actions if not a.status.closed]
    overdue = [a for a in open_actions if a.due is not None and a.due < today]
    return Handoff(
        incident=incident,
        at=now,
        since=since,
        since_source=source,
        changes=changes[left_out:],
        changes_left_out=left_out,
        open_checks=[c for c in incident.checklist if c.phase == incident.phase and not c.done],
        overdue_actions=sorted(overdue, key=lambda a: (a.due or date.max, a.priority)),
        open_actions=sorted(
            (a for a in open_actions if a not in overdue),
            key=lambda a: (a.priority, a.due is None, a.due or date.max),
        ),
        latest_update=max(incident.updates, key=lambda u: u.sent_at) if incident.updates else None,
        next_update=countdown(incident, now, cadences),
        open_questions=open_questions(incident.whys),
    )
