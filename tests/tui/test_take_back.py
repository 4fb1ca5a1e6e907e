"""An incident declared by mistake is taken back at once with ctrl+z, and any incident can be
deleted to the store's trash (asked first) and brought back (issue 34 item 2, issue 31 item 7)."""

from tui_support import notices

from escalation_tui.store import IncidentStore
from escalation_tui.tui.dialogs.confirm import ConfirmDialog
from escalation_tui.tui.screens.incident_list import IncidentListScreen, IncidentTable
from escalation_tui.tui.screens.war_room import WarRoomScreen


def rows(app) -> list[str]:
    table = app.screen.query_one(IncidentTable)
    return [str(table.get_row_at(n)[-1]) for n in range(table.row_count)]


async def test_a_declaration_typed_by_accident_is_taken_back_by_ctrl_z(
    store_path, make_app, size, screen_text
):
    app = make_app()
    async with app.run_test(size=size, notifications=True) as pilot:
        # "…we are rolling back ctrl+s" typed into the list: n opened Declare, the rest was its title
        await pilot.press("n", *"g back", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WarRoomScreen)
        declared = app.screen.session.id
        assert any("ctrl+z takes it back" in n for n in notices(app))
        assert IncidentStore(store_path).ids() == [declared]

        await pilot.press("ctrl+z")  # nothing else to undo in it: the declaration goes
        await pilot.pause()
        assert isinstance(app.screen, IncidentListScreen)
        assert any(n.startswith(f"Declaration taken back: {declared}") for n in notices(app))
        store = IncidentStore(store_path)
        assert store.ids() == [] and store.trashed_ids() == [declared]
        assert app.screen.query_one(IncidentTable).row_count == 0 and "No incidents yet" in screen_text(app)

        await pilot.press("ctrl+z")  # changed your mind: it comes back
        await pilot.pause()
        assert IncidentStore(store_path).ids() == [declared]
        assert rows(app) == ["g back"]


async def test_ctrl_z_in_the_list_after_declaring_and_going_back(store_path, make_app, size, screen_text):
    app = make_app()
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.press("n", *"Mistake", "ctrl+s")
        await pilot.pause()
        declared = app.screen.session.id
        await pilot.press("escape", "ctrl+z")
        await pilot.pause()
        assert isinstance(app.screen, IncidentListScreen)
        assert IncidentStore(store_path).ids() == []
        assert IncidentStore(store_path).trashed_ids() == [declared]
        assert "No incidents yet" in screen_text(app)


async def test_delete_asks_first_and_ctrl_z_restores(service, store_path, make_app, size, screen_text):
    kept = service.declare("Checkout down", severity=1, kind="technical")
    doomed = service.declare("Declared twice", severity=3, kind="technical")
    app = make_app()
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.pause()
        table_text = screen_text(app)
        assert "Declared twice" in table_text
        # the list puts SEV1 first: move to the second row
        await pilot.press("j", "D")
        assert isinstance(app.screen, ConfirmDialog)
        assert "Declared twice" in screen_text(app) and "trash" in screen_text(app)
        await pilot.press("escape")  # asked, and not confirmed: nothing happens
        assert sorted(IncidentStore(store_path).ids()) == sorted([kept.id, doomed.id])
        await pilot.press("D", "enter")
        await pilot.pause()
        assert IncidentStore(store_path).ids() == [kept.id]
        assert rows(app) == ["Checkout down"]
        assert any("in the trash (ctrl+z brings it back)" in n for n in notices(app))
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert sorted(IncidentStore(store_path).ids()) == sorted([kept.id, doomed.id])
        assert sorted(rows(app)) == ["Checkout down", "Declared twice"]


async def test_ctrl_z_in_a_war_room_with_changes_is_the_usual_undo(store_path, make_app, size):
    app = make_app()
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.press("n", *"Real one", "ctrl+s")
        await pilot.pause()
        declared = app.screen.session.id
        await pilot.press("P", "ctrl+z")  # a change made here: ctrl+z undoes it, not the declaration
        await pilot.pause()
        assert isinstance(app.screen, WarRoomScreen)
        assert IncidentStore(store_path).ids() == [declared]
