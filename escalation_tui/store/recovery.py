"""doctor and recover: find damaged incident files and restore the newest valid backup.

A damaged file is never deleted: recovery moves it aside (…json.damaged-<time>) before
putting the backup in its place.
"""

import os
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..domain.models import Incident
from ..errors import NotFound, StoreError
from .incident_store import IncidentStore
from .storage import fsync_folder


@dataclass(frozen=True)
class FileReport:
    incident_id: str
    path: Path
    problem: str | None  # None: the file is fine
    backup: Path | None = None  # newest valid backup, for a damaged file
    backup_incident: Incident | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def examine(store: IncidentStore) -> list[FileReport]:
    """Every incident file, checked; damaged ones with their best backup."""
    return [examine_one(store, incident_id) for incident_id in store.ids()]


def examine_one(store: IncidentStore, incident_id: str) -> FileReport:
    path = store.path_for(incident_id)
    if not path.exists():
        raise NotFound(f"no incident file for id {incident_id!r} in {store.incidents_dir}")
    try:
        store.read_file(path)
        return FileReport(incident_id, path, None)
    except StoreError as error:
        problem = getattr(error, "problem", str(error))
    backup, incident = _newest_valid_backup(store, incident_id)
    return FileReport(incident_id, path, problem, backup, incident)


def _newest_valid_backup(store: IncidentStore, incident_id: str) -> tuple[Path | None, Incident | None]:
    for candidate in store.backups(incident_id):
        try:
            incident, _ = store.read_file(candidate)
            return candidate, incident
        except StoreError:
            continue
    return None, None


def restore(store: IncidentStore, report: FileReport, now: datetime) -> Path:
    """Put the backup in place; returns where the damaged file was moved."""
    if report.ok or report.backup is None:
        raise StoreError(f"{report.path}: nothing to restore")
    aside = report.path.with_name(f"{report.path.name}.damaged-{now:%Y%m%dT%H%M%S}")
    with store.locked(report.incident_id):
        os.replace(report.path, aside)
        temp = report.path.with_name(f".{report.path.name}.restore.tmp")
        shutil.copyfile(report.backup, temp)
        os.chmod(temp, 0o600)
        with open(temp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temp, report.path)
        fsync_folder(report.path.parent)
    return aside
