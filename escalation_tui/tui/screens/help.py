"""Every key, by pane, generated from the one registry in keys.py."""

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from ..controls.styled_once import StyledOnce
from ..controls.wrap_table import WrapTable
from ..keys import KEYS, SCOPES, bindings, display_key


class HelpTable(WrapTable):  # what a key does wraps: at 80 columns it was cut
    COMPONENT_CLASSES: ClassVar[set[str]] = {"help--scope"}


def help_rows(heading_style: Style | str = "bold") -> list[tuple[Text, Text]]:
    """(key, what it does) rows, a heading row per scope, in registry order."""
    rows: list[tuple[Text, Text]] = []
    for scope, heading in SCOPES.items():
        keys = [k for k in KEYS if k.scope == scope]
        if not keys:
            continue
        if rows:
            rows.append((Text(""), Text("")))
        rows.append((Text(""), Text(heading, style=heading_style)))
        rows.extend((Text(k.display or display_key(k.key)), Text(k.help)) for k in keys)
    return rows


class HelpScreen(StyledOnce, ModalScreen[None]):
    BINDINGS = bindings("help")

    def __init__(self, scope: str | None = None) -> None:
        super().__init__()
        self.scope = scope  # the screen's key scope: its keys come into view first

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="help"):
            yield Static("Keys  (esc or ? closes; j/k scroll)", classes="dialog-title")
            yield HelpTable("Key", "What it does", id="help-table", cursor_type="row", show_header=False)

    def on_mount(self) -> None:
        table = self.query_one(HelpTable)
        rows = help_rows(table.get_component_rich_style("help--scope", partial=True))
        heading = SCOPES.get(self.scope or "")
        start = next((n for n, (_, text) in enumerate(rows) if heading and text.plain == heading), None)
        table.set_rows(
            [(row, str(n)) for n, row in enumerate(rows)], cursor_key=None if start is None else str(start)
        )
        table.focus()
        if start is not None:  # the keys of where the user is, at the top; the rest scrolls
            self.call_after_refresh(self.heading_on_top, start)

    def heading_on_top(self, start: int) -> None:
        table = self.query_one(HelpTable)
        y = sum(row.height for row in list(table.rows.values())[:start])
        table.scroll_to(y=y, animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
