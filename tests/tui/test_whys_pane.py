"""The 5 Whys pane: the keyboard walkthrough, editing the tree, root causes and their actions."""

from datetime import date, timedelta

from textual.widgets import Input, TextArea
from tui_support import one_size

from escalation_tui.domain.enums import EventKind
from escalation_tui.store import IncidentStore
from escalation_tui.tui.dialogs.confirm import ConfirmDialog
from escalation_tui.tui.dialogs.text_entry import TextEntryDialog
from escalation_tui.tui.panes.whys.why_action_dialog import WhyActionDialog
from escalation_tui.tui.panes.whys.whys import WhysPane
from escalation_tui.tui.panes.whys.whys_tree import WhysTree
from escalation_tui.tui.panes.whys.whys_walk import WhyInput
from escalation_tui.tui.screens.war_room import WarRoomScreen


async def war_room(app, pilot) -> tuple[WarRoomScreen, WhysPane]:
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, WarRoomScreen)
    return screen, screen.query_one(WhysPane)


async def answer(pilot, text: str, key: str = "enter") -> None:
    """Type an answer into the focused field, one key at a time, then press key."""
    await pilot.press(*text, key)
    await pilot.pause()


def labels(pane: WhysPane) -> list[str]:
    """Every label in the tree, as plain text, root first."""
    found, stack = [], [pane.query_one(WhysTree).root]
    while stack:
        node = stack.pop(0)
        found.append(str(node.label))
        stack[:0] = node.children
    return found


def flat(text: str) -> str:
    """Without line breaks and padding, so wrapped lines still match."""
    return "".join(text.split())


@one_size
async def test_keyboard_walkthrough_of_five_levels_with_a_branch_a_root_cause_and_an_action(
    service, store_path, make_app, size, screen_text
):
    session = service.declare("Checkout down", severity=1, kind="technical", summary="Checkout returns 500")
    app = make_app(session.id)
    async with app.run_test(size=size) as pilot:
        screen, pane = await war_room(app, pilot)
        await pilot.press("1", "w")  # from another pane: w shows the 5 Whys and asks about the problem
        await pilot.pause()
        assert screen.active_pane == "whys" and isinstance(app.focused, WhyInput)
        assert "why 1 of 5 · Why did “Checkout returns 500” happen?" in screen_text(app)

        await answer(pilot, "pool empty")
        assert "why 2 of 5 · Why did “pool empty” happen?" in screen_text(app)
        await answer(pilot, "traffic spike", "tab")  # another cause of "pool empty", same level
        text = screen_text(app)
        assert "why 2 of 5 · Why did “pool empty” happen?" in text and "Recorded “traffic spike”" in text
        await answer(pilot, "pool halved")
        await answer(pilot, "new default")
        await answer(pilot, "notes unread")
        assert "why 5 of 5 · Why did “notes unread” happen?" in screen_text(app)
        await answer(pilot, "no checklist step")
        text = screen_text(app)
        assert "why 6 (past 5) · Why did “no checklist step” happen?" in text
        assert "Five whys deep" in flat(text) or "Fivewhysdeep" in flat(text)  # suggests a root cause
        # The tree stays in view above the question while asking.
        tree = pane.query_one(WhysTree)
        assert tree.region.height >= 5 and screen.region.contains_region(pane.query_one("#whys-walk").region)
        assert "traffic spike" in text

        await pilot.press("ctrl+r")  # the last answer is the root cause; the walk ends
        await pilot.pause()
        assert not pane.has_class("-walking") and app.focused is tree
        assert tree.cursor_node.data.statement == "no checklist step"
        assert "★ no checklist step" in screen_text(app)

        await pilot.press("a")  # an action item for it: the cause is shown, the title is what to do
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, WhyActionDialog)
        assert dialog.query_one("#action-title", Input).value == ""
        assert "Cause: no checklist step" in screen_text(app)
        await pilot.press(*"Add a checklist step", "tab", *"lee", "tab", *"2026-12-03", "enter")
        await pilot.pause()
        assert app.screen is screen

    stored = IncidentStore(store_path).load(session.id)
    by_text = {w.statement: w for w in stored.whys}
    parents = {w.statement: by_text[w.statement].parent_id for w in stored.whys}
    ids = {text: why.id for text, why in by_text.items()}
    assert parents == {
        "pool empty": None,
        "traffic spike": ids["pool empty"],
        "pool halved": ids["pool empty"],
        "new default": ids["pool halved"],
        "notes unread": ids["new default"],
        "no checklist step": ids["notes unread"],
    }
    assert [w.statement for w in stored.whys if w.is_root_cause] == ["no checklist step"]
    (action,) = stored.actions
    assert (action.title, action.owner, action.due) == ("Add a checklist step", "lee", date(2026, 12, 3))
    assert action.why_id == ids["no checklist step"]
    why_events = [e.text for e in stored.timeline if e.kind == EventKind.WHY]
    assert why_events[0] == "Why? pool empty" and why_events[-1] == "Root cause: no checklist step"
    assert len(why_events) == 7


