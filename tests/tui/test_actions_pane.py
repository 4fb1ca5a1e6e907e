"""Pane 4, the action items tracker: quick add, edit, status, delete + undo, sort, filter, flags.

Each test drives the pane with the keys a user presses and checks the store afterwards.
The demo's items (created 2026-11-28): canary (P1 prevent @lee 12-03, linked to the root
cause), alert (P2 detect @kim 12-05), review (P2 process, no owner, no date, linked),
restore (P1 mitigate @dana 11-29).
"""

from datetime import date

import pytest
from textual.widgets import Input, Select, Static
from tui_support import notices, one_size

from escalation_tui.domain.enums import ActionStatus, ActionType, EventKind, Priority
from escalation_tui.store import IncidentStore
from escalation_tui.tui.panes.actions.action_edit_dialog import ActionEditDialog
from escalation_tui.tui.panes.actions.action_quick_add_dialog import ActionQuickAddDialog
from escalation_tui.tui.panes.actions.actions import ActionsPane, ActionsTable
from escalation_tui.tui.screens.war_room import WarRoomScreen

BY_DUE = ["Restore", "Add canary", "Alert on", "Review"]  # the undated one last
AS_ADDED = ["Add canary", "Alert on", "Review", "Restore"]
HOSTILE = "[@click=app.quit]x[/] a [/ b [b]bold[/b]"


async def open_actions(app, pilot) -> ActionsPane:
    await pilot.pause()
    assert isinstance(app.screen, WarRoomScreen)
    await pilot.press("4")
    await pilot.pause()
    pane = app.screen.query_one(ActionsPane)
    assert pane.query_one(ActionsTable).has_focus
    return pane


def saved(store_path, incident_id: str):
    return IncidentStore(store_path).load(incident_id)


def shown_titles(pane: ActionsPane) -> list[str]:
    """Row order as displayed, each row named by the demo title it starts with."""
    table = pane.query_one(ActionsTable)
    titles = [table.get_row_at(i)[-1].plain for i in range(table.row_count)]
    return [next((start for start in BY_DUE if title.startswith(start)), title) for title in titles]


def selected_title(pane: ActionsPane) -> str:
    return pane.selected.title


async def select_row(pilot, pane: ActionsPane, title_start: str) -> None:
    table = pane.query_one(ActionsTable)
    while not pane.selected.title.startswith(title_start):
        assert table.cursor_row < table.row_count - 1, title_start
        await pilot.press("j")


def toasts(app, screen_text) -> str:
    """The text of the notifications on screen, each joined across the lines it wraps over."""
    lines = screen_text(app).splitlines()
    found = []
    for toast in app.screen.query("Toast"):
        r = toast.region
        found.append(" ".join(line[r.x : r.right].strip(" ▌") for line in lines[r.y : r.bottom]).split())
    return "\n".join(" ".join(words) for words in found)


def preview(app) -> str:
    """The live parse under the quick-add line (it wraps at 80 columns, so read the widget)."""
    return str(app.screen.query_one("#quick-preview", Static).content)


async def quick_add(pilot, app, line: str) -> ActionQuickAddDialog:
    await pilot.press("a")
    dialog = app.screen
    assert isinstance(dialog, ActionQuickAddDialog)
    dialog.query_one("#quick-line", Input).value = line
    await pilot.pause()
    return dialog


# -- quick add ---------------------------------------------------------------------


async def test_quick_add_typed_with_the_keys_shows_the_parse_live(
    demo, make_app, size, store_path, screen_text
):
    app = make_app(demo.id)
    async with app.run_test(size=size) as pilot:
        pane = await open_actions(app, pilot)
        await pilot.press("a")
        await pilot.pause()  # the dialog takes the keys once it is up
        await pilot.press(*"Page on call @kim !p1 detect due:fri")
        expected = "→ title: Page on call · owner: kim · priority: P1 · type: detect · due: 2026-12-04"
        assert preview(app) == expected
        assert "→ title: Page on call · owner: kim" in screen_text(app)
        assert len(saved(store_path, demo.id).actions) == 4  # nothing saved before Enter
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, ActionQuickAddDialog)
        incident = saved(store_path, demo.id)
        added = incident.actions[-1]
        assert (added.title, added.owner, added.priority, added.type, added.due) == (
            "Page on call",
            "kim",
            Priority.P1,
            ActionType.DETECT,
            date(2026, 12, 4),
        )
        assert incident.timeline[-1].kind == EventKind.ACTION and "Page on call" in incident.timeline[-1].text
        assert pane.selected_id == added.id  # the cursor is on the new item, wherever it sorted to
        assert "Page on call" in screen_text(app)


