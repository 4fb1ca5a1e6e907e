"""Declare an incident: title, severity, kind, commander, summary; the service validates."""

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from ...domain.cadence import DEFAULT_CADENCES
from ...domain.enums import Kind, Severity
from ...service import IncidentSession
from .base import Dialog

Declare = Callable[..., IncidentSession]  # IncidentService.declare

KIND_CHOICES = [
    ("technical (outage, bug)", Kind.TECHNICAL),
    ("process (deadline, access)", Kind.PROCESS),
    ("people (confidential)", Kind.PEOPLE),
]


class NewIncidentDialog(Dialog[IncidentSession]):
    def __init__(self, declare: Declare, commander: str = "", cadences: dict | None = None) -> None:
        super().__init__()
        self.declare = declare
        self.commander = commander
        cadences = cadences or DEFAULT_CADENCES
        self.severity_choices = [(f"{s} · {cadences[s].describe()}", s) for s in Severity]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="new-incident"):
            yield Static("Declare an incident", classes="dialog-title")
            yield Static(classes="dialog-error")  # at the top, so it is seen without scrolling
            yield Label("Title")
            yield Input(placeholder="What is broken, in a few words", id="title", compact=True)
            with Horizontal(classes="dialog-row"):
                with Vertical():
                    yield Label("Severity")
                    yield Select(
                        self.severity_choices,
                        value=Severity.SEV2,
                        allow_blank=False,
                        id="severity",
                        compact=True,
                    )
                with Vertical():
                    yield Label("Kind")
                    yield Select(
                        KIND_CHOICES, value=Kind.TECHNICAL, allow_blank=False, id="kind", compact=True
                    )
            yield Label("Incident commander")
            yield Input(self.commander, id="commander", compact=True)
            yield Label("Summary (what users see; optional)")
            yield TextArea(id="summary", soft_wrap=True)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Declare", variant="primary", id="declare")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#declare")
    def action_submit(self) -> None:
        self.attempt(
            lambda: self.declare(
                title=self.query_one("#title", Input).value,
                severity=self.query_one("#severity", Select).value,
                kind=self.query_one("#kind", Select).value,
                summary=self.query_one("#summary", TextArea).text,
                commander=self.query_one("#commander", Input).value,
            )
        )
