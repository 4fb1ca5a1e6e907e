"""Reading and writing files the user names (exports, imports, config), with one-line errors."""

import errno
import os
import stat
from pathlib import Path

from ..errors import StoreError
from .storage import MAX_FILE_BYTES, read_capped, write_atomically

MAX_IMPORT_BYTES = MAX_FILE_BYTES


def write_user_file(path: Path, text: str, overwrite: bool = False) -> None:
    """Write atomically; never replace an existing file unless asked to, and then only a regular file.

    A symbolic link, a FIFO, a device or a folder is refused whatever `overwrite` says:
    renaming a new file over it would replace the link or the node itself.
    """
    path = Path(path)
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        found = None
    except OSError as error:
        raise StoreError(f"{path}: cannot check it ({error.strerror}); nothing was written") from None
    if found is not None:
        if stat.S_ISDIR(found.st_mode):
            raise StoreError(f"{path}: is a folder; give a file name")
        if stat.S_ISLNK(found.st_mode):
            raise StoreError(f"{path}: is a symbolic link; nothing was written (name the file it points to)")
        if not stat.S_ISREG(found.st_mode):
            raise StoreError(
                f"{path}: is not a regular file (a FIFO or a device); nothing was written "
                f"(leave out -o to write to standard output)"
            )
        if not overwrite:
            raise StoreError(f"{path}: already exists; nothing was written (choose another name or --force)")
    if not path.parent.is_dir():
        raise StoreError(f"{path.parent}: no such folder; nothing was written")
    write_atomically(path, text.encode())


def read_user_file(path: Path, limit: int | None = None, regular_only: bool = False) -> str:
    """The text of a file the user named: at most `limit` bytes, whatever the file is.

    st_size says nothing for a FIFO or /dev/zero, so the bytes read are counted instead.
    `regular_only` (config files, read by every command) refuses anything but a regular
    file without waiting on it: a FIFO there must not hang every command.
    """
    path = Path(path)
    limit = MAX_IMPORT_BYTES if limit is None else limit
    flags = os.O_RDONLY | os.O_CLOEXEC | (os.O_NONBLOCK if regular_only else 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise StoreError(f"{path}: no such file") from None
    except OSError as error:
        raise StoreError(f"{path}: cannot read ({error.strerror})") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise StoreError(f"{path}: is a folder, not a file")
        if regular_only and not stat.S_ISREG(mode):
            raise StoreError(f"{path}: not a regular file (a FIFO or a device); not read")
        raw = read_capped(fd, limit)
    except ValueError as error:
        raise StoreError(f"{path}: {error}") from None
    except OSError as error:
        if error.errno == errno.EISDIR:
            raise StoreError(f"{path}: is a folder, not a file") from None
        raise StoreError(f"{path}: cannot read ({error.strerror})") from None
    finally:
        os.close(fd)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise StoreError(f"{path}: not UTF-8 text") from None
