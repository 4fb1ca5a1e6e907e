"""A text to copy by hand: read-only and selectable, `w` writes it to a file (path shown).

Offered after logging an update where the terminal clipboard cannot be trusted (tmux,
screen, SSH), and with `y` in pane 2 for any update sent.
"""

from collections.abc import Callable
from pathlib import Path

from textual import on
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Static, TextArea

from ...domain.models import Incident, StatusUpdate
from ...domain.text import for_terminal, shown_path
from ...errors import EscalationError, StoreError
from ...service.user_files import write_user_file
from ..clipboard import sent_message, unconfirmed_delivery, update_file_name, working_folder
from ..keys import bindings
from .base import Dialog

WriteFile = Callable[[], Path]  # writes the text, returns where (raises EscalationError)


class CopyTextDialog(Dialog[None]):
    BINDINGS = bindings("copy_dialog")
    KEYS_HINT = "esc closes"

    def __init__(self, title: str, text: str, note: str, write_file: WriteFile) -> None:
        super().__init__()
        self.title_text = title
        self.text = text
        self.note = note
        self.write_file = write_file

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="copy-text"):
            yield Static(Content(self.title_text), classes="dialog-title")
            yield Static(Content(for_terminal(self.note)), id="copy-note")
            yield TextArea(self.text, read_only=True, soft_wrap=True, id="copy-area")
            yield Static(
                Content("w writes it to a file · select with the mouse (shift+drag in tmux)"), id="copy-path"
            )
            yield Static(classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Write to file (w)", id="write")
                yield Button("Close", variant="primary", id="cancel")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    @on(Button.Pressed, "#write")
    def action_write_file(self) -> None:
        try:
            path = self.write_file()
        except EscalationError as error:
            self.show_error(str(error))
            return
        self.query_one("#copy-path", Static).update(Content(f"Written to {shown_path(path)}"))

    def action_submit(self) -> None:
        self.dismiss(None)


def copy_update(app: App, incident: Incident, update: StatusUpdate, what: str, show: bool = False) -> None:
    """Send the update's text to the terminal clipboard and say honestly what that means.

    Where delivery cannot be confirmed (tmux, screen, SSH), or when asked (`show`), the text
    is also shown to select by hand or write to a file; the how-to-fix hint comes once a run.
    """
    app.copy_to_clipboard(update.text)  # OSC 52: paste it into chat or mail
    unconfirmed = unconfirmed_delivery()
    where = unconfirmed[0] if unconfirmed else None
    if unconfirmed and not getattr(app, "clipboard_hint_given", False):
        app.clipboard_hint_given = True  # type: ignore[attr-defined]
        app.notify(f"{sent_message(what, where)}. {unconfirmed[1]} (README: tmux)", timeout=20, markup=False)
    else:
        app.notify(sent_message(what, where), markup=False)
    if not (unconfirmed or show):
        return

    def write() -> Path:
        path = working_folder() / update_file_name(incident, update)
        try:
            write_user_file(path, update.text + "\n")
        except OSError as error:
            raise StoreError(f"{path}: cannot write ({error.strerror}); nothing was written") from None
        return path

    note = (
        f"The terminal clipboard may not have it (under {where}). Select the text below, or press w."
        if where
        else "Also sent to the terminal clipboard. Select the text below, or press w."
    )
    title = f"Update to {update.audience}"
    app.push_screen(CopyTextDialog(title, update.text, note, write))
