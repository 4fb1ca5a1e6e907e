"""Saving the post-mortem from its screen (s): confidential check, file dialog, the write.

The default file is `postmortem-YYYY-MM-DD-<slug>.md` in the current working folder, dated
the day the incident was *declared*, in UTC: the date people know the incident by, and the
same whenever the file is saved. The dialog shows the path, editable; an existing file is
replaced only after asking; a confidential incident asks before the dialog opens.
"""

from pathlib import Path

from textual.content import Content

from ...domain.models import Incident
from ...domain.text import shown_path, slugify
from ...service import write_document
from ..controls.incident_screen import IncidentScreen
from ..dialogs.confirm import ConfirmDialog
from .export_dialog import ExportDialog


def default_file_name(incident: Incident) -> str:
    """postmortem-YYYY-MM-DD-<slug>.md, dated the day the incident was declared (UTC)."""
    return f"postmortem-{incident.milestones.declared:%Y-%m-%d}-{slugify(incident.title)}.md"


def working_folder() -> Path:
    try:
        return Path.cwd()
    except OSError:  # the folder was deleted under us
        return Path.home()


class SavePostMortem(IncidentScreen):
    """The post-mortem screen's save action; the screen gives `document()` and `blame_count`."""

    def document(self) -> str:
        raise NotImplementedError

    @property
    def blame_count(self) -> int:
        raise NotImplementedError

    def action_save(self) -> None:
        incident = self.session.incident
        if not incident.confidential:
            self.open_export()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.open_export()

        question = Content.from_markup(
            "[b $warning]Confidential.[/] [b]$title[/b] is a confidential incident: the file will hold "
            "its details.\n\nSave it anyway, and share it only with the people who need to know?",
            title=incident.title,
        )
        self.app.push_screen(ConfirmDialog(question, yes="Save anyway", no="Cancel"), answered)

    def open_export(self) -> None:
        flags = self.blame_count
        if flags:
            many = flags != 1
            note = (
                f"The blame check flagged {flags} sentence{'s' if many else ''} (see 2 Blame check); "
                f"{'they are' if many else 'it is'} saved as written."
            )
        else:
            note = "The blame check found no blaming wording."

        def saved(path: Path | None) -> None:
            if path is not None:
                self.notify(f"Post-mortem saved to {shown_path(path)}", title="Saved", markup=False)

        dialog = ExportDialog(default_file_name(self.session.incident), working_folder(), self.write, note)
        self.app.push_screen(dialog, saved)

    def write(self, path: Path, overwrite: bool) -> Path:
        """The document as of now, exactly as render_postmortem returns it."""
        return write_document(path, self.document(), overwrite=overwrite)
