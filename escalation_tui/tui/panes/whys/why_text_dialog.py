"""Edit one piece of 5 Whys text: an answer (one line) or the problem statement (the summary).

The dialog does not save by itself: `save(text)` asks the pane, which applies the change
through the screen and either closes the dialog or shows the service's refusal here.
"""

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, Static, TextArea

from ...dialogs.base import Dialog


class WhyTextDialog(Dialog[bool]):
    def __init__(self, title: str, value: str, hint: str = "", multiline: bool = False) -> None:
        super().__init__()
        self.title_text, self.value, self.hint, self.multiline = title, value, hint, multiline
        self.save: Callable[[str], None] = lambda text: None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="why-text"):
            yield Static(Content(self.title_text), classes="dialog-title")
            if self.hint:
                yield Static(Content(self.hint), classes="why-hint")
            if self.multiline:
                yield Label("ctrl+s saves · esc cancels")
                yield TextArea(self.value, id="why-text-area", soft_wrap=True)
            else:
                yield Input(self.value, id="why-text-input", compact=True, select_on_focus=False)
            yield from self.error_and_buttons()

    def on_mount(self) -> None:
        field = self.query_one("#why-text-area" if self.multiline else "#why-text-input")
        field.focus()
        if isinstance(field, TextArea):
            field.move_cursor(field.document.end)

    @property
    def text(self) -> str:
        if self.multiline:
            return self.query_one(TextArea).text
        return self.query_one(Input).value

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_submit(self) -> None:
        self.save(self.text)
