"""Turn a cause into an action item: what to do about the cause (shown above it), owner, due,
priority, type.

Due takes what the quick-add takes (a date, 12-03, +3d, +2w, tomorrow, fri); a date
it cannot read is said here, with everything typed kept. The `save(fields)` it is given
commits the change inside `attempt`: the dialog closes, or shows the service's refusal here.
"""

from collections.abc import Callable
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, Select, Static

from ....domain.enums import ActionType, Priority
from ....domain.quickadd import due_examples, parse_due
from ...dialogs.base import Dialog

PRIORITIES = [("P1 · now", Priority.P1), ("P2 · soon", Priority.P2), ("P3 · later", Priority.P3)]
TYPES = [
    ("prevent (stop a repeat)", ActionType.PREVENT),
    ("detect (see it sooner)", ActionType.DETECT),
    ("mitigate (limit harm)", ActionType.MITIGATE),
    ("process (how we work)", ActionType.PROCESS),
]


class WhyActionDialog(Dialog[bool]):
    def __init__(self, cause: str, today: date, save: Callable[[dict], object]) -> None:
        super().__init__()
        self.cause, self.today = cause, today
        self.save = save  # applies the action while the dialog is open: a refusal keeps the form
        examples = due_examples(today)
        self.due_label = f"Due ({examples[0]}, {examples[2]}, {examples[4]}…)"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="why-action"):
            yield Static("Action item for this cause", classes="dialog-title")
            yield Static(classes="dialog-error")
            # The cause is context, not the title: an action says what to do about it.
            yield Static(Content(f"Cause: {self.cause}"), id="action-cause", classes="dialog-body")
            yield Label("What needs doing")
            yield Input(
                placeholder="what to do about it, e.g. add a check, an alert, a test",
                id="action-title",
                compact=True,
            )
            with Horizontal(classes="dialog-row"):
                with Vertical():
                    yield Label("Owner")
                    yield Input(placeholder="name (optional)", id="action-owner", compact=True)
                with Vertical():
                    yield Label(self.due_label, id="due-label")
                    yield Input(placeholder="optional", id="action-due", compact=True)
            with Horizontal(classes="dialog-row"):
                with Vertical():
                    yield Label("Priority")
                    yield Select(
                        PRIORITIES, value=Priority.P2, allow_blank=False, id="action-priority", compact=True
                    )
                with Vertical():
                    yield Label("Type")
                    yield Select(
                        TYPES, value=ActionType.PREVENT, allow_blank=False, id="action-type", compact=True
                    )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Create", variant="primary", id="create")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#action-title", Input).focus()

    def due(self) -> date | None:
        """The due date typed, or None when blank; ValueError says what is wrong with it."""
        text = self.query_one("#action-due", Input).value.strip()
        return parse_due(text, self.today) if text else None

    @on(Input.Changed, "#action-due")
    def preview_due(self) -> None:
        """Show the date a relative entry means, as it is typed."""
        try:
            due = self.due()
        except ValueError:
            due = None
        label = f"Due: {due:%a %Y-%m-%d}" if due else self.due_label
        self.query_one("#due-label", Label).update(Content(label))

    @on(Input.Submitted)
    @on(Button.Pressed, "#create")
    def action_submit(self) -> None:
        try:
            due = self.due()
        except ValueError as error:
            self.show_error(str(error))
            self.query_one("#action-due", Input).focus()
            return
        fields = {
            "title": self.query_one("#action-title", Input).value,
            "owner": self.query_one("#action-owner", Input).value,
            "due": due,
            "priority": self.query_one("#action-priority", Select).value,
            "type": self.query_one("#action-type", Select).value,
        }

        def saved() -> bool:
            self.save(fields)
            return True

        self.attempt(saved)
