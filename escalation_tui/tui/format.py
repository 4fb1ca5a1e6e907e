"""Small formatting helpers shared by screens and widgets. Times are computed, never counted."""

from datetime import datetime, timedelta

from ..domain.cadence import Cadence, countdown
from ..domain.clock_text import countdown_label, finished_label, format_clock, format_offset
from ..domain.enums import Severity
from ..domain.summary import Listed

FIRST_HOUR = timedelta(minutes=60)
Cadences = dict[Severity, Cadence] | None  # the team's settings; None means the built-in defaults


def local_time(at: datetime, now: datetime) -> str:
    """14:05:09 today, 12-03 14:05 on another day; in the machine's local zone."""
    local, today = at.astimezone(), now.astimezone()
    return f"{local:%H:%M:%S}" if local.date() == today.date() else f"{local:%m-%d %H:%M}"


def since(delta: timedelta) -> str:
    """Time from the declaration: -4:40, +0:17, +1d 0:14 (the one offset format, clock_text)."""
    return format_offset(delta)


def in_first_hour(delta: timedelta) -> bool:
    """The first 60 minutes after the declaration (never before it)."""
    return timedelta(0) <= delta < FIRST_HOUR


def elapsed(incident: Listed, now: datetime) -> timedelta:
    """Time since declared; frozen at the resolved time once resolved."""
    end = incident.milestones.resolved or now
    return end - incident.milestones.declared


def elapsed_label(incident: Listed, now: datetime) -> str:
    """'1:07:12 elapsed' while open; 'resolved after 20:14, closed 9d 3:02 later' after."""
    if incident.is_open:
        return f"{format_clock(elapsed(incident, now))} elapsed"
    m = incident.milestones
    return finished_label(m.declared, m.resolved, m.closed)


def next_update_label(incident: Listed, now: datetime, cadences: Cadences = None) -> str:
    """'due in 07:12', 'overdue +03:12', or why there is none: the header's and `status`'s words
    (countdown_label) without "update ", which the list's column heading says."""
    if not incident.is_open:
        return incident.status
    remaining = countdown(incident, now, cadences).remaining
    if remaining is None:
        return "none due"
    return countdown_label(remaining).removeprefix("update ")


def phase_short(incident: Listed) -> str:
    return f"{incident.phase.number} {incident.phase.value}"


def first_lines(text: str, lines: int, chars: int = 0) -> str:
    """The start of a long text for a row: at most `lines` lines (and `chars` characters, if
    given), then how much is left out. A pasted log must not push every other row out of view."""
    kept = text.split("\n")
    more = len(kept) - lines
    shown = "\n".join(kept[:lines])
    if chars and len(shown) > chars:
        shown = shown[: chars - 1].rstrip() + "…"
    if more > 0:
        shown += f"\n… {more:,} more line{'s' if more > 1 else ''}"
    return shown
