"""What every dialog shares: escape cancels, ctrl+s submits, errors shown inline."""

from collections.abc import Callable
from typing import TypeVar, cast

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ...domain.text import for_terminal
from .. import changes
from ..controls.styled_once import StyledOnce
from ..keys import bindings

T = TypeVar("T")


class Dialog(StyledOnce, ModalScreen[T]):
    BINDINGS = bindings("dialog")
    # How to finish, on every dialog (a dialog that words it itself sets ""): beside the
    # buttons when it has them, else its last line.
    KEYS_HINT = "ctrl+s saves · esc cancels"

    def on_mount(self) -> None:
        """Textual calls this too, after a subclass's own on_mount."""
        if self.KEYS_HINT and not self.query(".dialog-keys"):
            hint = Static(Content(self.KEYS_HINT), classes="dialog-keys")
            buttons = self.query(".dialog-buttons")
            if buttons:
                buttons.first().mount(hint, before=0)
            elif boxes := self.query(".dialog"):
                boxes.first().mount(hint)

    def show_notice(self, message: str, severity: str) -> None:
        """A toast said while this dialog is open, as the dialog's last line: toasts are not
        drawn over dialogs (dialogs.tcss), where they hid the question, inputs or buttons."""
        notices = self.query(".dialog-notice")
        notice = notices.first() if notices else None
        if notice is None:
            boxes = self.query(".dialog")
            if not boxes:
                return
            notice = Static(classes="dialog-notice")
            boxes.first().mount(notice)
        notice.set_class(severity == "error", "-error")
        notice.set_class(severity == "warning", "-warning")
        cast(Static, notice).update(Content(for_terminal(message)))

    def error_and_buttons(self, label: str = "Save", button_id: str = "save") -> ComposeResult:
        """The end of most forms: the error line (hidden until show_error) and Save / Cancel."""
        yield Static(classes="dialog-error")
        with Horizontal(classes="dialog-buttons"):
            yield Button(label, variant="primary", id=button_id)
            yield Button("Cancel", id="cancel")

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        self.action_cancel()  # a dialog that asks before discarding overrides action_cancel

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_submit(self) -> None:
        """Dialogs with a form override this."""

    def show_error(self, message: str) -> None:
        error = self.query_one(".dialog-error", Static)
        error.update(Content(for_terminal(message)))
        error.display = True

    def attempt(self, change: Callable[[], T]) -> None:
        """Run the change; on success close with its result, else keep the form and say why.

        If another window holds the incident, the dialog says it is waiting and stays open
        with what was typed; the change runs once the lock is free (or esc stops waiting)."""
        changes.route(self).run_change(change, self.dismiss, self.show_error, self.show_error)
