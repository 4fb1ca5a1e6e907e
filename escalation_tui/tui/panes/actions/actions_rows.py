"""What the action items table shows: which items, in what order, as which cells.

Kept apart from the pane so the rules (overdue, the flags for items that rot, the sort
orders) read in one place. No widget code here, only the styles the table hands in.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from rich.style import Style
from rich.text import Text

from ....domain.enums import ActionStatus
from ....domain.models import ActionItem, Why
from ....domain.text import first_line

# Title last: it takes the width that is left and wraps; the linked cause goes under it,
# because a column of its own leaves the title no room at 80 columns (or in a 2x2 quarter).
COLUMNS = ("P", "Type", "Owner", "Due", "Status", "Title  ↳ cause")
OWNER_WIDTH = 14
CAUSE_WIDTH = 60

STATUS_CYCLE = [ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.DONE, ActionStatus.WONT_DO]


class SortOrder(StrEnum):
    DUE = "due date"
    PRIORITY = "priority"
    ADDED = "order added"

    def next(self) -> "SortOrder":
        orders = list(SortOrder)
        return orders[(orders.index(self) + 1) % len(orders)]


def next_status(status: ActionStatus) -> ActionStatus:
    return STATUS_CYCLE[(STATUS_CYCLE.index(status) + 1) % len(STATUS_CYCLE)]


def is_overdue(action: ActionItem, today: date) -> bool:
    return action.due is not None and action.due < today and not action.status.closed


def arrange(actions: Sequence[ActionItem], order: SortOrder, open_only: bool) -> list[ActionItem]:
    """The items to show, in order. By due date or priority, closed items sink below open
    ones and undated ones come last (they rot); ties keep the order they were added in."""
    shown = [a for a in actions if not (open_only and a.status.closed)]
    if order == SortOrder.DUE:
        return sorted(shown, key=lambda a: (a.status.closed, a.due or date.max, a.priority))
    if order == SortOrder.PRIORITY:
        return sorted(shown, key=lambda a: (a.status.closed, a.priority, a.due or date.max))
    return shown


def due_label(due: date, today: date) -> str:
    """12-03 this year; the full date otherwise, so a date a year out is not misread."""
    return f"{due:%m-%d}" if due.year == today.year else due.isoformat()


def shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


@dataclass(frozen=True)
class RowStyles:
    """Theme colours, read from the table's component classes."""

    missing: Style | str = ""
    closed: Style | str = ""
    overdue: Style | str = ""
    overdue_due: Style | str = ""
    cause: Style | str = ""


def cells(action: ActionItem, whys: dict[str, Why], today: date, styles: RowStyles) -> tuple[Text, ...]:
    """One row; every user string goes in as a Text, so it shows literally."""
    overdue = is_overdue(action, today)
    style = styles.closed if action.status.closed else styles.overdue if overdue else ""
    flag = styles.closed if action.status.closed else styles.missing  # a closed item no longer rots
    owner = Text(f"@{shorten(action.owner, OWNER_WIDTH)}", style) if action.owner else Text("no owner", flag)
    if action.due is None:
        due = Text("no date", flag)
    else:
        due = Text(due_label(action.due, today), styles.overdue_due if overdue else style)
    title = Text(action.title, style)
    why = whys.get(action.why_id) if action.why_id else None
    if why is not None:
        star = "★ " if why.is_root_cause else ""
        title.append(f"\n↳ {star}{first_line(why.statement, CAUSE_WIDTH)}", styles.cause)
    return (
        Text(action.priority.value, style),
        Text(action.type.value, style),
        owner,
        due,
        Text(action.status.label, style),
        title,
    )
