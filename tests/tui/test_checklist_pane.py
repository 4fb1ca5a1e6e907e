"""The triage checklist pane: phases folded and opened, next item, and every key checked in the store.

Each change is checked three ways: in the store (reloaded from disk), in the timeline, and on screen.
"""

from textual.widgets import Input, TextArea
from tui_support import one_size

from escalation_tui.domain.enums import EventKind, Phase
from escalation_tui.domain.models import ChecklistItem
from escalation_tui.store import IncidentStore
from escalation_tui.tui import EscalationApp
from escalation_tui.tui.dialogs.choice import ChoiceDialog
from escalation_tui.tui.dialogs.confirm import ConfirmDialog
from escalation_tui.tui.dialogs.text_entry import TextEntryDialog
from escalation_tui.tui.panes.checklist.checklist import ChecklistPane
from escalation_tui.tui.screens.war_room import WarRoomScreen

FIRST = "Tell the reporter you have it and are looking now"
IMPACT_ITEM = "Write down the impact: what is broken, how badly"


async def open_checklist(app, pilot) -> ChecklistPane:
    await pilot.pause()
    assert isinstance(app.screen, WarRoomScreen)
    pane = app.screen.query_one(ChecklistPane)
    assert pane.has_focus_within
    return pane


async def move_to(pilot, pane: ChecklistPane, wanted) -> None:
    """From the top, press j until the cursor is on `wanted` (a Phase, or the start of an item's text)."""
    await pilot.press("home")
    for _ in range(60):
        target = pane.target
        if target == wanted or (isinstance(target, ChecklistItem) and target.text.startswith(str(wanted))):
            return
        await pilot.press("j")
    raise AssertionError(f"never reached {wanted!r}")


def item(stored, text: str) -> ChecklistItem:
    return next(c for c in stored.checklist if c.text.startswith(text))


async def pane_text(app, pilot, screen_text) -> str:
    """The screen with the toasts cleared away (they were drawn, so a crash would have shown)."""
    app.clear_notifications()
    await pilot.pause()
    return screen_text(app)


def flat(text: str) -> str:
    return " ".join(text.split())


async def test_current_phase_open_others_folded_next_highlighted(service, make_app, size, screen_text):
    session = service.declare("Checkout down", severity=1, kind="technical")
    for c in session.incident.checklist[:3]:
        session.toggle_check(c.id)
    session.set_phase(Phase.DIAGNOSE)
    first_diagnose = next(c for c in session.incident.checklist if c.phase == Phase.DIAGNOSE)
    app = make_app(session.id)
    async with app.run_test(size=size) as pilot:
        pane = await open_checklist(app, pilot)
        text = screen_text(app)
        assert "▸ 1 Acknowledge & contain" in text and "3/8" in text  # folded, with its count
        assert "▾ 2 Deep dive & diagnosis  ◂ now" in text and "0/6" in text
        assert all(
            f"▸ {p.number} {p.label}" in text for p in (Phase.COMMUNICATE, Phase.RESOLVE, Phase.POSTMORTEM)
        )
        assert FIRST not in text  # phase 1's items are folded away
        assert f"▶ [ ] {first_diagnose.text}  ◂ next" in text
        assert "███░░░░░" in text  # phase 1's progress: 3 of 8
        assert pane.target == first_diagnose  # the cursor starts on what to do next


@one_size
async def test_space_toggles_done_with_who_and_when(service, store_path, clock, make_app, size, screen_text):
    session = service.declare("Checkout down", severity=1, kind="technical")
    app = make_app(session.id)
    async with app.run_test(size=size) as pilot:
        pane = await open_checklist(app, pilot)
        assert pane.target.text == FIRST
        clock.advance(minutes=3)
        await pilot.press("space")
        await pilot.pause()
        stored = IncidentStore(store_path).load(session.id)
        done = item(stored, FIRST)
        assert (done.done, done.done_at, done.done_by) == (True, clock.now(), "dana")
        assert (stored.timeline[-1].kind, stored.timeline[-1].text) == (EventKind.CHECK, f"Done: {FIRST}")
        text = flat(screen_text(app))
        assert f"[x] {FIRST} ✓{clock.now().astimezone():%H:%M} dana" in text
        assert f"▶ [ ] {IMPACT_ITEM} ◂ next" in text  # the next undone item is now the next one
        assert "1/8" in text
        assert pane.target.text == IMPACT_ITEM  # the cursor moved on with the marker
        await pilot.press("k", "space")  # back up, untick
        await pilot.pause()
    stored = IncidentStore(store_path).load(session.id)
    undone = item(stored, FIRST)
    assert (undone.done, undone.done_at, undone.done_by) == (False, None, "")
    assert stored.timeline[-1].text == f"Not done: {FIRST}"


