"""Tables of many rows (a day-long incident): the rows up to the cursor and a screenful past it
are drawn at once, the rest follow in steps after the frame (WrapTable.fill_until). A key that
moves past the rows drawn so far, or a change, brings every row in first; the store is checked
after the keys."""

from datetime import timedelta

import pytest

from escalation_tui.domain.actions import SortOrder, arrange, next_status
from escalation_tui.domain.enums import ActionStatus
from escalation_tui.domain.models import ActionItem
from escalation_tui.service import IncidentService
from escalation_tui.store import IncidentStore
from escalation_tui.tui.controls import wrap_table
from escalation_tui.tui.controls.wrap_table import FILL_ROWS, FIRST_ROWS
from escalation_tui.tui.panes.actions.actions import ActionsPane, ActionsTable
from escalation_tui.tui.panes.timeline.timeline import TimelineTable
from escalation_tui.tui.screens.war_room import WarRoomScreen

MANY = FIRST_ROWS + FILL_ROWS + 150  # more than the first rows and one step


@pytest.fixture(autouse=True)
def steps_wait(monkeypatch):
    """The steps after the first frame never come during a test: what a key or a change
    does to a table that is still filling is then the same on every machine."""
    monkeypatch.setattr(wrap_table, "FIRST_STEP_DELAY", 3600)


def with_many_actions(service, count: int = MANY) -> str:
    """An incident holding `count` action items, saved in one change (thousands of adds are slow)."""
    session = service.declare("Checkout down", severity=1, kind="technical")
    store = service.store
    with store.locked(session.id):
        incident = store.load(session.id)
        start = incident.milestones.declared
        statuses = [ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.DONE]
        for n in range(count):
            incident.actions.append(
                ActionItem(
                    title=f"Follow-up {n}: tighten the checks around pool size change {n}",
                    owner=("kim", "lee", "sam")[n % 3],
                    due=(start + timedelta(days=1 + n % 30)).date(),
                    status=statuses[n % 3],
                )
            )
        incident.revision += 1
        store.save(incident)
    return session.id


async def open_actions(app, pilot) -> tuple[ActionsPane, ActionsTable]:
    await pilot.pause()
    assert isinstance(app.screen, WarRoomScreen)
    await pilot.press("4")
    pane = app.screen.query_one(ActionsPane)
    return pane, pane.query_one(ActionsTable)


async def test_end_reaches_the_last_of_many_actions_and_space_changes_it(service, make_app, size):
    incident_id = with_many_actions(service)
    app = make_app(incident_id)
    async with app.run_test(size=size) as pilot:
        pane, table = await open_actions(app, pilot)
        assert table.row_count == FIRST_ROWS  # the rest would follow after the frame
        await pilot.press("ctrl+end")
        assert table.row_count == MANY
        last = arrange(IncidentStore(service.store.root).load(incident_id).actions, SortOrder.DUE, False)[-1]
        assert pane.selected_id == last.id
        await pilot.press("space")
        saved = IncidentStore(service.store.root).load(incident_id)
        changed = next(a for a in saved.actions if a.id == last.id)
        assert changed.status == next_status(last.status)
        assert table.row_count == MANY and pane.selected_id == last.id


async def test_a_change_right_after_opening_keeps_every_row(service, make_app, size):
    incident_id = with_many_actions(service)
    app = make_app(incident_id)
    async with app.run_test(size=size) as pilot:
        pane, table = await open_actions(app, pilot)
        first = pane.selected
        assert first is not None and table.row_count == FIRST_ROWS
        await pilot.press("space", "j", "j")
        saved = IncidentStore(service.store.root).load(incident_id)
        assert next(a for a in saved.actions if a.id == first.id).status == next_status(first.status)
        assert table.row_count == MANY
        shown = [table.coordinate_to_cell_key((row, 0)).row_key.value for row in range(table.row_count)]
        assert shown == [a.id for a in arrange(saved.actions, SortOrder.DUE, False)]
        assert table.cursor_row == 2


