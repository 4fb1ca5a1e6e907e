"""The timeline: every event in order, local time and time since declared; first hour marked."""

from rich.text import Text
from textual.app import ComposeResult

from ....domain.models import Incident
from ...controls.pane import Pane
from ...controls.wrap_table import WrapTable
from ...format import FIRST_HOUR, local_time, since

FIRST_HOUR_MARK = "▌"


class TimelineTable(WrapTable):
    COMPONENT_CLASSES = {"timeline--first-hour", "timeline--manual"}


class TimelinePane(Pane):
    pane_id = "timeline"
    number = "t"
    title = "Timeline (▌ first 60 minutes)"
    short = "Timeline"

    def compose(self) -> ComposeResult:
        yield TimelineTable(" ", "Time", "Since", "Kind", "Event", follow_end=True, id="timeline-table")

    def show(self, incident: Incident) -> None:
        table = self.query_one(TimelineTable)
        first_hour = table.get_component_rich_style("timeline--first-hour", partial=True)
        manual = table.get_component_rich_style("timeline--manual", partial=True)
        declared = incident.milestones.declared
        now = self.now or declared
        rows = []
        for event in sorted(incident.timeline, key=lambda e: e.at):
            offset = event.at - declared
            early = offset < FIRST_HOUR
            cells = (
                Text(FIRST_HOUR_MARK if early else " ", style=first_hour),
                Text(local_time(event.at, now), style=first_hour if early else ""),
                Text(since(offset)),
                Text(event.kind.value, style=manual if event.kind.manual else ""),
                Text(event.text),
            )
            rows.append((cells, event.id))
        table.set_rows(rows)
