"""Add a note, symptom, finding or decision to the timeline: the text dialog plus a kind."""

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.widgets import Label, RadioButton, RadioSet, Static

from ...domain.enums import MANUAL_EVENT_KINDS, EventKind
from .text_entry import TextEntryDialog

NOTE_KINDS = [k for k in EventKind if k in MANUAL_EVENT_KINDS]  # note, symptom, finding, decision


class NoteDialog(TextEntryDialog):
    """Shown again by its war room for each note (clear empties it)."""

    def __init__(self, add: Callable[[str, EventKind], object]) -> None:
        super().__init__(
            "Add to the timeline",
            lambda text: add(text, self.kind),
            placeholder="What did you see, find or decide?",
            save_label="Add",
            grows=True,  # a pasted stack trace is kept whole
        )

    def compose_extra(self) -> ComposeResult:
        yield Label("Kind: tab, arrows, enter")
        with RadioSet(id="note-kind"):
            for kind in NOTE_KINDS:
                yield RadioButton(kind.value, value=kind == EventKind.NOTE, name=kind.value)

    def clear(self) -> None:
        """As new: no text, kind note, no error, the cursor in the text."""
        self.back_to_a_line()
        for button in self.query(RadioButton):
            button.value = button.name == EventKind.NOTE.value
        self.query_one(".dialog-error", Static).display = False
        self.focus_text()

    @on(RadioSet.Changed)
    def kind_chosen(self) -> None:
        """Back to the text, so the next Enter saves."""
        self.focus_text()

    @property
    def kind(self) -> EventKind:
        pressed = self.query_one(RadioSet).pressed_button
        return EventKind(pressed.name) if pressed and pressed.name else EventKind.NOTE
