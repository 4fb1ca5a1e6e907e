"""Type or edit one piece of text for a checklist item: its wording, a note, or a fact it captures.

The text is checked with the domain's own field rules, then saved by the pane's `check`
while the dialog is still open: a bad value, or a save the store refuses (a full disk),
is shown here, inline, with what was typed kept.
"""

from collections.abc import Callable
from typing import Any

from pydantic import TypeAdapter, ValidationError
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Button, Input, Static, TextArea

from ...domain.fields import Line, LongText, describe_error
from ...errors import InvalidInput
from .base import Dialog

Check = Callable[[str], str]  # returns the cleaned text or raises an EscalationError (InvalidInput...)


def text_check(what: str, multiline: bool = False, required: bool = True) -> Check:
    """A check with the same rules the model applies to a checklist line or a long text."""
    adapter: TypeAdapter[Any] = TypeAdapter(LongText if multiline else Line)

    def check(text: str) -> str:
        try:
            cleaned = adapter.validate_python(text)
        except ValidationError as error:
            raise InvalidInput(f"{what}: {describe_error(error)}") from None
        if required and not cleaned:
            raise InvalidInput(f"{what}: write something, or press escape to cancel")
        return cleaned

    return check


class ItemTextDialog(Dialog[str]):
    """Dismisses with the checked (and saved) text, or None when cancelled."""

    def __init__(
        self, title: Content | str, label: str, value: str, check: Check, multiline: bool = False
    ) -> None:
        super().__init__()
        self.title_content = title if isinstance(title, Content) else Content(title)
        self.label = label
        self.value = value
        self.check = check
        self.multiline = multiline

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="item-text"):
            yield Static(self.title_content, classes="dialog-title")
            yield Static(Content(self.label), classes="item-hint")
            if self.multiline:
                yield TextArea(self.value, id="item-text-value", soft_wrap=True)
            else:
                yield Input(self.value, id="item-text-value", compact=True)
            yield from self.error_and_buttons()

    def on_mount(self) -> None:
        field = self.query_one("#item-text-value")
        field.focus()
        if isinstance(field, TextArea):
            field.move_cursor(field.document.end)

    @property
    def text(self) -> str:
        field = self.query_one("#item-text-value")
        return field.text if isinstance(field, TextArea) else field.value

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_submit(self) -> None:
        self.attempt(lambda: self.check(self.text))
