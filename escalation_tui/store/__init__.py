"""The only code that touches TinyDB and the data files."""

from .incident_store import IncidentStore, StoreProblem
from .migrations import SCHEMA_VERSION
from .paths import ENV_VAR, default_store_path, resolve_store_path

__all__ = [
    "ENV_VAR",
    "SCHEMA_VERSION",
    "IncidentStore",
    "StoreProblem",
    "default_store_path",
    "resolve_store_path",
]
