"""The only code that touches TinyDB and the data files."""

from .base import Store
from .incident_store import IncidentStore, StoreProblem
from .migrations import SCHEMA_VERSION
from .opening import open_store
from .paths import ENV_VAR, default_store_path, resolve_store_path

__all__ = [
    "ENV_VAR",
    "SCHEMA_VERSION",
    "IncidentStore",
    "Store",
    "StoreProblem",
    "default_store_path",
    "open_store",
    "resolve_store_path",
]
