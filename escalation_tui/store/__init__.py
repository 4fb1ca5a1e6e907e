"""The only code that touches TinyDB and the data files."""

from .base import Store
from .incident_store import IncidentStore, StoreProblem
from .migrations import SCHEMA_VERSION
from .opening import open_store

__all__ = [
    "SCHEMA_VERSION",
    "IncidentStore",
    "Store",
    "StoreProblem",
    "open_store",
]