async def test_walkthrough_keys_inside_the_answer_line(service, store_path, make_app, screen_text):
    """Empty answers are refused inline; r is just a letter; undo steps back; escape ends the walk."""
    session = service.declare(
        "Queue backlog", severity=2, kind="technical"
    )  # no summary: the title is the problem
    app = make_app(session.id)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen, pane = await war_room(app, pilot)
        await pilot.press("3", "w")
        await pilot.pause()
        assert "Why did “Queue backlog” happen?" in screen_text(app)
        await pilot.press("enter")
        assert "Type an answer first: nothing was recorded" in screen_text(app)
        await pilot.press("ctrl+r")  # nothing answered yet: the problem cannot be its own root cause
        assert "the problem itself cannot be its own root cause" in screen_text(app)
        assert screen.session.incident.whys == []

        await answer(pilot, "retry storm")  # starts with r: typed, not a command
        await answer(pilot, "rate limit off")
        assert "why 3 of 5 · Why did “rate limit off” happen?" in screen_text(app)
        await pilot.press("ctrl+z")  # undo while asking: back to the answer above
        await pilot.pause()
        assert "why 2 of 5 · Why did “retry storm” happen?" in screen_text(app)

        pane.query_one(WhyInput).value = "x" * 501  # the service refuses: said inline, the answer kept
        await pilot.press("enter")
        await pilot.pause()
        assert "is too long" in screen_text(app) and len(pane.query_one(WhyInput).value) == 501
        await pilot.press("ctrl+u")
        await pilot.press(*"half typed", "escape")
        await pilot.pause()
        assert not pane.has_class("-walking") and app.focused is pane.query_one(WhysTree)
        assert isinstance(app.screen, WarRoomScreen)  # escape ended the walk, not the war room
    stored = IncidentStore(store_path).load(session.id)
    assert [w.statement for w in stored.whys] == ["retry storm"]
    assert not any(w.is_root_cause for w in stored.whys)


async def test_root_cause_typed_with_ctrl_r_and_walk_from_a_selected_answer(
    demo, store_path, make_app, screen_text
):
    app = make_app(demo.id)
    async with app.run_test(size=(160, 50)) as pilot:
        _screen, pane = await war_room(app, pilot)
        await pilot.press("3", "j", "j")  # "Release 2.3.1 halved the connection pool size", why 2
        await pilot.press("w")
        await pilot.pause()
        assert "why 3 of 5 · Why did “Release 2.3.1 halved the connection pool size” happen?" in screen_text(
            app
        )
        await answer(pilot, "pool size hard-coded", "ctrl+r")  # typed and marked in one go
        assert not pane.has_class("-walking")
    stored = IncidentStore(store_path).load(demo.id)
    new = next(w for w in stored.whys if w.statement == "pool size hard-coded")
    assert new.is_root_cause
    assert next(w for w in stored.whys if w.id == new.parent_id).statement.startswith("Release 2.3.1")


@one_size
async def test_delete_asks_first_and_undo_brings_the_subtree_back(
    demo, store_path, make_app, size, screen_text
):
    before = IncidentStore(store_path).load(demo.id)
    app = make_app(demo.id)
    async with app.run_test(size=size, notifications=True) as pilot:
        _screen, pane = await war_room(app, pilot)
        await pilot.press("3", "j", "j", "d")  # the pool answer and the three below it
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        text = screen_text(app)
        assert "“Release 2.3.1 halved the connection pool size” and the 3" in text
        assert "2 linked action items stay, without the link" in text
        await pilot.press("escape")
        assert len(IncidentStore(store_path).load(demo.id).whys) == len(before.whys)

        await pilot.press("d", "enter")
        await pilot.pause()
        stored = IncidentStore(store_path).load(demo.id)
        assert len(stored.whys) == len(before.whys) - 4
        assert not [label for label in labels(pane) if "Release 2.3.1" in label]
        assert all(a.why_id is None for a in stored.actions)  # the root cause went with it

        await pilot.press("ctrl+z")
        await pilot.pause()
        assert "Release 2.3.1 halved the connection pool size" in labels(pane)
    restored = IncidentStore(store_path).load(demo.id)
    assert restored.whys == before.whys
    assert [a.why_id for a in restored.actions] == [a.why_id for a in before.actions]


async def test_edit_an_answer_and_the_problem_statement(demo, store_path, make_app, screen_text):
    app = make_app(demo.id)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen, _pane = await war_room(app, pilot)
        await pilot.press("3", "j", "e")
        await pilot.pause()
        assert isinstance(app.screen, TextEntryDialog)
        await pilot.press("ctrl+u", "enter")  # emptied: the service refuses, the dialog says why and stays
        await pilot.pause()
        assert isinstance(app.screen, TextEntryDialog) and "must not be empty" in screen_text(app)
        await answer(pilot, "DB connections ran out")
        assert app.screen is screen and "DB connections ran out" in screen_text(app)

        await pilot.press("k", "e")  # on the problem: the incident summary
        await pilot.pause()
        area = app.screen.query_one(TextArea)
        assert area.text.startswith("Checkout requests fail")
        await pilot.press(*" (EU only)", "ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert "Checkout requests fail with HTTP 500 for about 30% of customers. (EU only)" in screen_text(
            app
        )
    stored = IncidentStore(store_path).load(demo.id)
    assert stored.summary.endswith("(EU only)")
    assert stored.whys[0].statement == "DB connections ran out"
    assert stored.timeline[-1].text.startswith("Summary set")


