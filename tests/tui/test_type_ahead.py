"""Keys typed fast land where the user meant them (tui/keygate.py, the war room's pane state).

A burst is what a fast typist, a paste or a slow SSH link delivers: every key queued on the
app at once, with no pause for the screen to catch up. `burst` posts them exactly so;
Pilot's own press waits for idle between keys and would hide the problem.
"""

import asyncio
import random
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from textual import events
from tui_support import COMPACT, LARGE

from escalation_tui.domain.models import Incident
from escalation_tui.store import IncidentStore
from escalation_tui.tui.controls.pane import Pane
from escalation_tui.tui.screens.war_room import WarRoomScreen

# Letters that are commands in some pane (d deletes, x opens the post-mortem, a adds, w walks,
# N notes, t and digits switch panes, q quits the list, j/k move, space ticks): typed as text
# they must stay text.
TYPED = "dax wN t12 qjk"
SPECIAL = {" ": "space", "\t": "tab"}


def key_event(key: str) -> events.Key:
    if len(key) == 1:
        return events.Key(SPECIAL.get(key, key), key)
    return events.Key(key, "\r" if key == "enter" else None)


def burst(app, *keys: str) -> None:
    """Queue every key on the app at once, as a fast terminal delivers them."""
    for key in keys:
        app.post_message(key_event(key))


async def settle(pilot) -> None:
    """Until every queued key has been offered to the app and the gate let it through."""
    app = pilot.app
    for _ in range(2000):  # bounded: a gate that never settles fails the test
        await pilot.pause()
        if app.message_queue_size == 0 and app.key_gate.settled:
            return
    raise AssertionError("the app never settled")


def pane_of(widget) -> str | None:
    return next((n.id for n in widget.ancestors_with_self if isinstance(n, Pane)), None)


# -- panes ------------------------------------------------------------------------------
PANE_KEYS = {"1": "checklist", "2": "countdown", "3": "whys", "4": "actions"}


def expected_view(keys: list[str], compact: bool) -> tuple[str, str]:
    """(active pane, what has focus) after the keys, from the rules users are told."""
    active, timeline, focus = "checklist", False, "checklist"
    for key in keys:
        if key == "t":
            timeline = not timeline
            focus = "timeline" if timeline else active
        else:
            active = focus = PANE_KEYS[key]
            timeline = timeline and not compact
    return active, focus


# Three random bursts, two compact (tabs: the timeline replaces the pane) and one wide: each
# burst costs seconds of settling, and the rule checked is the same at every size.
@pytest.mark.parametrize(
    "size, seed", [(COMPACT, 1), (COMPACT, 2), (LARGE, 3)], ids=["80x24-1", "80x24-2", "160x50-3"]
)
async def test_a_burst_of_pane_keys_ends_on_the_last_and_leaves_the_app_idle(demo, make_app, size, seed):
    keys = random.Random(seed).choices([*PANE_KEYS, "t"], k=20)
    app = make_app(demo.id)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WarRoomScreen)
        burst(app, *keys)
        await settle(pilot)
        active, focus = expected_view(keys, screen.compact)
        assert (screen.active_pane, pane_of(app.focused)) == (active, focus), keys
        tab = "tab-timeline" if focus == "timeline" and screen.compact else f"tab-{active}"
        assert screen.query_one("PaneTabs").active == tab
        # Idle right after: nothing left queued anywhere, and nothing changes on its own.
        for _ in range(5):
            await pilot.pause()
        pumps = [app, *screen.walk_children(with_self=True)]
        assert [p for p in pumps if p.message_queue_size] == []
        assert (screen.active_pane, pane_of(app.focused)) == (active, focus)


