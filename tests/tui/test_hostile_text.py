"""User text is data: markup-like titles, notes and names render exactly as typed.

Notifications and tooltips are on (run_test turns them off by default, which hides crashes).
"""

from datetime import date

import pytest
from textual.widgets import Input

from escalation_tui.domain.enums import EventKind
from escalation_tui.tui.controls.header import IncidentHeader
from escalation_tui.tui.screens.incident_list import IncidentListScreen
from escalation_tui.tui.screens.war_room import WarRoomScreen

HOSTILE_TITLES = [
    "[/bold] [link=x]boom",
    "[@click=app.quit]x[/]",
    "a [/ b",
    "esc \x1b[2J\x1b]52;c;aGk=\x07 end",
]
# Control characters are stripped where text enters; what is left shows literally.
SHOWN = {HOSTILE_TITLES[3]: "esc [2J]52;c;aGk= end"}


def flat(text: str) -> str:
    """Without line breaks and padding, so text that wrapped in the header still matches."""
    return "".join(text.split())


async def test_hostile_titles_render_literally(service, clock, make_app, size, screen_text):
    for title in HOSTILE_TITLES:
        service.declare(title, severity=1, kind="technical", commander="[b]kim[/b]")
        clock.advance(minutes=1)
    app = make_app()
    async with app.run_test(size=size, notifications=True, tooltips=True) as pilot:
        await pilot.pause()
        listed = screen_text(app)
        for title in HOSTILE_TITLES:
            assert SHOWN.get(title, title) in listed
        for _ in HOSTILE_TITLES:
            await pilot.press("enter")
            screen = app.screen
            assert isinstance(screen, WarRoomScreen)
            title = screen.session.incident.title
            assert title in SHOWN.values() or title in HOSTILE_TITLES
            await pilot.click(IncidentHeader, offset=(30, 0))  # a live link or @click would act here
            text = screen_text(app)
            assert flat(title) in flat(text)
            assert "[b]kim[/b]" in text
            await pilot.press("escape", "j")
            assert isinstance(app.screen, IncidentListScreen)
        assert "\x1b" not in screen_text(app)
    assert app.return_code is None or app.return_code == 0


async def test_hostile_text_in_every_pane(service, make_app, screen_text):
    session = service.declare("[/bold] [link=x]boom", severity=1, kind="technical", summary="[i]summary")
    session.add_why("[b]x[/b] pool empty")
    root = session.incident.whys[-1].id
    session.set_root_cause(root)
    session.add_action("[@click=app.quit]x[/]", owner="[red]lee", due=date(2026, 12, 3), why_id=root)
    session.add_note("a [/ b", EventKind.FINDING)
    session.add_check("acknowledge", "[/] custom step")
    session.log_update("internal", "[blink]Rolled back[/blink]")
    app = make_app(session.id)
    async with app.run_test(size=(160, 50), notifications=True, tooltips=True) as pilot:
        await pilot.press("t")
        text = screen_text(app)
        for literal in [
            "Declared SEV1 technical: [/bold] [link=x]boom",  # the timeline
            "[i]summary",  # the root of the 5 Whys
            "[b]x[/b] pool empty",
            "[@click=app.quit]x[/]",
            "@[red]lee",
            "a [/ b",
            "[/] custom step",
            "[blink]Rolled back[/blink]",
        ]:
            assert literal in text, literal
        await pilot.click("#actions-table", offset=(40, 1))  # clicking the hostile action title does nothing
        assert isinstance(app.screen, WarRoomScreen)


async def test_hostile_text_through_the_dialogs_and_notifications(service, make_app, screen_text):
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True, tooltips=True) as pilot:
        await pilot.press("n")
        title = app.screen.query_one("#title", Input)
        title.value = "a [/ b"
        title.focus()
        await pilot.press("enter")  # declared: the toast says its title
        await pilot.pause()
        assert isinstance(app.screen, WarRoomScreen)
        assert "Declared SEV2: a [/ b" in screen_text(app)
        await pilot.press("N")
        app.screen.query_one(Input).value = "[@click=app.quit]x[/]"
        await pilot.press("enter", "ctrl+z")  # add, then undo: the toast quotes the note
        await pilot.pause()
        assert "Undone: [@click=app.quit]x[/]" in screen_text(app)


@pytest.mark.parametrize("bad", ["", "   "])
async def test_blank_title_is_refused_inline(make_app, bad, screen_text):
    app = make_app()
    async with app.run_test(notifications=True) as pilot:
        await pilot.press("n")
        app.screen.query_one("#title", Input).value = bad
        await pilot.press("enter")
        assert "title: must not be empty" in screen_text(app)
