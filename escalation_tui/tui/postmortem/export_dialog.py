"""Save the post-mortem: an editable path, pre-filled; an existing file is replaced only if confirmed.

The dialog does not write itself: it calls `save(path, overwrite)`, which raises an
EscalationError with one line (folder missing, permission denied...). That line is shown
in the dialog and the typed path is kept.
"""

from collections.abc import Callable
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, Static

from ...domain.text import for_terminal
from ...errors import InvalidInput
from ..dialogs.base import Dialog
from ..dialogs.confirm import ConfirmDialog

Save = Callable[[Path, bool], Path]  # (path, overwrite) -> where it was written


class ExportDialog(Dialog[Path]):
    def __init__(self, default: str, folder: Path, save: Save, note: Content | str = "") -> None:
        super().__init__()
        self.default = default
        self.folder = folder  # where a relative path lands (the current working folder)
        self.save = save
        self.note = note if isinstance(note, Content) else Content(note)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="export-dialog"):
            yield Static("Save the post-mortem as Markdown", classes="dialog-title")
            if self.note.plain:
                yield Static(self.note, id="export-note")
            yield Label(Content(f"File (a relative path is saved in {self.folder})"))
            yield Input(self.default, id="export-path", compact=True)
            yield from self.error_and_buttons()

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def target(self) -> Path:
        typed = self.query_one(Input).value.strip()
        if not typed:
            raise InvalidInput("Type a file name, e.g. " + self.default)
        path = Path(typed).expanduser()
        return path if path.is_absolute() else self.folder / path

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_submit(self) -> None:
        try:
            path = self.target()
            exists = path.is_file()
        except InvalidInput as error:
            self.show_error(str(error))
            return
        except OSError as error:  # e.g. a folder on the way that may not be read
            self.show_error(
                f"{error.filename or self.query_one(Input).value}: {error.strerror}; nothing was written"
            )
            return
        if not exists:
            self.attempt(lambda: self.save(path, False))
            return

        def answered(replace: bool | None) -> None:
            if replace:
                self.attempt(lambda: self.save(path, True))
            else:
                self.query_one(Input).focus()

        question = Content.from_markup(
            "[b]$path[/b] already exists.\n\nReplace it with this post-mortem?", path=for_terminal(str(path))
        )
        self.app.push_screen(ConfirmDialog(question, yes="Replace", no="Keep it"), answered)
