"""What the next-update pane says: pure functions of the incident, the time and the cadences."""

from datetime import datetime, timedelta

from textual.content import Content

from ....domain.cadence import Countdown, cadence_for
from ....domain.metrics import compute_metrics
from ....domain.models import Incident
from ....domain.updates import audiences
from ...format import Cadences, local_time


def minutes_words(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes < 1:
        return "under a minute"
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if minutes else f"{hours} h"


def state_line(incident: Incident, state: Countdown, now: datetime) -> Content:
    """What the digits mean: until when, overdue since when, or why nothing is due."""
    m = incident.milestones
    if not incident.is_open:
        stopped = m.resolved or m.closed or now
        return Content.from_markup(
            "[b]$status[/b] at $at: countdown stopped",
            status=incident.status.capitalize(),
            at=local_time(stopped, now),
        )
    if state.due is None:
        why = "for this incident" if incident.cadence_minutes == 0 else f"at {incident.severity}"
        return Content(f"No regular updates {why}")
    due = local_time(state.due, now)
    if state.overdue:
        return Content.from_markup("[b]Overdue[/b] since $due · press u to log one", due=due)
    first = "first" if not incident.updates else "next"
    if state.due_soon:
        return Content.from_markup(
            "[b]Due soon[/b]: the $first update, at $due · u logs it", first=first, due=due
        )
    return Content(f"until the {first} update, due at {due}")


def cadence_line(incident: Incident, cadences: Cadences) -> Content:
    cadence = cadence_for(incident, cadences)
    stopped = not incident.is_open and cadence.interval is not None
    parts = [f"updates were due {cadence.describe()}" if stopped else cadence.describe()]
    if cadence.interval is not None and incident.cadence_minutes is not None:
        parts[0] += " (set for this incident)"
    first = cadence.first_update
    if (
        cadence.interval is not None
        and not incident.updates
        and first is not None
        and first != cadence.interval
    ):
        parts.append(f"first within {minutes_words(first)}")
    parts.append("to " + " + ".join(a.value for a in audiences(incident)))
    return Content(" · ".join(parts))


def metrics_line(incident: Incident, now: datetime, cadences: Cadences) -> Content:
    """Sent, on time, longest silence so far: changes at most once a minute."""
    metrics = compute_metrics(incident, now, cadences)
    silence = minutes_words(metrics.longest_silence or timedelta(0))
    if not metrics.updates_sent:
        return Content(f"none sent yet · silent for {silence}")
    ratio = metrics.on_time_ratio
    if ratio is None:
        return Content(f"{metrics.updates_sent} sent, no cadence in force · longest silence {silence}")
    return Content(
        f"{metrics.updates_sent} sent · {metrics.updates_on_time} of {metrics.updates_judged} on time "
        f"({ratio:.0%}) · longest silence {silence}"
    )
