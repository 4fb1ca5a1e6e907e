"""Log a stakeholder update: pick the audience, edit the pre-drafted text, save (and copy it)."""

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Label, RadioButton, RadioSet, Static, TextArea

from ....domain.cadence import Cadence
from ....domain.clock import Clock
from ....domain.drafts import draft_update
from ....domain.enums import Audience, Severity
from ....domain.models import Incident, StatusUpdate
from ....domain.updates import next_audience
from ...dialogs.base import Dialog
from ...dialogs.confirm import ConfirmDialog
from ...keys import bindings

LogUpdate = Callable[..., Incident]  # IncidentSession.log_update(audience, text, send=...)
ChannelsFor = Callable[[Audience], list[str]]  # the channels an update to that audience goes to


class UpdateDialog(Dialog[StatusUpdate]):
    """Dismisses with the StatusUpdate as saved (its text cleaned by the domain), or None.

    Opens with the audience chooser focused: i, e or c picks one and moves to the text, so
    any audience costs three keys (u, a letter, ctrl+s) plus what is typed. In the text,
    letters are text: the TextArea takes printable keys before the dialog's bindings.
    """

    BINDINGS = bindings("update_dialog")

    def __init__(
        self,
        incident: Incident,
        clock: Clock,
        log_update: LogUpdate,
        audience: Audience | None = None,
        cadences: dict[Severity, Cadence] | None = None,
        channels_for: ChannelsFor | None = None,
    ) -> None:
        super().__init__()
        self.channels_for = channels_for
        self.incident = incident
        self.clock = clock
        self.log_update = log_update
        self.audience = audience or next_audience(incident)  # the one that has waited longest
        self.cadences = cadences
        self.draft = ""

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="log-update"):
            yield Static("Log a stakeholder update", classes="dialog-title")
            yield Static(classes="dialog-error")  # at the top, so it is seen without scrolling
            yield Label("Audience: i internal · e executive · c customer (or arrows and enter)")
            with RadioSet(id="update-audience"):
                for audience in Audience:
                    yield RadioButton(audience.value, value=audience == self.audience, name=audience.value)
            yield Label(
                "Draft: fill in the blanks · ctrl+s saves and copies · esc cancels", classes="dialog-keys"
            )
            yield TextArea(id="update-text", soft_wrap=True)
            yield Static(id="update-channels", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save & copy", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.show_channels()
        self.redraft()
        self.query_one(RadioSet).focus()

    @property
    def text_area(self) -> TextArea:
        return self.query_one("#update-text", TextArea)

    @property
    def edited(self) -> bool:
        return self.text_area.text.strip() != self.draft.strip()

    def redraft(self) -> None:
        self.draft = draft_update(self.incident, self.audience, self.clock.now(), self.cadences)
        area = self.text_area
        area.load_text(self.draft)
        # The cursor waits at the first blank to fill in ("Doing now: ", "ETA: ").
        lines = self.draft.splitlines()
        row = next((i for i, line in enumerate(lines) if line.endswith(": ")), 0)
        area.cursor_location = (row, len(lines[row]) if lines else 0)

    def show_channels(self) -> None:
        """Before ctrl+s: where this update will go (hidden when no channel is configured)."""
        line = self.query_one("#update-channels", Static)
        names = self.channels_for(self.audience) if self.channels_for is not None else None
        line.display = names is not None
        if names:
            line.update(f"Sends to {', '.join(names)} · ctrl+n records without sending")
        elif names is not None:
            line.update(f"No channel takes {self.audience.value} updates: recorded only")

    @on(RadioSet.Changed)
    def audience_chosen(self, event: RadioSet.Changed) -> None:
        if event.pressed.name:
            self.audience = Audience(event.pressed.name)
        self.show_channels()
        self.text_area.focus()
        if not self.edited:
            self.redraft()
            return

        def answered(replace: bool | None) -> None:
            if replace:
                self.redraft()

        question = Content.from_markup(
            "Replace your edited text with the draft for [b]$audience[/b]?", audience=self.audience.value
        )
        self.app.push_screen(ConfirmDialog(question, yes="Replace", no="Keep my text"), answered)

    def action_audience(self, name: str) -> None:
        """One key: pick the audience (redrafting as a click would) and go to the text."""
        if self.text_area.has_focus:
            return  # a letter typed into the text is text (only reached if the area let it through)
        audience = Audience(name)
        if audience == self.audience:
            self.text_area.focus()
            return
        button = next(b for b in self.query(RadioButton) if b.name == audience.value)
        button.value = True  # RadioSet.Changed follows: redraft and focus the text

    @on(Button.Pressed, "#save")
    def action_submit(self) -> None:
        text = self.text_area.text
        self.attempt(lambda: self.log_update(self.audience, text).updates[-1])

    def action_submit_unsent(self) -> None:
        text = self.text_area.text
        self.attempt(lambda: self.log_update(self.audience, text, send=False).updates[-1])

    def action_cancel(self) -> None:
        """Typed text is not thrown away without asking."""
        if not self.edited or not self.text_area.text.strip():
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmDialog("Discard this update? It was not saved.", yes="Discard", no="Keep editing"),
            answered,
        )
