"""Action item rules shared by the war room and the CLI: overdue, the status cycle, sort orders."""

from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from .enums import ActionStatus
from .models import ActionItem

if TYPE_CHECKING:  # summary.py imports models, which this module must not wait for
    from .summary import Action

STATUS_CYCLE = [ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.DONE, ActionStatus.WONT_DO]


class SortOrder(StrEnum):
    DUE = "due date"
    PRIORITY = "priority"
    ADDED = "order added"

    def next(self) -> "SortOrder":
        orders = list(SortOrder)
        return orders[(orders.index(self) + 1) % len(orders)]


def next_status(status: ActionStatus) -> ActionStatus:
    """The status `s` moves an item to: open, in progress, done, won't do, and round again."""
    return STATUS_CYCLE[(STATUS_CYCLE.index(status) + 1) % len(STATUS_CYCLE)]


def is_overdue(action: "Action", today: date) -> bool:
    """Past its due date and still open (a closed item no longer rots)."""
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