async def test_each_quick_add_starts_empty_and_reads_dates_from_that_day(
    demo, make_app, size, store_path, clock
):
    """The war room shows its one quick-add dialog again for every `a`: as new each time, and
    `due:tomorrow` is read from the day it is typed, not the day the dialog was first made."""
    app = make_app(demo.id)
    async with app.run_test(size=size) as pilot:
        await open_actions(app, pilot)
        first = await quick_add(pilot, app, "Fix it due:2026-02-30")
        assert first.query_one(".dialog-error", Static).display  # refused live
        await pilot.press("escape")
        clock.advance(days=1)
        app.screen.tick()  # what the 1-second timer does
        await pilot.pause()
        await pilot.press("a")
        assert app.screen is first  # shown again
        assert first.query_one(Input).value == "" and not first.query_one(".dialog-error", Static).display
        await pilot.press(*"Page on call due:tomorrow", "enter")
        await pilot.pause()
        assert isinstance(app.screen, WarRoomScreen)
    added = saved(store_path, demo.id).actions[-1]
    assert (added.title, added.due) == ("Page on call", date(2026, 11, 30))


TOKEN_LINES = {  # line typed: (title, owner, priority, type, due) stored
    "Pin the pool size type:mitigate due:2026-12-10": (
        "Pin the pool size",
        "",
        "P2",
        "mitigate",
        date(2026, 12, 10),
    ),
    "Write runbook @lee process due:+7d": ("Write runbook", "lee", "P2", "process", date(2026, 12, 5)),
    "Review alerts !p3 due:+2w": ("Review alerts", "", "P3", "prevent", date(2026, 12, 12)),
    "Email ops@example.com re: 3:1 ratio @dana due:tomorrow": (
        "Email ops@example.com re: 3:1 ratio",
        "dana",
        "P2",
        "prevent",
        date(2026, 11, 29),
    ),
    "Fix the deploy process !P2 due:12-01": (
        "Fix the deploy process",
        "",
        "P2",
        "prevent",
        date(2026, 12, 1),
    ),
    "Just a title": ("Just a title", "", "P2", "prevent", None),
}


