"""The stores the benchmark needs, built in a temp folder in seconds.

- small: the demo incident (a checkout outage, 40 minutes in);
- large: the demo incident grown to 2,000 action items and 3,000 timeline events (a day or
  two of several people ticking, noting and updating);
- history: the small incident plus 500 closed past incidents (a team's archive).
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from escalation_tui.demo import create_demo
from escalation_tui.domain.clock import FixedClock
from escalation_tui.domain.enums import ActionStatus, ActionType, EventKind, Kind, Priority, Severity
from escalation_tui.domain.fields import new_id
from escalation_tui.domain.models import ActionItem, Incident, Milestones, TimelineEvent
from escalation_tui.service.session import seed_checklist
from escalation_tui.store import IncidentStore

LARGE_ACTIONS = 2000
LARGE_EVENTS = 3000
PAST_INCIDENTS = 500
MARKER_TITLE = "Checkout API returning 500s"  # the demo incident's title


@dataclass(frozen=True)
class BuiltStore:
    root: Path
    incident_id: str  # the open incident


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def build_small(root: Path, now: datetime | None = None) -> BuiltStore:
    store = IncidentStore(root)
    session = create_demo(store, FixedClock(now or _now()))
    return BuiltStore(root, session.id)


def grow(store: IncidentStore, incident_id: str, actions: int, events: int) -> None:
    """Add action items and timeline events until the incident holds that many."""
    with store.locked(incident_id):
        incident = store.load(incident_id)
        start = incident.milestones.declared
        types, priorities = list(ActionType), list(Priority)
        statuses = [ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.DONE]
        for n in range(len(incident.actions), actions):
            incident.actions.append(
                ActionItem(
                    title=f"Follow-up {n}: tighten the checks around pool size change {n}",
                    owner=("kim", "lee", "sam", "alex")[n % 4],
                    due=(start + timedelta(days=1 + n % 30)).date(),
                    priority=priorities[n % len(priorities)],
                    type=types[n % len(types)],
                    status=statuses[n % len(statuses)],
                )
            )
        kinds = [EventKind.NOTE, EventKind.FINDING, EventKind.SYMPTOM, EventKind.DECISION]
        for n in range(len(incident.timeline), events):
            incident.timeline.append(
                TimelineEvent(
                    at=start + timedelta(seconds=20 + n * 30),
                    kind=kinds[n % len(kinds)],
                    text=f"Observation {n}: error rate at {n % 37}% on shard {n % 11}, still watching",
                    by=("dana", "sam", "alex")[n % 3],
                )
            )
        incident.revision += 1
        store.save(incident)


def build_large(root: Path, actions: int = LARGE_ACTIONS, events: int = LARGE_EVENTS) -> BuiltStore:
    # Declared two days ago so the thousands of events lie in the past.
    built = build_small(root, _now() - timedelta(days=2))
    grow(IncidentStore(root), built.incident_id, actions, events)
    return built


def past_incident(n: int, now: datetime) -> Incident:
    declared = now - timedelta(days=3 + n)
    kind = list(Kind)[n % 3]
    incident = Incident(
        id=new_id(10),
        title=f"Past incident {n}: queue backlog in region {n % 7}",
        kind=kind,
        severity=list(Severity)[n % 4],
        milestones=Milestones(
            declared=declared,
            acknowledged=declared + timedelta(minutes=3),
            contained=declared + timedelta(minutes=40),
            resolved=declared + timedelta(hours=2),
            closed=declared + timedelta(days=1),
        ),
        checklist=seed_checklist(kind, None),
        summary="Backlog grew after a deploy; rolled back.",
    )
    for e in range(30):
        incident.timeline.append(
            TimelineEvent(at=declared + timedelta(minutes=e), kind=EventKind.NOTE, text=f"note {e}")
        )
    for a in range(5):
        incident.actions.append(ActionItem(title=f"Action {a} of incident {n}", owner="kim"))
    return incident


def build_history(root: Path, past: int = PAST_INCIDENTS) -> BuiltStore:
    built = build_small(root)
    store = IncidentStore(root)
    now = _now()
    for n in range(past):
        store.create(past_incident(n, now))
    return built
