"""A save the store refuses (here: a full disk) keeps every dialog open with what was typed.

The disk fills up the way tests/test_store.py simulates it: os.fsync fails, the atomic write
raises StoreError, and nothing is saved. Each dialog must then say so in one line, keep the
text, leave the store byte-for-byte unchanged, and save from the same dialog once there is room.
"""

import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import pytest
from textual.widgets import Input, Static, TextArea

from escalation_tui.domain.models import ChecklistItem, Incident
from escalation_tui.service import IncidentSession
from escalation_tui.store import IncidentStore
from escalation_tui.tui.dialogs.base import Dialog
from escalation_tui.tui.panes.checklist.checklist import ChecklistPane

FULL = "No space left on device"
TYPED = "Typed while the disk was full"


def disk_full(fd: int) -> None:
    raise OSError(28, FULL)


def stored_files(store_path) -> dict[str, bytes]:
    """Every incident and backup file and journal, as bytes (lock files aside: they hold no data;
    summaries aside: a cache the app may fill in whenever it lists, made from these files)."""
    files = [*store_path.rglob("*.json"), *store_path.rglob("*.journal")]
    return {str(p): p.read_bytes() for p in files if p.parent.name != "summaries"}


def flat(text: str) -> str:
    """Text as one line: a message wraps wherever its store path (of any length) pushes it."""
    return " ".join(text.replace("│", " ").split())


def press(*keys: str) -> Callable:
    async def go(app, pilot) -> None:
        await pilot.press(*keys)

    return go


async def to_impact_fact(app, pilot) -> None:
    """Open phase 1 (folded: the demo is in phase 2) and press enter on its impact item (a fact item)."""
    pane = app.screen.query_one(ChecklistPane)
    await pilot.press("home", "enter")
    for _ in range(20):
        target = pane.target
        if isinstance(target, ChecklistItem) and target.captures == "impact":
            await pilot.press("enter")
            return
        await pilot.press("j")
    raise AssertionError("never reached the impact item")


@dataclass
class Flow:
    name: str
    open: Callable[..., Awaitable[None]]
    field: str  # the field typed into (an Input or a TextArea)
    submit: str
    saved: Callable[[Incident], bool]  # the typed text is in the stored incident
    text: str = TYPED
    from_list: bool = False  # starts on the incident list, not in the war room
    setup: Callable[[IncidentSession], object] | None = None  # before the app starts


def has_why(i: Incident, text: str) -> bool:
    return any(w.statement == text for w in i.whys)


def item_saved(i: Incident) -> bool:
    return any(c.text == TYPED for c in i.checklist)


def note_saved(i: Incident) -> bool:
    return any(c.note == TYPED for c in i.checklist)


def action_saved(i: Incident) -> bool:
    return any(a.title == TYPED for a in i.actions)


FLOWS = [
    Flow("checklist add", press("a"), "#text-entry-value", "enter", item_saved),
    Flow("checklist edit", press("e"), "#text-entry-value", "enter", item_saved),
    Flow("checklist note", press("n"), "#text-entry-value", "ctrl+s", note_saved),
    Flow("checklist fact", to_impact_fact, "#text-entry-value", "ctrl+s", lambda i: i.impact == TYPED),
    Flow("actions quick add", press("4", "a"), "#quick-line", "enter", action_saved),
    Flow("actions edit", press("4", "e"), "#title", "enter", action_saved),
    Flow(
        "cadence", press("2", "c"), "#cadence-minutes", "enter", lambda i: i.cadence_minutes == 17, text="17"
    ),
    Flow("whys problem", press("3", "e"), "#text-entry-value", "ctrl+s", lambda i: i.summary == TYPED),
    Flow("whys edit", press("3", "j", "e"), "#text-entry-value", "enter", lambda i: has_why(i, TYPED)),
    Flow("whys action", press("3", "j", "a"), "#action-title", "enter", action_saved),
    Flow(
        "lesson add", press("x", "a"), "#text-entry-value", "ctrl+s", lambda i: i.lessons.went_well == [TYPED]
    ),
    Flow(
        "lesson edit",
        press("x", "e"),
        "#text-entry-value",
        "ctrl+s",
        lambda i: i.lessons.went_well == [TYPED],
        setup=lambda s: s.add_lesson("went_well", "Rollback in 4 min"),
    ),
    Flow(
        "write-up edit",
        press("x", "end", "enter"),
        "#text-entry-value",
        "ctrl+s",
        lambda i: i.resolution == TYPED,
    ),
    Flow("note", press("N"), "#text-entry-value", "enter", lambda i: i.timeline[-1].text == TYPED),
    Flow(
        "update",
        press("u"),
        "#update-text",
        "ctrl+s",
        lambda i: bool(i.updates) and i.updates[-1].text == TYPED,
    ),
    Flow("new incident", press("n"), "#title", "enter", lambda i: i.title == TYPED, from_list=True),
]


