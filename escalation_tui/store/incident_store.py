"""The store: one small TinyDB file per incident in a private folder.

One file per incident keeps the cost of saving a change independent of how many past
incidents there are (TinyDB rewrites the whole file on every write).
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from tinydb import TinyDB
from tinydb.storages import Storage

from ..domain.fields import describe_error
from ..domain.integrity import ID_COLLECTIONS, check_incident
from ..domain.jsontext import load_json
from ..domain.models import Incident
from ..errors import CorruptStore, InvalidInput, NewerSchema, NotFound, RefusedFile, StoreError
from . import migrations
from .backups import backups_of, keep_copy, rotate_in
from .base import Known, no_watch, resolve_prefix
from .locking import file_lock
from .serialise import EMPTY, ListCache, file_payload, items_json
from .storage import (
    NOT_FOLLOWED,
    AtomicJSONStorage,
    read_store_file,
    remove_stale_temp_files,
    write_payload,
)

FOLDER_MODE = 0o700
_DOC_ID = 1  # each table holds exactly one document


@dataclass(frozen=True)
class StoreProblem:
    """A file that could not be loaded while listing; the others still were."""

    path: Path | str  # a folder store's file, or where on the server (e.g. "URL incident k3f9")
    message: str


class IncidentStore:
    def __init__(self, root: Path, storage_class: type[Storage] = AtomicJSONStorage) -> None:
        self.root = Path(root)
        self._storage_class = storage_class  # swappable only so tests can prove the default matters
        self.incidents_dir = self.root / "incidents"
        self.backups_dir = self.root / "backups"
        self._loaded_versions: dict[str, int] = {}
        # Per incident: the file's bytes as this store last read or wrote them, and the
        # Incident they hold (what load_for_change may hand back without parsing).
        self._seen: dict[str, tuple[bytes, Incident]] = {}
        self._fragments: dict[str, dict[str, ListCache]] = {}  # per incident, per list
        self._prepare()

    def _prepare(self) -> None:
        if self.root.exists() and not self.root.is_dir():
            raise StoreError(f"{self.root}: is a file; the store is a folder (pass a folder to --db)")
        try:
            self.incidents_dir.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
            self.backups_dir.mkdir(exist_ok=True, mode=FOLDER_MODE)
            os.chmod(self.root, FOLDER_MODE)
        except OSError as error:
            raise StoreError(f"{self.root}: cannot create the store folder ({error.strerror})") from None
        remove_stale_temp_files(self.incidents_dir)
        remove_stale_temp_files(self.backups_dir)

    # -- paths -----------------------------------------------------------------
    def path_for(self, incident_id: str) -> Path:
        return self.incidents_dir / f"{incident_id}.json"

    def _lock_path(self, incident_id: str) -> Path:
        return self.incidents_dir / f".{incident_id}.lock"

    def ids(self) -> list[str]:
        return sorted(p.stem for p in self.incidents_dir.glob("*.json") if not p.name.startswith("."))

    def exists(self, incident_id: str) -> bool:
        return os.path.lexists(self.path_for(incident_id))  # a dangling link is there too

    def resolve_id(self, text: str) -> str:
        """The full id for an id or a unique prefix of one."""
        return resolve_prefix(self.ids(), text)

    # -- read and write --------------------------------------------------------
    @contextmanager
    def locked(self, incident_id: str) -> Iterator[None]:
        """Hold this incident's lock around a read-modify-write, across processes."""
        with file_lock(self._lock_path(incident_id)):
            yield

    def load(self, incident_id: str) -> Incident:
        path = self.path_for(incident_id)
        if not os.path.lexists(path):
            raise NotFound(f"no incident with id {incident_id!r}")
        incident, version, raw = self._read(path, incident_id)
        self._loaded_versions[incident_id] = version
        seen = self._seen.get(incident_id)
        if raw is not None and (seen is None or seen[0] != raw):  # same bytes: keep the first holder
            self._seen[incident_id] = (raw, incident)
        return incident

    def load_for_change(self, incident_id: str, known: Incident | None) -> Incident:
        """The saved incident, for a change (call inside locked()).

        `known` itself when it is what this store last read or wrote and the file still holds
        exactly those bytes (no other instance saved since): reading the file is cheap,
        parsing and validating thousands of events is not. The caller must not have changed
        `known` (the session never does: it edits working copies). Else a fresh load().
        """
        seen = self._seen.get(incident_id)
        if known is not None and seen is not None and seen[1] is known:
            try:
                raw = read_store_file(self.path_for(incident_id))
            except FileNotFoundError:
                raise NotFound(f"no incident with id {incident_id!r}") from None
            if raw == seen[0]:
                return known
        return self.load(incident_id)

    def read_file(self, path: Path, incident_id: str | None = None) -> tuple[Incident, int]:
        """Parse and validate one file holding incident_id (an incident file or a backup).

        Without incident_id, the id is the file name up to its first dot (ID.json, ID.1.json).

        Older schemas are migrated in memory. The file's layout is checked before TinyDB
        reads its tables, and the incident goes through the model's validation: the same
        rules as every change the app makes.
        """
        incident, version, _ = self._read(path, incident_id)
        return incident, version

    def _read(self, path: Path, incident_id: str | None) -> tuple[Incident, int, bytes | None]:
        """read_file, and the bytes it parsed (None from a storage that does not keep them)."""
        with self._open(path) as db:
            tables = db.storage.read()
            raw = getattr(db.storage, "last_raw", None)
        if tables is None:
            raise CorruptStore(path, "the file is missing")
        version = self._check_schema(path, tables)  # first: a newer schema may be laid out differently
        document = self._incident_document(path, tables)
        try:
            data = migrations.migrate(dict(document), version)
        except (KeyError, TypeError, ValueError, AttributeError) as error:  # a migration met an odd document
            raise CorruptStore(
                path, f"cannot bring schema {version} up to date ({type(error).__name__})"
            ) from None
        try:
            incident = Incident.model_validate(data)
        except ValidationError as error:
            raise CorruptStore(path, f"the incident does not validate ({describe_error(error)})") from None
        if incident_id is None:
            incident_id = path.name.split(".", 1)[0]
        if incident.id != incident_id:
            raise CorruptStore(
                path,
                f"the file holds incident {incident.id!r}, not {incident_id!r} (a copy or a renamed file); "
                f"move it out of the store folder, or name it {incident.id}.json "
                "if that incident's file is missing",
            )
        return incident, version, raw

    def create(self, incident: Incident) -> None:
        """Write a new incident; refuses to replace an existing one."""
        path = self.path_for(incident.id)
        with self.locked(incident.id):
            if os.path.lexists(path):
                raise StoreError(f"an incident with id {incident.id!r} already exists")
            self._write(path, incident)

    def save(self, incident: Incident) -> None:
        """Replace the stored incident. Call inside locked(), after load() of the same id."""
        path = self.path_for(incident.id)
        if not path.exists():
            raise NotFound(f"no incident with id {incident.id!r}")
        loaded_version = self._loaded_versions.get(incident.id, migrations.SCHEMA_VERSION)
        if loaded_version < migrations.SCHEMA_VERSION:  # keep the original of a migrated file for good
            keep_copy(path, self.backups_dir / f"{incident.id}.schema-v{loaded_version}.json")
        self._write(path, incident)
        self._loaded_versions[incident.id] = migrations.SCHEMA_VERSION

    def _write(self, path: Path, incident: Incident) -> None:
        # The whole file in one write: under the lock we hold the complete, validated state.
        if path.is_symlink():
            raise RefusedFile(path, NOT_FOLLOWED)
        try:  # fields were validated as they were set; appends to a list were not
            check_incident(incident)
        except ValueError as error:
            raise InvalidInput(str(error)) from None
        if self._storage_class is AtomicJSONStorage:
            # The same JSON as below, but items unchanged since the last save are not
            # serialised again: the cost of a save barely grows with the incident.
            payload = self._payload(incident)
            write_payload(path, payload)
        else:
            document = incident.model_dump(mode="json")
            tables = {
                "meta": {str(_DOC_ID): {"schema_version": migrations.SCHEMA_VERSION}},
                "incident": {str(_DOC_ID): document},
            }
            with self._open(path) as db:
                db.storage.write(tables)
                payload = getattr(db.storage, "last_payload", b"")
        if payload:
            self._seen[incident.id] = (payload, incident)
            rotate_in(payload, self.backups_dir, incident.id)

    def _payload(self, incident: Incident) -> bytes:
        caches = self._fragments.setdefault(incident.id, {})
        lists = []
        for name in ID_COLLECTIONS:
            array, caches[name] = items_json(getattr(incident, name), caches.get(name, EMPTY))
            lists.append((name, array))
        return file_payload(incident, lists, migrations.SCHEMA_VERSION, _DOC_ID)

    def stamp(self, incident_id: str) -> tuple[int, int, int] | None:
        """A cheap fingerprint of the file (no parsing): changes whenever any instance saves."""
        try:
            st = self.path_for(incident_id).stat()
        except OSError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)  # every save is a new inode (os.replace)

    def folder_stamp(self) -> int | None:
        """Changes when an incident file is added or removed (or replaced)."""
        try:
            return self.incidents_dir.stat().st_mtime_ns
        except OSError:
            return None

    @property
    def location(self) -> str:
        return str(self.root)

    def watch(self, callback):
        """No push here: the TUI's once-a-second stamp() check picks up other windows' saves."""
        return no_watch(callback)

    def close(self) -> None:
        pass  # every operation opens and closes its own file

    def backups(self, incident_id: str) -> list[Path]:
        """This incident's rotating backups, newest first."""
        return backups_of(self.backups_dir, incident_id)

    def load_all(
        self, open_only: bool = False, known: Known | None = None
    ) -> tuple[list[Incident], list[StoreProblem]]:
        """Every incident (open_only: may leave out resolved and closed ones without validating
        them: `status` runs every few seconds over a store holding hundreds of past incidents).
        With `known`, a file whose stamp has not moved is not read again (the app's update
        alarm re-reads after every save: a day-long incident costs a third of a second)."""
        incidents: list[Incident] = []
        problems: list[StoreProblem] = []
        memo: Known = known if known is not None else {}
        ids = self.ids()
        for gone in set(memo) - set(ids):
            del memo[gone]
        for incident_id in ids:
            stamp = self.stamp(incident_id) if known is not None else None  # before reading
            cached = memo.get(incident_id)
            if stamp is not None and cached is not None and cached[0] == stamp:
                if cached[1] is not None:
                    incidents.append(cached[1])
                continue
            memo.pop(incident_id, None)
            try:
                if open_only and self._looks_finished(incident_id):
                    memo[incident_id] = (stamp, None)
                    continue
                incident = self.load(incident_id)
            except (StoreError, NotFound) as error:
                problems.append(StoreProblem(self.path_for(incident_id), str(error)))
                continue
            memo[incident_id] = (stamp, incident)
            incidents.append(incident)
        return incidents, problems

    def _looks_finished(self, incident_id: str) -> bool:
        """Resolved or closed, read from the file without validating it; False when unsure
        (anything unusual is then loaded in full, and its problem reported)."""
        try:
            data: Any = load_json(read_store_file(self.path_for(incident_id)))
            milestones = data["incident"][str(_DOC_ID)]["milestones"]
            return bool(milestones.get("resolved") or milestones.get("closed"))
        except Exception:
            return False

    # -- helpers ---------------------------------------------------------------
    @contextmanager
    def _open(self, path: Path) -> Iterator[TinyDB]:
        db = TinyDB(path, storage=self._storage_class)
        try:
            yield db
        finally:
            db.close()

    @staticmethod
    def _check_schema(path: Path, tables: dict) -> int:
        meta = tables.get("meta")
        document = meta.get(str(_DOC_ID)) if isinstance(meta, dict) else None
        version = document.get("schema_version") if isinstance(document, dict) else None
        if not isinstance(version, int) or isinstance(version, bool):
            raise CorruptStore(path, "no schema_version recorded")
        if version > migrations.SCHEMA_VERSION:
            raise NewerSchema(path, version, migrations.SCHEMA_VERSION)
        if version < 1:
            raise CorruptStore(path, f"unknown schema_version {version}")
        if set(meta or ()) != {str(_DOC_ID)} or set(document or ()) != {"schema_version"}:
            raise CorruptStore(path, "the meta table holds more than the schema_version")
        return version

    @staticmethod
    def _incident_document(path: Path, tables: dict) -> dict:
        """The one incident document; any other layout is damage (TinyDB would crash on it)."""
        unknown = sorted(set(tables) - {"meta", "incident"})
        if unknown:
            raise CorruptStore(
                path, f"unknown table {unknown[0]!r} (an incident file holds meta and incident)"
            )
        table = tables.get("incident")
        if not isinstance(table, dict) or not table:
            raise CorruptStore(path, "the file holds no incident")
        if set(table) != {str(_DOC_ID)} or not isinstance(table[str(_DOC_ID)], dict):
            raise CorruptStore(path, "the incident table must hold exactly one incident")
        return table[str(_DOC_ID)]
