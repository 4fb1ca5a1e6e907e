"""Timelines are shown in time order, entry order breaking ties (a back-filled event lands
where it happened, not where it was typed)."""

from collections.abc import Iterable

from .models import TimelineEvent


def in_time_order(events: Iterable[TimelineEvent]) -> list[TimelineEvent]:
    return sorted(events, key=lambda e: e.at)  # stable: entry order within one time
