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
    SET_ASIDE,
    FileReport,
    Leftover,
    examine,
    examine_one,
    leftovers,
    resolve_known_id,
    restore,
    without_backup,
)
from ..store.set_aside_merge import Plan, fold_in, plan

__all__ = [
    "DAMAGED",
    "MISSING",
    "NEWER",
    "REFUSED",
    "SET_ASIDE",
    "FileReport",
    "Leftover",
    "Plan",
    "examine",
    "examine_one",
    "fold_in",
    "folder_store",
    "leftovers",
    "plan",
    "resolve_known_id",
    "restore",
    "without_backup",
]


def folder_store(store: Store) -> IncidentStore | None:
    """The store as a folder store (with backups), or None for a server store."""
    return store if isinstance(store, IncidentStore) else None


def not_applied_notice(store: Store, incident_id: str) -> str | None:
    """One line for a front end opening the incident, when some of its saved changes were not
    applied (set aside: the file was edited or replaced, or a journal record is damaged)."""
    folder = folder_store(store)
    kept = folder.not_applied(incident_id) if folder is not None else []
    if not kept:
        return None
    records = sum(k.records for k in kept)
    parts = []
    if records:
        were = "were" if records > 1 else "was"
        parts.append(
            f"{records} change{'s' if records > 1 else ''} saved earlier {were} not applied "
            "(its file was edited or replaced since)"
        )
    if any(k.damaged is not None or k.problem is not None for k in kept):
        parts.append("a damaged journal record was not applied")
    return (
        f"incident {incident_id}: {'; '.join(parts)}; `escalation-tui doctor` shows where they are "
        f"kept, `escalation-tui recover {incident_id}` applies what still fits"
    )
