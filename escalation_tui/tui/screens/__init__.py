"""Full screens: the incident list, the war room and the help."""

from .help import HelpScreen
from .incident_list import IncidentListScreen
from .war_room import WarRoomScreen

__all__ = ["HelpScreen", "IncidentListScreen", "WarRoomScreen"]
