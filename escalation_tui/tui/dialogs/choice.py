"""Pick one value from a short list (severity, kind, phase)."""

from collections.abc import Sequence
from typing import Generic, TypeVar

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..controls.nav import VimOptionList
from .base import Dialog

V = TypeVar("V")


class ChoiceDialog(Dialog[V], Generic[V]):
    def __init__(self, title: str, choices: Sequence[tuple[V, str]], current: V | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.choices = list(choices)
        self.current = current

    KEYS_HINT = "enter picks · esc cancels"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content(self.title_text), classes="dialog-title")
            yield VimOptionList(
                *(Option(Content(label), id=str(i)) for i, (_, label) in enumerate(self.choices)),
                id="choices",
            )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        values = [value for value, _ in self.choices]
        options.highlighted = values.index(self.current) if self.current in values else 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[event.option_index][0])

    def action_submit(self) -> None:
        self.query_one(OptionList).action_select()
