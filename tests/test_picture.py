"""What the post-mortem's pictures show (export/picture.py): their span, their marks, marks
too close to tell apart grouped, and marks outside every picture stated in words."""

import itertools
from datetime import UTC, datetime, timedelta

from escalation_tui.domain.enums import Audience, EventKind, Kind, Severity
from escalation_tui.domain.models import Incident, Milestones, StatusUpdate, TimelineEvent
from escalation_tui.export.markdown import render_postmortem
from escalation_tui.export.mermaid import diagram, first_hour_diagram
from escalation_tui.export.picture import MARK_PX, PLOT_PX, plan

T0 = datetime(2026, 11, 28, 22, 0, tzinfo=UTC)


def _incident(**milestones) -> Incident:
    return Incident(
        id="pic1",
        title="Search down",
        kind=Kind.TECHNICAL,
        severity=Severity.SEV1,
        milestones=Milestones(declared=T0, **milestones),
    )


def _names(picture) -> list[list[str]]:
    return [[m.name for m in g.marks] for g in picture.groups]


def test_a_response_within_the_hour_keeps_one_picture_of_the_first_hour():
    incident = _incident(acknowledged=T0 + timedelta(minutes=3), resolved=T0 + timedelta(minutes=50))
    [hour] = plan(incident).pictures
    assert (hour.name, hour.start, hour.end) == ("first hour", T0, T0 + timedelta(minutes=60))
    assert _names(hour) == [["Declared"], ["Acknowledged"], ["Resolved"]]
    assert "axisFormat %H:%M" in first_hour_diagram(incident)


def test_an_open_response_past_the_hour_is_drawn_to_its_last_mark():
    incident = _incident()
    incident.timeline = [
        TimelineEvent(at=T0 + timedelta(hours=3), kind=EventKind.FINDING, text="Disk full on db-3"),
        TimelineEvent(at=T0 + timedelta(hours=3), kind=EventKind.NOTE, text="not a mark"),
    ]
    whole, _hour = plan(incident).pictures
    assert (whole.start, whole.end) == (T0, T0 + timedelta(hours=3))
    assert whole.crosses_midnight  # 22:00 to 01:00
    assert [bar[0] for bar in whole.bars] == ["Response, declaration to last mark", "First hour"]
    assert _names(whole) == [["Declared"], ["Finding 1"]]
    source = diagram(incident, whole, alone=False)
    assert "axisFormat %d %b %H:%M" in source and "title Whole response to Search down (UTC)" in source
    assert "Finding 1 - Disk full on db-3 :milestone" in source


def test_marks_too_close_to_tell_apart_are_one_mark_and_the_rest_keep_their_distance():
    resolved = T0 + timedelta(hours=10)
    incident = _incident(impact_started=T0 - timedelta(hours=2), resolved=resolved)
    gap = (resolved - incident.milestones.impact_started) * MARK_PX / PLOT_PX  # 19.2 min
    incident.updates = [
        StatusUpdate(sent_at=T0 + timedelta(minutes=m), audience=Audience.INTERNAL, text=f"u{m}")
        for m in (5, 20, 36, 200, 210, 218)
    ]
    whole, _hour = plan(incident).pictures
    updates = [g for g in whole.groups if g.section == "Updates"]
    assert [[m.name for m in g.marks] for g in updates] == [
        ["Update 1 internal", "Update 2 internal"],
        ["Update 3 internal"],
        ["Update 4 internal", "Update 5 internal", "Update 6 internal"],
    ]
    for one, other in itertools.pairwise(updates):
        assert other.at - one.at >= gap
    assert "Update 1 internal, Update 2 internal :milestone" in diagram(incident, whole, alone=False)


def test_an_impact_start_long_before_a_short_response_and_a_late_closing_are_stated():
    incident = _incident(
        impact_started=T0 - timedelta(hours=5),
        resolved=T0 + timedelta(minutes=40),
        closed=T0 + timedelta(days=12),
    )
    drawn = plan(incident)
    [hour] = drawn.pictures
    assert hour.start == T0 and _names(hour) == [["Declared"], ["Resolved"]]
    assert [m.name for m in drawn.not_drawn] == ["Impact started", "Closed"]
    doc = render_postmortem(incident, T0 + timedelta(days=13))
    assert (
        "- Not drawn to scale: **Impact started** at 2026-11-28 17:00 UTC, 5 h 00 min before the declaration."
        in doc
    )
    assert (
        "- Not drawn to scale: **Closed** at 2026-12-10 22:00 UTC, 11 d 23 h 20 min after the resolution."
        in doc
    )
