"""The clipboard tells the truth (issue 17): under tmux, screen or SSH the copy may never
arrive, so the app says so (with the fix, once) and shows the text to copy by hand or save."""

import pytest
from textual.widgets import TextArea

from escalation_tui.tui.clipboard import unconfirmed_delivery
from escalation_tui.tui.dialogs.copy_text import CopyTextDialog


def record_toasts(app) -> list[str]:
    """Every toast's text as it is raised (toasts on screen expire on the wall clock)."""
    said: list[str] = []
    notify = app.notify

    def recording(message: str, **options) -> None:
        said.append(message)
        notify(message, **options)

    app.notify = recording
    return said


@pytest.mark.parametrize("variable", ["TMUX", "STY", "SSH_CONNECTION"])
async def test_under_tmux_screen_or_ssh_the_text_is_offered_and_the_fix_said_once(
    service, clock, make_app, size, monkeypatch, tmp_path, variable
):
    monkeypatch.setenv(variable, "/tmp/tmux-0/default,1,0")
    monkeypatch.chdir(tmp_path)
    session = service.declare("Checkout down", severity=1, kind="technical")
    app = make_app(session.id)
    async with app.run_test(size=size, notifications=True) as pilot:
        copied: list[str] = []
        app.copy_to_clipboard = copied.append
        toasts = record_toasts(app)
        await pilot.pause()
        await pilot.press("u", "i", *"Rolling back", "ctrl+s")
        await pilot.pause()
        stored = service.open(session.id).incident.updates[0]
        assert copied == [stored.text]
        dialog = app.screen
        assert isinstance(dialog, CopyTextDialog)
        area = dialog.query_one(TextArea)
        assert area.text == stored.text and area.read_only and app.focused is area
        [said] = toasts
        assert "it may not arrive" in said and "copied" not in said
        if variable == "TMUX":
            assert "put `set -g set-clipboard on` in ~/.tmux.conf" in said
        dialog_buttons = dialog.query_one("#write").region
        assert dialog_buttons.bottom <= app.size.height  # nothing cut off at 80x24
        await pilot.press("w")
        await pilot.pause()
        [written] = list(tmp_path.glob("update-*-internal-checkout-down.txt"))
        assert written.read_text() == stored.text + "\n"
        assert written.stat().st_mode & 0o077 == 0  # private, as every data file
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CopyTextDialog)
        await pilot.press("u", "e", *"soon", "ctrl+s")  # a second update: no second hint
        await pilot.pause()
        assert isinstance(app.screen, CopyTextDialog)
        hints = [t for t in toasts if "(README: tmux)" in t]
        assert len(hints) == 1


async def test_locally_a_toast_only_and_y_shows_the_text(service, clock, make_app, size):
    session = service.declare("Checkout down", severity=1, kind="technical")
    session.log_update("customer", "We are looking into it.")
    app = make_app(session.id)
    async with app.run_test(size=size, notifications=True) as pilot:
        app.copy_to_clipboard = lambda text: None
        toasts = record_toasts(app)
        await pilot.pause()
        await pilot.press("2", "y")
        await pilot.pause()
        assert isinstance(app.screen, CopyTextDialog)
        assert app.screen.query_one(TextArea).text == "We are looking into it."
        assert any("sent to the clipboard (y in pane 2" in t for t in toasts)


def test_which_environments_are_unconfirmed():
    assert unconfirmed_delivery({}) is None
    assert unconfirmed_delivery({"TMUX": "x"})[0] == "tmux"
    assert unconfirmed_delivery({"STY": "x"})[0] == "screen"
    assert unconfirmed_delivery({"SSH_TTY": "/dev/pts/1"})[0] == "SSH"