@one_size
async def test_enter_folds_and_opens_a_phase(service, store_path, make_app, size, screen_text):
    session = service.declare("Checkout down", severity=1, kind="technical")
    revision = session.incident.revision
    app = make_app(session.id)
    async with app.run_test(size=size) as pilot:
        pane = await open_checklist(app, pilot)
        await pilot.press("k")
        assert pane.target == Phase.ACKNOWLEDGE
        assert pane.check_action("edit_item", ()) is False  # e, n, d hidden on a phase header
        await pilot.press("enter")
        await pilot.pause()
        assert FIRST not in screen_text(app) and "▸ 1 Acknowledge & contain" in screen_text(app)
        assert pane.target == Phase.ACKNOWLEDGE  # the cursor stays on the header
        await pilot.press("j", "enter")  # open phase 2
        await pilot.pause()
        assert pane.target == Phase.DIAGNOSE
        assert "Pull in who you need: dev, ops, QA, product" in screen_text(app)
        await pilot.press("space")  # space folds too
        await pilot.pause()
        assert "Pull in who you need" not in screen_text(app)
        await pilot.press("k", "enter")
        await pilot.pause()
        assert FIRST in screen_text(app)
    assert IncidentStore(store_path).load(session.id).revision == revision  # folding is a view: nothing saved


async def test_click_on_a_header_folds_but_a_click_on_an_item_never_ticks(
    service, store_path, make_app, screen_text
):
    session = service.declare("Checkout down", severity=1, kind="technical")
    app = make_app(session.id)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_checklist(app, pilot)
        await pilot.click("#checklist-list", offset=(10, 2))  # the impact item: no dialog, no tick
        await pilot.pause()
        assert isinstance(app.screen, WarRoomScreen) and pane.target.text == IMPACT_ITEM
        await pilot.click("#checklist-list", offset=(10, 1))
        await pilot.pause()
        assert pane.target.text == FIRST
        await pilot.click("#checklist-list", offset=(10, 0))  # phase 1's header
        await pilot.pause()
        assert Phase.ACKNOWLEDGE not in pane.expanded and FIRST not in screen_text(app)
        await pilot.press("enter")  # the keyboard after a click still works
        await pilot.pause()
        assert Phase.ACKNOWLEDGE in pane.expanded
    assert not any(c.done for c in IncidentStore(store_path).load(session.id).checklist)


@one_size
async def test_add_an_item_to_the_phase_under_the_cursor(service, store_path, make_app, size, screen_text):
    session = service.declare("Checkout down", severity=1, kind="technical")
    app = make_app(session.id)
    async with app.run_test(size=size, notifications=True) as pilot:
        pane = await open_checklist(app, pilot)
        await move_to(pilot, pane, Phase.DIAGNOSE)  # folded: the new item opens it
        await pilot.press("a")
        assert isinstance(app.screen, TextEntryDialog)
        await pilot.press("enter")  # empty: refused inline, the dialog stays
        assert isinstance(app.screen, TextEntryDialog)
        assert "item text: must not be empty" in screen_text(app)
        app.screen.query_one(Input).value = "Page the database on-call"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WarRoomScreen)
        assert pane.target.text == "Page the database on-call"  # the cursor is on the new item
        assert "Page the database on-call" in screen_text(app) and "0/7" in screen_text(app)
    stored = IncidentStore(store_path).load(session.id)
    added = item(stored, "Page the database on-call")
    assert (added.phase, added.custom, added.done) == (Phase.DIAGNOSE, True, False)
    assert (
        stored.timeline[-1].text == "Checklist item added (Deep dive & diagnosis): Page the database on-call"
    )


