"""Modal dialogs. Each is a ModalScreen that dismisses with its result (None when cancelled)."""

from .action_edit import ActionEditDialog
from .action_quick_add import ActionQuickAddDialog
from .cadence import CadenceChoice, CadenceDialog
from .choice import ChoiceDialog
from .confirm import ConfirmDialog
from .item_text import ItemTextDialog, text_check
from .milestone_time import MilestoneTimeDialog
from .new_incident import NewIncidentDialog
from .note import NoteDialog
from .roles import RolesDialog
from .update import UpdateDialog
from .why_action import WhyActionDialog
from .why_text import WhyTextDialog

__all__ = [
    "ActionEditDialog",
    "ActionQuickAddDialog",
    "CadenceChoice",
    "CadenceDialog",
    "ChoiceDialog",
    "ConfirmDialog",
    "ItemTextDialog",
    "MilestoneTimeDialog",
    "NewIncidentDialog",
    "NoteDialog",
    "RolesDialog",
    "UpdateDialog",
    "WhyActionDialog",
    "WhyTextDialog",
    "text_check",
]
