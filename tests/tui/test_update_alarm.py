"""Countdown everywhere (issue 17): two open incidents, a fixed clock.

The list and the war-room header show the countdowns; the app-wide alarm rings for the
incident that is not on screen (from the list or from another incident's war room), names
it, and `g` opens it; pane 2 keeps ringing for the incident on screen, never both.
"""

from textual.widgets import Tab

from escalation_tui.service import IncidentService
from escalation_tui.tui.controls.header import IncidentHeader
from escalation_tui.tui.screens.incident_list import IncidentListScreen, IncidentTable
from escalation_tui.tui.screens.war_room import WarRoomScreen


def count_bells(app, clock) -> list:
    rung: list = []
    app.bell = lambda: rung.append(clock.now())
    return rung


def toasts(app) -> list[str]:
    return [n.message for n in app._notifications]


def two_incidents(service):
    """A: SEV1, first update due in 15 min. B: SEV2, due in 60 min."""
    a = service.declare("Checkout down", severity=1, kind="technical")
    b = service.declare("Search slow", severity=2, kind="technical")
    return a, b


def row_keys(table: IncidentTable) -> list[str]:
    return [table.coordinate_to_cell_key((row, 0)).row_key.value for row in range(table.row_count)]


async def test_the_list_shows_both_countdowns_most_urgent_first(service, clock, make_app, size, screen_text):
    a, b = two_incidents(service)
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        table = app.screen.query_one(IncidentTable)
        assert row_keys(table) == [a.id, b.id]
        text = screen_text(app)
        assert "due in 15:00" in text and "due in 1:00:00" in text
        b.log_update("internal", "Looking into it")  # B is now due in 60 min from now
        clock.advance(minutes=50)  # A is 35 min overdue, B due in 10 min
        b.log_update("internal", "Still looking")  # B due in 60 min again
        app.screen.reload()
        await pilot.pause()
        assert row_keys(table) == [a.id, b.id]
        text = screen_text(app)
        assert "overdue +35:00" in text and "due in 1:00:00" in text


async def test_the_alarm_rings_on_the_list_for_each_due_incident(service, clock, make_app, size):
    a, _ = two_incidents(service)
    app = make_app()
    async with app.run_test(size=size, notifications=True) as pilot:
        bells = count_bells(app, clock)
        await pilot.pause()
        assert isinstance(app.screen, IncidentListScreen)
        clock.advance(minutes=14, seconds=59)
        app.check_updates()
        assert bells == []
        clock.advance(seconds=1)
        app.check_updates()
        app.check_updates()  # the same second again: one ring
        await pilot.pause()
        assert len(bells) == 1
        assert "SEV1 Checkout down: the stakeholder update is due now. Press g to open it." in toasts(app)
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, WarRoomScreen) and app.screen.session.id == a.id
        assert app.screen.active_pane == "countdown"
        await pilot.press("escape")
        clock.advance(minutes=45)  # B falls due too (A is past its reminders: one ring, not ten)
        app.check_updates()
        await pilot.pause()
        assert len(bells) == 2  # A's +45 reminder and B's first: one batch, one bell
        assert toasts(app) == [
            "2 stakeholder updates are due or overdue. Most urgent: SEV1 Checkout down: "
            "the stakeholder update is overdue by 45:00. Press g to open it."
        ]


async def test_the_alarm_rings_for_the_incident_not_on_screen(service, clock, make_app, size, screen_text):
    a, b = two_incidents(service)
    app = make_app(b.id)
    async with app.run_test(size=size, notifications=True) as pilot:
        bells = count_bells(app, clock)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WarRoomScreen) and screen.session.id == b.id
        assert "update due in 1:00:00" in screen_text(app)  # B's countdown, in the header
        clock.advance(minutes=15)
        screen.tick()
        app.check_updates()
        await pilot.pause()
        assert len(bells) == 1
        assert any(t.startswith("SEV1 Checkout down: the stakeholder update is due now") for t in toasts(app))
        assert "update due in 45:00" in screen_text(app)  # B is still on time
        await pilot.press("g")
        await pilot.pause()
        war_room = app.screen
        assert isinstance(war_room, WarRoomScreen) and war_room.session.id == a.id
        assert len(app.screen_stack) == 3  # list, then A: escape goes back to the list
        text = screen_text(app)
        assert "update overdue +00:00" in text
        assert war_room.query_one("#tab-countdown", Tab).has_class("-overdue")
        # A's pane 2 now rings for A; the app-wide alarm shares its state: no second ring
        clock.advance(seconds=30)
        war_room.tick()
        app.check_updates()
        await pilot.pause()
        assert len(bells) == 1


async def test_the_war_room_of_the_due_incident_rings_once(service, clock, make_app):
    a, _ = two_incidents(service)
    app = make_app(a.id)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        bells = count_bells(app, clock)
        await pilot.pause()
        clock.advance(minutes=15)
        app.screen.tick()
        app.check_updates()
        await pilot.press("escape")  # back on the list, the same threshold is not rung again
        app.check_updates()
        await pilot.pause()
        assert len(bells) == 1


async def test_the_header_shows_the_countdown_at_80x24(service, clock, make_app, screen_text):
    a, _ = two_incidents(service)
    app = make_app(a.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        header = app.screen.query_one(IncidentHeader)
        assert "update due in 15:00" in screen_text(app)
        clock.advance(minutes=13, seconds=30)
        app.screen.tick()
        await pilot.pause()
        assert app.screen.query_one("#tab-countdown", Tab).has_class("-due-soon")
        clock.advance(minutes=4)
        app.screen.tick()
        await pilot.pause()
        assert "update overdue +02:30" in screen_text(app)
        assert header.region.y == 0 and header.region.height <= 3


async def test_an_incident_saved_by_another_process_is_watched_too(service, store, clock, make_app):
    app = make_app()
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        bells = count_bells(app, clock)
        await pilot.pause()
        app.check_updates()
        other = IncidentService(type(store)(store.root), clock, actor="lee")  # another window
        declared = other.declare("Payments failing", severity=1, kind="technical")
        app.check_updates()
        clock.advance(minutes=15)
        app.check_updates()
        await pilot.pause()
        assert len(bells) == 1 and app.update_watch.due_id == declared.id
        other.open(declared.id).log_update("internal", "On it")  # logged elsewhere
        app.check_updates()
        assert app.update_watch.due_id is None  # g has nothing left to open
        clock.advance(minutes=30)  # its next update falls due
        app.check_updates()
        await pilot.pause()
        assert len(bells) == 2


async def test_a_save_in_the_war_room_is_not_read_back_by_the_alarm(service, store, make_app, monkeypatch):
    """After each save the alarm lists the open incidents again; the one the war room just wrote
    is taken from its session (a day-long incident took a third of a second to read back)."""
    a, b = two_incidents(service)
    reads: list[str] = []
    load = type(store).load
    monkeypatch.setattr(type(store), "load", lambda self, i: reads.append(i) or load(self, i))
    app = make_app(a.id)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        app.check_updates()
        await pilot.press("1", "space")  # tick the next checklist item: a save
        await pilot.pause()
        reads.clear()
        app.check_updates()
        assert reads == []
        b.add_note("Seen from another window")
        app.check_updates()
        assert reads == []  # b's summary, written in b's save, is read instead of b (issue 36)
    assert store.load(a.id).revision > a.incident.revision
