"""Quick add: one line such as `Add canary @lee !p1 prevent due:fri`, its parse shown live."""

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Static

from ....domain.enums import ActionType, Priority
from ....domain.quickadd import QuickAdd, due_examples, parse_quick_add
from ....domain.text import clean_text
from ....errors import InvalidInput
from ...dialogs.base import Dialog
from .action_check_dialog import check_action_fields

EXAMPLE = "Add canary for pool size @lee !p1 prevent due:fri"
TOKENS = "@owner   !p1 !p2 !p3   type:detect (or just the word, after a token)\n"


def due_tokens(today: date) -> str:
    return "  ".join(f"due:{example}" for example in due_examples(today))


class ActionQuickAddDialog(Dialog[QuickAdd]):
    def __init__(self, today: date, save: Callable[[QuickAdd], None] = lambda parsed: None) -> None:
        super().__init__()
        self.today = today  # from the injected clock, so +7d and fri are testable
        self.save = save  # applies it while the dialog is open: a refusal keeps the line here

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="action-quick-add"):
            yield Static("Add an action item", classes="dialog-title")
            yield Input(placeholder=EXAMPLE, id="quick-line", compact=True)
            yield Static(id="quick-preview")
            yield Static(classes="dialog-error")
            yield Static(Content(TOKENS + due_tokens(self.today)), id="quick-tokens")
            yield Static("Enter adds · esc cancels", id="quick-keys", classes="dialog-keys")

    def on_mount(self) -> None:
        self.parse("")
        self.query_one("#quick-line", Input).focus()

    def clear(self, today: date) -> None:
        """As new, for another item (the pane shows this dialog again: push_kept)."""
        self.today = today
        line = self.query_one("#quick-line", Input)
        with line.prevent(Input.Changed):  # parsed here, at once: not again a frame later
            line.value = ""
        self.parse("")
        line.focus()

    @on(Input.Changed, "#quick-line")
    def line_changed(self, event: Input.Changed) -> None:
        self.parse(event.value)

    def parse(self, line: str) -> QuickAdd:
        """Show what Enter would create, and what is wrong with it, as the user types."""
        parsed = parse_quick_add(line, self.today)
        preview = self.query_one("#quick-preview", Static)
        error = self.query_one(".dialog-error", Static)
        if not line.strip():
            preview.update(Content("Type what needs doing; the tokens below fill in the other fields."))
            error.display = False
        else:
            preview.update(Content("→ " + clean_text(parsed.preview(), multiline=False)))  # no pasted ESC
            error.update(Content("\n".join(parsed.errors)))
            error.display = bool(parsed.errors)
        return parsed

    @on(Input.Submitted, "#quick-line")
    def action_submit(self) -> None:
        parsed = self.parse(self.query_one("#quick-line", Input).value)
        self.attempt(lambda: self.saved(self.checked(parsed)))

    def saved(self, parsed: QuickAdd) -> QuickAdd:
        self.save(parsed)
        return parsed

    def checked(self, parsed: QuickAdd) -> QuickAdd:
        if parsed.errors:
            raise InvalidInput("Not added: " + "; ".join(parsed.errors))
        item = check_action_fields(
            {
                "title": parsed.title,
                "owner": parsed.owner,
                "due": parsed.due,
                "priority": parsed.priority or Priority.P2,
                "type": parsed.type or ActionType.PREVENT,
            }
        )
        return replace(parsed, title=item.title, owner=item.owner)  # cleaned, as they will be stored
