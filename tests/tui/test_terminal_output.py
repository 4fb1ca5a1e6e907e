"""The terminal shows what the app means it to after every key: each frame sent is replayed
into a terminal emulator (terminal.py) and compared, text and colour, with a full redraw.

The app folds repaints into fewer frames than Textual would (controls/same_frame.py); a repaint
folded away without being drawn would leave a stale line on a real terminal, which the tests'
own screen_text (a fresh full redraw) cannot see."""

from datetime import timedelta

from terminal import Terminal, line_text

from escalation_tui.service import IncidentService
from escalation_tui.store import IncidentStore
from escalation_tui.tui.panes.actions.actions import ActionsPane, ActionsTable

STEPS = (
    ("t",),  # the timeline opens below the panes (or in their place at 80x24): every pane resizes
    ("j", "k", "end"),
    ("t",),
    ("1",),
    ("space",),  # a check ticked: saved, the tab bar and footer change
    ("j", "j"),
    ("4",),
    ("space",),  # an action's status: the row is redrawn, maybe moved
    ("a", *"Rotate the pool credentials @kim", "enter"),  # quick add: a dialog, then a new row
    ("N", *"Failover done", "enter"),  # a timeline note through its dialog
    ("2",),
    ("3",),
    ("question_mark",),
    ("escape",),
    ("t",),
    ("4",),  # at 80x24, a pane key hides the timeline again
)


def _typed(keys: tuple[str, ...]) -> list[str]:
    return ["space" if key == " " else key for key in keys]


async def test_every_frame_leaves_the_terminal_as_a_full_redraw_would(demo, make_app, size, store_path):
    for n in range(60):  # tables long enough to scroll: their scrollbars resize with the panes
        demo.add_note(f"Probe {n:02d}: still failing")
    for n in range(30):
        demo.add_action(f"Follow-up {n:02d}: tighten the pool checks", owner="lee")
    app = make_app(demo.id)
    terminal = Terminal(app, size)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert terminal.stale_lines() == []
        for keys in STEPS:
            await pilot.press(*_typed(keys))
            await pilot.pause()
            assert terminal.stale_lines() == [], f"after {keys}"
    saved = IncidentStore(store_path).load(demo.id)
    assert any(a.title == "Rotate the pool credentials" and a.owner == "kim" for a in saved.actions)
    assert any(e.text == "Failover done" for e in saved.timeline)


async def test_the_whys_tree_shows_every_answer_that_fits_after_its_pane_shrank_and_grew(
    demo, make_app, size, screen_text
):
    """Opening the timeline takes height from the panes, closing it gives it back; the tree keeps
    its drawn lines over a change of height alone (nav.VimTree) and must still show them all."""
    parent = demo.incident.whys[-1].id
    for n in range(12):
        parent = next(w.id for w in demo.add_why(f"Cause {n:02d} of the pool running dry", parent).whys[-1:])
    app = make_app(demo.id)
    terminal = Terminal(app, size)
    async with app.run_test(size=size) as pilot:
        await pilot.press("3")
        before = screen_text(app)
        await pilot.press("t")
        assert app.screen.show_timeline and terminal.stale_lines() == []
        await pilot.press("t", "3")
        await pilot.pause()
        assert screen_text(app) == before
        assert terminal.stale_lines() == []
        shown = [n for n in range(12) if f"Cause {n:02d} of the pool running dry" in screen_text(app)]
        assert shown and shown == list(range(shown[0], shown[-1] + 1))  # no gap, no blank line


def with_follow_ups(demo, store_path, clock):
    """Eight more action items (the table scrolls at 80x24), and another window on the incident."""
    for n in range(8):
        demo.add_action(f"Follow-up {n:02d}: tighten the pool checks", owner="lee")
    return IncidentService(IncidentStore(store_path), clock, actor="sam").open(demo.id)


async def test_a_change_to_a_row_away_from_the_cursor_is_drawn_at_once(
    demo, make_app, size, store_path, clock
):
    """Table cells are kept across changes (controls/kept_cells.py); a cell whose value changed
    in place (another window handed an item to someone else) is drawn again, not as it was."""
    other = with_follow_ups(demo, store_path, clock)
    app = make_app(demo.id)
    terminal = Terminal(app, size)
    async with app.run_test(size=size) as pilot:
        await pilot.press("4", "j", "j", "j")
        pane = app.screen.query_one(ActionsPane)
        table = pane.query_one(ActionsTable)
        away = next(a for a in demo.incident.actions if a.id != pane.selected_id and a.owner == "lee")
        row = table.get_row_index(away.id)
        other.edit_action(away.id, owner="kim")  # as wide as "lee": the columns keep their widths
        app.screen.tick()  # what the 1-second timer does: picks up the other window's save
        await pilot.pause()
        assert table.get_row_index(away.id) == row and pane.selected_id != away.id
        assert "@kim" in str(table.get_row_at(row)[2])
        assert terminal.stale_lines() == []
    saved = IncidentStore(store_path).load(demo.id)
    assert next(a for a in saved.actions if a.id == away.id).owner == "kim"


async def test_a_click_selects_the_row_drawn_there_after_rows_above_it_moved_down(
    demo, make_app, size, store_path, clock
):
    """Kept cells carry the position a click reports (DataTable marks each drawn cell with its
    row): after two items arrive above it, a row drawn from what was kept must still select
    itself when clicked, not the row that used to be there."""
    other = with_follow_ups(demo, store_path, clock)
    app = make_app(demo.id)
    terminal = Terminal(app, size)
    async with app.run_test(size=size) as pilot:
        await pilot.press("4")
        table = app.screen.query_one(ActionsTable)
        today = clock.now().date()
        for title in ("Page the DBA", "Freeze deploys"):  # due first: drawn above every other row
            other.add_action(title, owner="sam", due=today - timedelta(days=1))
        app.screen.tick()  # picks up the other window's saves
        await pilot.pause()
        assert terminal.stale_lines() == []
        lines = [line_text(line) for line in terminal.shows()]
        y = next(y for y, text in enumerate(lines) if "Follow-up 01:" in text)
        await pilot.click(ActionsTable, offset=(20, y - table.region.y))
        await pilot.pause()
        clicked = app.screen.query_one(ActionsPane).selected
        assert clicked is not None and clicked.title.startswith("Follow-up 01:")
