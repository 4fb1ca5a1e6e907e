"""The war room: panes and focus, layout at every size, milestones, notes, undo, help, palette."""

import pytest
from textual.widgets import Digits, Input, Static, Tabs
from tui_support import one_size

from escalation_tui.domain.enums import EventKind, Milestone, Phase
from escalation_tui.store import IncidentStore
from escalation_tui.tui.controls.pane import Pane
from escalation_tui.tui.dialogs.choice import ChoiceDialog
from escalation_tui.tui.dialogs.confirm import ConfirmDialog
from escalation_tui.tui.dialogs.milestone_time import MilestoneTimeDialog
from escalation_tui.tui.dialogs.note import NoteDialog
from escalation_tui.tui.keys import KEYS
from escalation_tui.tui.panes.timeline.timeline import TimelinePane
from escalation_tui.tui.panes.update.update_dialog import UpdateDialog
from escalation_tui.tui.panes.whys.whys_walk import WhyInput
from escalation_tui.tui.postmortem.postmortem import PostMortemScreen
from escalation_tui.tui.screens.help import HelpScreen
from escalation_tui.tui.screens.incident_list import IncidentListScreen
from escalation_tui.tui.screens.war_room import WarRoomScreen

PANE_IDS = {"1": "checklist", "2": "countdown", "3": "whys", "4": "actions"}


def pane_of(widget) -> str | None:
    return next((n.id for n in widget.ancestors_with_self if isinstance(n, Pane)), None)


async def open_war_room(app, pilot) -> WarRoomScreen:
    await pilot.pause()
    assert isinstance(app.screen, WarRoomScreen)
    return app.screen


async def test_number_keys_focus_each_pane_and_nothing_is_clipped(demo, make_app, size):
    app = make_app(demo.id)
    async with app.run_test(size=size) as pilot:
        screen = await open_war_room(app, pilot)
        for key, pane_id in [*PANE_IDS.items(), ("t", "timeline"), ("1", "checklist")]:
            await pilot.press(key)
            await pilot.pause()
            assert pane_of(app.focused) == pane_id
            shown = [p.id for p in screen.query("#panes > Pane") if p.region.area]
            if size == (80, 24):
                assert shown == ([] if pane_id == "timeline" else [pane_id])  # one at a time
            else:
                assert len(shown) == 4
            # Everything on screen lies inside it, nothing overlaps, every pane has room to read.
            widgets = [w for w in screen.query("#header, Tabs, Pane, KeyBar") if w.region.area]
            for i, widget in enumerate(widgets):
                assert screen.region.contains_region(widget.region), widget
                assert not any(widget.region.overlaps(other.region) for other in widgets[i + 1 :]), widget
            assert all(w.region.height >= 8 for w in widgets if isinstance(w, Pane))
            if key == "t":
                await pilot.press("t")


async def test_global_keys_work_whatever_pane_has_focus(demo, make_app):
    """No pane widget may bind a war-room key: with each pane focused, the screen's binding wins."""
    global_keys = {b.key for b in WarRoomScreen._merged_bindings.key_to_bindings.values() for b in b}
    app = make_app(demo.id)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_war_room(app, pilot)
        for pane_id in PANE_IDS.values():
            screen.action_focus_pane(pane_id)
            await pilot.pause()
            assert pane_of(app.focused) == pane_id
            active = screen.active_bindings
            # (a key whose action does not apply right now is absent, unless a widget shadows it)
            assert all(active[k].node is screen for k in global_keys if k in active), pane_id
            assert {"1", "t", "N", "u", "w", "x", "escape"} <= set(active)
        await pilot.press("t", "N")  # and pressing them really works
        assert screen.show_timeline and isinstance(app.screen, NoteDialog)


async def test_layout_follows_the_terminal_size(demo, make_app):
    app = make_app(demo.id)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_war_room(app, pilot)
        assert not screen.compact and not screen.query_one(Tabs).display
        await pilot.press("t", "3")  # timeline open below, focus in the whys
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert screen.compact and screen.query_one(Tabs).display
        visible = [p for p in screen.query("Pane") if p.region.area]
        assert [p.id for p in visible] == ["whys"]  # what has focus stays on screen
        assert screen.query_one(Tabs).active == "tab-whys"
        await pilot.resize_terminal(119, 50)
        await pilot.pause()
        assert screen.compact
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert not screen.compact
        assert all(p.region.area for p in screen.query("#panes > Pane"))


