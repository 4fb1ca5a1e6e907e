"""Write or reword a lesson, or one of the post-mortem's free texts (detection, resolution...).

The dialog saves through the callback it is given (a session operation); a refusal is
shown inline and the text stays as typed.
"""

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Static, TextArea

from ...errors import InvalidInput
from ..dialogs.base import Dialog
from ..dialogs.confirm import ConfirmDialog


class LessonDialog(Dialog[str]):
    def __init__(
        self,
        title: str,
        save: Callable[[str], object],
        text: str = "",
        hint: str = "",
        required: bool = True,
        tall: bool = False,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.save = save
        self.original = text
        self.hint = hint
        self.required = required  # a lesson needs words; a free text may be cleared
        self.tall = tall

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="lesson-dialog"):
            yield Static(Content(self.title_text), classes="dialog-title")
            if self.hint:
                yield Static(Content(self.hint), id="lesson-hint")
            yield TextArea(
                self.original, id="lesson-text", soft_wrap=True, classes="-tall" if self.tall else ""
            )
            yield Static(classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Static("ctrl+s saves · esc cancels", id="lesson-keys")
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    @property
    def text(self) -> str:
        return self.query_one(TextArea).text

    @on(Button.Pressed, "#save")
    def action_submit(self) -> None:
        text = self.text
        self.attempt(lambda: self.checked_save(text))

    def checked_save(self, text: str) -> str:
        if self.required and not text.strip():
            raise InvalidInput("Type the lesson first (to drop a lesson, press d on it in the list)")
        self.save(text)
        return text

    def action_cancel(self) -> None:
        """Typed words are not thrown away without asking."""
        if self.text.strip() == self.original.strip():
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        question = "Discard your changes? They were not saved."
        self.app.push_screen(ConfirmDialog(question, yes="Discard", no="Keep editing"), answered)
