"""The timeline: every event in order, local time and time since declared; first hour marked."""

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult

from ....domain.models import Incident
from ...controls.pane import Pane
from ...controls.wrap_table import WrapTable
from ...format import first_lines, in_first_hour, local_time, since

FIRST_HOUR_MARK = "▌"
EVENT_LINES = 12  # of a long note: the timeline stays a list of events (`show` prints it all)


class TimelineTable(WrapTable):
    COMPONENT_CLASSES: ClassVar[set[str]] = {"timeline--first-hour", "timeline--manual"}


class TimelinePane(Pane):
    pane_id = "timeline"
    number = "t"
    title = "Timeline (▌ first 60 minutes)"
    short = "Timeline"

    def compose(self) -> ComposeResult:
        yield TimelineTable(" ", "Time", "Since", "Kind", "Event", follow_end=True, id="timeline-table")

    def __init__(self) -> None:
        super().__init__()
        self.in_view = False  # hidden until t: thousands of rows are built when it is shown
        self.row_cache: dict[str, tuple[tuple, tuple[Text, ...]]] = {}  # event id -> (built from, cells)

    def show(self, incident: Incident) -> None:
        table = self.query_one(TimelineTable)
        first_hour = table.get_component_rich_style("timeline--first-hour", partial=True)
        manual = table.get_component_rich_style("timeline--manual", partial=True)
        declared = incident.milestones.declared
        now = self.now or declared
        context = (declared, now.astimezone().date(), first_hour, manual)
        rows = []
        cache = self.row_cache
        for event in sorted(incident.timeline, key=lambda e: e.at):
            hit = cache.get(event.id)
            if hit is None or hit[0][0] is not event or hit[0][1:] != context:
                hit = ((event, *context), self.cells(event, declared, now, first_hour, manual))
                cache[event.id] = hit
            rows.append((hit[1], event.id))
        if len(cache) > len(rows):
            self.row_cache = {key: cache[key] for _, key in rows}
        table.set_rows(rows)

    @staticmethod
    def cells(event, declared, now, first_hour, manual) -> tuple[Text, ...]:
        offset = event.at - declared
        early = in_first_hour(offset)
        return (
            Text(FIRST_HOUR_MARK if early else " ", style=first_hour),
            Text(local_time(event.at, now), style=first_hour if early else ""),
            Text(since(offset)),
            Text(event.kind.value, style=manual if event.kind.manual else ""),
            Text(first_lines(event.text, EVENT_LINES)),
        )
