"""Times people type when back-filling: ISO 8601 with Z or an offset, or HH:MM today (local).

A time without a zone is refused rather than guessed: "02:05" from a runbook in UTC and
"02:05" on a laptop in Berlin are an hour apart, and the post-mortem would silently lie.
"""

import re
from collections.abc import Iterator
from datetime import datetime, timedelta

from pydantic import BaseModel

from ..errors import InvalidInput

_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
# Far enough from year 1 and 9999 that converting to any local zone cannot overflow.
EARLIEST_YEAR, LATEST_YEAR = 1970, 9000
HINT = "use HH:MM (today, local time) or ISO 8601 with Z or an offset, e.g. 2026-11-28T02:05Z"


def parse_time(text: str, now: datetime) -> datetime:
    """The moment `text` names, timezone-aware in UTC. "now" or "" is `now`."""
    raw = text.strip()
    if raw.lower() in ("", "now"):
        return now
    match = _CLOCK.match(raw)
    if match:
        return _today_at(int(match.group(1)), int(match.group(2)), now, raw)
    try:
        at = datetime.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(f"time {raw!r} is not a time; {HINT}") from None
    if at.tzinfo is None or at.utcoffset() is None:
        raise InvalidInput(f"time {raw!r} has no time zone; {HINT}")
    if not EARLIEST_YEAR <= at.year <= LATEST_YEAR:
        raise InvalidInput(f"time {raw!r} is out of range (years {EARLIEST_YEAR}-{LATEST_YEAR})")
    return at.astimezone(now.tzinfo)


def _today_at(hour: int, minute: int, now: datetime, raw: str) -> datetime:
    if hour > 23 or minute > 59:
        raise InvalidInput(f"time {raw!r} is not a time of day; {HINT}")
    local_now = now.astimezone()  # the machine's zone, as the person at it reads the clock
    local = local_now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return local.astimezone(now.tzinfo)


SKEW = timedelta(minutes=1)  # clock skew forgiven between machines


def not_in_future(at: datetime, now: datetime, what: str) -> None:
    """A back-filled time cannot be later than now (a minute of clock skew is forgiven)."""
    if at > now + SKEW:
        raise InvalidInput(f"{what} time {at:%Y-%m-%d %H:%M} UTC is in the future")


def none_in_future(model: BaseModel, now: datetime) -> None:
    """Every moment an incident records (not due dates: those are days ahead by nature) is at
    most now, as with --at: an imported file follows the rule typed times follow."""
    for where, at in _moments(model, ""):
        if at > now + SKEW:
            raise InvalidInput(
                f"{where}: {at:%Y-%m-%d %H:%M} UTC is in the future; recorded times are never "
                "later than now (as with --at); nothing was imported"
            )


def _moments(value: object, where: str) -> Iterator[tuple[str, datetime]]:
    if isinstance(value, datetime):
        yield where, value
    elif isinstance(value, BaseModel):
        for name, field in value.__dict__.items():
            yield from _moments(field, f"{where} {name.replace('_', ' ')}".lstrip())
    elif isinstance(value, list):
        for number, item in enumerate(value, start=1):
            yield from _moments(item, f"{where} {number}")