def fill(dialog: Dialog, selector: str, text: str) -> None:
    """Paste over the field's value (typing key by key costs the harness ~60 ms a key)."""
    field = dialog.query_one(selector)
    if isinstance(field, TextArea):
        field.load_text(text)
    else:
        assert isinstance(field, Input)
        field.value = text


def value(dialog: Dialog, selector: str) -> str:
    field = dialog.query_one(selector)
    return field.text if isinstance(field, TextArea) else field.value


def stored_incident(store_path, demo_id: str, flow: Flow) -> Incident:
    store = IncidentStore(store_path)
    if flow.from_list:
        (new_id,) = set(store.ids()) - {demo_id}
        return store.load(new_id)
    return store.load(demo_id)


async def refuse_then_save(flow: Flow, demo, store_path, make_app, monkeypatch, size) -> None:
    if flow.setup:
        flow.setup(demo)
    app = make_app(None if flow.from_list else demo.id)
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.pause()
        await flow.open(app, pilot)
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, Dialog), f"{flow.name}: no dialog opened"
        fill(dialog, flow.field, flow.text)
        before = stored_files(store_path)

        monkeypatch.setattr(os, "fsync", disk_full)
        await pilot.press(flow.submit)
        await pilot.pause()
        assert app.screen is dialog  # still open ...
        assert value(dialog, flow.field) == flow.text  # ... with what was typed
        error = dialog.query_one(".dialog-error", Static)
        assert (
            FULL in str(error.render()) and error.display and error.region.height
        )  # ... and says why, on screen
        assert "nothing was saved" in flat(str(error.render()))  # the words, wherever the lines break
        assert stored_files(store_path) == before  # nothing saved
        assert IncidentStore(store_path).ids() == [demo.id]  # no incident declared either
        assert not any(FULL in str(n.message) for n in app._notifications)  # said once, in the dialog

        monkeypatch.undo()  # room on the disk again: the same dialog saves
        await pilot.press(flow.submit)
        await pilot.pause()
        assert app.screen is not dialog
        assert not isinstance(app.screen, Dialog)
        assert flow.saved(stored_incident(store_path, demo.id, flow))
        if flow.name == "checklist add":  # as after any add: the cursor is on the new item
            assert app.screen.query_one(ChecklistPane).target.text == TYPED


@pytest.mark.parametrize("flow", FLOWS, ids=lambda f: f.name)
async def test_full_disk_keeps_the_dialog_and_the_text(flow, demo, store_path, make_app, monkeypatch):
    await refuse_then_save(flow, demo, store_path, make_app, monkeypatch, (80, 24))


async def test_full_disk_at_the_large_size(demo, store_path, make_app, monkeypatch):
    flow = next(f for f in FLOWS if f.name == "checklist add")
    await refuse_then_save(flow, demo, store_path, make_app, monkeypatch, (160, 50))
