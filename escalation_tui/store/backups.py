"""Rotating backups of the last saved states of each incident file.

Each time the incident file is written whole, the same bytes are also written to
backups/<id>.1.json (older ones shift to .2, .3, each with its journal). Changes appended
to the incident's journal are appended to backups/<id>.1.journal too. Separate files, not
hard links: if something outside the program damages the incident file or its journal in
place, the newest backup still holds the latest saved state. No fsync here: the incident
file and its journal are already durable.
"""

import contextlib
import os
from pathlib import Path

from .journal import journal_path

KEEP = 3
BACKUP_TEMP_SUFFIX = ".backup.tmp"  # a kill can leave one: the store removes stale ones on open


def backup_path(folder: Path, incident_id: str, n: int) -> Path:
    return folder / f"{incident_id}.{n}.json"


def rotate_in(payload: bytes, folder: Path, incident_id: str, keep: int = KEEP) -> None:
    """Shift .1 -> .2 -> ... and write payload as .1. Never raises: a backup is best effort."""
    try:
        for n in range(keep - 1, 0, -1):
            older = backup_path(folder, incident_id, n)
            newer = backup_path(folder, incident_id, n + 1)
            if older.exists():
                os.replace(older, newer)
                _shift_journal(journal_path(older), journal_path(newer))
        _remove(journal_path(backup_path(folder, incident_id, 1)))  # .1 is about to be whole
        temp = folder / f".{incident_id}{BACKUP_TEMP_SUFFIX}"
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(temp, backup_path(folder, incident_id, 1))
    except OSError:
        pass  # a missing backup must not stop the user's change from being saved


def _shift_journal(older: Path, newer: Path) -> None:
    if older.exists():
        os.replace(older, newer)
    else:
        _remove(newer)  # it extends another file: never applied, but misleading


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def append_to_newest(data: bytes, folder: Path, incident_id: str, expected_size: int) -> int | None:
    """Append a journal's bytes to the newest backup's journal; its new size, or None when
    it could not be (the next whole write makes a fresh backup). Never raises."""
    path = journal_path(backup_path(folder, incident_id, 1))
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        try:
            if os.fstat(fd).st_size != expected_size:
                return None
            if os.write(fd, data) != len(data):
                return None
        finally:
            os.close(fd)
    except OSError:
        return None
    return expected_size + len(data)


def backups_of(folder: Path, incident_id: str) -> list[Path]:
    """Existing backups, newest first."""
    found = [backup_path(folder, incident_id, n) for n in range(1, KEEP + 1)]
    return [p for p in found if p.exists()]


def keep_copy(current: Path, target: Path) -> None:
    """A permanent copy (the original of a file before a schema migration), with its journal
    (the changes saved since the file was written whole: the whole write after it removes it)."""
    if not target.exists():
        os.link(current, target)
    if journal_path(current).exists() and not journal_path(target).exists():
        os.link(journal_path(current), journal_path(target))
