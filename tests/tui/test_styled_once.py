"""A screen shown for the first time is styled once (controls/styled_once.py), and looks exactly
as if Textual had styled it all again on showing it, also after a theme change made while it
was under a dialog."""

from textual.screen import ModalScreen, Screen

from escalation_tui.tui.dialogs.note import NoteDialog
from escalation_tui.tui.panes.actions.action_quick_add_dialog import ActionQuickAddDialog
from escalation_tui.tui.screens.help import HelpScreen
from escalation_tui.tui.screens.war_room import WarRoomScreen


def styles_of(screen: Screen) -> dict[str, str]:
    return {
        f"{type(node).__name__}#{node.id}@{n}": node.styles.css
        for n, node in enumerate(screen.walk_children(with_self=True))
    }


def restyled_in_full(screen: Screen) -> dict[str, str]:
    """What Textual's own second pass on showing the screen would have given."""
    screen.app.stylesheet.update_nodes(screen.walk_children(with_self=True), animate=False)
    return styles_of(screen)


async def test_each_screen_looks_as_if_styled_again_in_full(demo, make_app, size):
    app = make_app(demo.id)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for keys, shown in [
            ((), WarRoomScreen),
            (("N",), NoteDialog),
            (("escape", "4", "a"), ActionQuickAddDialog),
        ]:
            await pilot.press(*keys)
            await pilot.pause()
            assert isinstance(app.screen, shown)
            assert styles_of(app.screen) == restyled_in_full(app.screen)
        await pilot.press("escape", "question_mark")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen) and isinstance(help_screen, ModalScreen)
        # Dialogs are centred (ModalScreen's rule in dialogs.tcss still applies to them).
        box = help_screen.query_one("#help")
        assert abs(box.region.x - (size[0] - box.region.right)) <= 1
        assert styles_of(help_screen) == restyled_in_full(help_screen)


async def test_a_theme_changed_while_hidden_shows_when_shown_again(demo, make_app, size):
    app = make_app(demo.id)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        war_room = app.screen
        dark_background = war_room.styles.background
        await pilot.press("N", "escape")  # the note dialog is kept, off the stack, for next time
        await pilot.pause()
        before = list(app.screen_stack)  # the list and the war room: the dialog is not on it
        await pilot.press("N")  # on top now: the war room is suspended under it
        await pilot.pause()
        app.theme = "textual-light"
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is war_room and war_room.styles.background != dark_background
        assert styles_of(war_room) == restyled_in_full(war_room)

        app.theme = "textual-dark"  # while the kept note dialog is off the stack
        await pilot.pause()
        await pilot.press("N")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog) and app.screen not in before
        assert styles_of(app.screen) == restyled_in_full(app.screen)


async def test_a_screen_resumes_once_per_showing(demo, make_app, size, monkeypatch):
    """Textual runs Screen's own resume handler itself (every class's handler in the MRO):
    StyledOnce calling it as well refreshed every resume twice."""
    resumed: list[Screen] = []
    original = Screen._on_screen_resume

    def counted(self: Screen, event) -> None:
        resumed.append(self)
        original(self, event)

    monkeypatch.setattr(Screen, "_on_screen_resume", counted)
    app = make_app(demo.id)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        war_room = app.screen
        resumed.clear()
        await pilot.press("N")
        await pilot.pause()
        note = app.screen
        assert isinstance(note, NoteDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert resumed == [note, war_room]
