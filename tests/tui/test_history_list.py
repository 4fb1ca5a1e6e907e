"""Years of history in the list (issue 36): the open incidents and one row standing for the
finished ones; those are read when asked for (enter on that row, or a search)."""

from escalation_tui.domain.fields import new_id
from escalation_tui.store import IncidentStore
from escalation_tui.tui.screens.incident_list import PAST_AT_ONCE, IncidentListScreen, IncidentTable
from escalation_tui.tui.screens.war_room import WarRoomScreen

PAST = PAST_AT_ONCE + 20


def with_history(service, store_path, clock) -> tuple[str, str]:
    """PAST finished incidents (copies of one, written straight to the store) and two open."""
    past = service.declare("Queue backlog in region 3", severity=3, kind="technical", at=clock.now())
    clock.advance(hours=2)
    past.record_milestone("resolved")
    template = service.open(past.id).incident
    store = IncidentStore(store_path)
    for n in range(PAST - 1):
        store.create(template.model_copy(update={"id": new_id(8), "title": f"Queue backlog #{n}"}))
    clock.advance(days=3)
    a = service.declare("Checkout down", severity=1, kind="technical")
    b = service.declare("Search slow", severity=2, kind="technical")
    return a.id, b.id


async def test_finished_incidents_wait_until_asked_for(
    service, store_path, clock, make_app, size, screen_text
):
    a, _ = with_history(service, store_path, clock)
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, IncidentListScreen)
        table = screen.query_one(IncidentTable)
        assert table.row_count == 3  # two open, and the row for the rest
        text = screen_text(app)
        assert f"Incidents · 2 open · {PAST} resolved or closed" in text
        flat = " ".join(text.split())
        assert f"▸ {PAST} finished" in flat and "enter" in flat and "shows them" in flat
        assert "Queue backlog" not in text
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert table.row_count == PAST + 2 and isinstance(app.screen, IncidentListScreen)
        assert "Queue" in screen_text(app)
        assert screen.selected_id == screen.shown[2].id  # the cursor stays where it was
        table.move_cursor(row=0)
        await pilot.press("enter")  # the most urgent open one opens as before
        await pilot.pause()
        assert isinstance(app.screen, WarRoomScreen) and app.screen.session.id == a


async def test_a_search_reads_the_finished_incidents_too(
    service, store_path, clock, make_app, size, screen_text
):
    with_history(service, store_path, clock)
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"backlog #7")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, IncidentListScreen)
        titles = [i.title for i in screen.shown]
        assert "Queue backlog #7" in titles and "Checkout down" not in titles
        assert "#7" in screen_text(app)
