"""The store: one small TinyDB file per incident in a private folder, and its journal.

One file per incident keeps the cost of saving a change independent of how many past
incidents there are (TinyDB rewrites the whole file on every write). The journal beside it
(journal.py) keeps that cost independent of the incident's own size.
"""

import contextlib
import json
import os
import time
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import ValidationError
from tinydb import TinyDB
from tinydb.storages import Storage

from ..domain.fields import describe_error
from ..domain.integrity import ID_COLLECTIONS, check_incident
from ..domain.jsontext import load_json
from ..domain.models import Incident
from ..domain.summary import IncidentSummary, summarize
from ..errors import CorruptStore, InvalidInput, NewerSchema, NotFound, RefusedFile, StoreError
from . import journal, migrations, set_aside
from .appended import Ids, appended_checks, written
from .backups import append_to_newest, backup_path, backups_of, keep_copy, rotate_in
from .base import Known, no_watch, resolve_prefix
from .folder import prepare_folder
from .locking import file_lock
from .serialise import (
    EMPTY,
    ListCache,
    array,
    as_read,
    changed_items,
    file_payload,
    filled,
    head_parts,
    items_json,
    object_json,
)
from .set_aside import SetAside
from .storage import (
    NOT_FOLLOWED,
    AtomicJSONStorage,
    parse_document,
    read_store_file,
    remove_stale_temp_files,
    write_payload,
)
from .summaries import CLOSED, PARTS, SummaryFiles
from .trash import FolderTrash

_DOC_ID = 1  # each table holds exactly one document
CHANGED_MARK = ".changed"  # its time moves on each journal append (folder_stamp)
Fingerprint = tuple[int, ...]  # the file's and its journal's inode, time and size


class OnDisk(NamedTuple):
    """What this store last wrote of an incident, for appending the next change."""

    fingerprint: Fingerprint  # of the file and its journal right after that write
    file_bytes: int
    base: bytes  # the file's bytes' journal header (names the file the journal extends)
    journal_bytes: int  # 0: no journal yet
    mirror_bytes: int | None  # the newest backup's journal; None: not kept up (until the next whole write)
    head: dict[str, bytes] | None  # the incident's fields outside its lists as on disk; None: not known


@dataclass(frozen=True)
class StoreProblem:
    """A file that could not be loaded while listing; the others still were."""

    path: Path | str  # a folder store's file, or where on the server (e.g. "URL incident k3f9")
    message: str


class Reading(NamedTuple):
    incident: Incident
    version: int
    fingerprint: Fingerprint | None  # taken before reading
    raw: bytes | None  # the file's bytes (None from a storage that does not keep them)
    journal: journal.Journal | None  # the journal applied