async def test_the_timeline_opens_on_its_newest_event_when_the_frame_comes_before_the_rows_are_sized(
    session, make_app, size, screen_text, monkeypatch
):
    """On a loaded machine the frame after `t` can come before the table has sized its new rows;
    DataTable's scroll to the cursor then ran against an empty table and the timeline opened
    at its top (a flaky screenshot). Here every "after the refresh" runs at once, before sizing."""
    for n in range(80):
        session.add_note(f"Probe {n:02d}: still failing")

    def right_away(self, callback, *args, **kwargs) -> bool:
        callback(*args, **kwargs)
        return True

    monkeypatch.setattr(wrap_table.WrapTable, "call_after_refresh", right_away)
    app = make_app(session.id)
    async with app.run_test(size=size) as pilot:
        await pilot.press("t")
        text = screen_text(app)
        assert "Probe 79: still failing" in text
        assert "Probe 00: still failing" not in text


async def test_notes_saved_while_the_timeline_was_closed_are_there_when_it_opens_again(
    session, make_app, size, screen_text, store_path, clock
):
    """A closed timeline keeps its rows; what changed meanwhile is patched in as it opens
    (re-adding every row of a long incident cost most of `t`)."""
    for n in range(40):
        session.add_note(f"Probe {n:02d}: still failing")
    other = IncidentService(IncidentStore(store_path), clock, actor="sam").open(session.id)
    app = make_app(session.id)
    async with app.run_test(size=size) as pilot:
        await pilot.press("t")
        table = app.screen.query_one(TimelineTable)
        assert "Probe 39: still failing" in screen_text(app)
        await pilot.press("t")
        other.add_note("Rolled back the pool size change")  # another window's save, timeline closed
        app.screen.tick()  # what the 1-second timer does
        await pilot.pause()
        await pilot.press("t")
        assert "Rolled back the pool size change" in screen_text(app)
        saved = IncidentStore(store_path).load(session.id)
        shown = [table.coordinate_to_cell_key((row, 0)).row_key.value for row in range(table.row_count)]
        assert shown == [e.id for e in sorted(saved.timeline, key=lambda e: e.at)]
        assert table.cursor_row == table.row_count - 1  # on the newest event, as it opened before


async def test_an_action_added_while_pane_4_was_out_of_view_has_the_cursor_when_it_shows(
    service, make_app, size, screen_text, store_path, clock
):
    incident_id = with_many_actions(service, 30)
    other = IncidentService(IncidentStore(store_path), clock, actor="sam").open(incident_id)
    app = make_app(incident_id)
    async with app.run_test(size=size) as pilot:
        pane, _table = await open_actions(app, pilot)
        await pilot.press("1")  # at 80x24 pane 4 is now out of view, its rows kept
        added = other.add_action("Rotate the pool credentials", owner="sam").actions[-1]
        app.screen.tick()
        await pilot.pause()
        await pilot.press("4")
        assert "Rotate the pool credentials" in screen_text(app)
        assert pane.selected_id == added.id
        await pilot.press("space")  # acts on the item under the cursor
    saved = IncidentStore(store_path).load(incident_id)
    assert next(a for a in saved.actions if a.id == added.id).status == next_status(ActionStatus.OPEN)


async def test_columns_fit_a_row_past_the_first_screenful_before_it_is_drawn(service, make_app, size):
    """Rows past the first screenful are built in the steps after the first frame, but the
    columns are sized from every row: the widest owner is on an item far down, not drawn yet."""
    incident_id = with_many_actions(service)
    owner = "oncall-database-platform"  # 14 characters shown, as the pane shortens owners
    last_due = IncidentStore(service.store.root).load(incident_id).milestones.declared.date() + timedelta(
        days=90
    )
    service.open(incident_id).add_action("Rotate the pool credentials", owner=owner, due=last_due)
    app = make_app(incident_id)
    async with app.run_test(size=size) as pilot:
        _pane, table = await open_actions(app, pilot)
        assert table.row_count == FIRST_ROWS  # the item is not in the table yet
        assert table.column_width("Owner") == len(f"@{owner[:13]}…")
        await pilot.press("ctrl+end")  # every row in
        owners = [str(table.get_row_at(row)[2]) for row in range(table.row_count)]
        assert table.row_count == MANY + 1 and owners.index(f"@{owner[:13]}…") >= FIRST_ROWS
        assert table.column_width("Owner") == len(f"@{owner[:13]}…")  # no re-lay-out when it came
