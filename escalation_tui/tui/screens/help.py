"""Every key, by pane, generated from the one registry in keys.py."""

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from ..controls.nav import VimDataTable
from ..keys import KEYS, SCOPES, bindings, display_key


class HelpTable(VimDataTable):
    COMPONENT_CLASSES = {"help--scope"}


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


class HelpScreen(ModalScreen[None]):
    BINDINGS = bindings("help")

    def __init__(self, scope: str | None = None) -> None:
        super().__init__()
        self.scope = scope  # the keys of the screen it was opened from come first into view

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="help"):
            yield Static("Keys  (esc or ? closes; j/k scroll)", classes="dialog-title")
            yield HelpTable(id="help-table", cursor_type="row", show_header=False)

    def on_mount(self) -> None:
        table = self.query_one(HelpTable)
        table.add_columns("Key", "What it does")
        rows = help_rows(table.get_component_rich_style("help--scope", partial=True))
        table.add_rows(rows)
        table.focus()
        heading = SCOPES.get(self.scope or "")
        at = next((n for n, (_, text) in enumerate(rows) if heading and text.plain == heading), None)
        if at is not None:
            table.move_cursor(row=at, animate=False, scroll=False)
            self.call_after_refresh(lambda: table.scroll_to(y=at, animate=False))

    def action_close(self) -> None:
        self.dismiss(None)