async def test_a_note_saved_after_the_terminal_grew_under_the_dialog_shows_in_the_wide_layout(
    demo, make_app, store_path, screen_text
):
    """A closed dialog is removed without the app's extra refresh (Dialog.remove): the war room
    under it must still be laid out again for a size that changed while the dialog was open."""
    app = make_app(demo.id)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_war_room(app, pilot)
        await pilot.press("t", "N")
        await pilot.resize_terminal(160, 50)
        await pilot.pause()
        await pilot.press(*"Pool grown to 200", "enter")
        await pilot.pause()
        assert app.screen is screen and not screen.compact
        assert all(p.region.area for p in screen.query("#panes > Pane"))  # every pane, side by side
        assert "Pool grown to 200" in screen_text(app)  # in the timeline, open below them
    saved = IncidentStore(store_path).load(demo.id)
    assert saved.timeline[-1].text == "Pool grown to 200"


async def test_tabs_switch_panes_with_the_mouse(demo, make_app):
    app = make_app(demo.id)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_war_room(app, pilot)
        await pilot.click("#tab-actions")
        await pilot.pause()
        assert screen.active_pane == "actions"
        await pilot.click("#tab-timeline")
        await pilot.pause()
        assert screen.show_timeline and screen.query_one(TimelinePane).region.area


