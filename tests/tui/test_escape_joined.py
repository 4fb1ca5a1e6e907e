"""Escape joined to the next key (tmux's escape-time, a slow link) acts as the two keys it was
(issue 34), and under tmux a long escape-time is pointed out once."""

import pytest
from tui_support import notices

from escalation_tui.tui import tmux_hint
from escalation_tui.tui.dialogs.new_incident import NewIncidentDialog
from escalation_tui.tui.dialogs.note import NoteDialog
from escalation_tui.tui.screens.incident_list import IncidentListScreen
from escalation_tui.tui.screens.war_room import WarRoomScreen


async def test_escape_n_on_the_list_opens_the_declare_dialog(service, make_app, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, IncidentListScreen)
        await pilot.press("alt+n")  # what "Escape n" becomes under tmux's default escape-time
        await pilot.pause()
        assert isinstance(app.screen, NewIncidentDialog)


async def test_escape_then_a_key_in_a_dialog_closes_it_and_the_key_is_not_text(
    demo, store_path, make_app, size, screen_text
):
    from escalation_tui.store import IncidentStore

    before = IncidentStore(store_path).load(demo.id)
    app = make_app(demo.id)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("N")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        await pilot.press("alt+t")  # Escape t: the dialog closes, t shows the timeline
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WarRoomScreen)
        assert screen.show_timeline
    after = IncidentStore(store_path).load(demo.id)
    assert after.timeline == before.timeline and after.revision == before.revision


def test_the_hint_names_the_fix_only_when_escape_is_held_long():
    assert tmux_hint.hint(None) is None and tmux_hint.hint(10) is None and tmux_hint.hint(50) is None
    said = tmux_hint.hint(500)
    assert said is not None and "500 ms" in said and "set -sg escape-time 10" in said


@pytest.mark.parametrize("escape_time, said", [(500, 1), (10, 0)])
async def test_under_tmux_a_long_escape_time_is_said_once(service, make_app, monkeypatch, escape_time, said):
    monkeypatch.setattr(tmux_hint, "escape_time_ms", lambda: escape_time)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert sum("escape-time 10" in n for n in notices(app)) == said
