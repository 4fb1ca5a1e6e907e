"""The war room's one-line summary: severity, next update, kind, title, phase, elapsed, roles.

The next update's countdown comes right after the severity, so it is on screen at every
size (at 80 columns the rest wraps below it), and turns loud once overdue.
"""

from datetime import datetime

from textual.content import Content
from textual.reactive import var
from textual.widget import Widget

from ...domain.cadence import countdown
from ...domain.clock_text import countdown_label
from ...domain.models import Incident
from ..format import Cadences, elapsed_label

SEVERITY_STYLE = {"SEV1": "$error", "SEV2": "$warning", "SEV3": "$accent", "SEV4": "$secondary"}


def severity_markup(severity: str) -> str:
    return f"[b {SEVERITY_STYLE.get(severity, '')} reverse] $severity [/]"


class IncidentHeader(Widget):
    """Renders from `incident` and `now`; the screen sets both."""

    incident: var[Incident | None] = var(None, always_update=True)
    now: var[datetime | None] = var(None)

    def __init__(self, *, id: str | None = None, cadences: Cadences = None) -> None:
        super().__init__(id=id)
        self.cadences = cadences
        self._length = 0
        self._drawn: Content | None = None  # content() when last refreshed

    def render(self) -> Content:
        return self.content()

    def content(self) -> Content:
        incident, now = self.incident, self.now
        if incident is None or now is None:
            return Content("")
        status = "" if incident.is_open else " · [b $success]$status[/]"
        # The next milestone to record, with its key: the first minutes are when it is forgotten.
        if incident.is_open and not incident.milestones.acknowledged:
            status = " · [$warning]not acknowledged (A)[/]"
        elif incident.is_open and not incident.milestones.contained:
            status = " · [$warning]not contained yet (C)[/]"
        return Content.from_markup(
            severity_markup(incident.severity)
            + self.update_markup(incident, now)
            + " $kind · [b]$title[/b] · $phase $phase_label · $elapsed · IC: $commander · Comms: $comms"
            + status,
            severity=incident.severity.value,
            kind=incident.kind.value,
            title=incident.title,
            phase=f"{incident.phase.number}/5",
            phase_label=incident.phase.label,
            elapsed=elapsed_label(incident, now),
            commander=incident.roles.commander or "unassigned",
            comms=incident.roles.comms or "unassigned",
            status=incident.status.upper(),
            update=self.update_text(incident, now),
        )

    def update_text(self, incident: Incident, now: datetime) -> str:
        state = countdown(incident, now, self.cadences)
        if state.remaining is None:
            return ""
        # The same words as the list and `status`: a bare "14:59" reads like a clock time.
        return countdown_label(state.remaining)

    def update_markup(self, incident: Incident, now: datetime) -> str:
        state = countdown(incident, now, self.cadences)
        if state.remaining is None:
            return ""
        if state.overdue:
            return " [b $error reverse] $update [/] ·"
        return " [b $warning]$update[/] ·" if state.due_soon else " [b]$update[/] ·"

    def watch_incident(self) -> None:
        self.redraw()

    def watch_now(self) -> None:
        self.redraw()

    def redraw(self) -> None:
        # Most changes (a tick, a note) leave the header as it reads: a repaint then would cost
        # the key another frame. A layout pass repaints the whole screen: only when the length
        # changes ("59:59" becomes "1:00:00", a longer title) and the line may wrap.
        content = self.content()
        drawn = self._drawn
        if drawn is not None and drawn.plain == content.plain and drawn.spans == content.spans:
            return
        self._drawn = content
        length = content.cell_length
        self.refresh(layout=length != self._length)
        self._length = length
