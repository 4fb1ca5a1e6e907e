"""Type or edit one piece of text: a checklist item or its note, a 5 Whys answer, a lesson,
a post-mortem text, a timeline note. The one text dialog; callers configure it.

It is given the change to commit (`save`) when it is made. On submit the text is checked
(`check`, e.g. the domain's field rules) and saved while the dialog is still open, inside
`Dialog.attempt`: a bad value, or a save the store refuses (a full disk, another window's
lock), is shown here, inline, with what was typed kept. It closes with the saved text.

A long text typed on one line (`grows`, the timeline note) starts as a line, where enter saves;
a paste of several lines turns it into a text area holding them all, where ctrl+s saves.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter, ValidationError
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, Static, TextArea

from ...domain.fields import Line, LongText, describe_error
from ...errors import InvalidInput
from .base import Dialog
from .confirm import ConfirmDialog

Check = Callable[[str], str]  # returns the cleaned text or raises an EscalationError (InvalidInput...)
FIELD = "#text-entry-value"
LINES = "#text-entry-lines"  # the text area a growing line becomes
KEYS = "ctrl+s saves · esc cancels"
LINE_KEYS = "enter saves · esc cancels"


def text_check(what: str, multiline: bool = False, required: bool = True, empty: str = "") -> Check:
    """A check with the same rules the model applies to a line or a long text; `empty` is the
    message when nothing was typed (default: names `what`)."""
    adapter: TypeAdapter[Any] = TypeAdapter(LongText if multiline else Line)

    def check(text: str) -> str:
        try:
            cleaned = adapter.validate_python(text)
        except ValidationError as error:
            raise InvalidInput(f"{what}: {describe_error(error)}") from None
        if required and not cleaned:
            raise InvalidInput(empty or f"{what}: write something, or press escape to cancel")
        return cleaned

    return check


class GrowingInput(Input):
    """A line that hands a paste of several lines up, to become a text area (keygate.takes_lines)."""

    TAKES_LINES = True

    @dataclass
    class Grow(Message):
        text: str  # what the line holds with the paste in place of its selection
        cursor: int  # where the paste ends in it

    def _on_paste(self, event: events.Paste) -> None:
        if "\n" not in event.text:
            return  # Input's own paste handling follows
        event.prevent_default()
        event.stop()
        start, end = sorted(self.selection)
        text = self.value[:start] + event.text + self.value[end:]
        self.post_message(self.Grow(text, start + len(event.text)))


def unchecked(text: str) -> str:
    """No check here: the service's own validation says what is wrong."""
    return text


class TextEntryDialog(Dialog[str]):
    """A line (Input: enter saves) or a long text (TextArea: ctrl+s saves); None when cancelled."""

    def __init__(
        self,
        title: Content | str,
        save: Callable[[str], object],
        value: str = "",
        hint: Content | str = "",
        check: Check = unchecked,
        multiline: bool = False,
        tall: bool = False,
        placeholder: str = "",
        save_label: str = "Save",
        ask_before_discard: bool = False,
        grows: bool = False,
    ) -> None:
        super().__init__()
        self.title_content = title if isinstance(title, Content) else Content(title)
        self.save = save
        self.value = value
        self.hint = hint if isinstance(hint, Content) else Content(hint)
        self.check = check
        self.multiline = multiline
        self.tall = tall
        self.placeholder = placeholder
        self.save_label = save_label
        self.ask_before_discard = ask_before_discard  # typed words are not thrown away without asking
        self.grows = grows and not multiline  # a line that becomes a text area on a multi-line paste

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="text-entry"):
            yield Static(self.title_content, classes="dialog-title")
            if self.hint:
                yield Static(self.hint, classes="text-entry-hint")
            if self.multiline:
                area = TextArea(
                    self.value, id=FIELD[1:], soft_wrap=True, classes="-tall" if self.tall else ""
                )
                yield area
            else:
                yield (GrowingInput if self.grows else Input)(
                    self.value,
                    placeholder=self.placeholder,
                    id=FIELD[1:],
                    compact=True,
                    select_on_focus=False,
                )
                if self.grows:
                    area = TextArea(id=LINES[1:], soft_wrap=True)
                    area.display = False
                    yield area
            yield from self.compose_extra()
            yield Static(classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Static(KEYS if self.multiline else LINE_KEYS, classes="text-entry-keys dialog-keys")
                yield Button(self.save_label, variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def compose_extra(self) -> ComposeResult:
        """Fields a variant adds under the text (the timeline note's kind)."""
        yield from ()

    def on_mount(self) -> None:
        self.focus_text()

    def focus_text(self) -> None:
        field = self.field
        field.focus()
        if isinstance(field, TextArea):
            field.move_cursor(field.document.end)

    @property
    def field(self) -> Input | TextArea:
        """Where the text is typed: the line, or the text area it grew into."""
        if self.grows and (area := self.query_one(LINES, TextArea)).display:
            return area
        return self.query_one(FIELD, Input | TextArea)  # type: ignore[arg-type]

    @property
    def text(self) -> str:
        field = self.field
        return field.text if isinstance(field, TextArea) else field.value

    @on(GrowingInput.Grow)
    def grow(self, message: GrowingInput.Grow) -> None:
        """Several lines pasted into the line: from now on a text area holds them, ctrl+s saves."""
        area = self.query_one(LINES, TextArea)
        area.text = message.text
        before = message.text[: message.cursor]
        area.move_cursor((before.count("\n"), len(before) - before.rfind("\n") - 1))
        self.query_one(FIELD).display = False
        area.display = True
        area.focus()
        self.query_one(".text-entry-keys", Static).update(KEYS)

    def back_to_a_line(self) -> None:
        """Back to one empty line (a kept dialog shown again)."""
        self.query_one(FIELD, Input).value = ""
        if self.grows:
            self.query_one(LINES, TextArea).text = ""
            self.query_one(LINES).display = False
            self.query_one(FIELD).display = True
            self.query_one(".text-entry-keys", Static).update(LINE_KEYS)

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_submit(self) -> None:
        text = self.text
        self.attempt(lambda: self.checked_save(text))

    def checked_save(self, text: str) -> str:
        cleaned = self.check(text)
        self.save(cleaned)
        return cleaned

    def action_cancel(self) -> None:
        if not self.ask_before_discard or self.text.strip() == self.value.strip():
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        question = "Discard your changes? They were not saved."
        self.app.push_screen(ConfirmDialog(question, yes="Discard", no="Keep editing"), answered)
