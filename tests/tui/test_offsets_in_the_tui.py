"""The TUI's timeline and list use the one offset and duration format (issue 31 items 3, 8)."""

from datetime import timedelta

from escalation_tui.domain.enums import Milestone
from escalation_tui.tui.screens.incident_list import IncidentTable
from escalation_tui.tui.screens.war_room import WarRoomScreen


async def test_events_before_the_declaration_are_negative_and_never_first_hour(
    service, clock, make_app, size
):
    declared = clock.now() - timedelta(days=2)
    session = service.declare("Database wiped", severity=1, kind="technical", at=declared)
    session.record_milestone(Milestone.IMPACT_STARTED, at=declared - timedelta(hours=4, minutes=40))
    session.add_note("first look", at=declared + timedelta(minutes=17))
    session.add_note("restore started", at=declared + timedelta(hours=1, minutes=27))
    session.add_note("restore done", at=declared + timedelta(days=1, minutes=14))
    app = make_app(session.id)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WarRoomScreen)
        await pilot.press("t")
        await pilot.pause()
        table = app.screen.query_one("#timeline-table")
        rows = [[str(cell) for cell in table.get_row_at(n)] for n in range(table.row_count)]
        assert [(r[0], r[2]) for r in rows] == [
            (" ", "-4:40"),  # impact started: before the declaration, not in its first hour
            ("▌", "+0:00"),
            ("▌", "+0:17"),
            (" ", "+1:27"),
            (" ", "+1d 0:14"),
        ]


async def test_the_list_says_resolved_after_and_closed_later(service, clock, make_app, size, screen_text):
    declared = clock.now() - timedelta(days=12)
    session = service.declare("Database wiped", severity=1, kind="technical", at=declared)
    resolved = declared + timedelta(hours=20, minutes=14)
    session.record_milestone(Milestone.RESOLVED, at=resolved)
    session.record_milestone(Milestone.CLOSED, at=resolved + timedelta(days=9, hours=3, minutes=2))
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        table = app.screen.query_one(IncidentTable)
        assert " ".join(str(table.get_row_at(0)[3]).split()) == "resolved after 20:14, closed 9d 3:02 later"
        assert "20:14:00" not in screen_text(app)
