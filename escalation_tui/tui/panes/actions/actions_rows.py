"""What the action items table shows: which items, in what order, as which cells.

Kept apart from the pane; the rules themselves (overdue, status cycle, sort orders) are in
domain/actions.py. No widget code here, only the styles the table hands in.
"""

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from ....domain.actions import is_overdue
from ....domain.models import ActionItem, Why
from ....domain.text import first_line

# Title last: it takes the width that is left and wraps; the linked cause goes under it,
# because a column of its own leaves the title no room at 80 columns (or in a 2x2 quarter).
COLUMNS = ("P", "Type", "Owner", "Due", "Status", "Title  ↳ cause")
OWNER_WIDTH = 14
CAUSE_WIDTH = 60


@lru_cache(maxsize=1024)  # thousands of items share a few dozen dates: strftime was a third of labels()
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


def labels(action: ActionItem, today: date) -> tuple[str, str, str, str, str]:
    """What the columns before the title say (the cells' text, without their styles)."""
    owner = f"@{shorten(action.owner, OWNER_WIDTH)}" if action.owner else "no owner"
    due = "no date" if action.due is None else due_label(action.due, today)
    return action.priority.value, action.type.value, owner, due, action.status.label


def widths(action: ActionItem, today: date) -> tuple[int, ...]:
    """The cells' widths but the title's, without building them (WrapTable.LazyRow)."""
    return tuple(cell_len(label) for label in labels(action, today))


def cells(action: ActionItem, whys: dict[str, Why], today: date, styles: RowStyles) -> tuple[Text, ...]:
    """One row; every user string goes in as a Text, so it shows literally."""
    overdue = is_overdue(action, today)
    style = styles.closed if action.status.closed else styles.overdue if overdue else ""
    flag = styles.closed if action.status.closed else styles.missing  # a closed item no longer rots
    priority, kind, owner_label, due_text, status = labels(action, today)
    owner = Text(owner_label, style if action.owner else flag)
    due = Text(due_text, flag if action.due is None else styles.overdue_due if overdue else style)
    title = Text(action.title, style)
    why = whys.get(action.why_id) if action.why_id else None
    if why is not None:
        star = "★ " if why.is_root_cause else ""
        title.append(f"\n↳ {star}{first_line(why.statement, CAUSE_WIDTH)}", styles.cause)
    return (Text(priority, style), Text(kind, style), owner, due, Text(status, style), title)
