"""Quick-add for action items: one line such as
``Add canary for pool size @lee !p1 prevent due:2026-12-03`` parsed into fields.

Tokens: ``@owner``, ``!p1``..``!p3``, ``due:DATE`` and ``type:KIND`` anywhere; a bare
type word (mitigate/prevent/detect/process) only after the first explicit token, so a
title like "Fix the deploy process" keeps its last word. Everything else is the title.
"""

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from .enums import ActionType, Priority

WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_OWNER = re.compile(r"^@([\w.\-]+)$")
_PRIORITY = re.compile(r"^!p([1-3])$", re.IGNORECASE)
_RELATIVE = re.compile(r"^\+(\d{1,3})([dw])$", re.IGNORECASE)
_MONTH_DAY = re.compile(r"^(\d{1,2})-(\d{1,2})$")


@dataclass
class QuickAdd:
    title: str = ""
    owner: str = ""
    priority: Priority | None = None
    type: ActionType | None = None
    due: date | None = None
    errors: list[str] = field(default_factory=list)

    def preview(self) -> str:
        """One line showing what Enter would create."""
        parts = [
            f"title: {self.title or '—'}",
            f"owner: {self.owner or '—'}",
            f"priority: {self.priority or 'P2'}",
            f"type: {self.type or 'prevent'}",
            f"due: {self.due.isoformat() if self.due else '—'}",
        ]
        return " · ".join(parts)


def parse_quick_add(line: str, today: date) -> QuickAdd:
    result = QuickAdd()
    title_words: list[str] = []
    seen_token = False
    for word in line.split():
        lower = word.lower()
        if match := _OWNER.match(word):
            result.owner, seen_token = match.group(1), True
        elif match := _PRIORITY.match(word):
            result.priority, seen_token = Priority(f"P{match.group(1)}"), True
        elif lower.startswith("due:") and len(word) > 4:
            seen_token = True
            try:
                result.due = parse_due(word[4:], today)
            except ValueError as error:
                result.errors.append(str(error))
        elif lower.startswith("type:") and len(word) > 5:
            seen_token = True
            _set_type(result, lower[5:])
        elif seen_token and lower in ActionType._value2member_map_:
            result.type = ActionType(lower)
        else:
            title_words.append(word)
    result.title = " ".join(title_words)
    if not result.title:
        result.errors.append("the title is empty: type what needs doing before the @owner, !p1, due: tokens")
    return result


def _set_type(result: QuickAdd, value: str) -> None:
    try:
        result.type = ActionType(value)
    except ValueError:
        allowed = ", ".join(t.value for t in ActionType)
        result.errors.append(f"unknown type {value!r}: use {allowed}")


def parse_due(text: str, today: date) -> date:
    """ISO date, MM-DD, +Nd/+Nw, today, tomorrow, or a weekday (the next one after today)."""
    value = text.strip().lower()
    if value == "today":
        return today
    if value in ("tomorrow", "tmr"):
        return today + timedelta(days=1)
    if match := _RELATIVE.match(value):
        amount = int(match.group(1))
        return today + timedelta(days=amount * (7 if match.group(2) == "w" else 1))
    if value[:3] in WEEKDAYS and (len(value) == 3 or _is_weekday_name(value)):
        ahead = (WEEKDAYS.index(value[:3]) - today.weekday()) % 7 or 7
        return today + timedelta(days=ahead)
    if match := _MONTH_DAY.match(value):
        month, day = int(match.group(1)), int(match.group(2))
        try:
            candidate = date(today.year, month, day)
            return candidate if candidate >= today else date(today.year + 1, month, day)
        except ValueError:
            raise ValueError(f"due date {text!r} is not a real date") from None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"due date {text!r} not understood: use YYYY-MM-DD, MM-DD, +7d, +2w, today, tomorrow or a weekday"
        ) from None


def _is_weekday_name(value: str) -> bool:
    names = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    return value in names or value in {"tues", "thur", "thurs"}


def due_examples(today: date) -> list[str]:
    """What every due field takes, as examples dated from today (a fixed date went stale)."""
    week = today + timedelta(days=7)
    return [week.isoformat(), f"{week:%m-%d}", "+3d", "+2w", "fri", "tomorrow"]
