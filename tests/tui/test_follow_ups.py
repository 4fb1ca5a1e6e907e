"""Follow-ups (issue 17): every open action item across incidents, from the list with `f`:
overdue first, owner filter, status moved on in place (checked in the store), enter jumps to
the incident's war room with the item selected; a confidential incident's items are left out."""

from datetime import timedelta

from escalation_tui.domain.enums import ActionStatus
from escalation_tui.tui.panes.actions.actions import ActionsPane
from escalation_tui.tui.screens.follow_ups import FollowUpsScreen, FollowUpsTable
from escalation_tui.tui.screens.incident_list import IncidentListScreen
from escalation_tui.tui.screens.war_room import WarRoomScreen


def setup(service, clock):
    """Two incidents, three open items (one overdue, one in a confidential incident), one done."""
    today = clock.now().astimezone().date()
    checkout = service.declare("Checkout down", severity=1, kind="technical")
    checkout.add_action("Add canary for pool size", owner="lee", due=today + timedelta(days=3))
    checkout.add_action("Alert on pool saturation", owner="kim", due=today - timedelta(days=2), priority="P1")
    checkout.add_action("Old cleanup", owner="lee", status="done")
    people = service.declare("Coaching for a teammate", severity=3, kind="people")
    people.add_action("Weekly check-in", owner="dana", due=today + timedelta(days=1))
    return checkout, people


def ids(screen: FollowUpsScreen) -> list[str]:
    return [row.action.title for row in screen.rows]


async def open_follow_ups(app, pilot) -> FollowUpsScreen:
    await pilot.pause()
    assert isinstance(app.screen, IncidentListScreen)
    await pilot.press("f")
    await pilot.pause()
    assert isinstance(app.screen, FollowUpsScreen)
    return app.screen


async def test_every_open_item_overdue_first_confidential_left_out(
    service, clock, make_app, size, screen_text
):
    setup(service, clock)
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert "1 follow-up overdue (f)" in screen_text(app)  # on the list
        screen = await open_follow_ups(app, pilot)
        assert ids(screen) == ["Alert on pool saturation", "Add canary for pool size"]
        text = screen_text(app)
        assert "Follow-ups · 2 open · 1 overdue · 1 confidential left out" in text
        assert "Coaching" not in text and "Weekly check-in" not in text and "dana" not in text
        assert "Old cleanup" not in text
        await pilot.press("o", *"lee")
        assert ids(screen) == ["Add canary for pool size"]
        await pilot.press("escape")  # clears the filter, back in the table
        assert ids(screen) == ["Alert on pool saturation", "Add canary for pool size"]
        assert isinstance(app.focused, FollowUpsTable)
        await pilot.press("escape")
        assert isinstance(app.screen, IncidentListScreen)


async def test_space_moves_the_item_on_in_the_store(service, clock, make_app, size):
    checkout, _ = setup(service, clock)
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await open_follow_ups(app, pilot)
        await pilot.press("space")  # the overdue one is first: open -> in progress
        await pilot.pause()
        stored = {a.title: a.status for a in service.open(checkout.id).incident.actions}
        assert stored["Alert on pool saturation"] == ActionStatus.IN_PROGRESS
        await pilot.press("space")  # -> done: it stays in view, to be moved on again if wrong
        await pilot.pause()
        stored = {a.title: a.status for a in service.open(checkout.id).incident.actions}
        assert stored["Alert on pool saturation"] == ActionStatus.DONE
        assert screen.selected.action.title == "Alert on pool saturation"


async def test_enter_opens_the_incident_on_the_item(service, clock, make_app, size):
    checkout, _ = setup(service, clock)
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await open_follow_ups(app, pilot)
        await pilot.press("down", "down", "enter")  # Add canary for pool size
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WarRoomScreen) and screen.session.id == checkout.id
        assert screen.active_pane == "actions"
        pane = screen.query_one(ActionsPane)
        assert pane.selected is not None and pane.selected.title == "Add canary for pool size"
        assert pane.has_focus_within
        await pilot.press("escape")  # back to the follow-ups
        assert isinstance(app.screen, FollowUpsScreen)