@one_size
async def test_edit_rewords_the_item(service, store_path, make_app, size, screen_text):
    session = service.declare("Checkout down", severity=1, kind="technical")
    app = make_app(session.id)
    async with app.run_test(size=size) as pilot:
        await open_checklist(app, pilot)
        await pilot.press("e")
        field = app.screen.query_one(Input)
        assert field.value == FIRST  # pre-filled
        field.value = "Tell #support we are on it"
        await pilot.press("enter")
        await pilot.pause()
        assert "[ ] Tell #support we are on it" in screen_text(app)
    stored = IncidentStore(store_path).load(session.id)
    assert stored.checklist[0].text == "Tell #support we are on it"
    assert stored.timeline[-1].text == f"Checklist item reworded: {FIRST} → Tell #support we are on it"


@one_size
async def test_note_is_attached_shown_and_removed(service, store_path, make_app, size, screen_text):
    session = service.declare("Checkout down", severity=1, kind="technical")
    item_id = session.incident.checklist[0].id
    app = make_app(session.id)
    async with app.run_test(size=size) as pilot:
        await open_checklist(app, pilot)
        await pilot.press("n")
        assert isinstance(app.screen, TextEntryDialog)
        app.screen.query_one(TextArea).text = "Reporter is Kim in #support"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "✎ Reporter is Kim in #support" in screen_text(app)
        stored = IncidentStore(store_path).load(session.id)
        assert stored.find("checklist", item_id).note == "Reporter is Kim in #support"
        assert stored.timeline[-1].text == f"Note on “{FIRST}”: Reporter is Kim in #support"
        await pilot.press("n")
        area = app.screen.query_one(TextArea)
        assert area.text == "Reporter is Kim in #support"  # pre-filled for editing
        area.text = ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "✎" not in screen_text(app)
    stored = IncidentStore(store_path).load(session.id)
    assert stored.find("checklist", item_id).note == ""
    assert stored.timeline[-1].text == f"Note removed: {FIRST}"


@one_size
async def test_delete_then_undo_brings_the_item_back(service, store_path, make_app, size, screen_text):
    session = service.declare("Checkout down", severity=1, kind="technical")
    session.toggle_check(session.incident.checklist[0].id)
    before = session.incident.checklist[0]
    app = make_app(session.id)
    async with app.run_test(size=size, notifications=True) as pilot:
        pane = await open_checklist(app, pilot)
        await pilot.press("k")
        assert pane.target == before
        await pilot.press("d")
        await pilot.pause()
        stored = IncidentStore(store_path).load(session.id)
        assert before.id not in {c.id for c in stored.checklist}
        assert stored.timeline[-1].text == f"Checklist item removed: {FIRST}"
        assert f"[x] {FIRST}" not in screen_text(app)
        toast = flat(screen_text(app))
        assert "Deleted “Tell the reporter" in toast and "brings it back)" in toast
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert f"[x] {FIRST}" in screen_text(app)
    stored = IncidentStore(store_path).load(session.id)
    assert stored.checklist[0] == before  # same id, same place, still done by dana
    assert (stored.timeline[-1].kind, stored.timeline[-1].text) == (
        EventKind.UNDO,
        f"Undid: Checklist item removed: {FIRST}",
    )


