"""Turn a cause into an action item: title pre-filled with the cause, owner, due, priority, type.

Due takes what the quick-add takes (2026-12-03, 12-03, +3d, +2w, tomorrow, fri); a date
it cannot read is said here, with everything typed kept. `save(fields)` asks the pane,
which applies the change and closes the dialog, or shows the service's refusal here.
"""

from collections.abc import Callable
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, Select, Static

from ....domain.enums import ActionType, Priority
from ....domain.quickadd import parse_due
from ...dialogs.base import Dialog

DUE_LABEL = "Due (2026-12-03, +3d, fri…)"
PRIORITIES = [("P1 · now", Priority.P1), ("P2 · soon", Priority.P2), ("P3 · later", Priority.P3)]
TYPES = [
    ("prevent (stop a repeat)", ActionType.PREVENT),
    ("detect (see it sooner)", ActionType.DETECT),
    ("mitigate (limit harm)", ActionType.MITIGATE),
    ("process (how we work)", ActionType.PROCESS),
]


class WhyActionDialog(Dialog[bool]):
    def __init__(self, cause: str, today: date) -> None:
        super().__init__()
        self.cause, self.today = cause, today
        self.save: Callable[[dict], None] = lambda fields: None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="why-action"):
            yield Static("Action item for this cause", classes="dialog-title")
            yield Static(classes="dialog-error")
            yield Label("What needs doing")
            yield Input(self.cause, id="action-title", compact=True, select_on_focus=False)
            with Horizontal(classes="dialog-row"):
                with Vertical():
                    yield Label("Owner")
                    yield Input(placeholder="name (optional)", id="action-owner", compact=True)
                with Vertical():
                    yield Label(DUE_LABEL, id="due-label")
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
        label = f"Due: {due:%a %Y-%m-%d}" if due else DUE_LABEL
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
        self.save(
            {
                "title": self.query_one("#action-title", Input).value,
                "owner": self.query_one("#action-owner", Input).value,
                "due": due,
                "priority": self.query_one("#action-priority", Select).value,
                "type": self.query_one("#action-type", Select).value,
            }
        )