@pytest.mark.parametrize("line, expected", TOKEN_LINES.items(), ids=range(len(TOKEN_LINES)))
async def test_quick_add_every_token_kind(demo, make_app, store_path, screen_text, line, expected):
    app = make_app(demo.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_actions(app, pilot)
        await quick_add(pilot, app, line)
        title, owner, priority, kind, due = expected
        due_text = due.isoformat() if due else "—"
        fields = (
            f"title: {title} · owner: {owner or '—'} · priority: {priority} · type: {kind} · due: {due_text}"
        )
        assert preview(app) == f"→ {fields}"
        await pilot.press("enter")
        await pilot.pause()
        added = saved(store_path, demo.id).actions[-1]
        assert (added.title, added.owner, added.priority, added.type, added.due) == expected


async def test_quick_add_bad_input_keeps_the_dialog_open_with_the_message(
    demo, make_app, store_path, screen_text
):
    app = make_app(demo.id)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_actions(app, pilot)
        dialog = await quick_add(pilot, app, "Fix it @kim due:2026-02-30")
        assert "due date '2026-02-30' not understood" in screen_text(app)  # live, before Enter
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog
        assert "Not added: due date '2026-02-30' not understood" in screen_text(app)
        assert dialog.query_one(Input).value == "Fix it @kim due:2026-02-30"  # what was typed is kept
        for bad, message in [
            ("@kim !p1", "title is empty"),
            ("Fix it type:vibes", "unknown type 'vibes'"),
            ("x" * 201, "title: is too long"),  # the model's own limit, checked before closing
        ]:
            dialog.query_one(Input).value = bad
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen is dialog and message in screen_text(app), bad
        assert len(saved(store_path, demo.id).actions) == 4
        dialog.query_one(Input).value = "Fix it @kim due:02-03"
        await pilot.press("enter")
        await pilot.pause()
        assert saved(store_path, demo.id).actions[-1].due == date(2027, 2, 3)  # next 3 February
        await pilot.press("a", "escape")
        assert len(saved(store_path, demo.id).actions) == 5  # escape adds nothing


# -- edit ----------------------------------------------------------------------------


@one_size
async def test_edit_form_changes_every_field(demo, make_app, size, store_path, screen_text):
    app = make_app(demo.id)
    whys = demo.incident.whys
    async with app.run_test(size=size) as pilot:
        pane = await open_actions(app, pilot)
        await select_row(pilot, pane, "Alert on")
        action_id = pane.selected_id
        await pilot.press("e")
        dialog = app.screen
        assert isinstance(dialog, ActionEditDialog)
        # Every field is on screen, even at 80x24.
        for widget in dialog.query("#action-form > Input, #action-form > Select, Button"):
            assert widget.region.height >= 1 and app.screen.region.contains_region(widget.region), widget
        dialog.query_one("#title", Input).value = "Alert on pool saturation above 80%"
        dialog.query_one("#owner", Input).value = "@sam"
        dialog.query_one("#due", Input).value = "+2w"
        await pilot.pause()
        assert "Sat 2026-12-12, in 14 days" in screen_text(app)
        # One Select by the keys, as a user would: tab to it, open, move, choose.
        dialog.query_one("#priority", Select).focus()
        await pilot.press("enter", "up", "enter")
        assert dialog.query_one("#priority", Select).value == Priority.P1
        dialog.query_one("#type", Select).value = ActionType.MITIGATE
        dialog.query_one("#status", Select).value = ActionStatus.IN_PROGRESS
        dialog.query_one("#cause", Select).value = whys[1].id
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WarRoomScreen)
        edited = saved(store_path, demo.id).find("actions", action_id)
        fields = (
            edited.title,
            edited.owner,
            edited.due,
            edited.priority,
            edited.type,
            edited.status,
            edited.why_id,
        )
        assert fields == (
            "Alert on pool saturation above 80%",
            "sam",
            date(2026, 12, 12),
            Priority.P1,
            ActionType.MITIGATE,
            ActionStatus.IN_PROGRESS,
            whys[1].id,
        )
        assert (
            saved(store_path, demo.id).timeline[-1].text
            == "Action edited: Alert on pool saturation above 80%"
        )
        assert pane.selected_id == action_id  # the cursor stayed on the item
        text = screen_text(app)
        assert "@sam" in text and "in progress" in text and "↳ Release 2.3.1 halved" in text


async def test_edit_form_refuses_bad_dates_and_empty_titles_inline(demo, make_app, store_path, screen_text):
    app = make_app(demo.id)
    before = saved(store_path, demo.id).actions
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        pane = await open_actions(app, pilot)
        action_id = pane.selected_id
        await pilot.press("enter")  # enter on a row edits it too
        dialog = app.screen
        assert isinstance(dialog, ActionEditDialog)
        due = dialog.query_one("#due", Input)
        due.value = "2026-13-01"
        await pilot.pause()
        assert "not understood" in screen_text(app)  # live, under the field
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog and "due: due date '2026-13-01' not understood" in screen_text(app)
        assert due.has_focus and due.value == "2026-13-01"
        due.value = ""  # no date: allowed, and flagged in the table
        dialog.query_one("#title", Input).value = "   "
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog and "title: must not be empty" in screen_text(app)
        assert saved(store_path, demo.id).actions == before
        dialog.query_one("#title", Input).value = "Restore 2.3.1"
        dialog.query_one("#title", Input).focus()
        await pilot.press("enter")  # Enter in a one-line field saves
        await pilot.pause()
        edited = saved(store_path, demo.id).find("actions", action_id)
        assert (edited.title, edited.due) == ("Restore 2.3.1", None)
        assert "no date" in screen_text(app)
        await pilot.press("e", "ctrl+s")  # nothing changed: nothing saved
        await pilot.pause()
        assert len(saved(store_path, demo.id).timeline) == len(demo.incident.timeline) + 1


