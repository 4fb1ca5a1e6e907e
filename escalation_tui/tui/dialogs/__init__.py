"""Modal dialogs. Each is a ModalScreen that dismisses with its result (None when cancelled)."""

from .choice import ChoiceDialog
from .confirm import ConfirmDialog
from .new_incident import NewIncidentDialog
from .note import NoteDialog

__all__ = ["ChoiceDialog", "ConfirmDialog", "NewIncidentDialog", "NoteDialog"]
