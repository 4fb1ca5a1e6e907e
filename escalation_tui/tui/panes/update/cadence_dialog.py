"""How often updates are due for one incident: minutes, 0 for none, empty for the severity default."""

from collections.abc import Callable
from dataclasses import dataclass

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, Static

from ....domain.cadence import DEFAULT_CADENCES, Cadence, format_minutes
from ....domain.enums import Severity
from ....domain.fields import describe_error
from ....domain.models import Incident
from ....errors import InvalidInput
from ...dialogs.base import Dialog


@dataclass(frozen=True)
class CadenceChoice:
    minutes: int | None  # None: back to the severity default; 0: no regular updates


def describe(cadence: Cadence) -> str:
    if cadence.first_update_minutes and cadence.first_update_minutes != cadence.interval_minutes:
        return f"{cadence.describe()}, the first within {format_minutes(cadence.first_update_minutes)}"
    return cadence.describe()


class CadenceDialog(Dialog[CadenceChoice]):
    def __init__(
        self,
        incident: Incident,
        cadences: dict[Severity, Cadence] | None = None,
        save: Callable[[CadenceChoice], None] = lambda choice: None,
    ) -> None:
        super().__init__()
        self.save = save  # applies the choice while the dialog is open: a refusal keeps what was typed
        self.incident = incident
        self.default = (cadences or DEFAULT_CADENCES)[incident.severity]

    def compose(self) -> ComposeResult:
        current = self.incident.cadence_minutes
        with Vertical(classes="dialog", id="cadence"):
            yield Static("Update cadence for this incident", classes="dialog-title")
            yield Static(
                Content(f"{self.incident.severity} default: {describe(self.default)}."),
                classes="dialog-body",
            )
            yield Label("Minutes between updates (0 = none, empty = the default)")
            yield Input(
                "" if current is None else str(current),
                placeholder=f"empty: the {self.incident.severity} default",
                id="cadence-minutes",
                compact=True,
            )
            yield from self.error_and_buttons()

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def parse(self, text: str) -> CadenceChoice:
        """The choice, or ValueError saying what is wrong, in words for the person typing."""
        text = text.strip()
        if not text:
            return CadenceChoice(None)
        try:
            minutes = int(text)
        except ValueError:
            raise ValueError(
                f"{text!r} is not a number: type whole minutes, 0 for none, or nothing"
            ) from None
        probe = self.incident.model_copy()
        try:  # the model's own rule (the one the service applies), checked here so the text is kept
            probe.cadence_minutes = minutes
        except ValidationError as error:
            raise ValueError(describe_error(error)) from None
        return CadenceChoice(minutes)

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_submit(self) -> None:
        self.attempt(self.saved)

    def saved(self) -> CadenceChoice:
        try:
            choice = self.parse(self.query_one(Input).value)
        except ValueError as error:
            raise InvalidInput(str(error)) from None
        self.save(choice)
        return choice
