"""War-room widgets: one file per pane, each a Pane (data in, ChangeRequested out)."""

from .actions import ActionsPane
from .checklist import ChecklistPane
from .countdown import CountdownPane
from .header import IncidentHeader
from .nav import VimDataTable, VimOptionList, VimTree
from .pane import Pane
from .timeline import TimelinePane
from .whys import WhysPane
from .wrap_table import WrapTable

__all__ = [
    "ActionsPane",
    "ChecklistPane",
    "CountdownPane",
    "IncidentHeader",
    "Pane",
    "TimelinePane",
    "VimDataTable",
    "VimOptionList",
    "VimTree",
    "WhysPane",
    "WrapTable",
]