@one_size
async def test_a_fact_item_writes_the_incident_field_and_ticks_itself(
    service, store_path, make_app, size, screen_text
):
    session = service.declare("Checkout down", severity=1, kind="technical")
    session.set_text("impact", "checkout slow")
    app = make_app(session.id)
    async with app.run_test(size=size) as pilot:
        pane = await open_checklist(app, pilot)
        assert "↳ Affected: not written yet (space writes it)" in flat(screen_text(app))
        await move_to(pilot, pane, IMPACT_ITEM)
        await pilot.press("space")
        assert isinstance(app.screen, TextEntryDialog)
        area = app.screen.query_one(TextArea)
        assert area.text == "checkout slow"  # pre-filled with the incident's field
        area.text = "   "
        await pilot.press("ctrl+s")  # blank: refused inline
        assert "write something, or press escape to cancel" in screen_text(app)
        app.screen.query_one(TextArea).text = "30% of checkouts fail\nEU and US"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WarRoomScreen)
        text = screen_text(app)
        assert f"[x] {IMPACT_ITEM}" in text
        assert "↳ Impact: 30% of checkouts fail" in text and "EU and US" in text
        stored = IncidentStore(store_path).load(session.id)
        assert stored.impact == "30% of checkouts fail\nEU and US"
        assert item(stored, IMPACT_ITEM).done
        assert [e.text for e in stored.timeline[-2:]] == [
            "Impact set: 30% of checkouts fail",
            f"Done: {IMPACT_ITEM}",
        ]
        # enter on the done item edits the fact again; an unchanged save changes nothing
        await pilot.press("enter")
        assert app.screen.query_one(TextArea).text == "30% of checkouts fail\nEU and US"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert IncidentStore(store_path).load(session.id).revision == stored.revision
        await pilot.press("space")  # space on a done fact item unticks it, the fact stays
        await pilot.pause()
    stored = IncidentStore(store_path).load(session.id)
    assert not item(stored, IMPACT_ITEM).done and stored.impact.startswith("30% of checkouts fail")


async def test_changing_the_kind_adds_the_other_playbook_and_keeps_progress(
    service, store_path, make_app, screen_text
):
    session = service.declare("Release blocked", severity=2, kind="technical")
    first = session.incident.checklist[0]
    app = make_app(session.id)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_checklist(app, pilot)
        await pilot.press("space")  # tick: the cursor moves on to the next item
        cursor = pane.target
        assert cursor != first and not cursor.done
        await pilot.press("K")  # change the kind
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("j", "enter")  # technical -> process
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")  # add the process playbook's missing items
        await pilot.pause()
        assert pane.target.id == cursor.id  # cursor kept
        text = flat(screen_text(app))
        assert "Name the blocker: deadline, unclear ask, dependency, access" in text
        assert "1/16" in text  # 8 + 8 in phase 1, the tick kept
    stored = IncidentStore(store_path).load(session.id)
    assert stored.kind == "process" and stored.find("checklist", first.id).done


HOSTILE = ["[b]x[/b] bold?", "a [/ b", "[@click=app.quit]x[/]", "[link='https://evil']y[/link]"]


@one_size
async def test_hostile_item_text_notes_and_facts_render_literally(
    service, store_path, make_app, size, screen_text
):
    session = service.declare("Checkout down", severity=1, kind="technical")
    app = make_app(session.id)
    async with app.run_test(size=size, notifications=True, tooltips=True) as pilot:
        pane = await open_checklist(app, pilot)
        await pilot.press("k")  # phase 1's header: add there
        for text in HOSTILE:
            await pilot.press("a")
            app.screen.query_one(Input).value = text
            await pilot.press("enter")
            await pilot.pause()
            assert pane.target.text == text
            await pilot.press("n")
            app.screen.query_one(TextArea).text = f"note {text}"
            await pilot.press("ctrl+s")
            await pilot.pause()
            shown = await pane_text(app, pilot, screen_text)
            assert f"[ ] {text}" in shown and f"✎ note {text}" in shown
        await pilot.press("e")  # the dialog's title and field show it literally too
        assert HOSTILE[-1] in screen_text(app)
        app.screen.query_one(Input).value = "a [/ b again"
        await pilot.press("enter")
        await pilot.pause()
        await move_to(pilot, pane, IMPACT_ITEM)
        await pilot.press("space")
        assert "[dim]" not in screen_text(app)  # the dialog title: markup of ours, the item's text as data
        app.screen.query_one(TextArea).text = HOSTILE[2]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert f"↳ Impact: {HOSTILE[2]}" in await pane_text(app, pilot, screen_text)
        await pilot.click("#checklist-list", offset=(12, 2))  # a live @click or link would act here
        await move_to(pilot, pane, "a [/ b again")
        await pilot.press("d")  # the toast quotes the text
        await pilot.pause()
        toast = flat(screen_text(app))
        assert "Deleted “a [/ b again”" in toast and "brings it back)" in toast
        assert isinstance(app.screen, WarRoomScreen)
    assert app.return_code in (None, 0)
    stored = IncidentStore(store_path).load(session.id)
    assert [c.text for c in stored.checklist if c.custom] == HOSTILE[:3]
    assert [c.note for c in stored.checklist if c.custom] == [f"note {t}" for t in HOSTILE[:3]]
    assert stored.impact == HOSTILE[2]


