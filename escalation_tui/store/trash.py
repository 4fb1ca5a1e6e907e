"""The folder store's trash: a deleted incident's file and journal move to `trash/`, whole.

Nothing is rewritten, so a restore gives back exactly what was deleted. The order of the
two renames makes a crash at any moment harmless: delete moves the file first (an incident
without its file is not listed; a journal left behind names the file it extends and is
applied again once the file is back), restore moves the journal first.
"""

import os
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, suppress
from pathlib import Path

from ..errors import NotFound, StoreError
from . import journal
from .base import resolve_prefix
from .storage import fsync_folder

TRASH = "trash"


class FolderTrash:
    """Mixed into IncidentStore: delete(), restore() and trashed_ids() of the Store contract."""

    # provided by IncidentStore (annotations only: nothing here shadows them)
    root: Path
    incidents_dir: Path
    path_for: Callable[[str], Path]
    locked: Callable[[str], AbstractContextManager[None]]
    forget: Callable[[str], None]

    @property
    def trash_dir(self) -> Path:
        return self.root / TRASH

    def trashed_ids(self) -> list[str]:
        folder = self.trash_dir
        if not folder.is_dir():
            return []
        return sorted(p.stem for p in folder.glob("*.json") if "." not in p.stem)

    def resolve_trashed(self, text: str) -> str:
        try:
            return resolve_prefix(self.trashed_ids(), text)
        except NotFound:
            raise NotFound(f"no deleted incident with id {text!r} in the trash") from None

    def delete(self, incident_id: str) -> None:
        """Move the incident to the trash (a restore brings it back exactly as it was)."""
        path = self.path_for(incident_id)
        trash = self.trash_dir
        try:
            trash.mkdir(exist_ok=True, mode=0o700)
        except OSError as error:
            raise StoreError(f"{trash}: cannot create the trash folder ({error.strerror})") from None
        with self.locked(incident_id):
            if not os.path.lexists(path):
                raise NotFound(f"no incident with id {incident_id!r}")
            target = trash / path.name
            if os.path.lexists(target):  # an older incident of the same id: kept beside it
                os.replace(target, trash / f"{incident_id}.replaced-{time.time_ns()}.json.old")
            os.replace(path, target)
            _move_if_there(journal.journal_path(path), journal.journal_path(target))
            fsync_folder(trash)
            fsync_folder(self.incidents_dir)
            self.forget(incident_id)

    def restore(self, incident_id: str) -> None:
        """Put a deleted incident back; refused while another incident has its id."""
        path = self.path_for(incident_id)
        source = self.trash_dir / path.name
        with self.locked(incident_id):
            if not os.path.lexists(source):
                raise NotFound(f"no deleted incident with id {incident_id!r} in the trash")
            if os.path.lexists(path):
                raise StoreError(f"an incident with id {incident_id!r} already exists; nothing was restored")
            _move_if_there(journal.journal_path(source), journal.journal_path(path))
            os.replace(source, path)
            fsync_folder(self.incidents_dir)
            fsync_folder(self.trash_dir)
            self.forget(incident_id)


def _move_if_there(source: Path, target: Path) -> None:
    with suppress(FileNotFoundError):
        os.replace(source, target)
