"""Confidential in the TUI (issue 17): a banner over the war room and the post-mortem at
every size, a mark in the incident list; nothing of it for an ordinary incident."""

from escalation_tui.tui.controls.confidential import ConfidentialBanner
from escalation_tui.tui.postmortem.postmortem import PostMortemScreen
from escalation_tui.tui.screens.incident_list import IncidentTable
from escalation_tui.tui.screens.war_room import WarRoomScreen

BANNER = "CONFIDENTIAL · people escalation"


async def test_banner_in_the_war_room_and_post_mortem(service, make_app, size, screen_text):
    people = service.declare("Teammate struggling", severity=3, kind="people")
    app = make_app(people.id)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WarRoomScreen)
        assert BANNER in screen_text(app).splitlines()[0]  # the top row, above everything
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, PostMortemScreen)
        assert BANNER in screen_text(app).splitlines()[0]


async def test_no_banner_for_an_ordinary_incident_and_the_list_marks(service, make_app, size, screen_text):
    ordinary = service.declare("Checkout down", severity=1, kind="technical")
    people = service.declare("Teammate struggling", severity=3, kind="people")
    app = make_app(ordinary.id)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert not app.screen.query_one(ConfidentialBanner).display
        assert "CONFIDENTIAL" not in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        table = app.screen.query_one(IncidentTable)
        assert str(table.get_row(people.id)[-1]) == "CONFIDENTIAL incident"
        assert "Teammate" not in screen_text(app)  # the title shows in its war room only
        assert str(table.get_row(ordinary.id)[-1]) == "Checkout down"
        assert "CONFIDENTIAL" in screen_text(app)


async def test_marking_it_confidential_elsewhere_shows_the_banner(service, make_app, screen_text):
    incident = service.declare("Checkout down", severity=1, kind="technical")
    app = make_app(incident.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        service.open(incident.id).set_confidential(True)  # another window
        app.screen.tick()
        await pilot.pause()
        assert "CONFIDENTIAL · technical escalation" in screen_text(app)
