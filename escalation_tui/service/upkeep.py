"""doctor and recover: checking a folder store's files and restoring one from its backup.

Only a folder store keeps backup files; `folder_store` says whether a store is one, so the
callers never need to know the store's classes.
"""

from ..store import IncidentStore, Store
from ..store.recovery import (
    DAMAGED,
    MISSING,
    NEWER,
    REFUSED,
    FileReport,
    Leftover,
    examine,
    examine_one,
    leftovers,
    resolve_known_id,
    restore,
    without_backup,
)

__all__ = [
    "DAMAGED",
    "MISSING",
    "NEWER",
    "REFUSED",
    "FileReport",
    "Leftover",
    "examine",
    "examine_one",
    "folder_store",
    "leftovers",
    "resolve_known_id",
    "restore",
    "without_backup",
]


def folder_store(store: Store) -> IncidentStore | None:
    """The store as a folder store (with backups), or None for a server store."""
    return store if isinstance(store, IncidentStore) else None
