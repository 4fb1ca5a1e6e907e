"""How a countdown reads (`update due in 07:12`), with nothing imported but datetime: `status`
words its answer from a snapshot without loading the models (status_snapshot.py)."""

from datetime import datetime, timedelta


def format_clock(delta: timedelta, sign: str = "") -> str:
    """07:12, 1:07:12 or 3d 04:05:06; whole seconds, rounded down."""
    total = max(0, int(delta.total_seconds()))
    days, rest = divmod(total, 86_400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    text = f"{minutes:02d}:{seconds:02d}"
    if hours or days:
        text = f"{hours}:{text}" if not days else f"{days}d {hours:02d}:{text}"
    return sign + text


def countdown_label(remaining: timedelta | None) -> str:
    """The next update's countdown in words (`remaining` is negative when overdue)."""
    if remaining is None:
        return "no update due"
    if remaining <= timedelta(0):
        return f"update overdue {format_clock(-remaining, sign='+')}"
    return f"update due in {format_clock(remaining)}"


def format_offset(delta: timedelta) -> str:
    """Time from the declaration, the one way every timeline shows it: `-4:40` before it,
    `+1:27` after (hours and minutes, rounded down), `+1d 0:14` past 24 hours."""
    seconds = int(delta.total_seconds())
    return ("-" if seconds < 0 else "+") + format_span(timedelta(seconds=abs(seconds)))


def format_span(delta: timedelta) -> str:
    """A duration in the same form without the sign: `20:14`, `9d 3:02` (hours:minutes)."""
    minutes = max(0, int(delta.total_seconds())) // 60
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    text = f"{hours}:{minutes:02d}"
    return f"{days}d {text}" if days else text


def finished_label(declared: datetime, resolved: datetime | None, closed: datetime | None) -> str:
    """'resolved after 20:14, closed 9d 3:02 later': a finished incident, in the one format."""
    end = resolved or closed or declared
    text = f"{'resolved' if resolved else 'closed'} after {format_span(end - declared)}"
    if resolved and closed:
        text += f", closed {format_span(closed - resolved)} later"
    return text