# -- status, delete, undo ------------------------------------------------------------------


async def test_space_cycles_the_status_and_the_cursor_follows_the_item(
    demo, make_app, store_path, screen_text
):
    app = make_app(demo.id)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_actions(app, pilot)
        action_id = pane.selected_id
        events = len(demo.incident.timeline)
        for expected in ["in_progress", "done", "wont_do", "open"]:
            await pilot.press("space")
            await pilot.pause()
            incident = saved(store_path, demo.id)
            assert incident.find("actions", action_id).status == expected
            events += 1
            assert len(incident.timeline) == events and incident.timeline[-1].kind == EventKind.ACTION
            # A closed item sinks to the bottom; the cursor goes with it.
            assert pane.selected_id == action_id
            assert shown_titles(pane)[-1 if expected in ("done", "wont_do") else 0] == "Restore"
            label = {"in_progress": "in progress", "wont_do": "won't do"}.get(expected, expected)
            assert label in screen_text(app)


@one_size
async def test_delete_then_ctrl_z_brings_it_back(demo, make_app, size, store_path, screen_text):
    app = make_app(demo.id)
    async with app.run_test(size=size, notifications=True) as pilot:
        pane = await open_actions(app, pilot)
        await select_row(pilot, pane, "Add canary")
        gone = pane.selected
        await pilot.press("d")
        await pilot.pause()
        incident = saved(store_path, demo.id)
        assert gone.id not in {a.id for a in incident.actions}
        assert incident.timeline[-1].text == f"Action removed: {gone.title}"
        assert "Deleted: Add canary check for pool size (ctrl+z brings it back)" in " ".join(notices(app))
        assert selected_title(pane).startswith("Alert on")  # the next row, not the top
        await pilot.press("ctrl+z")
        await pilot.pause()
        back = saved(store_path, demo.id).find("actions", gone.id)
        assert back == gone  # every field, the link to the cause included
        assert pane.selected_id == gone.id
        assert shown_titles(pane) == BY_DUE


# -- sort and filter -------------------------------------------------------------------


@one_size
async def test_sort_cycles_and_filter_hides_closed_items(demo, make_app, size, store_path, screen_text):
    demo.set_action_status(demo.incident.actions[1].id, "done")  # alert (kim) is done
    app = make_app(demo.id)
    async with app.run_test(size=size) as pilot:
        pane = await open_actions(app, pilot)
        assert shown_titles(pane) == ["Restore", "Add canary", "Review", "Alert on"]  # done sinks
        assert pane.border_subtitle == "sort: due date · all 4"
        await select_row(pilot, pane, "Review")
        await pilot.press("s")
        assert pane.border_subtitle.startswith("sort: priority")
        assert shown_titles(pane) == ["Restore", "Add canary", "Review", "Alert on"]
        await pilot.press("s")
        assert shown_titles(pane) == AS_ADDED
        assert "sort: order added" in screen_text(app)
        assert selected_title(pane).startswith("Review")  # through every sort
        await pilot.press("s")
        assert pane.border_subtitle.startswith("sort: due date")
        await pilot.press("f")
        assert shown_titles(pane) == ["Restore", "Add canary", "Review"]
        assert "open 3 of 4" in screen_text(app)
        assert selected_title(pane).startswith("Review")
        await pilot.press("k", "space", "space")  # canary: in progress, then done: it leaves the view
        await pilot.pause()
        assert saved(store_path, demo.id).actions[0].status == ActionStatus.DONE
        assert shown_titles(pane) == ["Restore", "Review"]
        await pilot.press("f")
        assert shown_titles(pane) == ["Restore", "Review", "Add canary", "Alert on"]
        assert pane.border_subtitle == "sort: due date · all 4"
        assert len(saved(store_path, demo.id).actions) == 4  # sorting and filtering change nothing stored


