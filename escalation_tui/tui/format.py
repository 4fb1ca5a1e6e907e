"""Small formatting helpers shared by screens and widgets. Times are computed, never counted."""

from datetime import datetime, timedelta

from ..domain.cadence import Cadence, countdown
from ..domain.clock_text import countdown_label, format_clock
from ..domain.enums import Severity
from ..domain.summary import Listed

FIRST_HOUR = timedelta(minutes=60)
Cadences = dict[Severity, Cadence] | None  # the team's settings; None means the built-in defaults


def local_time(at: datetime, now: datetime) -> str:
    """14:05:09 today, 12-03 14:05 on another day; in the machine's local zone."""
    local, today = at.astimezone(), now.astimezone()
    return f"{local:%H:%M:%S}" if local.date() == today.date() else f"{local:%m-%d %H:%M}"


def since(delta: timedelta) -> str:
    """+MM:SS within the first hour, +H:MM after it."""
    seconds = max(0, int(delta.total_seconds()))
    if seconds < 3600:
        return "+{:02d}:{:02d}".format(*divmod(seconds, 60))
    hours, rest = divmod(seconds, 3600)
    return f"+{hours}:{rest // 60:02d}"


def elapsed(incident: Listed, now: datetime) -> timedelta:
    """Time since declared; frozen at the resolved time once resolved."""
    end = incident.milestones.resolved or now
    return end - incident.milestones.declared


def elapsed_label(incident: Listed, now: datetime) -> str:
    clock = format_clock(elapsed(incident, now))
    return f"{clock} elapsed" if incident.is_open else f"{incident.status} after {clock}"


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
