"""Reading and writing files the user names (exports, imports), with one-line errors."""

from pathlib import Path

from ..errors import StoreError
from .storage import write_atomically

MAX_IMPORT_BYTES = 50 * 1024 * 1024


def write_user_file(path: Path, text: str, overwrite: bool = False) -> None:
    """Write atomically; never replace an existing file unless asked to."""
    path = Path(path)
    if path.is_dir():
        raise StoreError(f"{path}: is a folder; give a file name")
    if path.exists() and not overwrite:
        raise StoreError(f"{path}: already exists; nothing was written (choose another name or --force)")
    if not path.parent.is_dir():
        raise StoreError(f"{path.parent}: no such folder; nothing was written")
    write_atomically(path, text.encode())


def read_user_file(path: Path) -> str:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise StoreError(f"{path}: larger than {MAX_IMPORT_BYTES // 1024 // 1024} MB; not an incident export")
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise StoreError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise StoreError(f"{path}: is a folder, not a file") from None
    except UnicodeDecodeError:
        raise StoreError(f"{path}: not UTF-8 text") from None
    except OSError as error:
        raise StoreError(f"{path}: cannot read ({error.strerror})") from None
