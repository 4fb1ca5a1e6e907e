"""The handoff summary for the next shift (H in the war room): read it, copy it, hand it over.

The summary sits in a read-only text area, so it can be selected and copied by hand
whatever the terminal's clipboard does. "Hand over" (ctrl+s) records the handoff on the
timeline, so the next summary starts from here; with a file name typed, the summary is
written there first (a refused write records nothing). A confidential incident asks
before its summary goes into a file; an existing file is replaced only after asking.
"""

from collections.abc import Callable
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, Static, TextArea

from ...domain.models import Incident
from ...domain.text import for_terminal
from ...errors import InvalidInput
from .base import Dialog
from .confirm import ConfirmDialog

HandOver = Callable[[Path | None, bool], Incident]  # (file or None, overwrite) -> the incident saved


class HandoffDialog(Dialog[Incident]):
    def __init__(
        self, summary: str, hand_over: HandOver, folder: Path, suggested: str, confidential: bool
    ) -> None:
        super().__init__()
        self.summary = summary
        self.hand_over = hand_over
        self.folder = folder  # where a relative file name lands (the current working folder)
        self.suggested = suggested
        self.confidential = confidential

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="handoff-dialog"):
            yield Static(Content("Handoff summary for the next shift"), classes="dialog-title")
            yield TextArea(self.summary, read_only=True, soft_wrap=True, id="handoff-text")
            yield Label(Content(f"Also save to a file (optional; relative to {self.folder})"))
            yield Input(placeholder=self.suggested, id="handoff-file", compact=True)
            yield from self.error_and_buttons("Hand over", "save")

    def on_mount(self) -> None:
        self.query_one("#handoff-text", TextArea).focus()  # to read and scroll; tab reaches the file name

    def target(self) -> Path | None:
        typed = self.query_one("#handoff-file", Input).value.strip()
        if not typed:
            return None
        path = Path(typed).expanduser()
        return path if path.is_absolute() else self.folder / path

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_submit(self) -> None:
        try:
            path = self.target()
            exists = path is not None and path.is_file()
        except (InvalidInput, OSError) as error:
            self.show_error(f"{getattr(error, 'strerror', None) or error}; nothing was written")
            return
        if path is None:
            self.attempt(lambda: self.hand_over(None, False))
            return
        self.confirm_confidential(path, exists)

    def confirm_confidential(self, path: Path, exists: bool) -> None:
        if not self.confidential:
            self.confirm_replace(path, exists)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.confirm_replace(path, exists)

        question = Content.from_markup(
            "[b $warning]Confidential.[/] The file will hold this confidential incident's details.\n\n"
            "Save it anyway, and share it only with the people who need to know?"
        )
        self.app.push_screen(ConfirmDialog(question, yes="Save anyway", no="Cancel"), answered)

    def confirm_replace(self, path: Path, exists: bool) -> None:
        if not exists:
            self.attempt(lambda: self.hand_over(path, False))
            return

        def answered(replace: bool | None) -> None:
            if replace:
                self.attempt(lambda: self.hand_over(path, True))

        question = Content.from_markup(
            "[b]$path[/b] already exists.\n\nReplace it with this summary?", path=for_terminal(str(path))
        )
        self.app.push_screen(ConfirmDialog(question, yes="Replace", no="Keep it"), answered)