async def test_filter_with_nothing_open_says_so_and_keys_that_need_a_row_are_hidden(
    demo, make_app, store_path, screen_text
):
    for action in demo.incident.actions:
        demo.set_action_status(action.id, "done")
    app = make_app(demo.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_actions(app, pilot)
        await pilot.press("f")
        assert "Nothing open" in screen_text(app)
        bindings = app.screen.active_bindings
        assert "a" in bindings and not {"e", "d", "space"} & set(bindings)
        await pilot.press("d", "space")  # nothing selected: nothing happens
        actions = saved(store_path, demo.id).actions
        assert len(actions) == 4 and all(a.status == ActionStatus.DONE for a in actions)


async def test_an_empty_tracker_invites_a_first_item(service, make_app, screen_text):
    session = service.declare("Vendor late", severity=3, kind="process")
    app = make_app(session.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_actions(app, pilot)
        assert "No action items yet. Press a to add one" in screen_text(app)


# -- overdue and flags -----------------------------------------------------------------------


@one_size
async def test_overdue_items_are_highlighted_from_the_injected_clock(demo, make_app, clock, size):
    app = make_app(demo.id)
    async with app.run_test(size=size) as pilot:
        pane = await open_actions(app, pilot)
        table = pane.query_one(ActionsTable)
        overdue = table.get_component_rich_style("actions--overdue", partial=True)
        missing = table.get_component_rich_style("actions--missing", partial=True)
        assert "overdue" not in pane.border_subtitle
        review = table.get_row(next(a.id for a in demo.incident.actions if not a.owner))
        assert review[2].plain == "no owner" and review[3].plain == "no date"
        assert review[2].style == missing and review[3].style == missing
        clock.advance(days=2)  # restore (due 11-29) is now overdue
        app.screen.tick()
        await pilot.pause()
        restore = table.get_row(next(a.id for a in demo.incident.actions if a.owner == "dana"))
        assert restore[-1].style == overdue
        assert pane.border_subtitle == "sort: due date · all 4 · 1 overdue"
        await pilot.press("space", "space")  # done: no longer overdue
        await pilot.pause()
        restore = table.get_row(pane.selected_id)
        assert restore[-1].style != overdue and "overdue" not in pane.border_subtitle
        # Quick add reads today from the same clock.
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Check it due:today", "enter")
        await pilot.pause()
        assert pane.selected.due == date(2026, 11, 30)


# -- hostile text ----------------------------------------------------------------------------


@one_size
async def test_hostile_text_in_titles_owners_and_causes_is_shown_literally(
    demo, make_app, size, store_path, screen_text
):
    demo.add_why(HOSTILE)
    app = make_app(demo.id)
    async with app.run_test(size=size, notifications=True, tooltips=True) as pilot:
        pane = await open_actions(app, pilot)
        await quick_add(pilot, app, f"{HOSTILE} @kim !p1")
        assert preview(app).startswith(f"→ title: {HOSTILE} · owner: kim")
        assert "[@click=app.quit]x[/]" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert f"Action added: {HOSTILE}" in toasts(app, screen_text)
        action_id = pane.selected_id
        await pilot.press("e")
        dialog = app.screen
        dialog.query_one("#owner", Input).value = "[red]lee\x1b[2J"
        cause = dialog.query_one("#cause", Select)
        cause.focus()
        await pilot.press("enter")  # the open list shows the hostile why as typed
        assert HOSTILE in screen_text(app)
        await pilot.press("end", "enter", "ctrl+s")
        await pilot.pause()
        stored = saved(store_path, demo.id).find("actions", action_id)
        assert stored.title == HOSTILE and stored.owner == "[red]lee[2J"  # control characters stripped
        assert stored.why_id == demo.incident.whys[-1].id
        await pilot.press("s", "s")  # order added: the new item is last, in view
        app.clear_notifications()  # the toasts sit over the table's right side
        await pilot.pause()
        text = screen_text(app)
        assert "@[red]lee[2J" in text and "\x1b" not in text
        assert "↳ [@click=app.quit]x[/]" in text
        await pilot.click(ActionsTable, offset=(40, 2))
        await pilot.press("space")
        await pilot.pause()
        assert isinstance(app.screen, WarRoomScreen)
    assert app.return_code in (None, 0)
