"""The one way in for changes: validate, apply, write a timeline event, persist."""

from .service import IncidentService
from .session import IncidentSession

__all__ = ["IncidentService", "IncidentSession"]