@one_size
async def test_help_opens_and_closes(demo, make_app, size, screen_text):
    app = make_app(demo.id)
    async with app.run_test(size=size) as pilot:
        screen = await open_war_room(app, pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "Show or hide the timeline" in screen_text(app)
        await pilot.press("escape")
        assert app.screen is screen
        await pilot.press("question_mark", "question_mark")
        assert app.screen is screen


async def test_help_lists_every_key(demo, make_app):
    app = make_app(demo.id)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("question_mark")
        table = app.screen.query_one("#help-table")
        described = {str(table.get_row_at(i)[1]) for i in range(table.row_count)}
        assert {key.help for key in KEYS} <= described


@one_size
async def test_record_milestones(demo, service, store_path, make_app, size):
    session = service.declare("Queue backlog", severity=2, kind="technical")
    app = make_app(session.id)
    async with app.run_test(size=size) as pilot:
        screen = await open_war_room(app, pilot)
        assert screen.check_action("acknowledge", ()) is True
        await pilot.press("A", "enter")  # the time dialog offers now
        await pilot.pause()
        assert screen.check_action("acknowledge", ()) is False  # hidden from the footer once done
        await pilot.press("C", "enter")
        await pilot.pause()
    stored = IncidentStore(store_path).load(session.id)
    assert stored.milestones.acknowledged is not None and stored.milestones.contained is not None
    milestone_events = [e.text for e in stored.timeline if e.kind == EventKind.MILESTONE]
    assert milestone_events[-2:] == ["Acknowledged", "Contained"]


@one_size
async def test_resolve_asks_first(service, store_path, make_app, size):
    session = service.declare("Queue backlog", severity=2, kind="technical")
    app = make_app(session.id)
    async with app.run_test(size=size) as pilot:
        screen = await open_war_room(app, pilot)
        await pilot.press("R")
        assert isinstance(app.screen, MilestoneTimeDialog)
        await pilot.press("escape")
        assert IncidentStore(store_path).load(session.id).milestones.resolved is None
        await pilot.press("R")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert screen.check_action("resolve", ()) is False
        await pilot.press("2")  # at 80x24 pane 2 is rebuilt when it comes into view
        assert screen.query_one(Digits).value == "--:--"  # no more updates due
    stored = IncidentStore(store_path).load(session.id)
    assert stored.milestones.resolved is not None
    assert stored.timeline[-1].text == "Resolved"


@one_size
async def test_add_a_note_with_a_kind(demo, store_path, make_app, size):
    app = make_app(demo.id)
    async with app.run_test(size=size) as pilot:
        await open_war_room(app, pilot)
        await pilot.press("N")
        assert isinstance(app.screen, NoteDialog)
        await pilot.press("enter")  # empty: refused inline
        assert isinstance(app.screen, NoteDialog)
        app.screen.query_one(Input).value = "p99 latency 4s"
        await pilot.press("tab", "right", "enter", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WarRoomScreen)
    last = IncidentStore(store_path).load(demo.id).timeline[-1]
    assert (last.kind, last.text) == (EventKind.SYMPTOM, "p99 latency 4s")


async def test_each_note_starts_empty_as_a_note_with_no_error(demo, store_path, make_app, size, screen_text):
    """The war room shows its one note dialog again for every N: nothing of the last note
    (its text, its kind, a refusal, a cancelled draft) is carried into the next."""
    app = make_app(demo.id)
    async with app.run_test(size=size) as pilot:
        await open_war_room(app, pilot)
        await pilot.press("N", "enter")  # empty: refused inline
        assert isinstance(app.screen, NoteDialog)
        refusal = app.screen.query_one(".dialog-error", Static)
        assert refusal.display and str(refusal.render()).strip() in screen_text(app)
        await pilot.press(*"p99 latency 4s", "tab", "right", "enter", "ctrl+s")  # a symptom
        await pilot.press("N")
        assert isinstance(app.screen, NoteDialog)
        assert app.screen.query_one(Input).value == "" and not refusal.display
        await pilot.press(*"half typed", "escape", "N")  # cancelled: the draft is not kept
        assert app.screen.query_one(Input).value == ""
        await pilot.press(*"Rolled back", "enter")
        await pilot.pause()
        assert isinstance(app.screen, WarRoomScreen)
    saved = IncidentStore(store_path).load(demo.id).timeline
    assert [(e.kind, e.text) for e in saved[-2:]] == [
        (EventKind.SYMPTOM, "p99 latency 4s"),
        (EventKind.NOTE, "Rolled back"),
    ]


@one_size
async def test_undo_takes_back_the_last_change(service, store_path, make_app, size, screen_text):
    session = service.declare("Queue backlog", severity=2, kind="technical")
    app = make_app(session.id)
    async with app.run_test(size=size, notifications=True) as pilot:
        screen = await open_war_room(app, pilot)
        assert screen.check_action("undo", ()) is False
        await pilot.press("P")
        assert IncidentStore(store_path).load(session.id).phase == Phase.DIAGNOSE
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert "Undone: Phase 2" in screen_text(app)
    stored = IncidentStore(store_path).load(session.id)
    assert stored.phase == Phase.ACKNOWLEDGE
    assert stored.timeline[-1].kind == EventKind.UNDO


async def test_change_severity_and_kind(service, store_path, make_app):
    session = service.declare("Queue backlog", severity=2, kind="technical")
    app = make_app(session.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_war_room(app, pilot)
        await pilot.press("S")
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("k", "enter")  # SEV2 -> SEV1
        await pilot.press("K", "j", "enter")  # technical -> process
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")  # add the process playbook's items
        await pilot.pause()
    stored = IncidentStore(store_path).load(session.id)
    assert (stored.severity, stored.kind) == ("SEV1", "process")
    assert any(c.text.startswith("Name the blocker") for c in stored.checklist)


async def test_errors_from_the_service_are_shown(service, make_app, screen_text):
    session = service.declare("Queue backlog", severity=2, kind="technical")
    session.set_phase(Phase.POSTMORTEM)
    app = make_app(session.id)
    async with app.run_test(notifications=True) as pilot:
        screen = await open_war_room(app, pilot)
        assert screen.check_action("advance_phase", ()) is False
        screen.apply(lambda s: s.advance_phase())  # the key is hidden; the service still refuses
        await pilot.pause()
        assert "already in the last phase" in screen_text(app)


@pytest.mark.parametrize("pane_key", ["1", "2", "3", "4"])
async def test_u_w_x_open_their_tools_whatever_pane_has_focus(demo, make_app, pane_key):
    app = make_app(demo.id)
    async with app.run_test(size=(160, 50)) as pilot:
        await open_war_room(app, pilot)
        for key, opened in [("u", UpdateDialog), ("x", PostMortemScreen)]:
            await pilot.press(pane_key, key)
            await pilot.pause()
            assert isinstance(app.screen, opened), key
            await pilot.press("escape")
            await pilot.pause()
            if isinstance(app.screen, ConfirmDialog):  # nothing typed, but be safe
                await pilot.press("enter")
            assert isinstance(app.screen, WarRoomScreen)
        await pilot.press(pane_key, "w")
        await pilot.pause()
        assert isinstance(app.focused, WhyInput)  # the walkthrough asks at once


async def test_countdown_follows_the_clock(service, clock, make_app):
    session = service.declare("Checkout down", severity=1, kind="technical")
    app = make_app(session.id)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_war_room(app, pilot)
        digits = screen.query_one(Digits)
        assert digits.value == "15:00"
        clock.advance(minutes=14, seconds=30)
        screen.tick()
        await pilot.pause()
        assert digits.value == "00:30" and screen.query_one("#countdown").has_class("-due-soon")
        clock.advance(minutes=3, seconds=42)
        screen.tick()
        await pilot.pause()
        assert digits.value == "+03:12" and screen.query_one("#countdown").has_class("-overdue")


async def test_timeline_lists_every_event_and_marks_the_first_hour(service, clock, make_app):
    session = service.declare("Checkout down", severity=1, kind="technical")
    clock.advance(minutes=59)
    session.add_note("still in the first hour")
    clock.advance(minutes=2)
    session.add_note("after the first hour", EventKind.FINDING)
    clock.advance(minutes=65)
    session.record_milestone(Milestone.ACKNOWLEDGED)
    app = make_app(session.id)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_war_room(app, pilot)
        await pilot.press("t")
        table = screen.query_one("#timeline-table")
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert [r[0] for r in rows] == ["▌", "▌", " ", " "]
        assert [r[2] for r in rows] == ["+0:00", "+0:59", "+1:01", "+2:06"]
        assert rows[2][3:] == ["finding", "after the first hour"]


async def run_from_palette(app, pilot, query: str) -> None:
    """ctrl+p, type the query, run the first hit."""
    await pilot.press("ctrl+p")
    app.screen.query_one(Input).value = query
    for _ in range(50):  # the palette searches in a worker: wait for its answer, not a fixed time
        await pilot.pause()
        if app.screen.query_one("CommandList").option_count:
            break
    await pilot.press("down", "enter")


async def test_palette_runs_actions(demo, make_app):
    app = make_app(demo.id)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_war_room(app, pilot)
        await run_from_palette(app, pilot, "hide the timeline")
        await pilot.pause()
        assert app.screen is screen and screen.show_timeline


async def test_palette_offers_only_what_applies(demo, make_app):
    from escalation_tui.tui.commands import EscalationCommands

    app = make_app(demo.id)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_war_room(app, pilot)
        provider = EscalationCommands(screen)
        actions = {key.action for key, _ in provider.applicable()}
        assert {"toggle_timeline", "add_note", "resolve", "app.help"} <= actions
        assert "acknowledge" not in actions  # the demo is already acknowledged
        assert "undo" not in actions  # nothing done yet in this session
        assert {"toggle_done", "add_item"} <= actions  # the checklist pane is on show
        assert "quick_add" not in actions  # the action items pane is not
        await pilot.press("escape")
        assert isinstance(app.screen, IncidentListScreen)
        assert "new_incident" in {key.action for key, _ in EscalationCommands(app.screen).applicable()}


async def test_palette_runs_a_key_of_the_pane_on_show(demo, make_app, store_path):
    app = make_app(demo.id)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_war_room(app, pilot)
        await pilot.press("4")
        await run_from_palette(app, pilot, "move the item on")
        await pilot.pause()
        assert app.screen is screen
    statuses = [a.status for a in IncidentStore(store_path).load(demo.id).actions]
    assert statuses.count("in_progress") == 1  # the selected item moved on, through the service


async def test_panes_ask_the_screen_to_change_the_incident(service, store_path, make_app, screen_text):
    """The pane API later issues build on: request a change, the screen applies it or says why not."""
    session = service.declare("Queue backlog", severity=2, kind="technical")
    item = session.incident.checklist[0]
    app = make_app(session.id)
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        screen = await open_war_room(app, pilot)
        pane = screen.query_one("#checklist", Pane)
        pane.request(lambda s: s.toggle_check(item.id), "Checked")
        await pilot.pause()
        assert "[x] " + item.text in screen_text(app)
        pane.request(lambda s: s.toggle_check("nosuch"))
        await pilot.pause()
        assert "no checklist item with id 'nosuch'" in screen_text(app)
    assert IncidentStore(store_path).load(session.id).checklist[0].done


async def test_theme_change_recolours_table_cells(demo, make_app):
    app = make_app(demo.id)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_war_room(app, pilot)
        await pilot.press("t")
        table = screen.query_one("#timeline-table")
        # the first row in the first hour (the impact started before the declaration: not marked)
        first = next(n for n in range(table.row_count) if str(table.get_row_at(n)[0]) == "▌")
        before = table.get_row_at(first)[1].style
        app.theme = "nord"
        await pilot.pause()
        await pilot.pause()
        assert table.get_row_at(first)[1].style != before  # the first-hour colour follows the theme
