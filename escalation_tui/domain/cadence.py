"""When the next stakeholder update is due, always from absolute timestamps.

Never count timer ticks: a suspended laptop or a slow frame would drift. Everything here
is a pure function of the incident and "now".
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict, Field

from .clock_text import countdown_label
from .enums import Severity
from .summary import Listed

DUE_SOON = timedelta(minutes=2)


class Cadence(BaseModel):
    """How often stakeholders hear from us; None means no regular updates."""

    model_config = ConfigDict(frozen=True)

    interval_minutes: int | None = Field(default=None, gt=0)
    first_update_minutes: int | None = Field(default=None, gt=0)

    @property
    def interval(self) -> timedelta | None:
        return timedelta(minutes=self.interval_minutes) if self.interval_minutes else None

    @property
    def first_update(self) -> timedelta | None:
        minutes = self.first_update_minutes or self.interval_minutes
        return timedelta(minutes=minutes) if minutes else None

    def describe(self) -> str:
        if not self.interval_minutes:
            return "no regular updates"
        return f"every {format_minutes(self.interval_minutes)}"


Cadences = dict[Severity, Cadence]

# PagerDuty's and Atlassian's published guidance.
DEFAULT_CADENCES: dict[Severity, Cadence] = {
    Severity.SEV1: Cadence(interval_minutes=30, first_update_minutes=15),
    Severity.SEV2: Cadence(interval_minutes=60),
    Severity.SEV3: Cadence(interval_minutes=240),
    Severity.SEV4: Cadence(),
}


def cadence_for(incident: Listed, defaults: dict[Severity, Cadence] | None = None) -> Cadence:
    return make_cadence(incident.severity, incident.cadence_minutes, incident.cadence_first_minutes, defaults)


def make_cadence(
    severity: Severity,
    override: int | None,
    first_override: int | None = None,
    defaults: dict[Severity, Cadence] | None = None,
) -> Cadence:
    """The cadence of a severity with the incident's override (None: the default, 0: none)."""
    base = (defaults or DEFAULT_CADENCES)[severity]
    if override is None:
        return base
    if override == 0:
        return Cadence()
    first = first_override or min(base.first_update_minutes or override, override)
    return Cadence(interval_minutes=override, first_update_minutes=first)


def next_update_due(incident: Listed, defaults: dict[Severity, Cadence] | None = None) -> datetime | None:
    """None once resolved, or when the cadence asks for no updates."""
    if not incident.is_open:
        return None
    cadence = cadence_for(incident, defaults)
    interval, first = cadence.interval, cadence.first_update
    if interval is None or first is None:  # first_update is None exactly when interval is
        return None
    if incident.updates:
        last = max(update.sent_at for update in incident.updates)
        return last + interval
    return incident.milestones.declared + first


@dataclass(frozen=True)
class Countdown:
    due: datetime | None
    remaining: timedelta | None  # negative when overdue

    @property
    def overdue(self) -> bool:
        return self.remaining is not None and self.remaining <= timedelta(0)

    @property
    def due_soon(self) -> bool:
        return self.remaining is not None and timedelta(0) < self.remaining <= DUE_SOON

    def label(self) -> str:
        return countdown_label(self.remaining)


def countdown(incident: Listed, now: datetime, defaults: dict[Severity, Cadence] | None = None) -> Countdown:
    due = next_update_due(incident, defaults)
    return Countdown(due=due, remaining=None if due is None else due - now)


def format_minutes(minutes: int) -> str:
    if minutes % 60 == 0:
        hours = minutes // 60
        return f"{hours} h"
    return f"{minutes} min"
