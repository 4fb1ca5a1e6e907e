"""Yes or no, for changes that are hard to take back (resolve). Escape dismisses with None."""

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Static

from ...domain.text import for_terminal
from .base import Dialog


class ConfirmDialog(Dialog[bool]):
    def __init__(self, question: Content | str, yes: str = "Yes", no: str = "Cancel") -> None:
        super().__init__()
        self.question = question if isinstance(question, Content) else Content(for_terminal(question))
        self.yes, self.no = yes, no
        self.KEYS_HINT = f"enter: {for_terminal(yes)} · esc: {for_terminal(no)}"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-body")
            with Horizontal(classes="dialog-buttons"):
                yield Button(Content(self.yes), variant="primary", id="yes")
                yield Button(Content(self.no), id="no")

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_submit(self) -> None:
        self.dismiss(True)
