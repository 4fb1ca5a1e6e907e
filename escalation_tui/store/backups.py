"""Rotating backups of the last saved states of each incident file.

After each save the bytes just written are also written to backups/<id>.1.json (older
ones shift to .2, .3). A separate file, not a hard link: if something outside the
program damages the incident file in place, the newest backup still holds the latest
saved state. No fsync here: the incident file itself is already durable.
"""

import os
from pathlib import Path

KEEP = 3
BACKUP_TEMP_SUFFIX = ".backup.tmp"  # a kill can leave one: the store removes stale ones on open


def backup_path(folder: Path, incident_id: str, n: int) -> Path:
    return folder / f"{incident_id}.{n}.json"


def rotate_in(payload: bytes, folder: Path, incident_id: str, keep: int = KEEP) -> None:
    """Shift .1 -> .2 -> ... and write payload as .1. Never raises: a backup is best effort."""
    try:
        for n in range(keep - 1, 0, -1):
            older = backup_path(folder, incident_id, n)
            if older.exists():
                os.replace(older, backup_path(folder, incident_id, n + 1))
        temp = folder / f".{incident_id}{BACKUP_TEMP_SUFFIX}"
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(temp, backup_path(folder, incident_id, 1))
    except OSError:
        pass  # a missing backup must not stop the user's change from being saved


def backups_of(folder: Path, incident_id: str) -> list[Path]:
    """Existing backups, newest first."""
    found = [backup_path(folder, incident_id, n) for n in range(1, KEEP + 1)]
    return [p for p in found if p.exists()]


def keep_copy(current: Path, target: Path) -> None:
    """A permanent copy (the original of a file before a schema migration)."""
    if not target.exists():
        os.link(current, target)