async def test_settings_warnings_are_shown_in_the_tui(service, screen_text):
    app = EscalationApp(service, warnings=["playbooks.toml line 3: bad [/ b"])
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        assert "playbooks.toml line 3: bad [/ b" in flat(screen_text(app))


def test_the_cli_hands_a_malformed_playbook_warning_to_the_tui(tmp_path, monkeypatch, capsys):
    from escalation_tui import tui
    from escalation_tui.cli import main

    config = tmp_path / "config"
    config.mkdir()
    (config / "playbooks.toml").write_text("[technical]\nacknowledge = [\n", encoding="utf-8")
    seen = {}
    monkeypatch.setattr(
        tui, "run_tui", lambda service, open_incident_id=None, warnings=(): seen.update(w=warnings)
    )
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    assert main(["--db", str(tmp_path / "store")]) == 0
    assert len(seen["w"]) == 1 and "playbooks.toml" in seen["w"][0]
    assert "playbooks.toml" in capsys.readouterr().err  # stderr still says it too


def test_every_checklist_key_has_its_action_on_the_pane_and_shadows_no_war_room_key():
    from escalation_tui.tui.keys import keys_in

    ours = [k for k in keys_in("checklist") if k.bind]
    assert {k.key for k in ours} == {"space", "a", "e", "n", "d"}
    assert all(callable(getattr(ChecklistPane, f"action_{k.action}", None)) for k in ours)
    war_room = {part for k in keys_in("war_room") for part in k.key.split(",")}
    assert not war_room & {k.key for k in ours}


async def test_each_kind_renders_its_own_playbook(service, make_app):
    """Each kind's checklist, every phase opened, as the pane draws it: mostly different steps."""
    import io

    from rich.console import Console

    drawn: dict[str, set[str]] = {}
    for kind in ("technical", "process", "people"):
        session = service.declare(f"A {kind} escalation", severity=2, kind=kind)
        app = make_app(session.id)
        async with app.run_test(size=(80, 24)) as pilot:
            pane = await open_checklist(app, pilot)
            pane.expanded = set(Phase)
            pane.show(pane.incident)
            console = Console(width=76, file=io.StringIO(), record=True)
            for option in pane.listing.options:
                console.print(option.prompt)
            lines = [line.strip() for line in console.export_text().splitlines()]
        assert sum(line.startswith(("▾", "▸")) for line in lines) == 5
        drawn[kind] = {line.removeprefix("▶ ").removeprefix("[ ] ") for line in lines if "[ ]" in line}
        assert len(drawn[kind]) == len(session.incident.checklist)
    assert "Contain it: roll back, turn a flag off, add capacity" in drawn["technical"]
    assert "Name the blocker: deadline, unclear ask, dependency, access" in drawn["process"]
    assert "Talk to them privately, today if you can  ◂ next" in drawn["people"]
    for a, b in [("technical", "process"), ("technical", "people"), ("process", "people")]:
        assert len(drawn[a] & drawn[b]) <= 2, (a, b)  # at most a shared step or two


async def test_an_item_done_today_shows_its_time_from_the_first_frame(
    service, clock, make_app, size, screen_text
):
    """The rows are first drawn with the screen's clock: they were built before the pane knew
    the time and showed the wall clock's date instead (✓11-28 for an item done minutes ago)."""
    session = service.declare("Checkout down", severity=1, kind="technical")
    session.toggle_check(session.incident.checklist[0].id)
    done_at = item(IncidentStore(service.store.root).load(session.id), FIRST).done_at
    app = make_app(session.id)
    async with app.run_test(size=size) as pilot:
        await open_checklist(app, pilot)
        shown = flat(screen_text(app))
        assert f"✓{done_at.astimezone():%H:%M}" in shown
        assert f"✓{done_at.astimezone():%m-%d}" not in shown
