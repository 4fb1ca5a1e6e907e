"""At 80x24 (and 160x50): nothing cut, no time that reads like a clock time (issue 34).

Titles in the list are read whole: the secondary columns wrap before the title is pushed
past the screen's edge; the countdown says what it is, in the same words everywhere.
"""

import re
from datetime import timedelta

import pytest
from textual.widgets import Input
from textual.widgets._toast import Toast

from escalation_tui.store import IncidentStore
from escalation_tui.tui.dialogs.base import Dialog
from escalation_tui.tui.screens.help import HelpTable
from escalation_tui.tui.screens.incident_list import IncidentTable
from escalation_tui.tui.screens.war_room import WarRoomScreen

LONG_TITLES = (
    "GitLab.com database outage: primary deleted by accident during replication fix",
    "Checkout API returning 500s for EU web customers after deploy",
)


def whole_words_on_screen(title: str, text: str) -> list[str]:
    """The words of `title` that are not on screen as whole words (cut ones are missing)."""
    return [w for w in title.split() if not re.search(rf"(?<!\S){re.escape(w)}(?!\S)", text)]


async def test_list_titles_are_never_cut_by_long_secondary_cells(service, clock, make_app, size, screen_text):
    for title in LONG_TITLES:
        service.declare(title, severity=1, kind="technical")
    # Resolved a day later and closed after: the long "resolved after …" cells that pushed
    # the titles past the edge.
    past = service.declare("Search returns nothing", severity=2, kind="technical")
    clock.advance(days=1, hours=2)
    past.record_milestone("resolved")
    done = service.declare("Payments timing out at checkout", severity=2, kind="process")
    clock.advance(hours=20, minutes=14)
    done.record_milestone("resolved")
    done.record_milestone("closed")
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        table = app.screen.query_one(IncidentTable)
        assert table.virtual_size.width <= table.size.width  # nothing off the right edge
        text = screen_text(app)
        for title in (*LONG_TITLES, "Search returns nothing", "Payments timing out at checkout"):
            assert whole_words_on_screen(title, text) == [], title
        # The countdown column never wraps to make room.
        assert re.search(r"overdue \+\d", text) and "overdue\n" not in text


async def test_the_countdown_says_it_is_a_countdown_everywhere(service, clock, make_app, size, screen_text):
    incident = service.declare("Checkout down", severity=1, kind="technical")
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert "due in 15:00" in screen_text(app)  # the list's "Next update" column
        app.open_incident(incident.id)
        await pilot.pause()
        assert isinstance(app.screen, WarRoomScreen)
        text = screen_text(app)
        assert "update due in 15:00" in text and "next update 15:00" not in text
        clock.advance(minutes=17)
        app.screen.tick()
        await pilot.pause()
        assert "update overdue +02:00" in screen_text(app)


# Every dialog a key opens, from the war room (pane keys first) or the list.
DIALOGS = {
    "note": ("N",),
    "update": ("u",),
    "milestone": ("M", "enter"),
    "resolved": ("R",),
    "roles": ("O",),
    "links": ("L",),
    "severity": ("S",),
    "checklist add": ("1", "a"),
    "checklist note": ("1", "n"),
    "cadence": ("2", "c"),
    "why edit": ("3", "e"),
    "why action": ("3", "j", "a"),
    "quick add": ("4", "a"),
    "action edit": ("4", "e"),
    "handoff": ("H",),
}


@pytest.mark.parametrize("name", list(DIALOGS))
async def test_every_dialog_says_how_to_save_and_how_to_cancel(demo, make_app, size, screen_text, name):
    app = make_app(demo.id)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press(*DIALOGS[name])
        await pilot.pause()
        assert isinstance(app.screen, Dialog), name
        text = screen_text(app)
        assert re.search(r"(ctrl\+s|enter|Enter)[^\n]*(saves|adds|picks|:|records)", text), text
        assert re.search(r"esc[^\n]*(cancel|close)", text), text


async def test_the_declare_dialog_says_how_to_save_and_cancel(service, make_app, size, screen_text):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, Dialog)
        assert "ctrl+s saves · esc cancels" in screen_text(app)


async def test_a_toast_never_covers_an_open_dialog(demo, clock, make_app, size, screen_text):
    app = make_app(demo.id)
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("M", "enter")  # the milestone's "when?" dialog, buttons at the bottom
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, Dialog)
        app.notify("Update due: SEV2 Search slow is overdue by 05:00", severity="error")
        await pilot.pause()
        text = screen_text(app)
        for part in ("When?", "Record", "Cancel", "Update due: SEV2 Search slow is overdue by 05:00"):
            assert part in text, part
        box = dialog.query_one(".dialog").region
        toasts = [t for t in dialog.query(Toast) if t.display and t.region.area]
        assert not any(t.region.overlaps(box) for t in toasts)
        await pilot.press("escape")
        await pilot.pause()
        assert "overdue by 05:00" in screen_text(app)  # the toast shows once the dialog closes


async def test_long_help_and_prompts_wrap_instead_of_being_cut(demo, clock, make_app, size, screen_text):
    app = make_app(demo.id)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        table = app.screen.query_one(HelpTable)
        assert table.virtual_size.width <= table.size.width
        flat = " ".join(screen_text(app).replace("█", " ").split())
        assert "Record the incident as acknowledged (enter: now, or type when)" in flat
        await pilot.press("escape", "M", "enter")
        await pilot.pause()
        example = (clock.now() - timedelta(hours=1)).astimezone().isoformat(timespec="minutes")
        assert example in screen_text(app)  # whole, and dated from today


async def test_an_action_from_a_cause_asks_what_to_do_with_due_examples_from_today(
    demo, clock, store_path, make_app, screen_text
):
    app = make_app(demo.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("3", "j", "a")
        await pilot.pause()
        assert app.screen.query_one("#action-title", Input).value == ""
        week = clock.now().astimezone().date() + timedelta(days=7)
        assert f"Due ({week.isoformat()}, +3d, fri…)" in screen_text(app)
        await pilot.press(*"Pin the pool size", "tab", "tab", *"+1d", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, Dialog)
    action = IncidentStore(store_path).load(demo.id).actions[-1]
    assert (action.title, action.due) == ("Pin the pool size", week - timedelta(days=6))
