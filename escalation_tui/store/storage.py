"""A TinyDB Storage that writes atomically and durably, and refuses damaged files.

TinyDB's JSONStorage rewrites the file in place; a kill mid-write left about 1 file in
10 unreadable (shared/TRAPS.md). Here every write goes to a temp file in the same
folder, is fsynced, then os.replace()d over the target, and the folder is fsynced,
so a crash leaves either the old or the new content, never a mix.
"""

import json
import os
import tempfile
import time
from pathlib import Path

from tinydb.storages import Storage

from ..errors import CorruptStore, StoreError

FILE_MODE = 0o600
TEMP_SUFFIX = ".tmp"
STALE_TEMP_SECONDS = 60  # younger temp files may belong to another instance mid-write


class AtomicJSONStorage(Storage):
    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)
        self.last_payload = b""  # what write() put on disk, for the backup copy

    def read(self) -> dict | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            raise StoreError(f"{self.path}: cannot read ({error.strerror})") from None
        return parse_document(self.path, raw)

    def write(self, data: dict) -> None:
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
        write_atomically(self.path, payload)
        self.last_payload = payload

    def close(self) -> None:
        pass


def parse_document(path: Path, raw: bytes) -> dict:
    """The JSON object in raw, or CorruptStore naming what is wrong."""
    if not raw.strip():
        # TinyDB would treat this as an empty database and overwrite it.
        raise CorruptStore(path, "the file is empty (0 bytes of data)")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise CorruptStore(path, "the file is not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise CorruptStore(
            path, f"not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})"
        ) from None
    if not isinstance(data, dict):
        raise CorruptStore(path, "expected a JSON object at the top level")
    return data


def write_atomically(path: Path, payload: bytes) -> None:
    folder = path.parent
    try:
        fd, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
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


def remove_stale_temp_files(folder: Path, now: float | None = None) -> int:
    """Delete temp files left by a crash mid-write. Returns how many were removed."""
    now = time.time() if now is None else now
    removed = 0
    for temp in folder.glob(f".*{TEMP_SUFFIX}"):
        try:
            if now - temp.stat().st_mtime > STALE_TEMP_SECONDS:
                temp.unlink()
                removed += 1
        except OSError:
            continue
    return removed


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