async def test_root_cause_toggle_depth_and_keys_that_apply(demo, store_path, make_app, screen_text):
    app = make_app(demo.id)
    async with app.run_test(size=(160, 50)) as pilot:
        screen, pane = await war_room(app, pilot)
        await pilot.press("3")
        await pilot.pause()
        shown = {b.binding.key for b in screen.active_bindings.values()}
        assert "e" in shown and not {"d", "r", "a"} & shown  # on the problem: only edit applies
        await pilot.press("j", "r")
        await pilot.pause()
        text = screen_text(app)
        assert "★ The checkout service ran out of database connections" in text
        assert "why 1 of 5 · ★ root cause" in text  # the detail line of the selected answer
        shown = labels(pane)  # each chain's end says how deep it went
        assert "★ No checklist step covers dependency default changes  why 5/5" in shown
        assert "Traffic was 20% above normal for a promotion  why 2/5" in shown
        await pilot.press("r")
        await pilot.pause()
        assert "★ The checkout service" not in screen_text(app)
        tree = pane.query_one(WhysTree)
        await pilot.press("enter")  # collapses the answer; a change (which rebuilds the tree) keeps it so
        assert "Release 2.3.1 halved the connection pool size" not in screen_text(app)
        await pilot.press("r", "r")
        await pilot.pause()
        assert not tree.cursor_node.is_expanded and tree.cursor_node.data.id == demo.incident.whys[0].id
        await pilot.press("enter")
        assert "Release 2.3.1 halved the connection pool size" in screen_text(app)
    stored = IncidentStore(store_path).load(demo.id)
    assert not stored.whys[0].is_root_cause
    assert [e.text.split(":")[0] for e in stored.timeline[-4:]] == [
        "Root cause",
        "No longer a root cause",
    ] * 2


async def test_action_dialog_reads_quick_dates_and_says_what_is_wrong(
    demo, clock, store_path, make_app, screen_text
):
    app = make_app(demo.id)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, _pane = await war_room(app, pilot)
        await pilot.press("3", "j", "a")
        await pilot.pause()
        assert isinstance(app.screen, WhyActionDialog)
        await pilot.press("ctrl+u", "enter")  # no title: the service's refusal, shown in the dialog
        await pilot.pause()
        assert isinstance(app.screen, WhyActionDialog) and "title: must not be empty" in screen_text(app)
        await pilot.press(*"Pin pool", "tab", "tab", *"someday", "enter")
        await pilot.pause()
        assert isinstance(app.screen, WhyActionDialog)
        assert "due date 'someday' not understood" in screen_text(app)
        assert app.screen.query_one("#action-due", Input).value == "someday"  # kept for fixing
        await pilot.press("ctrl+u", *"+3d")
        await pilot.pause()
        due = clock.now().astimezone().date() + timedelta(days=3)
        assert f"Due: {due:%a %Y-%m-%d}" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
    stored = IncidentStore(store_path).load(demo.id)
    action = stored.actions[-1]
    assert (action.due, action.why_id, action.title) == (due, stored.whys[0].id, "Pin pool")


HOSTILE = ["[b]x[/b]", "a [/ b", "[@click=app.quit]x[/]"]


async def test_user_text_renders_literally(service, store_path, make_app, size, screen_text):
    session = service.declare("[/bold] boom", severity=1, kind="technical", summary="[i]summary[/i]")
    session.add_why(HOSTILE[0])
    first = session.incident.whys[-1].id
    session.add_why(HOSTILE[1], first)
    session.set_root_cause(session.incident.whys[-1].id)
    app = make_app(session.id)
    async with app.run_test(size=size, notifications=True, tooltips=True) as pilot:
        _screen, _pane = await war_room(app, pilot)
        await pilot.press("3")
        await pilot.pause()
        text = screen_text(app)
        assert "[i]summary[/i]" in text and "[b]x[/b]" in text and "★ a [/ b" in text
        await pilot.press("j", "w")  # the question quotes the hostile answer
        await pilot.pause()
        assert "Why did “[b]x[/b]” happen?" in screen_text(app)
        await answer(pilot, HOSTILE[2], "ctrl+r")  # typed, recorded and announced as is
        text = screen_text(app)
        assert "★ [@click=app.quit]x[/]" in text and flat("Root cause: [@click=app.quit]x[/]") in flat(text)
        await pilot.click(WhysTree, offset=(12, 3))  # a live @click would quit here
        await pilot.press("d")
        await pilot.pause()
        assert "[@click=app.quit]x[/]" in screen_text(app)  # the confirm question too
        await pilot.press("escape")
    assert app.return_code in (None, 0)
    stored = IncidentStore(store_path).load(session.id)
    assert [w.statement for w in stored.whys] == HOSTILE
