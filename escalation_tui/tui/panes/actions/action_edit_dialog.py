"""Edit every field of an action item; dismisses with the fields that changed.

The due date takes the quick-add forms too (+7d, fri, 12-03) and says live what it
means; a date that does not parse is a message under the form, never a crash.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, Label, Select, Static

from ....domain.enums import ActionStatus, ActionType, Priority
from ....domain.models import ActionItem, Why
from ....domain.quickadd import due_examples, parse_due
from ....domain.text import first_line
from ....errors import InvalidInput
from ...dialogs.base import Dialog
from .action_check_dialog import check_action_fields

_FIXED: dict[str, Any] = {"allow_blank": False, "compact": True}  # every Select here always has a value
NO_CAUSE = ""  # Select value for "not linked" (Select.NULL means "nothing chosen")
PRIORITY_CHOICES = [(Content(p.value), p) for p in Priority]
TYPE_CHOICES = [(Content(t.value), t) for t in ActionType]
STATUS_CHOICES = [
    (Content("open"), ActionStatus.OPEN),
    (Content("in progress"), ActionStatus.IN_PROGRESS),
    (Content("done"), ActionStatus.DONE),
    (Content("won't do"), ActionStatus.WONT_DO),
]


def describe_due(text: str, today: date) -> tuple[date | None, str]:
    """The date typed (None for none) and what it means to a person; ValueError if it is not one."""
    if not text.strip():
        return None, "no due date (it will be flagged)"
    due = parse_due(text, today)
    days = (due - today).days
    span = f"{abs(days)} day{'s' if abs(days) != 1 else ''}"
    when = "today" if days == 0 else f"in {span}" if days > 0 else f"{span} ago (overdue)"
    return due, f"{due:%a %Y-%m-%d}, {when}"


class ActionEditDialog(Dialog[dict]):
    def __init__(
        self,
        action: ActionItem,
        whys: list[Why],
        today: date,
        save: Callable[[dict], None] = lambda changes: None,
    ) -> None:
        super().__init__()
        self.action = action
        self.whys = whys
        self.today = today
        self.save = save  # applies the changes while the dialog is open: a refusal keeps the form

    def compose(self) -> ComposeResult:
        action = self.action
        causes = [(Content("— none —"), NO_CAUSE)] + [
            (Content(("★ " if w.is_root_cause else "") + first_line(w.statement, 60)), w.id)
            for w in self.whys
        ]
        linked = action.why_id if any(w.id == action.why_id for w in self.whys) else NO_CAUSE
        with VerticalScroll(classes="dialog", id="action-edit"):
            yield Static("Edit action item", classes="dialog-title")
            yield Static(classes="dialog-error")
            with Grid(id="action-form"):
                yield Label("Title")
                yield Input(action.title, id="title", compact=True)
                yield Label("Owner")
                yield Input(action.owner, placeholder="who follows it up", id="owner", compact=True)
                yield Label("Due")
                yield Input(
                    action.due.isoformat() if action.due else "",
                    placeholder=", ".join(due_examples(self.today)[1:5]),
                    id="due",
                    compact=True,
                )
                yield Label("")
                yield Static(id="due-hint")
                yield Label("Priority")
                yield Select(PRIORITY_CHOICES, value=action.priority, **_FIXED, id="priority")
                yield Label("Type")
                yield Select(TYPE_CHOICES, value=action.type, **_FIXED, id="type")
                yield Label("Status")
                yield Select(STATUS_CHOICES, value=action.status, **_FIXED, id="status")
                yield Label("Cause")
                yield Select(causes, value=linked, **_FIXED, id="cause")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="save", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.due_changed()
        self.query_one("#title", Input).focus()

    @on(Input.Changed, "#due")
    def due_changed(self) -> None:
        hint = self.query_one("#due-hint", Static)
        try:
            _, meaning = describe_due(self.query_one("#due", Input).value, self.today)
        except ValueError as error:
            hint.update(Content(str(error)))
            hint.add_class("-invalid")
        else:
            hint.update(Content(meaning))
            hint.remove_class("-invalid")

    def changes(self) -> dict:
        """The fields that differ from the item, checked; InvalidInput says what is wrong."""
        try:
            due, _ = describe_due(self.query_one("#due", Input).value, self.today)
        except ValueError as error:
            self.query_one("#due", Input).focus()
            raise InvalidInput(f"due: {error}") from None
        cause = self.query_one("#cause", Select).value
        fields = {
            "title": self.query_one("#title", Input).value,
            "owner": self.query_one("#owner", Input).value.strip().removeprefix("@"),
            "due": due,
            "priority": self.query_one("#priority", Select).value,
            "type": self.query_one("#type", Select).value,
            "status": self.query_one("#status", Select).value,
            "why_id": cause if cause not in (NO_CAUSE, Select.NULL) else None,
        }
        checked = check_action_fields({**self.action.model_dump(), **fields})
        before = self.action.model_dump()
        return {name: getattr(checked, name) for name in fields if getattr(checked, name) != before[name]}

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_submit(self) -> None:
        self.attempt(self.saved)

    def saved(self) -> dict:
        changes = self.changes()
        self.save(changes)
        return changes
