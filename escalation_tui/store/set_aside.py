"""Journals, and records of them, that were not applied: found, kept and described.

A journal is applied only to the file it extends (journal.py). When the file was edited
by hand, or an older copy put back, the changes in its journal are not in the file: the
next save keeps the journal in backups/ as ID.set-aside-<time>-r<revision>.journal, where
<revision> is the file's when it was set aside (its records past that revision were not
applied). A damaged last record is set aside the same way. Doctor reports each with its
path, opening the incident says so once, and recover folds what still fits back in
(set_aside_merge.py). A journal whose records are all in the file already (a crash between
writing the file whole and removing the journal) is simply retired, as before.
"""

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..domain.jsontext import load_json
from ..errors import StoreError
from . import journal
from .storage import read_store_file

_KEPT = re.compile(r"^(?P<id>[a-z0-9]+)\.set-aside-\d+(?:-r(?P<revision>-?\d+))?\.journal$")


@dataclass(frozen=True)
class SetAside:
    path: Path  # where the journal is kept: beside the incident file, or in backups/
    threshold: int  # the file's revision when it was set aside: records past it were not applied
    records: int = 0  # how many records were not applied
    damaged: int | None = None  # the number of a damaged line (never applied)
    problem: str | None = None  # it cannot be read at all

    def describe(self) -> str:
        if self.problem is not None:
            return f"a set-aside journal that cannot be read ({self.problem})"
        parts = []
        if self.records:
            were = "were" if self.records > 1 else "was"
            parts.append(
                f"{self.records} change{'s' if self.records > 1 else ''} saved after revision "
                f"{self.threshold} {were} not applied (the incident file was edited or replaced since)"
            )
        if self.damaged is not None:
            parts.append(f"the journal's line {self.damaged} is damaged and was not applied")
        return "; ".join(parts)


def aside_path(backups_dir: Path, incident_id: str, stamp: int, threshold: int) -> Path:
    return backups_dir / f"{incident_id}.set-aside-{stamp}-r{threshold}.journal"


def unapplied(found: journal.Journal, threshold: int) -> list[dict]:
    """The records past threshold (one that names no revision counts as not applied)."""
    return [r for r in found.records if (rev := journal.revision_of(r)) is None or rev > threshold]


def threshold_of(found: journal.Journal, file_raw: bytes) -> int | None:
    """The revision past which the journal's records are not in the file whose bytes are
    file_raw; None when nothing of it is left out (it can be retired)."""
    extends = found.base == journal.base_tag(file_raw)
    if extends and found.damaged is None:
        return None  # applied whole on every reading
    revision = file_revision(file_raw)
    if extends:  # every whole record was applied; only the damaged line was not
        return max([revision, *(r for r in map(journal.revision_of, found.records) if r is not None)])
    if found.damaged is None and not unapplied(found, revision):
        return None  # in the file already: left by a crash after the file was written whole
    return revision


def file_revision(raw: bytes) -> int:
    try:
        document: Any = load_json(raw)
        revision = document["incident"]["1"]["revision"]
    except (ValueError, KeyError, TypeError):
        return -1
    return revision if isinstance(revision, int) and not isinstance(revision, bool) else -1


def threshold_beside(file: Path) -> int | None:
    """threshold_of for the journal beside file; -1 (all of it) when it cannot be read."""
    try:
        found = journal.read_any(journal.journal_path(file))
        return None if found is None else threshold_of(found, read_store_file(file))
    except (OSError, StoreError):
        return -1  # kept whole: nothing of it is known to be in the file


def left_out(file: Path, raw: bytes, found: journal.Journal | None, seen: bool) -> SetAside | None:
    """What a reading of file (its bytes raw, the journal it applied `found`) left out of the
    journal beside it; `seen`: a journal may be there (found None then means one that
    extends another file, or none at all)."""
    if found is not None:
        threshold = threshold_of(found, raw) if found.damaged is not None else None
        if threshold is None:
            return None
        return SetAside(journal.journal_path(file), threshold, 0, found.damaged)
    return beside(file) if seen else None  # one that extends another file: rare, read again


def beside(file: Path) -> SetAside | None:
    """The journal beside an incident file, when some of it is not applied to the file."""
    journal_file = journal.journal_path(file)
    try:
        found = journal.read_any(journal_file)
        if found is None:
            return None
        threshold = threshold_of(found, read_store_file(file))
    except (FileNotFoundError, StoreError):
        return None  # reading the incident reports it
    if threshold is None:
        return None
    return SetAside(journal_file, threshold, len(unapplied(found, threshold)), found.damaged)


def kept(backups_dir: Path, incident_id: str) -> list[SetAside]:
    """The set-aside journals of an incident in backups/ (recover renames the ones it has
    dealt with, so they are no longer found here)."""
    found: list[SetAside] = []
    prefix = f"{incident_id}.set-aside-"
    try:
        with os.scandir(backups_dir) as entries:  # at every first opening: cheaper than glob
            names = sorted(e.name for e in entries if e.name.startswith(prefix))
    except OSError:
        return []
    for name in names:
        path = backups_dir / name
        match = _KEPT.match(name)
        if match is None or match["id"] != incident_id:
            continue
        threshold = int(match["revision"]) if match["revision"] is not None else -1
        try:
            entry = journal.read_any(path)
        except StoreError as error:
            found.append(SetAside(path, threshold, problem=getattr(error, "problem", str(error))))
            continue
        if entry is None:
            continue
        records = len(unapplied(entry, threshold))
        if records or entry.damaged is not None:
            found.append(SetAside(path, threshold, records, entry.damaged))
    return found
