"""Pre-drafted stakeholder updates, one shape per audience.

The manager always edits before sending; the draft only saves typing at 3 a.m.
Internal gets the working detail, executives the short version, customers nothing
internal (no names, no findings, no root cause), only status, effect and next time.
"""

from datetime import datetime

from .cadence import Cadence, cadence_for
from .enums import Audience, EventKind, Severity
from .models import Incident
from .text import first_line

RECENT_NOTES = 3


def status_word(incident: Incident) -> str:
    """Statuspage-style status, derived from milestones."""
    m = incident.milestones
    if m.resolved:
        return "Resolved"
    if m.contained:
        return "Mitigated, monitoring"
    if any(w.is_root_cause for w in incident.whys):
        return "Cause identified"
    return "Investigating"


def _next_time(incident: Incident, now: datetime, cadences: dict[Severity, Cadence] | None) -> str | None:
    interval = cadence_for(incident, cadences).interval
    if interval is None or not incident.is_open:
        return None
    return f"{(now + interval):%H:%M} UTC"


def draft_update(
    incident: Incident,
    audience: Audience,
    now: datetime,
    cadences: dict[Severity, Cadence] | None = None,
) -> str:
    next_time = _next_time(incident, now, cadences)
    closing = f"Next update by {next_time}." if next_time else ""
    if audience == Audience.CUSTOMER:
        return _customer(incident, closing)
    if audience == Audience.EXECUTIVE:
        return _executive(incident, closing)
    return _internal(incident, now, closing)


def _internal(incident: Incident, now: datetime, closing: str) -> str:
    lines = [f"[{incident.severity}] {incident.title} — update {now:%H:%M} UTC"]
    lines.append(f"Status: {status_word(incident)} (phase {incident.phase.number}: {incident.phase.label})")
    if incident.impact:
        lines.append(f"Impact: {first_line(incident.impact, 200)}")
    if incident.affected:
        lines.append(f"Affected: {first_line(incident.affected, 200)}")
    notes = [e for e in incident.timeline if e.kind in (EventKind.FINDING, EventKind.DECISION)][
        -RECENT_NOTES:
    ]
    if notes:
        lines.append("Latest:")
        lines += [f"- {e.kind.value.capitalize()}: {first_line(e.text, 200)}" for e in notes]
    roots = [w.statement for w in incident.whys if w.is_root_cause]
    if roots:
        lines.append(f"Root cause (so far): {first_line(roots[0], 200)}")
    lines.append("Doing now: ")
    if closing:
        lines.append(closing)
    return "\n".join(lines)


def _executive(incident: Incident, closing: str) -> str:
    parts = [f"{incident.title} ({incident.severity}): {status_word(incident).lower()}."]
    if incident.impact:
        parts.append(f"Impact: {first_line(incident.impact, 160)}")
    parts.append("ETA: ")
    if closing:
        parts.append(closing)
    return "\n".join(parts)


def _customer(incident: Incident, closing: str) -> str:
    opening = {
        "Investigating": "We are investigating a problem that affects some of our customers.",
        "Cause identified": (
            "We have found the cause of a problem that affects some of our customers "
            "and are working on a fix."
        ),
        "Mitigated, monitoring": (
            "We have put a fix in place for a problem that affected some of our customers "
            "and are monitoring the results."
        ),
        "Resolved": "The problem that affected some of our customers is resolved.",
    }[status_word(incident)]
    lines = [opening, "We are sorry for the disruption."]
    if closing:
        lines.append(closing)
    return "\n".join(lines)
