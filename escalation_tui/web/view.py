"""What one audience may see of an incident, as plain values for the templates.

Pure: an incident, an audience and "now" in, a PageView out. The rules of who sees what
live here, not in the templates:
- everyone: title, severity, a status word, the latest update written for them, the
  next update's due time, impact and who is affected, the milestones;
- internal only: every significant timeline event, roles, open action items, links.
Executives and customers see the milestones and the updates written for them, never the
team's notes, findings or decisions.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime

from ..domain.cadence import Cadences, countdown
from ..domain.enums import ActionStatus, Audience, Milestone, Phase
from ..domain.links import ALLOWED_SCHEMES
from ..domain.models import Incident, StatusUpdate
from ..domain.significance import is_significant

# The words public status pages use, from the phase of the response.
STATUS_WORDS = {
    Phase.ACKNOWLEDGE: "investigating",
    Phase.DIAGNOSE: "investigating",
    Phase.COMMUNICATE: "identified",
    Phase.RESOLVE: "monitoring",
    Phase.POSTMORTEM: "resolved",
}
# Only these become clickable; anything else on a link is shown as text.
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"}) & frozenset(ALLOWED_SCHEMES)


@dataclass(frozen=True)
class Moment:
    """A time as the page shows it: ISO for the script, UTC text for the reader without one."""

    iso: str
    utc: str

    @classmethod
    def of(cls, at: datetime) -> "Moment":
        at = at.astimezone(UTC)
        return cls(at.strftime("%Y-%m-%dT%H:%M:%SZ"), at.strftime("%Y-%m-%d %H:%M UTC"))


@dataclass(frozen=True)
class Event:
    at: Moment
    label: str
    text: str


@dataclass(frozen=True)
class LinkView:
    label: str
    address: str
    href: str | None  # None: shown as text only


@dataclass(frozen=True)
class ActionView:
    priority: str
    title: str
    owner: str
    status: str


@dataclass(frozen=True)
class DueView:
    due: Moment | None
    overdue: bool
    text: str  # without JavaScript: the wording at the time the page was made


@dataclass(frozen=True)
class PageView:
    id: str
    title: str
    severity: str
    status: str
    declared: Moment
    latest: StatusUpdate | None
    latest_at: Moment | None
    next_update: DueView
    impact: str
    affected: str
    events: list[Event]
    changed: Moment
    internal: bool
    roles: list[tuple[str, str]] = field(default_factory=list)
    actions: list[ActionView] = field(default_factory=list)
    links: list[LinkView] = field(default_factory=list)


def status_word(incident: Incident) -> str:
    if not incident.is_open:
        return "resolved"
    return STATUS_WORDS[incident.phase]


def latest_update(incident: Incident, audience: Audience) -> StatusUpdate | None:
    """The newest update written for this audience (internal readers see every update)."""
    mine = [u for u in incident.updates if audience is Audience.INTERNAL or u.audience is audience]
    return max(mine, key=lambda u: u.sent_at) if mine else None


def due_view(incident: Incident, now: datetime, cadences: Cadences | None) -> DueView:
    found = countdown(incident, now, cadences)
    if found.due is None or found.remaining is None:
        return DueView(None, False, "no regular updates" if incident.is_open else "none: resolved")
    minutes = int(abs(found.remaining.total_seconds()) // 60)
    if found.overdue:
        return DueView(Moment.of(found.due), True, f"overdue by {_span(minutes)}")
    return DueView(Moment.of(found.due), False, f"in {_span(minutes)}")


def _span(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d} min" if hours else f"{rest} min"


def events_for(incident: Incident, audience: Audience) -> list[Event]:
    """In time order; see the module's rules for who sees which."""
    if audience is Audience.INTERNAL:
        found = [
            (e.at, Event(Moment.of(e.at), e.kind.value, e.text))
            for e in incident.timeline
            if is_significant(e)
        ]
    else:
        found = [
            (at, Event(Moment.of(at), "milestone", milestone.label))
            for milestone in Milestone
            if (at := incident.milestones.get(milestone)) is not None
        ]
        found += [
            (u.sent_at, Event(Moment.of(u.sent_at), "update", u.text))
            for u in incident.updates
            if u.audience is audience
        ]
    found.sort(key=lambda pair: pair[0])
    return [event for _, event in found]


def link_view(label: str, address: str) -> LinkView:
    scheme, colon, _ = address.partition(":")
    clickable = colon and scheme.lower() in LINK_SCHEMES
    return LinkView(label, address, address if clickable else None)


def last_changed(incident: Incident) -> datetime:
    times = [
        incident.milestones.declared,
        *(e.at for e in incident.timeline),
        *(u.sent_at for u in incident.updates),
    ]
    return max(times)


def page_view(
    incident: Incident, audience: Audience, now: datetime, cadences: Cadences | None = None
) -> PageView:
    latest = latest_update(incident, audience)
    internal = audience is Audience.INTERNAL
    view = PageView(
        id=incident.id,
        title=incident.title,
        severity=incident.severity.value,
        status=status_word(incident),
        declared=Moment.of(incident.milestones.declared),
        latest=latest,
        latest_at=Moment.of(latest.sent_at) if latest else None,
        next_update=due_view(incident, now, cadences),
        impact=incident.impact,
        affected=incident.affected,
        events=events_for(incident, audience),
        changed=Moment.of(last_changed(incident)),
        internal=internal,
    )
    if not internal:
        return view
    roles = incident.roles
    named = [("Commander", roles.commander), ("Comms lead", roles.comms), ("Scribe", roles.scribe)]
    named += [(other.role, other.name) for other in roles.others]
    view.roles.extend((role, name) for role, name in named if name)
    view.actions.extend(
        ActionView(a.priority.value, a.title, a.owner, a.status.label)
        for a in sorted(incident.actions, key=lambda a: (a.priority.value, a.title))
        if a.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
    )
    view.links.extend(link_view(link.label, link.url) for link in incident.links)
    return view
