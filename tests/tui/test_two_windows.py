"""Two windows on one store (commander and comms lead): each picks up the other's saves
on its once-a-second check, keeping focus, cursor and any dialog being typed in."""

from textual.widgets import Input

from escalation_tui.service import IncidentService
from escalation_tui.store import IncidentStore
from escalation_tui.tui.dialogs.note import NoteDialog
from escalation_tui.tui.screens.incident_list import IncidentListScreen
from escalation_tui.tui.screens.war_room import WarRoomScreen


async def test_war_room_picks_up_the_other_windows_changes(
    demo, make_app, store_path, clock, screen_text, size
):
    other = IncidentService(IncidentStore(store_path), clock, actor="sam").open(demo.id)
    app = make_app(demo.id)
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WarRoomScreen)
        await pilot.press("4")
        focused = app.focused
        other.add_action("Page the DBA on-call", owner="sam")
        screen.tick()  # what the 1-second timer does
        await pilot.pause()
        assert "Page the DBA on-call" in screen_text(app)
        assert [n.message for n in app._notifications][-1] == "Updated with changes saved in another window"
        assert app.focused is focused  # still in the action items

        await pilot.press("N")
        app.screen.query_one(Input).value = "half-typed note"
        other.add_note("from the comms lead")
        screen.tick()
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        assert app.screen.query_one(Input).value == "half-typed note"
        await pilot.press("enter")
        await pilot.pause()
    texts = [e.text for e in IncidentStore(store_path).load(demo.id).timeline]
    assert texts[-2:] == ["from the comms lead", "half-typed note"]  # nothing lost either way


async def test_an_unchanged_file_costs_no_reload(demo, make_app, monkeypatch):
    app = make_app(demo.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        loads = []
        monkeypatch.setattr(demo._store.__class__, "load", lambda *a: loads.append(a) or None)
        for _ in range(3):
            app.screen.tick()
        assert loads == []  # one stat per tick, no parse


async def test_a_file_damaged_meanwhile_is_reported_once_with_guidance(
    demo, make_app, store_path, screen_text
):
    app = make_app(demo.id)
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await pilot.pause()
        screen = app.screen
        IncidentStore(store_path).path_for(demo.id).write_bytes(b"{truncated")
        for _ in range(3):
            screen.tick()
        await pilot.pause()
        errors = [n for n in app._notifications if n.severity == "error"]
        assert len(errors) == 1 and "escalation-tui doctor" in errors[0].message
        assert isinstance(app.screen, WarRoomScreen)  # still usable, showing the last good state


async def test_incident_list_picks_up_an_incident_declared_elsewhere(
    service, make_app, store_path, clock, screen_text
):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, IncidentListScreen)
        IncidentService(IncidentStore(store_path), clock).declare("Declared by the CLI", 2, "technical")
        screen.tick()
        await pilot.pause()
        assert "Declared by the CLI" in screen_text(app)


async def test_panes_hidden_behind_tabs_show_the_other_windows_changes_when_shown(
    demo, make_app, store_path, clock, screen_text
):
    """At 80x24 only one pane is on screen: the others must be current the moment they are shown."""
    other = IncidentService(IncidentStore(store_path), clock, actor="sam").open(demo.id)
    app = make_app(demo.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("t", "1")  # the timeline laid out once, then hidden behind its tab
        other.add_action("Page the DBA on-call", owner="sam")
        other.add_note("Seen by the comms lead")
        screen.tick()
        await pilot.pause()
        await pilot.press("4")
        assert "Page the DBA on-call" in screen_text(app)
        await pilot.press("t")
        assert "Seen by the comms lead" in screen_text(app)
