"""Pane 3 with several problems: p adds one, each heads its own tree, and the walkthrough asks
which problem it is about before the first why."""

from textual.widgets import OptionList

from escalation_tui.store import IncidentStore
from escalation_tui.tui.dialogs.choice import ChoiceDialog
from escalation_tui.tui.dialogs.text_entry import TextEntryDialog
from escalation_tui.tui.panes.whys.whys import WhysPane
from escalation_tui.tui.panes.whys.whys_walk import WhyInput
from escalation_tui.tui.screens.war_room import WarRoomScreen


def flat(text: str) -> str:
    return "".join(text.split())


async def test_p_adds_a_problem_and_the_walkthrough_asks_which_problem(
    service, store_path, make_app, size, screen_text
):
    session = service.declare("Orders DB down", severity=1, kind="technical", summary="Orders were down")
    app = make_app(session.id)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WarRoomScreen)
        pane = screen.query_one(WhysPane)
        await pilot.press("3", "p")
        await pilot.pause()
        assert isinstance(app.screen, TextEntryDialog)
        await pilot.press(*"Restore slow", "enter")
        await pilot.pause()
        stored = IncidentStore(store_path).load(session.id)
        assert [p.statement for p in stored.problems] == ["Restore slow"]
        second = stored.problems[0].id
        text = flat(screen_text(app))
        assert "Problem1:Orderswere" in text and "Problem2:Restoreslow" in text

        # The cursor is on the new problem: w asks which problem, that one offered first.
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        assert app.screen.query_one(OptionList).highlighted == 1
        assert "Askwhyaboutwhichproblem?" in flat(screen_text(app))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.focused, WhyInput)
        assert "Why did “Restore slow” happen?" in screen_text(app)
        await pilot.press(*"Backups on tape", "enter")
        await pilot.pause()
        await pilot.press(*"Nobody tested restores", "ctrl+r")
        await pilot.pause()
        stored = IncidentStore(store_path).load(session.id)
        tape, untested = stored.whys
        assert (tape.parent_id, tape.statement) == (second, "Backups on tape")
        assert (untested.parent_id, untested.is_root_cause) == (tape.id, True)

        # The first problem, chosen in the dialog: its answers keep answering the summary.
        await pilot.press("w")  # from an answer: the walk goes on from it, no question
        await pilot.pause()
        assert not isinstance(app.screen, ChoiceDialog)
        assert "Why did “Nobody tested restores” happen?" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        pane.whys_tree.move_cursor_to_line(0)
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        assert app.screen.query_one(OptionList).highlighted == 0
        await pilot.press("enter")
        await pilot.pause()
        assert "Why did “Orders were down” happen?" in screen_text(app)
        await pilot.press(*"Wrong host", "enter")
        await pilot.pause()
    stored = IncidentStore(store_path).load(session.id)
    assert [(w.statement, w.parent_id) for w in stored.whys][-1] == ("Wrong host", None)
    assert len(stored.problems) == 1


async def test_a_problem_is_reworded_and_deleted_with_its_tree(
    service, store_path, make_app, size, screen_text
):
    session = service.declare("Orders DB down", severity=1, kind="technical", summary="Orders were down")
    problem = session.add_problem("Restore slow").problems[0].id
    session.add_why("Backups on tape", problem)
    session.add_why("Wrong host")
    app = make_app(session.id)
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(WhysPane)
        await pilot.press("3")
        await pilot.pause()
        node = pane.whys_tree.find(None, problem)
        assert node is not None
        pane.whys_tree.move_cursor(node)
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, TextEntryDialog)
        await pilot.press("end", *" (18 h)", "enter")
        await pilot.pause()
        assert IncidentStore(store_path).load(session.id).problems[0].statement == "Restore slow (18 h)"
        await pilot.press("d")
        await pilot.pause()
        assert "“Restoreslow(18h)”andits1answer?" in flat(screen_text(app))
        await pilot.press("enter")
        await pilot.pause()
        stored = IncidentStore(store_path).load(session.id)
        assert stored.problems == [] and [w.statement for w in stored.whys] == ["Wrong host"]
        assert "Problem 2" not in screen_text(app)  # one problem again: the summary heads the tree
        await pilot.press("ctrl+z")
        await pilot.pause()
    restored = IncidentStore(store_path).load(session.id)
    assert [p.statement for p in restored.problems] == ["Restore slow (18 h)"]
    assert [w.statement for w in restored.whys] == ["Backups on tape", "Wrong host"]


async def test_keys_typed_at_once_reach_the_question_and_the_answer(service, store_path, make_app, size):
    """w, the choice and the answer typed in one burst: nothing runs as a pane command."""
    session = service.declare("Orders DB down", severity=1, kind="technical", summary="Orders were down")
    problem = session.add_problem("Restore slow").problems[0].id
    app = make_app(session.id)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("3", "w", "j", "enter", *"disk died", "enter")
        await pilot.pause()
    stored = IncidentStore(store_path).load(session.id)
    assert [(w.statement, w.parent_id) for w in stored.whys] == [("disk died", problem)]
    assert [p.statement for p in stored.problems] == ["Restore slow"]