class IncidentStore(FolderTrash):
    def __init__(
        self, root: Path, storage_class: type[Storage] = AtomicJSONStorage, create: bool = True
    ) -> None:
        """`create`: make the store if it is not there (commands that change something);
        without it (read-only commands) nothing is created, cleaned or changed on disk."""
        self.root = Path(root)
        self._storage_class = storage_class  # swappable only so tests can prove the default matters
        self.incidents_dir = self.root / "incidents"
        self.backups_dir = self.root / "backups"
        self._loaded_versions: dict[str, int] = {}
        # Per incident: the fingerprint of the file and journal as this store last read or
        # wrote them, and the Incident they hold (what load_for_change may hand back).
        self._seen: dict[str, tuple[Fingerprint, Incident]] = {}
        # Per incident, per list: the items' JSON as this store last wrote them.
        self._fragments: dict[str, dict[str, ListCache]] = {}
        self._on_disk: dict[str, OnDisk] = {}
        self._ids: dict[str, Ids] = {}  # per incident, per list: the ids of _fragments' items
        # Per incident: what of the journal beside its file the last reading left out.
        self._beside: dict[str, tuple[Fingerprint | None, SetAside | None]] = {}
        self._summaries = SummaryFiles(self.root)
        self.warnings = prepare_folder(self.root, create)
        if create:  # read-only: nothing is made or cleaned (summaries are then not kept)
            remove_stale_temp_files(self.incidents_dir)
            remove_stale_temp_files(self.backups_dir)
            self._summaries.prepare()

    # -- paths -----------------------------------------------------------------
    def path_for(self, incident_id: str) -> Path:
        return self.incidents_dir / f"{incident_id}.json"

    def _lock_path(self, incident_id: str) -> Path:
        return self.incidents_dir / f".{incident_id}.lock"

    def ids(self) -> list[str]:
        # os.listdir, not Path.glob: listing thousands of past incidents runs on every list.
        try:
            names = os.listdir(self.incidents_dir)
        except OSError:
            return []
        return sorted(name[:-5] for name in names if name.endswith(".json") and not name.startswith("."))

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
        reading = self._read(path, incident_id)
        incident, fingerprint = reading.incident, reading.fingerprint
        self._loaded_versions[incident_id] = reading.version
        seen = self._seen.get(incident_id)
        if fingerprint is not None and (seen is None or seen[0] != fingerprint):  # unchanged: keep the first
            self._seen[incident_id] = (fingerprint, incident)
            self._remember_on_disk(path, incident_id, reading)
        return incident

    def load_for_change(self, incident_id: str, known: Incident | None) -> Incident:
        """The saved incident, for a change (call inside locked()).

        `known` itself when it is what this store last read or wrote and neither the file nor
        its journal moved since (every save replaces the file, a new inode, or appends to the
        journal): parsing and validating thousands of events is not cheap. The caller must
        not have changed `known` (the session never does: it edits working copies). Else a
        fresh load().
        """
        seen = self._seen.get(incident_id)
        unchanged = seen is not None and self._fingerprint(self.path_for(incident_id)) == seen[0]
        if known is not None and seen is not None and seen[1] is known and unchanged:
            return known
        return self.load(incident_id)

    def read_file(self, path: Path, incident_id: str | None = None) -> tuple[Incident, int]:
        """Parse and validate one file holding incident_id (an incident file or a backup).

        Without incident_id, the id is the file name up to its first dot (ID.json, ID.1.json).

        Older schemas are migrated in memory. The file's layout is checked before TinyDB
        reads its tables, and the incident goes through the model's validation: the same
        rules as every change the app makes.
        """
        reading = self._read(path, incident_id)
        return reading.incident, reading.version

    def _read(self, path: Path, incident_id: str | None) -> "Reading":
        """read_file, and the fingerprint of what it read (taken first: a save while reading
        shows as a change). The file's journal, if it extends this file, is applied."""
        fingerprint = self._fingerprint(path)
        with self._open(path) as db:
            tables = db.storage.read()
            raw = getattr(db.storage, "last_raw", None)
        if tables is None:
            raise CorruptStore(path, "the file is missing")
        version = self._check_schema(path, tables)  # first: a newer schema may be laid out differently
        document = self._incident_document(path, tables)
        found = self._apply_journal(path, raw, document) if raw is not None else None
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
        if path == self.path_for(incident_id) and raw is not None:
            seen = fingerprint is None or fingerprint[3:] != (0, 0, 0)  # a journal may be there
            self._beside[incident_id] = (fingerprint, set_aside.left_out(path, raw, found, seen))
        return Reading(incident, version, fingerprint, raw, found)

    @staticmethod
    def _apply_journal(path: Path, raw: bytes, document: dict) -> journal.Journal | None:
        """Apply the changes appended since the file was written whole; None: none apply."""
        found = journal.read(journal.journal_path(path), raw)
        if found is not None:
            journal.apply(journal.journal_path(path), document, found.records)
        return found

    def _remember_on_disk(self, path: Path, incident_id: str, reading: "Reading") -> None:
        """What was just read is what is on disk: the next change can be appended to it. Its
        items' JSON is not known (None) and is made only if the file is written whole."""
        self._on_disk.pop(incident_id, None)
        self._fragments.pop(incident_id, None)
        self._ids.pop(incident_id, None)
        fingerprint, raw, found = reading.fingerprint, reading.raw, reading.journal
        if fingerprint is None or raw is None or reading.version != migrations.SCHEMA_VERSION:
            return
        journal_bytes = fingerprint[5]
        if found is None and fingerprint[3:] != (0, 0, 0):
            return  # a journal that extends another file: the next write sets it aside
        if found is not None and (found.torn or found.good_bytes != journal_bytes):
            return  # never appended after a record cut short
        mirror = self._mirror_in_step(incident_id, len(raw), journal_bytes)
        self._on_disk[incident_id] = OnDisk(
            fingerprint, len(raw), journal.header(raw), journal_bytes, mirror, None
        )
        incident = reading.incident
        self._fragments[incident_id] = {name: as_read(getattr(incident, name)) for name in ID_COLLECTIONS}

    def _mirror_in_step(self, incident_id: str, file_bytes: int, journal_bytes: int) -> int | None:
        """The newest backup's journal size when it matches the incident's (the same bytes
        were appended to both), else None: not appended to until the next whole write."""
        newest = backup_path(self.backups_dir, incident_id, 1)
        try:
            if os.lstat(newest).st_size != file_bytes:
                return None
            mirror = os.lstat(journal.journal_path(newest)).st_size
        except FileNotFoundError:
            mirror = 0
        except OSError:
            return None
        return journal_bytes if mirror == journal_bytes else None

    def whole_bytes(self, path: Path) -> bytes:
        """A file's bytes with its journal's changes in them: what a restore puts in place."""
        raw = read_store_file(path)
        tables = parse_document(path, raw)
        document = self._incident_document(path, tables)
        if self._apply_journal(path, raw, document) is None:
            return raw
        return json.dumps(tables, ensure_ascii=False, separators=(",", ":")).encode()

    def create(self, incident: Incident) -> None:
        """Write a new incident; refuses to replace an existing one."""
        path = self.path_for(incident.id)
        with self.locked(incident.id):
            if os.path.lexists(path):
                raise StoreError(f"an incident with id {incident.id!r} already exists")
            self._write(path, incident, whole=True)

    def save(self, incident: Incident, whole: bool = False) -> None:
        """Replace the stored incident. Call inside locked(), after load() of the same id.
        `whole`: write the file whole, never append (recover folding set-aside changes in)."""
        path = self.path_for(incident.id)
        if not path.exists():
            raise NotFound(f"no incident with id {incident.id!r}")
        loaded_version = self._loaded_versions.get(incident.id, migrations.SCHEMA_VERSION)
        if loaded_version < migrations.SCHEMA_VERSION:  # keep the original of a migrated file for good
            keep_copy(path, self.backups_dir / f"{incident.id}.schema-v{loaded_version}.json")
        self._write(path, incident, whole=whole or loaded_version < migrations.SCHEMA_VERSION)
        self._loaded_versions[incident.id] = migrations.SCHEMA_VERSION

    def _write(self, path: Path, incident: Incident, whole: bool = False) -> None:
        # Under the lock we hold the complete, validated state.
        if path.is_symlink():
            raise RefusedFile(path, NOT_FOLLOWED)
        if self._storage_class is not AtomicJSONStorage:
            self._check(incident)
            self._write_with_tinydb(path, incident)
            return
        # Items unchanged since the last save are not serialised (or checked) again, and when
        # this store wrote the file and journal as they are now, only what changed is appended.
        old = self._fragments.get(incident.id, {})
        new = {name: items_json(getattr(incident, name), old.get(name, EMPTY)) for name in ID_COLLECTIONS}
        known = self._ids.get(incident.id, {})
        done = appended_checks(known, old, new)
        self._check(incident, done)  # fields were validated as they were set; appends to a list were not
        head = head_parts(incident, ID_COLLECTIONS)
        disk = self._on_disk.get(incident.id)  # set together with _fragments
        if disk is not None and (whole or self._fingerprint(path) != disk.fingerprint):
            disk = None  # another instance wrote since, or the file must be written whole
        data = self._record(disk, head, old, new) if disk is not None else b""
        if disk is not None and not journal.worth_compacting(disk.journal_bytes + len(data), disk.file_bytes):
            self._append(path, incident, disk, data, head)
        else:
            self._write_whole(path, incident, head, new)
        self._fragments[incident.id] = new
        self._ids[incident.id] = written(known, done, new)

    @staticmethod
    def _check(incident: Incident, checked: Collection[str] = ()) -> None:
        try:
            check_incident(incident, checked)
        except ValueError as error:
            raise InvalidInput(str(error)) from None

    @staticmethod
    def _record(
        disk: OnDisk, head: dict[str, bytes], old: dict[str, ListCache], new: dict[str, ListCache]
    ) -> bytes:
        """The journal line for this change (after the journal's first line if it is new)."""
        lists = []
        for name in ID_COLLECTIONS:
            before, after = old.get(name, EMPTY), new[name]
            changed = changed_items(before, after)
            if changed or len(after.data) != len(before.data):
                lists.append((name, len(after.data), changed))
        known = disk.head
        changed_head = head if known is None else {k: v for k, v in head.items() if known.get(k) != v}
        line = journal.record_line(journal.record_body(object_json(changed_head), lists))
        return (disk.base + line) if disk.journal_bytes == 0 else line

    def _append(
        self, path: Path, incident: Incident, disk: OnDisk, data: bytes, head: dict[str, bytes]
    ) -> None:
        size = journal.append(journal.journal_path(path), data, disk.journal_bytes)
        mirror = None
        if disk.mirror_bytes is not None:
            mirror = append_to_newest(data, self.backups_dir, incident.id, disk.mirror_bytes)
        self._mark_changed()
        self._written(path, incident, OnDisk((), disk.file_bytes, disk.base, size, mirror, head))

    def _write_whole(
        self, path: Path, incident: Incident, head: dict[str, bytes], new: dict[str, ListCache]
    ) -> None:
        for name in ID_COLLECTIONS:
            new[name] = filled(new[name])
        payload = file_payload(
            object_json(head),
            [(name, array(new[name])) for name in ID_COLLECTIONS],
            migrations.SCHEMA_VERSION,
            _DOC_ID,
        )
        set_aside_from = self._journal_not_applied(path, incident.id)
        write_payload(path, payload)
        self._retire_journal(path, incident.id, set_aside_from)
        rotate_in(payload, self.backups_dir, incident.id)
        self._written(path, incident, OnDisk((), len(payload), journal.header(payload), 0, 0, head))

    def _written(self, path: Path, incident: Incident, state: OnDisk) -> None:
        """`state` is on disk now (its fingerprint is taken here)."""
        fingerprint = self._fingerprint(path)
        if fingerprint is None:
            self._on_disk.pop(incident.id, None)
            return
        self._on_disk[incident.id] = state._replace(fingerprint=fingerprint)
        self._seen[incident.id] = (fingerprint, incident)
        self._summaries.write(summarize(incident), fingerprint)  # after the incident: see summaries.py

    def _journal_not_applied(self, path: Path, incident_id: str) -> int | None:
        """A journal beside the file of which the file's last reading did not take everything
        (it extends another file: a hand edit, an outside copy; or its last line is damaged):
        the revision past which its records were not applied; None: it can go."""
        if not os.path.lexists(journal.journal_path(path)):
            return None
        disk = self._on_disk.get(incident_id)
        if disk is not None and self._fingerprint(path) == disk.fingerprint:
            return None  # this store's own
        return set_aside.threshold_beside(path)

    def _retire_journal(self, path: Path, incident_id: str, set_aside_from: int | None) -> None:
        """The file now holds every change: its old journal goes (a crash that keeps it is
        harmless: it names the file it extended). One not applied is kept in backups/."""
        journal_file = journal.journal_path(path)
        with contextlib.suppress(OSError):  # if it stays, it names the file it extended: never applied
            if set_aside_from is not None:
                os.replace(
                    journal_file,
                    set_aside.aside_path(self.backups_dir, incident_id, time.time_ns(), set_aside_from),
                )
            else:
                journal_file.unlink()

    def not_applied(self, incident_id: str) -> list[SetAside]:
        """This incident's journals holding changes that were not applied (set_aside.py): the
        one beside its file as the last reading found it, if neither moved since, and those
        kept in backups/."""
        path = self.path_for(incident_id)
        fingerprint, live = self._beside.get(incident_id, (None, None))
        if fingerprint is None or fingerprint != self._fingerprint(path):
            live = set_aside.beside(path)
        return ([live] if live is not None else []) + set_aside.kept(self.backups_dir, incident_id)

    def _mark_changed(self) -> None:
        """Appends do not touch the folder: a marker's time tells other windows (folder_stamp).
        Always forward, by at least 1 ns: two appends within the clock's tick still differ."""
        mark = self.incidents_dir / CHANGED_MARK
        try:
            try:
                last = os.lstat(mark).st_mtime_ns
            except FileNotFoundError:
                os.close(os.open(mark, os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW, 0o600))
                last = 0
            stamp = max(time.time_ns(), last + 1)
            os.utime(mark, ns=(stamp, stamp), follow_symlinks=False)
        except OSError:
            pass  # other windows then see the change at their next stamp() check

    def _write_with_tinydb(self, path: Path, incident: Incident) -> None:
        document = incident.model_dump(mode="json")
        tables = {
            "meta": {str(_DOC_ID): {"schema_version": migrations.SCHEMA_VERSION}},
            "incident": {str(_DOC_ID): document},
        }
        with self._open(path) as db:
            db.storage.write(tables)
            payload = getattr(db.storage, "last_payload", b"")
        if payload:
            rotate_in(payload, self.backups_dir, incident.id)

    def _fingerprint(self, path: Path) -> Fingerprint | None:
        try:
            st = os.lstat(path)
        except OSError:
            return None
        try:
            jt = os.lstat(journal.journal_path(path))
            extra = (jt.st_ino, jt.st_mtime_ns, jt.st_size)
        except OSError:
            extra = (0, 0, 0)
        return (st.st_ino, st.st_mtime_ns, st.st_size, *extra)

    def stamp(self, incident_id: str) -> Fingerprint | None:
        """A cheap fingerprint of the file and its journal (no parsing): changes whenever any
        instance saves (a whole write is a new inode, an append grows the journal). As
        _fingerprint, on plain strings: a list takes one per incident."""
        base = os.path.join(self.incidents_dir, incident_id)
        try:
            st = os.lstat(base + ".json")
        except OSError:
            return None
        try:
            jt = os.lstat(base + journal.SUFFIX)
            extra = (jt.st_ino, jt.st_mtime_ns, jt.st_size)
        except OSError:
            extra = (0, 0, 0)
        return (st.st_ino, st.st_mtime_ns, st.st_size, *extra)

    def folder_stamp(self) -> tuple[int, int] | None:
        """Changes when an incident file is added, removed or replaced, or a journal appended to."""
        try:
            folder = self.incidents_dir.stat().st_mtime_ns
        except OSError:
            return None
        try:
            mark = os.lstat(self.incidents_dir / CHANGED_MARK).st_mtime_ns
        except OSError:
            mark = 0
        return (folder, mark)

    @property
    def location(self) -> str:
        return str(self.root)

    def watch(self, callback):
        """No push here: the TUI's once-a-second stamp() check picks up other windows' saves."""
        return no_watch(callback)

    def close(self) -> None:
        pass  # every operation opens and closes its own file

    def forget(self, incident_id: str) -> None:
        """Drop what this store remembers of an incident whose file moved (store/trash.py)."""
        for memo in (self._seen, self._fragments, self._on_disk, self._ids, self._loaded_versions):
            memo.pop(incident_id, None)
        with contextlib.suppress(OSError):  # a cache: made again from the incident when listed
            self._summaries.path_for(incident_id).unlink()

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

    def summaries(
        self, open_only: bool = False, parts: Collection[str] = PARTS, known: dict | None = None
    ) -> tuple[list[IncidentSummary], list[StoreProblem]]:
        """Every incident's summary (open_only: the open ones; `parts`: the action items and
        texts, for follow-ups and search), from the summary files when they were made from the
        incident files as they are now, else made again from the incident. `known`: kept by a
        caller that asks again and again (the alarm): what it holds is not read again while
        the incident's stamp stays."""
        found: list[IncidentSummary] = []
        problems: list[StoreProblem] = []
        memo: dict = known if known is not None else {}
        ids = self.ids()
        for gone in set(memo) - set(ids):
            del memo[gone]
        for incident_id in ids:
            stamp = self.stamp(incident_id)  # before reading
            cached = memo.get(incident_id)
            if cached is not None and cached[0] == stamp and stamp is not None:
                kept = cached[1]
            else:
                kept = self._summaries.read(incident_id, stamp, parts, open_only)
                if kept is not None:
                    memo[incident_id] = (stamp, kept)
            if kept is CLOSED:
                continue
            summary = kept if isinstance(kept, IncidentSummary) else None
            if summary is None:
                try:
                    incident = self.load(incident_id)
                except (StoreError, NotFound) as error:
                    problems.append(StoreProblem(self.path_for(incident_id), str(error)))
                    continue
                summary = summarize(incident)
                if self.stamp(incident_id) == stamp:  # not changed while read: the summary holds
                    self._summaries.write(summary, stamp)
                    memo[incident_id] = (stamp, summary)
            if summary.is_open or not open_only:
                found.append(summary)
        return found, problems

    def _looks_finished(self, incident_id: str) -> bool:
        """Resolved or closed, read from the file and journal without validating them; False
        when unsure (anything unusual is then loaded in full, and its problem reported)."""
        try:
            path = self.path_for(incident_id)
            raw = read_store_file(path)
            data: Any = load_json(raw)
            document = data["incident"][str(_DOC_ID)]
            self._apply_journal(path, raw, document)
            milestones = document["milestones"]
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
