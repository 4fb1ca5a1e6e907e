"""doctor and recover: find damaged incident files and restore the newest valid backup.

Recovery is itself crash-safe, and nothing is ever deleted:
1. the damaged file gets a second name first (…json.damaged-<time>[-n], a hard link, or a
   copy where links are not supported); the names never collide, and the damaged file
   stays in place meanwhile;
2. the backup (with the changes in its journal) is copied to a restore temp file
   (.ID.json.restore-….tmp) and fsynced;
3. the temp file is renamed over the damaged one: one atomic step;
4. the incident's journal, which extended the damaged file, gets a second name the same way.
A kill at any point leaves the incident file in place (damaged or restored) and every
backup; a restore temp file left behind is a complete copy that only doctor reports.

Only damage is restored. A file written by a newer escalation-tui, a symbolic link or a
file that cannot be read for other reasons is reported and left alone.
"""

import errno
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..domain.models import Incident
from ..errors import CorruptStore, NewerSchema, NotFound, RefusedFile, StoreError
from .backups import BACKUP_TEMP_SUFFIX
from .incident_store import IncidentStore
from .journal import journal_path
from .set_aside import SetAside
from .storage import RESTORE_MARK, fsync_folder, temp_files, write_atomically

DAMAGED = "damaged"  # does not parse or validate: recover restores the newest valid backup
MISSING = "missing"  # no incident file, only backups: recover restores the newest
NEWER = "newer"  # written by a newer escalation-tui: upgrade, never roll back
REFUSED = "refused"  # a symbolic link or another non-regular file: never followed or replaced
UNREADABLE = "unreadable"  # e.g. no permission: nothing to restore, the file may be fine
SET_ASIDE = "set-aside"  # the file is fine; changes in a journal were not applied: recover folds them in
RECOVERABLE = (DAMAGED, MISSING)


@dataclass(frozen=True)
class FileReport:
    incident_id: str
    path: Path
    problem: str | None  # None: the file is fine
    backup: Path | None = None  # newest valid backup, for a damaged or missing file
    backup_incident: Incident | None = None
    kind: str = "ok"
    set_aside: tuple[SetAside, ...] = ()  # journals holding changes not applied (kind SET_ASIDE)

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def recoverable(self) -> bool:
        return self.kind in RECOVERABLE and self.backup is not None


@dataclass(frozen=True)
class Leftover:
    """A temp file still in the store: of a write in progress, or left by a crash."""

    path: Path
    description: str


def backed_up_ids(store: IncidentStore) -> list[str]:
    """Ids that have rotating backups (ID.N.json)."""
    found = set()
    for path in store.backups_dir.glob("*.json"):
        parts = path.name.split(".")
        if len(parts) == 3 and parts[1].isdigit() and not path.name.startswith("."):
            found.add(parts[0])
    return sorted(found)


def known_ids(store: IncidentStore) -> list[str]:
    """Every incident the store holds a file or a backup of."""
    return sorted(set(store.ids()) | set(backed_up_ids(store)))


def resolve_known_id(store: IncidentStore, text: str) -> str:
    """Like store.resolve_id, but also finds an incident of which only backups are left."""
    try:
        return store.resolve_id(text)
    except NotFound:
        wanted = text.strip().lower()
        matches = [i for i in backed_up_ids(store) if wanted and i.startswith(wanted)]
        if wanted in matches or len(matches) == 1:
            return wanted if wanted in matches else matches[0]
        raise


def examine(store: IncidentStore, progress: Callable[[int, int], None] | None = None) -> list[FileReport]:
    """Every incident file, checked; damaged ones with their best backup; lost ones with theirs.
    `progress(done, total)` is told as it goes (a store of years takes a while)."""
    ids = known_ids(store)
    reports = []
    for done, incident_id in enumerate(ids, 1):
        reports.append(examine_one(store, incident_id))
        if progress is not None:
            progress(done, len(ids))
    return reports


def examine_one(store: IncidentStore, incident_id: str) -> FileReport:
    path = store.path_for(incident_id)
    if not os.path.lexists(path):
        backup, incident = _newest_valid_backup(store, incident_id)
        if backup is None:
            raise NotFound(f"no incident file for id {incident_id!r} in {store.incidents_dir}")
        problem = "the incident file is missing; its backups are still there"
        return FileReport(incident_id, path, problem, backup, incident, MISSING)
    try:
        store.read_file(path, incident_id)
        kept = tuple(store.not_applied(incident_id))
        if kept:
            return FileReport(incident_id, path, kept[0].describe(), kind=SET_ASIDE, set_aside=kept)
        return FileReport(incident_id, path, None)
    except CorruptStore as error:
        kind, problem = DAMAGED, error.problem
    except NewerSchema as error:  # the file's, or its journal's (then named: the file itself is fine)
        return FileReport(incident_id, Path(error.path), error.problem, kind=NEWER)
    except RefusedFile as error:
        return FileReport(incident_id, path, error.problem, kind=REFUSED)
    except StoreError as error:
        return FileReport(incident_id, path, _without_path(error, path), kind=UNREADABLE)
    backup, incident = _newest_valid_backup(store, incident_id)
    return FileReport(incident_id, path, problem, backup, incident, kind)


