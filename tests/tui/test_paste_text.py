"""Pasted text, through the key gate (tui/keygate.py) and the dialogs: several lines are kept
whole where the field takes them (the timeline note grows into a text area), joined by spaces
where it takes one line, and shown in the war room without pushing everything else away.
(tests/tui/test_paste_terminal.py pastes the same way through a real terminal.)"""

from markdown_it import MarkdownIt
from test_type_ahead import burst, settle
from textual import events
from textual.widgets import Input, TextArea

from escalation_tui.cli import main
from escalation_tui.domain.enums import EventKind
from escalation_tui.store import IncidentStore
from escalation_tui.tui.dialogs.note import NoteDialog

TRACE = 'Traceback (most recent call last):\n  File "pool.py", line 12, in take\nPoolExhausted: 0 of 40 free'
COLOURED = (
    '\x1b[31mTraceback\x1b[0m (most recent call last):\r\n\tFile "pool.py"\x1b]0;t\x07\r\nPoolExhausted\r\n'
)


async def test_a_pasted_stack_trace_is_saved_as_a_note_whole(demo, make_app, store_path, size, screen_text):
    app = make_app(demo.id)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("N")
        app.post_message(events.Paste(TRACE))
        await settle(pilot)
        assert isinstance(app.focused, TextArea) and app.focused.text == TRACE
        assert "ctrl+s saves" in screen_text(app)
        await pilot.press("enter", *"more", "ctrl+s")  # enter is a new line now; ctrl+s saves
        await settle(pilot)
        assert not isinstance(app.screen, NoteDialog)
        await pilot.press("t")
        shown = screen_text(app)
    note = IncidentStore(store_path).load(demo.id).timeline[-1]
    assert note.text == TRACE + "\nmore"
    assert "PoolExhausted: 0 of 40 free" in shown and 'File "pool.py", line 12' in shown


async def test_the_note_dialog_is_a_line_again_for_the_next_note(demo, make_app, store_path):
    app = make_app(demo.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("N")
        app.post_message(events.Paste(TRACE))
        await pilot.press("ctrl+s")
        await settle(pilot)
        burst(app, "N", *"one line", "enter")  # enter saves in a line
        await settle(pilot)
        assert not isinstance(app.screen, NoteDialog)
    texts = [e.text for e in IncidentStore(store_path).load(demo.id).timeline[-2:]]
    assert texts == [TRACE, "one line"]


async def test_a_paste_typed_ahead_of_its_dialog_lands_in_it_with_its_lines(demo, make_app, store_path):
    app = make_app(demo.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        before = IncidentStore(store_path).load(demo.id)
        burst(app, "N")
        app.post_message(events.Paste(COLOURED))
        burst(app, "ctrl+s")
        await settle(pilot)
    after = IncidentStore(store_path).load(demo.id)
    assert after.timeline[-1].text == 'Traceback (most recent call last):\n\tFile "pool.py"\nPoolExhausted'
    assert len(after.timeline) == len(before.timeline) + 1
    assert after.milestones == before.milestones and after.phase == before.phase


async def test_lines_pasted_into_a_one_line_field_are_joined_not_cut(demo, make_app, store_path, size):
    app = make_app(demo.id)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("1", "a")
        app.post_message(events.Paste(COLOURED))
        await settle(pilot)
        assert isinstance(app.focused, Input)
        await pilot.press("enter")
        await settle(pilot)
    texts = [c.text for c in IncidentStore(store_path).load(demo.id).checklist]
    assert 'Traceback (most recent call last): File "pool.py" PoolExhausted' in texts


async def test_a_long_pasted_note_shows_its_first_lines_and_what_is_left_out(
    demo, make_app, store_path, size, screen_text
):
    log = "\n".join(f"r{n}:" for n in range(1, 3001))  # 3,000 lines within a long text's limit
    item = next(c for c in demo.incident.checklist if c.phase == demo.incident.phase and not c.done)
    demo.set_check_note(item.id, log)
    demo.add_note(log)
    app = make_app(demo.id)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("1")
        checklist = screen_text(app)
        await pilot.press("t", "end")
        timeline = screen_text(app)
    assert "r4:" in checklist and "r5:" not in checklist and "2,996 more lines" in checklist
    assert "r12:" in timeline and "r13:" not in timeline and "2,988 more lines" in timeline
    assert IncidentStore(store_path).load(demo.id).timeline[-1].text == log  # all of it is kept


def test_show_prints_every_line_under_the_first(demo, store_path, capsys):
    demo.add_note(TRACE)
    assert main(["--db", str(store_path), "show", demo.id]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    at = next(n for n, line in enumerate(lines) if "Traceback (most recent call last):" in line)
    column = lines[at].index("Traceback")
    assert lines[at + 1] == " " * column + '  File "pool.py", line 12, in take'
    assert lines[at + 2] == " " * column + "PoolExhausted: 0 of 40 free"


def test_the_post_mortem_keeps_a_pasted_trace_in_its_row_and_its_list_item(demo, store_path, capsys):
    """A note's lines stay in one timeline row, a lesson's in one list item (markdown-it reads it)."""
    demo.add_note(TRACE, kind=EventKind.FINDING)
    demo.add_lesson("went_wrong", TRACE)
    assert main(["--db", str(store_path), "export", demo.id, "--format", "markdown"]) == 0
    html = MarkdownIt("commonmark").enable("table").render(capsys.readouterr().out)
    assert "<td>Traceback (most recent call last):<br>" in html  # one cell, the lines in it
    assert "<br>PoolExhausted: 0 of 40 free</td>" in html
    item = next(li for li in html.split("<li>") if li.startswith("Traceback"))
    assert "PoolExhausted: 0 of 40 free</li>" in item and "<br" in item
