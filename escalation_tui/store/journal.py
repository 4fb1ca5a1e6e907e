"""An incident's journal: the changes saved since its file was last written whole.

Rewriting the whole file for each change made a save's cost grow with the incident (a
day-long incident's file is near a megabyte: written, fsynced and copied to a backup on
every tick). A change is instead appended to ID.journal beside ID.json and fsynced: one
line holding the incident's fields outside its lists and the list items that changed.
Once the journal outgrows a share of the file, the next save writes the file whole again
(atomically, as before) and removes the journal.

Every crash guarantee holds:
- the first line names the file it extends (its CRC-32 and length): a journal left beside
  another file (a crash between writing the file whole and removing the journal, which
  then already holds its changes; a restore; an outside copy) is never applied to it;
- each record carries its own CRC-32 and ends with a newline: a record cut short by a
  crash (never reported as saved: fsync had not returned) is the last line and is ignored,
  and the next save writes the file whole instead of appending after it;
- a damaged record followed by good ones is damage, reported like a damaged file;
- a journal, or a record of it, that is not applied (a damaged last record; records saved
  on top of another version of the file) is set aside and reported (set_aside.py), never
  dropped without a word.
"""

import contextlib
import json
import os
import zlib
from dataclasses import dataclass
from pathlib import Path

from ..domain.jsontext import load_json
from ..errors import CorruptStore, NewerSchema, StoreError
from .storage import FILE_MODE, MAX_FILE_BYTES, fsync_folder, read_store_file

SUFFIX = ".journal"
VERSION = 1
MIN_COMPACT_BYTES = 64 * 1024  # below this a journal is never worth a whole write


def journal_path(file: Path) -> Path:
    """ID.json -> ID.journal; a backup's ID.1.json -> ID.1.journal."""
    return file.with_suffix(SUFFIX)


def base_tag(raw: bytes) -> str:
    return f"{zlib.crc32(raw):08x}:{len(raw)}"


def header(raw: bytes) -> bytes:
    return json.dumps({"journal": VERSION, "base": base_tag(raw)}, separators=(",", ":")).encode() + b"\n"


def record_line(body: bytes) -> bytes:
    return b"%08x %s\n" % (zlib.crc32(body), body)


def record_body(head: bytes, lists: list[tuple[str, int, list[tuple[int, bytes]]]]) -> bytes:
    """{"head": {...}, "lists": {name: [new length, [[index, item], ...]]}} from JSON pieces."""
    parts = []
    for name, length, changed in lists:
        items = b",".join(b"[%d,%s]" % (index, data) for index, data in changed)
        parts.append(b'"%s":[%d,[%s]]' % (name.encode(), length, items))
    return b'{"head":%s,"lists":{%s}}' % (head, b",".join(parts))


@dataclass(frozen=True)
class Journal:
    records: list[dict]
    good_bytes: int  # the header and every whole record: where the next append belongs
    torn: bool  # bytes after the last whole record (a write cut short): not appended after
    base: str = ""  # the file it extends (base_tag)
    damaged: int | None = None  # a whole last line that fails its check: never applied


def read(path: Path, base_raw: bytes) -> Journal | None:
    """The journal of the file whose bytes are base_raw; None when there is none for it
    (no journal, or one that extends another file)."""
    found = read_any(path)
    if found is None or found.base != base_tag(base_raw):
        return None
    return found


