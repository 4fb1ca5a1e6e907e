"""Pre-drafted stakeholder updates, one shape per audience.

The manager always edits before sending; the draft only saves typing at 3 a.m.
Internal gets the working detail, executives the short version, customers nothing
internal (no names, no findings, no root cause), only status, effect and next time.
"""

import re
from datetime import datetime

from .cadence import Cadence, cadence_for
from .enums import Audience, EventKind, Severity
from .models import Incident
from .text import first_line

RECENT_NOTES = 3
DOING_NOW = "Doing now: "
# The internal draft's first line, generated: "[SEV1] Checkout down — update 20:41 UTC".
_GENERATED_HEADER = re.compile(r"^\[SEV[1-4]\] .* — update \d{2}:\d{2} UTC$")


def update_headline(text: str, width: int = 60) -> str:
    """The line that says what an update is about, in the sender's own words.

    Skips the internal draft's generated header; where the draft's "Doing now:" blank was
    filled in, that line is the news. The stored text is never changed; this is for lists.
    """
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if lines and _GENERATED_HEADER.match(lines[0]):
        lines = lines[1:]
    doing = next(
        (line for line in lines if line.startswith(DOING_NOW.strip()) and line[len(DOING_NOW) :].strip()),
        None,
    )
    return first_line(doing or (lines[0] if lines else ""), width)


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


CUSTOMER_NOW = "What we are doing: "


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
    lines.append(DOING_NOW)
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
    # A blank of its own for what the commander types: the cursor waits there (the update
    # dialog), so the text is not glued onto the opening sentence.
    lines = [opening, CUSTOMER_NOW, "We are sorry for the disruption."]
    if closing:
        lines.append(closing)
    return "\n".join(lines)
