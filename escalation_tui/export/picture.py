"""What the post-mortem's picture of the response shows: which marks, over which span, grouped.

A response that ends within the first hour after the declaration gets one picture: the first
hour (with an impact start up to an hour before it). A longer one gets two: the whole
response, from the impact start (or the declaration) to the resolution, and the first hour
on its own scale, so its marks are not squeezed into a few pixels. Marks are the milestones,
the stakeholder updates and the typed findings and decisions. Marks closer together than a
picture can separate are grouped into one; a mark outside every picture (the closing days
later, an impact start long before) is stated under it instead of drawn to scale.

No Textual, no Mermaid syntax here (mermaid.py writes the diagrams).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from ..domain.enums import EventKind, Milestone
from ..domain.models import Incident

FIRST_HOUR = timedelta(minutes=60)
# Rendered about this wide (a wiki's column, GitHub's diff view), a diamond is ~24 px: marks
# closer than that in time cannot be told apart, so they are grouped.
PLOT_PX = 900
MARK_PX = 24

SECTIONS = ("Milestones", "Updates", "Findings and decisions")


@dataclass(frozen=True)
class Mark:
    at: datetime
    section: str  # one of SECTIONS
    name: str  # short, our words only: "Declared", "Update 2 customer", "Finding 1"
    gist: str = ""  # the user's words (raw; mermaid.py cleans them)


@dataclass(frozen=True)
class Group:
    """One drawn mark: a single mark, or several too close to tell apart."""

    marks: tuple[Mark, ...]

    @property
    def at(self) -> datetime:
        return self.marks[0].at

    @property
    def section(self) -> str:
        return self.marks[0].section


@dataclass(frozen=True)
class Picture:
    name: str  # "whole" or "first hour"
    start: datetime
    end: datetime
    groups: tuple[Group, ...]
    bars: tuple[tuple[str, datetime, datetime], ...]  # label, from, to

    @property
    def crosses_midnight(self) -> bool:
        return self.start.date() != self.end.date()


@dataclass(frozen=True)
class Plan:
    pictures: tuple[Picture, ...]  # the whole response first, when it is drawn
    not_drawn: tuple[Mark, ...]  # stated in words: outside every picture


def marks(incident: Incident) -> list[Mark]:
    """Every mark, in time order (entry order breaking ties)."""
    found: list[Mark] = []
    for milestone in Milestone:
        at = incident.milestones.get(milestone)
        if at is not None:
            found.append(Mark(at, "Milestones", milestone.label))
    for n, update in enumerate(sorted(incident.updates, key=lambda u: u.sent_at), start=1):
        found.append(Mark(update.sent_at, "Updates", f"Update {n} {update.audience.value}", update.text))
    counts = {EventKind.FINDING: 0, EventKind.DECISION: 0}
    for event in sorted(incident.timeline, key=lambda e: e.at):
        if event.kind in counts:
            counts[event.kind] += 1
            name = f"{event.kind.value.capitalize()} {counts[event.kind]}"
            found.append(Mark(event.at, "Findings and decisions", name, event.text))
    return sorted(found, key=lambda m: m.at)


def group(chosen: list[Mark], start: datetime, end: datetime) -> tuple[Group, ...]:
    """Per section, marks within one diamond's width of the group's first mark become one."""
    gap = (end - start) * MARK_PX / PLOT_PX
    groups: list[Group] = []
    for section in SECTIONS:
        current: list[Mark] = []
        for mark in (m for m in chosen if m.section == section):
            if current and mark.at - current[0].at >= gap:
                groups.append(Group(tuple(current)))
                current = []
            current.append(mark)
        if current:
            groups.append(Group(tuple(current)))
    return tuple(groups)


def plan(incident: Incident) -> Plan:
    m = incident.milestones
    declared = m.declared
    every = marks(incident)
    last_open = max((mark.at for mark in every if mark.name != Milestone.CLOSED.label), default=declared)
    end = m.resolved or last_open
    hour_end = declared + FIRST_HOUR
    impact = m.impact_started
    pictures: list[Picture] = []
    if end > hour_end:
        start = min(impact or declared, declared)
        chosen = [mark for mark in every if start <= mark.at <= end]
        to = "resolution" if m.resolved else "last mark"
        bars = [(f"Response, declaration to {to}", declared, end), ("First hour", declared, hour_end)]
        if impact is not None:
            bars.insert(0, (f"Impact, start to {to}", impact, end))
        pictures.append(Picture("whole", start, end, group(chosen, start, end), tuple(bars)))
    # The first hour: from an impact start up to an hour before the declaration.
    start = impact if impact is not None and declared - FIRST_HOUR <= impact < declared else declared
    hour = [mark for mark in every if start <= mark.at <= hour_end]
    bar = ("First 60 minutes after declaration", declared, hour_end)
    pictures.append(Picture("first hour", start, hour_end, group(hour, start, hour_end), (bar,)))
    drawn = {id(mark) for picture in pictures for g in picture.groups for mark in g.marks}
    return Plan(tuple(pictures), tuple(mark for mark in every if id(mark) not in drawn))
