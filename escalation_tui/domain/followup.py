"""Action items across incidents: the follow-up view once the incident is over."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from .actions import is_overdue
from .summary import Action, Listed


@dataclass(frozen=True)
class FollowUp:
    incident: Listed
    action: Action

    def overdue(self, today: date) -> bool:
        return is_overdue(self.action, today)


def follow_ups(
    incidents: Sequence[Listed], today: date, open_only: bool = False, owner: str | None = None
) -> list[FollowUp]:
    """Overdue first, then by due date; items without a due date last (they rot, so they show)."""
    wanted = owner.lstrip("@").casefold() if owner else None
    rows = [
        FollowUp(incident, action)
        for incident in incidents
        for action in incident.actions
        if not (open_only and action.status.closed) and (wanted is None or action.owner.casefold() == wanted)
    ]
    return sorted(
        rows,
        key=lambda r: (
            not r.overdue(today),
            r.action.due is None,
            r.action.due or date.max,
            r.action.priority,
        ),
    )
