"""The app-wide update alarm: bell and toast for ANY open incident whose update falls due.

The war room's pane 2 rings for the incident it shows (with "press u"); this watcher rings
for every other open incident, whatever screen is on top, and names it, so `g` can open it.
Both use one OverdueAlarm per incident (`alarm_for`), keyed on absolute thresholds, so an
incident never rings twice for the same threshold when the user moves between screens.

The open incidents are re-read only when the store's folder stamp changes (any save, by
this app or another window or process); every tick is a computation from timestamps. In
team mode that read crosses the network, so it runs in a thread and a later tick uses it.
"""

import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from ..domain.cadence import Countdown, countdown
from ..domain.clock_text import format_clock
from ..domain.summary import Listed
from ..errors import EscalationError
from ..service import IncidentService, Known
from .panes.update.countdown_alarm import OverdueAlarm

_UNREAD = object()


def incident_label(incident: Listed) -> str:
    """How a toast names an incident: never the title of a confidential one."""
    name = "confidential incident" if incident.confidential else incident.title
    return f"{incident.severity} {name}"


def due_message(incident: Listed, state: Countdown, repeat: timedelta) -> str:
    late = -state.remaining if state.remaining is not None else timedelta(0)
    when = "is due now" if late < repeat else f"is overdue by {format_clock(late)}"
    return f"{incident_label(incident)}: the stakeholder update {when}. Press g to open it."


def batch_message(due: list, most_urgent: str) -> str:
    if len(due) == 1:
        return most_urgent
    return f"{len(due)} stakeholder updates are due or overdue. Most urgent: {most_urgent}"


class UpdateWatch:
    def __init__(self, service: IncidentService) -> None:
        self.service = service
        self.alarms: dict[str, OverdueAlarm] = {}
        self.incidents: list[Listed] = []
        self.stamp: object = _UNREAD
        self.due_id: str | None = None  # the incident the last toast named: `g` opens it
        self.known: dict = {}  # what was read, by stamp: a save re-reads only what changed
        self.reading = False  # team mode: a thread is reading the open incidents from the server

    def alarm_for(self, incident_id: str) -> OverdueAlarm:
        """The one alarm state per incident, shared with the war room's pane 2."""
        return self.alarms.setdefault(incident_id, OverdueAlarm())

    def open_incidents(self, fresh: Known | None = None) -> list[Listed]:
        """The open incidents' summaries, re-read only when something was saved (by anyone),
        and then only those that changed; `fresh` holds the incidents the open war rooms read
        or wrote themselves, which stand in for their summaries. A store problem keeps the
        last read."""
        stamp = self.service.store.folder_stamp()
        if (stamp != self.stamp or self.stamp is None) and getattr(self.service.store, "remote", False):
            self.read_in_thread(stamp)
        elif stamp != self.stamp or self.stamp is None:
            try:
                summaries, _ = self.service.summaries(include_closed=False, known=self.known)
            except EscalationError:
                return self.incidents  # the list screen says what is wrong
            self.incidents = list(summaries)
            self.stamp = stamp
        shown = {incident_id: read[1] for incident_id, read in (fresh or {}).items() if read[1] is not None}
        if not shown:
            return self.incidents
        return [shown.get(i.id, i) for i in self.incidents]

    def read_in_thread(self, stamp: object) -> None:
        """Off the event loop: a slow or stuck server never stops the clock. The results are
        swapped in whole, and the next tick reads them."""
        if self.reading:
            return
        self.reading = True
        known = dict(self.known)

        def read() -> None:
            try:
                summaries, _ = self.service.summaries(include_closed=False, known=known)
                self.incidents = list(summaries)
                self.stamp = stamp
            except EscalationError:
                pass  # keep the last read; the list screen says what is wrong
            finally:
                self.reading = False

        threading.Thread(target=read, name="escalation-tui-alarm-read", daemon=True).start()

    def check(self, shown: Known, ring: Callable[[Listed, str], None]) -> None:
        """Ring once (via `ring(incident, message)`) when any open incident not shown in a war
        room passes a threshold: one message for all that are due, naming the most urgent, so
        forty overdue incidents make one toast and one bell, not forty. `shown` incidents (as
        their war rooms last read them) are rung by their own pane 2."""
        now: datetime = self.service.clock.now()
        incidents = self.open_incidents(shown)
        overdue = set()
        due: list[tuple[Listed, Countdown, OverdueAlarm]] = []
        rang = False
        for incident in incidents:
            state = countdown(incident, now, self.service.settings.cadences)
            if state.overdue:
                overdue.add(incident.id)
            if incident.id in shown:
                continue
            alarm = self.alarm_for(incident.id)
            rang = alarm.should_ring(state) or rang
            if state.overdue:
                due.append((incident, state, alarm))
        if rang and due:
            incident, state, alarm = min(due, key=lambda d: d[1].remaining or timedelta(0))
            self.due_id = incident.id
            ring(incident, batch_message(due, due_message(incident, state, alarm.repeat)))
        if self.due_id not in overdue:
            self.due_id = None  # an update was logged meanwhile: nothing left to go to