def read_any(path: Path) -> Journal | None:
    """The journal at path, whichever file it extends; None when there is none (or its
    first line was cut short: it extends nothing yet)."""
    try:
        raw = read_store_file(path, MAX_FILE_BYTES)
    except FileNotFoundError:
        return None
    first, newline, rest = raw.partition(b"\n")
    try:
        head = load_json(first)
    except ValueError:
        if not newline:
            return None  # cut short while its first line was written: it extends nothing yet
        raise CorruptStore(path, "the journal's first line is not what escalation-tui writes") from None
    version = head.get("journal") if isinstance(head, dict) else None
    if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
        raise NewerSchema(path, version, VERSION, "journal format")  # never rolled back: not damage
    if not isinstance(head, dict) or version != VERSION or not isinstance(head.get("base"), str):
        raise CorruptStore(path, "the journal's first line is not what escalation-tui writes")
    if not newline:
        return None
    base = head["base"]
    records: list[dict] = []
    good = len(first) + 1
    lines = rest.split(b"\n")
    for number, line in enumerate(lines[:-1], start=2):  # the last piece has no newline
        record = _record(line)
        if record is None:
            if any(lines[number - 1 :]):
                raise CorruptStore(path, f"the journal's line {number} is damaged and later lines follow it")
            # A whole line (its newline written) that fails its check is damage, not a write
            # cut short: it is reported, never dropped without a word.
            return Journal(records, good, torn=True, base=base, damaged=number)
        records.append(record)
        good += len(line) + 1
    return Journal(records, good, torn=bool(lines[-1]), base=base)


def revision_of(record: dict) -> int | None:
    """The revision a record saved (every change moves it); None if it does not say."""
    revision = record["head"].get("revision")
    return revision if isinstance(revision, int) and not isinstance(revision, bool) else None


def _record(line: bytes) -> dict | None:
    crc, _, body = line.partition(b" ")
    try:
        if len(crc) != 8 or int(crc, 16) != zlib.crc32(body):
            return None
        record = load_json(body)
    except ValueError:
        return None
    if not isinstance(record, dict) or not isinstance(record.get("head"), dict):
        return None
    lists = record.get("lists")
    return record if isinstance(lists, dict) else None


def apply(path: Path, document: dict, records: list[dict]) -> None:
    """Bring the file's incident document up to date with the journal's records."""
    for record in records:
        document.update(record["head"])
        for name, change in record["lists"].items():
            items = document.get(name)
            if not isinstance(items, list) or not _is_list_change(change):
                raise CorruptStore(path, f"a journal record changes {name!r} as escalation-tui never does")
            length, changed = change
            del items[length:]
            for index, item in changed:
                if index < len(items):
                    items[index] = item
                elif index == len(items):
                    items.append(item)
                else:
                    raise CorruptStore(path, f"a journal record skips items of {name!r}")


def _is_list_change(change: object) -> bool:
    return (
        isinstance(change, list)
        and len(change) == 2
        and isinstance(change[0], int)
        and isinstance(change[1], list)
        and all(isinstance(c, list) and len(c) == 2 and isinstance(c[0], int) for c in change[1])
    )


def append(path: Path, data: bytes, expected_size: int) -> int:
    """Append data (a header and/or records) to the journal at path and make it durable;
    the journal's new size. The journal must hold exactly expected_size bytes (0: it is new).

    A failed write is cut back to expected_size, so nothing half-written stays before the
    next record; StoreError says nothing was saved.
    """
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        fd = os.open(path, flags, FILE_MODE)
    except OSError as error:
        raise StoreError(f"{path}: cannot write ({error.strerror}); nothing was saved") from None
    try:
        if os.fstat(fd).st_size != expected_size:
            raise StoreError(f"{path}: changed by another program; nothing was saved")
        try:
            written = 0
            while written < len(data):
                written += os.write(fd, data[written:])
            os.fsync(fd)
        except OSError as error:
            with contextlib.suppress(OSError):  # a torn last record is ignored, never appended after
                os.ftruncate(fd, expected_size)
                if expected_size == 0:
                    os.unlink(path)  # created for this record
            raise StoreError(f"{path}: cannot write ({error.strerror}); nothing was saved") from None
    finally:
        os.close(fd)
    if expected_size == 0:
        fsync_folder(path.parent)  # the new name itself must survive a crash
    return expected_size + len(data)


def worth_compacting(journal_bytes: int, file_bytes: int) -> bool:
    """Write the file whole once reading the journal would cost about as much as the file."""
    return journal_bytes > max(MIN_COMPACT_BYTES, file_bytes // 2)
