"""The one way in for changes: validate, apply, write a timeline event, persist."""

from ..store.base import Known
from ..store.locking import no_lock_wait
from .documents import read_document, write_document
from .service import IncidentService
from .session import IncidentSession

__all__ = ["IncidentService", "IncidentSession", "Known", "no_lock_wait", "read_document", "write_document"]
