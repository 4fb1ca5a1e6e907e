"""Add a note, symptom, finding or decision to the timeline."""

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from ...domain.enums import MANUAL_EVENT_KINDS, EventKind
from .base import Dialog

NOTE_KINDS = [k for k in EventKind if k in MANUAL_EVENT_KINDS]  # note, symptom, finding, decision


class NoteDialog(Dialog[object]):
    def __init__(self, add: Callable[[str, EventKind], object]) -> None:
        super().__init__()
        self.add = add

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="note"):
            yield Static("Add to the timeline", classes="dialog-title")
            yield Input(placeholder="What did you see, find or decide?", id="note-text", compact=True)
            yield Label("Kind: tab, arrows, enter")
            with RadioSet(id="note-kind"):
                for kind in NOTE_KINDS:
                    yield RadioButton(kind.value, value=kind == EventKind.NOTE, name=kind.value)
            yield from self.error_and_buttons("Add", "add")

    def on_mount(self) -> None:
        self.query_one("#note-text", Input).focus()

    @on(RadioSet.Changed)
    def kind_chosen(self) -> None:
        """Back to the text, so the next Enter saves."""
        self.query_one("#note-text", Input).focus()

    @property
    def kind(self) -> EventKind:
        pressed = self.query_one(RadioSet).pressed_button
        return EventKind(pressed.name) if pressed and pressed.name else EventKind.NOTE

    @on(Input.Submitted)
    @on(Button.Pressed, "#add")
    def action_submit(self) -> None:
        text = self.query_one("#note-text", Input).value
        self.attempt(lambda: self.add(text, self.kind))