async def test_pane_keys_pressed_by_pilot_end_on_the_last(demo, make_app):
    app = make_app(demo.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("2", "1", "4", "t", "3", "2")
        assert (app.screen.active_pane, pane_of(app.focused)) == ("countdown", "countdown")


# -- every input that takes text --------------------------------------------------------
def press(*keys: str) -> Callable:
    async def go(app, pilot) -> None:
        await pilot.press(*keys)

    return go


NO_KEYS = press()  # made once: a dataclass default must not be a call


@dataclass
class Flow:
    name: str
    opening: tuple[str, ...]  # the keys that open the input, sent in the same burst as the text
    submit: tuple[str, ...]
    saved: Callable[[Incident, str], bool]
    fields: set[str]  # the incident's fields the change may touch (besides timeline, revision)
    before: Callable = NO_KEYS  # pressed normally first, to reach the pane
    clear: tuple[str, ...] = ()  # empties a field that opens with text in it
    text: str = TYPED
    from_list: bool = False


def added_why(i: Incident, text: str) -> bool:
    return i.whys[-1].statement == text


FLOWS = [
    Flow(
        "note",
        ("N",),
        ("enter",),
        lambda i, t: i.timeline[-1].text == t and i.timeline[-1].kind == "note",
        set(),
    ),
    Flow("walkthrough", ("w",), ("enter",), added_why, {"whys"}),
    Flow("walkthrough from another pane", ("w",), ("enter",), added_why, {"whys"}, before=press("4")),
    Flow(
        "actions quick add",
        ("a",),
        ("enter",),
        lambda i, t: i.actions[-1].title == t,
        {"actions"},
        press("4"),
    ),
    Flow(
        "actions edit",
        ("e",),
        ("enter",),
        lambda i, t: any(a.title == t for a in i.actions),
        {"actions"},
        press("4"),
        ("ctrl+u",),
    ),
    Flow(
        "checklist add", ("a",), ("enter",), lambda i, t: any(c.text == t for c in i.checklist), {"checklist"}
    ),
    Flow(
        "checklist edit",
        ("e",),
        ("enter",),
        lambda i, t: any(c.text == t for c in i.checklist),
        {"checklist"},
        clear=("ctrl+u",),
    ),
    Flow(
        "checklist note",
        ("n",),
        ("ctrl+s",),
        lambda i, t: any(c.note == t for c in i.checklist),
        {"checklist"},
    ),
    Flow(
        "cadence",
        ("c",),
        ("enter",),
        lambda i, t: i.cadence_minutes == int(t),
        {"cadence_minutes", "cadence_changes"},
        press("2"),
        ("ctrl+u",),
        text="17",
    ),
    # tab moves from the audience to the draft; f7 selects all of it, typing replaces it
    Flow(
        "update", ("u", "tab"), ("ctrl+s",), lambda i, t: i.updates[-1].text == t, {"updates"}, clear=("f7",)
    ),
    Flow(
        "why edit",
        ("e",),
        ("enter",),
        lambda i, t: any(w.statement == t for w in i.whys),
        {"whys"},
        press("3", "j"),
        ("ctrl+u",),
    ),
    Flow(
        "why action",
        ("a",),
        ("enter",),
        lambda i, t: i.actions[-1].title == t,
        {"actions"},
        press("3", "j"),
        ("ctrl+u",),
    ),
    Flow("lesson add", ("x", "a"), ("ctrl+s",), lambda i, t: i.lessons.went_well == [t], {"lessons"}),
    Flow("new incident", ("n",), ("enter",), lambda i, t: i.title == t, set(), from_list=True),
]


def changed_fields(before: Incident, after: Incident) -> set[str]:
    old, new = before.model_dump(mode="json"), after.model_dump(mode="json")
    return {name for name in new if new[name] != old[name]} - {"timeline", "revision"}


@pytest.mark.parametrize("flow", FLOWS, ids=lambda f: f.name)
async def test_text_typed_in_one_burst_lands_in_the_input_and_nothing_else_changes(
    flow: Flow, demo, make_app, store_path
):
    app = make_app(None if flow.from_list else demo.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await flow.before(app, pilot)
        store = IncidentStore(store_path)
        before = store.load(demo.id)
        burst(app, *flow.opening, *flow.clear, *flow.text, *flow.submit)
        await settle(pilot)
        if flow.from_list:
            (new_id,) = set(store.ids()) - {demo.id}
            assert flow.saved(store.load(new_id), flow.text)
            assert store.load(demo.id) == before
            return
        after = store.load(demo.id)
        assert flow.saved(after, flow.text), after.timeline[-1].text
        assert changed_fields(before, after) <= flow.fields
        # The timeline is a log: it keeps every event it had and gains the change's one event.
        assert after.timeline[: len(before.timeline)] == before.timeline
        assert len(after.timeline) == len(before.timeline) + 1


async def test_type_ahead_at_a_large_size_too(demo, make_app, store_path):
    app = make_app(demo.id)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        # The walkthrough asks again after enter; escape stops it before the next keys.
        burst(
            app,
            "4",
            "w",
            *TYPED,
            "enter",
            "escape",
            "N",
            *"second",
            "enter",
            "4",
            "a",
            *"third @kim",
            "enter",
        )
        await settle(pilot)
        stored = IncidentStore(store_path).load(demo.id)
        assert stored.whys[-1].statement == TYPED
        assert [e.text for e in stored.timeline if e.kind == "note"][-1] == "second"
        assert (stored.actions[-1].title, stored.actions[-1].owner) == ("third", "kim")


async def test_several_notes_in_one_burst_are_each_saved_once_and_exactly(demo, make_app, store_path):
    app = make_app(demo.id)
    notes = [f"note {n} dNx" for n in range(6)]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for note in notes:
            burst(app, "N", *note, "enter")
        await settle(pilot)
    stored = IncidentStore(store_path).load(demo.id)
    assert [e.text for e in stored.timeline if e.kind == "note"][-len(notes) :] == notes


# -- small things that broke a run of keys ------------------------------------------------
async def test_repeated_space_works_down_the_checklist(demo, make_app, store_path):
    app = make_app(demo.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        before = IncidentStore(store_path).load(demo.id)
        open_before = [c.id for c in before.checklist if c.phase == before.phase and not c.done]
        burst(app, "space", "space", "space")
        await settle(pilot)
    after = IncidentStore(store_path).load(demo.id)
    done = {c.id for c in after.checklist if c.done}
    assert set(open_before[:3]) <= done  # three items ticked, none unticked
    assert not any(e.text.startswith("Not done") for e in after.timeline)


async def test_the_timeline_shows_a_note_added_while_it_was_hidden(demo, make_app, screen_text, size):
    app = make_app(demo.id)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("t", "t")  # laid out once, then hidden again
        burst(app, "N", *"seen after t", "enter", "t")
        await settle(pilot)
        assert "seen after t" in screen_text(app)


async def test_a_paste_right_after_the_opening_key_lands_in_the_dialog(demo, make_app, store_path):
    """Terminals deliver a paste as one event: it must wait for the input the key opens."""
    app = make_app(demo.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        before = IncidentStore(store_path).load(demo.id)
        app.post_message(key_event("N"))
        app.post_message(events.Paste("pasted d x 1 note"))
        app.post_message(key_event("enter"))
        await settle(pilot)
    after = IncidentStore(store_path).load(demo.id)
    assert after.timeline[-1].text == "pasted d x 1 note"
    assert changed_fields(before, after) == set() and len(after.timeline) == len(before.timeline) + 1


async def test_the_gate_says_it_is_calm_only_when_it_is_settled(demo, make_app, store_path, size):
    """Pilot (tests, the benchmark) waits on `calm` instead of polling `settled`: it must never
    be set while a key is held or a key's effects are settling, or a test would read the
    screen too early."""
    app = make_app(demo.id)
    seen: list[tuple[bool, bool]] = []  # (calm, settled) at every turn of the event loop
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        gate = app.key_gate

        async def watch() -> None:
            while True:
                seen.append((gate.calm.is_set(), gate.settled))
                await asyncio.sleep(0)

        watcher = asyncio.create_task(watch())
        burst(app, "N", *"calm dNx", "enter", "4", "a", *"Fix it @kim", "enter", "2", "1", "space")
        await settle(pilot)
        burst(app, "2")  # a key on its own: nothing held, but it still settles
        await settle(pilot)
        watcher.cancel()
        assert gate.calm.is_set() and gate.settled
    assert (True, False) not in seen  # calm while unsettled: never
    assert (False, True) in seen or (False, False) in seen  # it did hold and settle keys
    stored = IncidentStore(store_path).load(demo.id)
    assert [e.text for e in stored.timeline if e.kind == "note"][-1] == "calm dNx"
    assert (stored.actions[-1].title, stored.actions[-1].owner) == ("Fix it", "kim")
