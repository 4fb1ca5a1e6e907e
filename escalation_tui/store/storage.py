"""A TinyDB Storage that writes atomically and durably, and refuses damaged files.

TinyDB's JSONStorage rewrites the file in place; a kill mid-write left about 1 file in
10 unreadable (shared/TRAPS.md). Here every write goes to a temp file in the same
folder, is fsynced, then os.replace()d over the target, and the folder is fsynced,
so a crash leaves either the old or the new content, never a mix.
"""

import contextlib
import errno
import json
import os
import stat
import tempfile
import time
from pathlib import Path

from tinydb.storages import Storage

from ..domain.jsontext import load_json
from ..errors import CorruptStore, FileProblem, RefusedFile, StoreError

FILE_MODE = 0o600
TEMP_SUFFIX = ".tmp"
STALE_TEMP_SECONDS = 60  # younger temp files may belong to another instance mid-write
# A restore temp file may hold the only complete copy of an incident: never removed by us.
RESTORE_MARK = ".restore-"
MAX_FILE_BYTES = 50 * 1024 * 1024  # no incident is near this; a larger file is not ours
NOT_FOLLOWED = (
    "is a symbolic link; escalation-tui does not follow links inside its store (put the file itself there)"
)


class AtomicJSONStorage(Storage):
    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)
        self.last_payload = b""  # what write() put on disk, for the backup copy
        self.last_raw = b""  # what read() parsed

    def read(self) -> dict | None:
        try:
            raw = read_store_file(self.path)
        except FileNotFoundError:
            return None
        data = parse_document(self.path, raw)
        self.last_raw = raw
        return data

    def write(self, data: dict) -> None:
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
        write_payload(self.path, payload)
        self.last_payload = payload

    def close(self) -> None:
        pass


def write_payload(path: Path, payload: bytes) -> None:
    """Write a whole store file's bytes atomically and durably (at most MAX_FILE_BYTES)."""
    if len(payload) > MAX_FILE_BYTES:  # reading would refuse it: never write it
        raise StoreError(
            f"{path}: the incident has grown past {MAX_FILE_BYTES // 1024 // 1024} MB; nothing was saved"
        )
    write_atomically(path, payload)


def read_capped(fd: int, limit: int) -> bytes:
    """At most limit bytes from fd, else ValueError: st_size says 0 for FIFOs and devices."""
    chunks: list[bytes] = []
    total = 0
    while chunk := os.read(fd, min(1 << 20, limit + 1 - total)):
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise ValueError(f"larger than {limit // 1024 // 1024} MB; not read any further")
    return b"".join(chunks)


def read_store_file(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """A store file's bytes: a regular file, not through a link, at most limit bytes."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise RefusedFile(path, NOT_FOLLOWED) from None
        raise FileProblem(path, f"cannot read ({error.strerror})") from None
    try:
        try:
            regular = stat.S_ISREG(os.fstat(fd).st_mode)
            raw = read_capped(fd, limit) if regular else b""
        except ValueError as error:  # we never write a file that large: it is damage
            raise CorruptStore(path, str(error)) from None
        except OSError as error:
            raise FileProblem(path, f"cannot read ({error.strerror})") from None
    finally:
        os.close(fd)
    if not regular:
        raise RefusedFile(path, "is not a regular file (a FIFO, a device or a folder); it was not read")
    return raw


def parse_document(path: Path, raw: bytes) -> dict:
    """The JSON object in raw, or CorruptStore naming what is wrong."""
    if not raw.strip():
        # TinyDB would treat this as an empty database and overwrite it.
        raise CorruptStore(path, "the file is empty (0 bytes of data)")
    try:
        data = load_json(raw)
    except ValueError as error:
        raise CorruptStore(path, str(error)) from None
    if not isinstance(data, dict):
        raise CorruptStore(path, "expected a JSON object at the top level")
    return data


def write_atomically(path: Path, payload: bytes, mark: str = ".") -> None:
    """Temp file in the same folder, fsync, rename over `path`, fsync the folder.

    `mark` goes into the temp file's name after `.<name>`: recovery passes RESTORE_MARK,
    so a restore copy left by a crash is never removed as a stale temp file."""
    folder = path.parent
    try:
        fd, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}{mark}", suffix=TEMP_SUFFIX)
    except OSError as error:
        raise StoreError(f"{folder}: cannot write ({error.strerror}); nothing was saved") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), FILE_MODE)
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except OSError as error:
        _remove_quietly(Path(temp_name))
        raise StoreError(f"{path}: cannot write ({error.strerror}); nothing was saved") from None
    fsync_folder(folder)


def fsync_folder(folder: Path) -> None:
    """Make the rename itself durable."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on folders; the rename is still atomic
    finally:
        os.close(fd)


def temp_files(folder: Path) -> list[Path]:
    """Temp files in folder: of a write in progress, or left by a crash."""
    return sorted(folder.glob(f".*{TEMP_SUFFIX}"))


def remove_stale_temp_files(folder: Path, now: float | None = None) -> int:
    """Delete temp files left by a crash mid-write. Returns how many were removed.

    Restore copies (RESTORE_MARK in the name) are kept: doctor reports them.
    """
    now = time.time() if now is None else now
    removed = 0
    for temp in temp_files(folder):
        if RESTORE_MARK in temp.name:
            continue
        try:
            if now - temp.lstat().st_mtime > STALE_TEMP_SECONDS:
                temp.unlink()
                removed += 1
        except OSError:
            continue
    return removed


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
