"""At 80x24 (and 160x50): nothing cut, no time that reads like a clock time (issue 34).

Titles in the list are read whole: the secondary columns wrap before the title is pushed
past the screen's edge; the countdown says what it is, in the same words everywhere.
"""

import re

from escalation_tui.tui.screens.incident_list import IncidentTable
from escalation_tui.tui.screens.war_room import WarRoomScreen

LONG_TITLES = (
    "GitLab.com database outage: primary deleted by accident during replication fix",
    "Checkout API returning 500s for EU web customers after deploy",
)


def whole_words_on_screen(title: str, text: str) -> list[str]:
    """The words of `title` that are not on screen as whole words (cut ones are missing)."""
    return [w for w in title.split() if not re.search(rf"(?<!\S){re.escape(w)}(?!\S)", text)]


async def test_list_titles_are_never_cut_by_long_secondary_cells(service, clock, make_app, size, screen_text):
    for title in LONG_TITLES:
        service.declare(title, severity=1, kind="technical")
    # Resolved a day later and closed after: the long "resolved after …" cells that pushed
    # the titles past the edge.
    past = service.declare("Search returns nothing", severity=2, kind="technical")
    clock.advance(days=1, hours=2)
    past.record_milestone("resolved")
    done = service.declare("Payments timing out at checkout", severity=2, kind="process")
    clock.advance(hours=20, minutes=14)
    done.record_milestone("resolved")
    done.record_milestone("closed")
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        table = app.screen.query_one(IncidentTable)
        assert table.virtual_size.width <= table.size.width  # nothing off the right edge
        text = screen_text(app)
        for title in (*LONG_TITLES, "Search returns nothing", "Payments timing out at checkout"):
            assert whole_words_on_screen(title, text) == [], title
        # The countdown column never wraps to make room.
        assert re.search(r"overdue \+\d", text) and "overdue\n" not in text


async def test_the_countdown_says_it_is_a_countdown_everywhere(service, clock, make_app, size, screen_text):
    incident = service.declare("Checkout down", severity=1, kind="technical")
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert "due in 15:00" in screen_text(app)  # the list's "Next update" column
        app.open_incident(incident.id)
        await pilot.pause()
        assert isinstance(app.screen, WarRoomScreen)
        text = screen_text(app)
        assert "update due in 15:00" in text and "next update 15:00" not in text
        clock.advance(minutes=17)
        app.screen.tick()
        await pilot.pause()
        assert "update overdue +02:00" in screen_text(app)
