"""Hostile text typed into the TUI's text fields: no crash, shown literally, stored
cleaned (control characters gone) or refused with a message in the form."""

import re

from textual.widgets import Input, TextArea

from escalation_tui.store import IncidentStore
from escalation_tui.tui.dialogs.base import Dialog
from escalation_tui.tui.panes.whys.whys_walk import WhyInput

HOSTILE = [
    "[/bold] [link=https://evil]boom[/link] [@click=app.quit]x[/] a [/ b",
    "before\x1b[2J\x1b[Hafter \x1b]52;c;ZXZpbA==\x07",
    "nul\x00 del\x7f c1\x9b",
    "\u202eevil\u202c RTL انقطاع",
    "障害 対応中 🔥🧯",
    "x" * 100_000,
    "   ",
]
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    return CONTROL.sub("", text).strip()


async def submit_each(app, pilot, open_keys, field, after=None):
    """Open the form with keys, put each hostile text in, submit; return what stayed refused."""
    refused = []
    for text in HOSTILE:
        await pilot.press(*open_keys)
        await pilot.pause()
        widget = app.screen.query_one(field) if field else app.focused
        if isinstance(widget, TextArea):
            widget.text = text
        else:
            widget.value = text
        await pilot.press("ctrl+s" if isinstance(app.screen, Dialog) else "enter")
        await pilot.pause()
        if isinstance(app.screen, Dialog):  # refused: the form says why and keeps the text
            assert app.screen.query_one(".dialog-error").display
            refused.append(text)
            await pilot.press("escape")
            await pilot.pause()
            if isinstance(app.screen, Dialog):  # "discard what you typed?"
                await pilot.press("enter")
                await pilot.pause()
        if after:
            await after(pilot)
    return refused


def check_stored(stored: list[str], refused: list[str]) -> None:
    accepted = [visible(t) for t in HOSTILE if t not in refused]
    assert stored == accepted
    assert not any(CONTROL.search(s) for s in stored)
    assert set(refused) == {"x" * 100_000, "   "}  # too long, and empty


async def test_hostile_timeline_notes(demo, make_app, store_path):
    app = make_app(demo.id)
    async with app.run_test(size=(80, 24), notifications=True, tooltips=True) as pilot:
        await pilot.pause()
        refused = await submit_each(app, pilot, ["N"], "#note-text")
        assert app.return_code is None
    timeline = IncidentStore(store_path).load(demo.id).timeline
    check_stored([e.text for e in timeline if e.kind == "note"], refused)


async def test_hostile_checklist_items(demo, make_app, store_path):
    app = make_app(demo.id)
    async with app.run_test(size=(160, 50), notifications=True, tooltips=True) as pilot:
        await pilot.pause()
        refused = await submit_each(app, pilot, ["1", "a"], "#item-text-value")
        assert app.return_code is None
    custom = [c.text for c in IncidentStore(store_path).load(demo.id).checklist if c.custom]
    check_stored(custom, refused)


async def test_hostile_action_quick_add(demo, make_app, store_path):
    app = make_app(demo.id)
    async with app.run_test(size=(80, 24), notifications=True, tooltips=True) as pilot:
        await pilot.pause()
        refused = await submit_each(app, pilot, ["4", "a"], Input)
        assert app.return_code is None
    titles = [a.title for a in IncidentStore(store_path).load(demo.id).actions][4:]  # after the demo's 4
    # quick add reads tokens, so compare what is not a token: every accepted title was stored
    assert len(titles) == len(HOSTILE) - len(refused)
    assert not any(CONTROL.search(t) for t in titles)


async def test_hostile_why_answers(demo, make_app, store_path):
    app = make_app(demo.id)
    async with app.run_test(size=(160, 50), notifications=True, tooltips=True) as pilot:
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        for text in HOSTILE:
            answer = app.screen.query_one(WhyInput)
            answer.value = text
            await pilot.press("tab")  # same level each time
            await pilot.pause()
        assert app.return_code is None
    whys = IncidentStore(store_path).load(demo.id).whys[6:]  # after the demo's 6
    assert [w.statement for w in whys] == [visible(t) for t in HOSTILE[:5]]  # 100 KB and blank refused