def _without_path(error: StoreError, path: Path) -> str:
    problem = getattr(error, "problem", None) or str(error)
    return problem.removeprefix(f"{path}: ")


def _newest_valid_backup(store: IncidentStore, incident_id: str) -> tuple[Path | None, Incident | None]:
    for candidate in store.backups(incident_id):
        try:
            incident, _ = store.read_file(candidate, incident_id)
            return candidate, incident
        except StoreError:
            continue
    return None, None


def restore(store: IncidentStore, report: FileReport, now: datetime) -> Path | None:
    """Put the backup in place; returns where the damaged file was kept (None: there was none).

    The store is examined again under the incident's lock: if the file changed since
    `report` was made (another recover, a save), nothing is done.
    """
    if not report.recoverable or report.backup is None:
        raise StoreError(f"{report.path}: nothing to restore")
    with store.locked(report.incident_id):
        current = examine_one(store, report.incident_id)
        if (current.kind, current.backup, current.problem) != (report.kind, report.backup, report.problem):
            raise StoreError(
                f"{report.path}: changed since it was examined; nothing was restored, run recover again"
            )
        payload = store.whole_bytes(report.backup)  # with the changes in its journal
        aside = keep_aside(report.path, now) if report.kind == DAMAGED else None
        write_atomically(report.path, payload, mark=RESTORE_MARK)
        _journal_aside(journal_path(report.path), now)
    return aside


def _journal_aside(path: Path, now: datetime) -> None:
    """The incident's journal extended the file just replaced (and may be the damage): kept
    under a name of its own. Until then it names that file, so it is never applied."""
    if os.path.lexists(path):
        keep_aside(path, now)
        path.unlink()


def keep_aside(path: Path, now: datetime) -> Path:
    """A second name for the damaged file, never one that exists already; durable before returning."""
    stem = f"{path.name}.damaged-{now:%Y%m%dT%H%M%S}"
    for n in range(1, 10_000):
        aside = path.with_name(stem if n == 1 else f"{stem}-{n}")
        try:
            os.link(path, aside)  # fails if aside exists: never overwrites
        except FileExistsError:
            continue
        except OSError as error:
            if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
                raise
            try:
                _copy_exclusive(path, aside)
            except FileExistsError:
                continue
        fsync_folder(path.parent)
        return aside
    raise StoreError(f"{path}: too many damaged copies kept beside it; move some away first")


def _copy_exclusive(source: Path, target: Path) -> None:
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(source.read_bytes())
        handle.flush()
        os.fsync(handle.fileno())


def leftovers(store: IncidentStore) -> list[Leftover]:
    """Temp files in the store; restore copies say what they hold (they are never deleted)."""
    found: list[Leftover] = []
    for temp in temp_files(store.incidents_dir) + temp_files(store.backups_dir):
        incident_id = temp.name[1:].split(".", 1)[0]
        if RESTORE_MARK in temp.name:
            try:
                incident, _ = store.read_file(temp, incident_id)
                what = f"a complete copy of incident {incident_id} (revision {incident.revision})"
            except StoreError:
                what = f"an incomplete copy of incident {incident_id}"
            found.append(
                Leftover(
                    temp,
                    f"{what}, left by an interrupted recover; delete it once "
                    f"`escalation-tui doctor` finds {incident_id} fine",
                )
            )
        elif temp.name.endswith(BACKUP_TEMP_SUFFIX):
            found.append(
                Leftover(
                    temp,
                    f"a backup of {incident_id} being written, or left by a crash "
                    f"(removed automatically after a minute)",
                )
            )
        else:
            found.append(
                Leftover(
                    temp,
                    f"a save of {incident_id} in progress, or left by a crash "
                    f"(removed automatically after a minute)",
                )
            )
    return found


def without_backup(store: IncidentStore, reports: list[FileReport]) -> list[str]:
    """Ids of readable incidents that have no backup yet (the next save makes one)."""
    return [r.incident_id for r in reports if r.ok and not store.backups(r.incident_id)]
