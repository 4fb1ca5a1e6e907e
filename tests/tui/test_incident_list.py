"""The incident list: what it shows, declaring an incident, opening the war room, quitting."""

from textual.widgets import Input
from tui_support import one_size

from escalation_tui.store import IncidentStore
from escalation_tui.tui.app import initial_incident
from escalation_tui.tui.dialogs.new_incident import NewIncidentDialog
from escalation_tui.tui.screens.incident_list import IncidentListScreen, IncidentTable
from escalation_tui.tui.screens.war_room import WarRoomScreen


async def test_list_shows_open_incidents_first(service, clock, make_app, size, screen_text):
    service.declare("Old outage", severity=3, kind="technical").record_milestone("resolved")
    clock.advance(minutes=5)
    service.declare("Login broken", severity=1, kind="technical")
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, IncidentListScreen)
        table = app.screen.query_one(IncidentTable)
        titles = [str(table.get_row_at(i)[-1]) for i in range(table.row_count)]
        assert titles == ["Login broken", "Old outage"]
        text = screen_text(app)
        assert "SEV1" in text and "due in 15:00" in text and "resolved" in text


@one_size
async def test_create_incident_via_modal(store_path, make_app, size, screen_text):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.press("n")
        assert isinstance(app.screen, NewIncidentDialog)
        await pilot.press("enter")  # no title yet: refused, said inline, dialog stays
        assert isinstance(app.screen, NewIncidentDialog)
        assert "title: must not be empty" in screen_text(app)
        commander = app.screen.query_one("#commander", Input)
        assert commander.value == "dana"  # what was there is kept
        title = app.screen.query_one("#title", Input)
        title.value = "DNS down"
        title.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WarRoomScreen)
        incident_id = app.screen.session.id
    stored = IncidentStore(store_path).load(incident_id)
    assert stored.title == "DNS down"
    assert stored.severity == "SEV2" and stored.kind == "technical"
    assert stored.roles.commander == "dana"


@one_size
async def test_enter_opens_war_room_and_escape_comes_back(demo, make_app, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, WarRoomScreen)
        assert app.screen.session.id == demo.id
        await pilot.press("escape")
        assert isinstance(app.screen, IncidentListScreen)


async def test_q_quits_from_the_list(demo, make_app):
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("j", "k", "q")
        await pilot.pause()
    assert app.return_code == 0


async def test_open_incident_id_goes_straight_to_the_war_room(demo, make_app):
    app = make_app(open_incident_id=demo.id)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WarRoomScreen)


async def test_the_list_under_a_war_room_opened_at_start_is_built_when_first_shown(
    demo, make_app, service, size, screen_text
):
    """At start-up the one open incident opens over the list at once: the list mounts its
    widgets only when escape first shows it, and then works as if it had been there all along."""
    service.declare("Search slow", severity=3, kind="technical").record_milestone("resolved")
    shown_first = make_app()  # how the list looks and what has focus when it is shown at once
    async with shown_first.run_test(size=size) as pilot:
        await pilot.pause()
        expected_text, expected_focus = screen_text(shown_first), type(shown_first.focused)

    app = make_app(open_incident_id=demo.id)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        under = app.screen_stack[-2]
        assert isinstance(app.screen, WarRoomScreen) and isinstance(under, IncidentListScreen)
        assert not under.query(IncidentTable)  # nothing mounted under the war room yet
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is under and under.query_one(IncidentTable).row_count == 2
        assert screen_text(app) == expected_text and type(app.focused) is expected_focus
        await pilot.press("enter")  # the open incident is on top: it opens again
        await pilot.pause()
        assert isinstance(app.screen, WarRoomScreen) and app.screen.session.id == demo.id


async def test_unknown_incident_id_says_so_on_the_list(demo, make_app, screen_text):
    app = make_app(open_incident_id="nosuch")
    async with app.run_test(notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, IncidentListScreen)
        assert "no incident with id" in screen_text(app)


def test_initial_incident_only_when_exactly_one_is_open(service):
    assert initial_incident(service) is None
    first = service.declare("One", severity=2, kind="technical")
    assert initial_incident(service) == first.id
    service.declare("Two", severity=2, kind="process")
    assert initial_incident(service) is None
    first.record_milestone("resolved")
    assert initial_incident(service) is not None
