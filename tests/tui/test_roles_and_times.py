"""The roles dialog (O) and milestones with a time (A, C, R, M): keys in, store checked after."""

from datetime import timedelta

from test_war_room import open_war_room

from escalation_tui.domain.enums import EventKind, Phase
from escalation_tui.store import IncidentStore
from escalation_tui.tui.dialogs.choice import ChoiceDialog
from escalation_tui.tui.dialogs.milestone_time import MilestoneTimeDialog
from escalation_tui.tui.dialogs.roles import RolesDialog


async def test_roles_dialog_names_and_hands_over_roles(service, store_path, make_app, size, screen_text):
    session = service.declare("Search is down", severity=1, kind="technical", commander="dana")
    app = make_app(session.id)
    async with app.run_test(size=size) as pilot:
        screen = await open_war_room(app, pilot)
        await pilot.press("O")
        await pilot.pause()
        assert isinstance(app.screen, RolesDialog)
        await pilot.press("ctrl+u", *"lee", "tab", *"kim", "tab", *"jo", "tab", *"liaison: max", "enter")
        await pilot.pause()
        assert app.screen is screen
        header = screen.query_one("#header").content().plain
        assert "IC: lee" in header and "Comms: kim" in header
        assert "lee" in screen_text(app) and "Comms:" in screen_text(app)
    stored = IncidentStore(store_path).load(session.id)
    roles = stored.roles
    assert (roles.commander, roles.comms, roles.scribe) == ("lee", "kim", "jo")
    assert [(o.role, o.name) for o in roles.others] == [("liaison", "max")]
    event = stored.timeline[-1]
    assert event.kind == EventKind.ROLE and event.by == "dana"
    assert event.text == "Commander: dana → lee; Comms lead: kim; Scribe: jo; Other roles: liaison: max"


async def test_roles_dialog_refuses_a_malformed_other_role_and_loses_nothing(
    service, store_path, make_app, size
):
    session = service.declare("Search is down", severity=1, kind="technical", commander="dana")
    app = make_app(session.id)
    async with app.run_test(size=size) as pilot:
        await open_war_room(app, pilot)
        await pilot.press("O")
        await pilot.pause()
        await pilot.press("tab", *"kim", "tab", "tab", *"just a name", "enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, RolesDialog)  # still open, with what was typed
        assert "write role: name" in str(dialog.query_one(".dialog-error").render())
        assert IncidentStore(store_path).load(session.id).roles.comms == ""
        await pilot.press("ctrl+u", "enter")  # clear the bad field: the rest is saved
        await pilot.pause()
    assert IncidentStore(store_path).load(session.id).roles.comms == "kim"


async def test_milestones_take_now_or_a_typed_time(service, clock, store_path, make_app, size):
    session = service.declare("Search is down", severity=1, kind="technical")
    declared = clock.now()
    app = make_app(session.id)
    async with app.run_test(size=size) as pilot:
        screen = await open_war_room(app, pilot)
        # M: impact started, typed as ISO 8601, 12 minutes before the declaration
        await pilot.press("M")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("enter")  # the first choice: impact started
        await pilot.pause()
        assert isinstance(app.screen, MilestoneTimeDialog)
        started = declared - timedelta(minutes=12)
        await pilot.press(*started.strftime("%Y-%m-%dT%H:%MZ"), "enter")
        await pilot.pause()
        assert app.screen is screen
        clock.advance(minutes=10)
        # A: a bad time is refused in the dialog, then HH:MM (today, local time) is taken
        await pilot.press("A")
        await pilot.pause()
        await pilot.press(*"25:99", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MilestoneTimeDialog)
        assert IncidentStore(store_path).load(session.id).milestones.acknowledged is None
        acknowledged = declared + timedelta(minutes=4)
        await pilot.press("ctrl+u", *acknowledged.astimezone().strftime("%H:%M"), "enter")
        await pilot.pause()
        # R: enter takes now
        await pilot.press("R")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
    stored = IncidentStore(store_path).load(session.id)
    m = stored.milestones
    assert (m.impact_started, m.acknowledged, m.resolved) == (started, acknowledged, clock.now())
    assert stored.phase == Phase.RESOLVE  # resolving moves the phase on
    events = [(e.at, e.text) for e in stored.timeline if e.kind == EventKind.MILESTONE]
    assert events[1:] == [
        (started, "Impact started"),
        (acknowledged, "Acknowledged"),
        (clock.now(), "Resolved"),
    ]
