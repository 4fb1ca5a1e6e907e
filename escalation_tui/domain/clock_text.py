"""How a countdown reads (`update due in 07:12`), with nothing imported but datetime: `status`
words its answer from a snapshot without loading the models (status_snapshot.py)."""

from datetime import timedelta


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
