"""A realistic sample incident: a checkout outage, 40 minutes in.

Built through the service layer with a clock that walks through the incident's history,
so its timeline is exactly what a real session would have recorded.
"""

from collections.abc import Iterable
from datetime import timedelta

from .domain.clock import Clock, FixedClock
from .domain.enums import Audience, EventKind, Milestone, Phase
from .domain.models import Incident
from .service import IncidentService, IncidentSession
from .store import Store

DEMO_AGE = timedelta(minutes=40)
DEMO_TITLE = "Checkout API returning 500s"
DEMO_SUMMARY = "Checkout requests fail with HTTP 500 for about 30% of customers."


def is_demo(incident: Incident) -> bool:
    """Made by create_demo: its title and summary, word for word (no real incident repeats both)."""
    return incident.title == DEMO_TITLE and incident.summary == DEMO_SUMMARY


def find_demo(incidents: Iterable[Incident]) -> Incident | None:
    """The demo incident to reopen: an open one first, then the most recently declared."""
    demos = [incident for incident in incidents if is_demo(incident)]
    if not demos:
        return None
    return max(demos, key=lambda incident: (incident.is_open, incident.milestones.declared))


def create_demo(store: Store, clock: Clock, actor: str = "dana") -> IncidentSession:
    now = clock.now()
    history = FixedClock(now - DEMO_AGE)
    service = IncidentService(store, history, actor)
    s = service.declare(
        DEMO_TITLE,
        severity=1,
        kind="technical",
        summary=DEMO_SUMMARY,
        commander="dana",
    )

    def at(minute: int) -> None:
        history.set(now - DEMO_AGE + timedelta(minutes=minute))

    def check(text_start: str) -> None:
        item = next(c for c in s.incident.checklist if c.text.startswith(text_start))
        s.toggle_check(item.id)

    at(2)
    s.record_milestone(Milestone.ACKNOWLEDGED)
    check("Tell the reporter")
    s.add_note("Error rate on /checkout jumped from 0.1% to 31% at 02:14 UTC", EventKind.SYMPTOM)
    s.record_milestone(Milestone.IMPACT_STARTED, at=now - DEMO_AGE - timedelta(minutes=6))  # the 02:14 jump
    at(4)
    s.set_role("comms", "sam")
    s.set_role("scribe", "alex")
    check("Name an incident commander")
    s.set_text("impact", "About 30% of checkout attempts fail; orders lost while it lasts.")
    check("Write down the impact")
    s.set_text("affected", "All web and mobile customers in EU and US regions.")
    check("Note who is affected")
    at(9)
    s.log_update(
        Audience.INTERNAL,
        "Investigating checkout 500s (30% of requests). Suspect release 2.3.1. Next update 02:55 UTC.",
    )
    at(12)
    s.add_note("Release 2.3.1 went out at 02:10, four minutes before the errors", EventKind.FINDING)
    s.add_note("Roll back 2.3.1 rather than hotfix forward", EventKind.DECISION)
    s.set_text("trigger", "Release 2.3.1 went out at 02:10 with a database client upgrade.")
    s.set_text("tried", "Restarted two checkout pods (no change); rolled back release 2.3.1.")
    check("Note what has been tried")
    at(18)
    check("Contain it")
    s.record_milestone(Milestone.CONTAINED)
    s.set_phase(Phase.DIAGNOSE)
    at(24)
    s.add_why("The checkout service ran out of database connections")
    w2 = _last_why(s)
    s.add_why("Release 2.3.1 halved the connection pool size", w2)
    w3 = _last_why(s)
    s.add_why("A config default changed in the database client upgrade", w3)
    w4 = _last_why(s)
    s.add_why("The upgrade notes were not reviewed for changed defaults", w4)
    w5 = _last_why(s)
    s.add_why("No checklist step covers dependency default changes", w5)
    s.set_root_cause(_last_why(s))
    s.add_why("Traffic was 20% above normal for a promotion", w2)
    at(31)
    s.log_update(
        Audience.EXECUTIVE,
        "Checkout errors contained by rolling back 2.3.1. Root cause found; fix in review.",
    )
    check("Check dashboards")
    root = next(w for w in s.incident.whys if w.is_root_cause)
    day = now.date()
    s.add_action("Add canary check for pool size", "lee", day + timedelta(days=5), "P1", "prevent", root.id)
    s.add_action("Alert on connection pool saturation", "kim", day + timedelta(days=7), "P2", "detect")
    s.add_action("Review dependency upgrade notes for changed defaults", "", None, "P2", "process", root.id)
    s.add_action("Restore 2.3.1 with the pool size pinned", "dana", day + timedelta(days=1), "P1", "mitigate")
    at(40)
    return service.session(s.incident)


def _last_why(session: IncidentSession) -> str:
    return session.incident.whys[-1].id


__all__ = ["DEMO_AGE", "create_demo", "find_demo", "is_demo"]
