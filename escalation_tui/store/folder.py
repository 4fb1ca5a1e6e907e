"""The store's own folder: made only where nothing else is, and never changed once it is there.

`--db DIR` may name a folder the user already had: a shared, world-writable one, or `.` by
mistake. Nothing of such a folder is changed (its mode, its files); a store is made only in
a new or empty folder, or one that is a store already; read-only commands make nothing.
"""

import os
import stat
from pathlib import Path

from ..errors import StoreError

FOLDER_MODE = 0o700
INCIDENTS, BACKUPS = "incidents", "backups"
OPEN_TO_OTHERS = 0o066  # read or write for the group or everyone


def prepare_folder(root: Path, create: bool) -> list[str]:
    """Check the store folder, and make what is missing of it if `create`; the warnings to
    say once (one line each). StoreError, with nothing changed, for a folder that is not ours."""
    try:
        found = os.stat(root)
    except FileNotFoundError:
        found = None
    except OSError as error:
        raise StoreError(f"{root}: cannot open the store folder ({error.strerror})") from None
    warnings = [] if found is None else _check_existing(root, found)
    if not create:
        return warnings  # a store that is not there yet reads as an empty one
    try:
        if found is None:
            warnings = _make_root(root)
        (root / INCIDENTS).mkdir(exist_ok=True, mode=FOLDER_MODE)
        (root / BACKUPS).mkdir(exist_ok=True, mode=FOLDER_MODE)
    except OSError as error:
        raise StoreError(f"{root}: cannot create the store folder ({error.strerror})") from None
    return warnings


def _check_existing(root: Path, found: os.stat_result) -> list[str]:
    if not stat.S_ISDIR(found.st_mode):
        raise StoreError(f"{root}: is a file; the store is a folder (pass a folder to --db)")
    if not (root / INCIDENTS).is_dir():
        try:
            with os.scandir(root) as entries:
                empty = next(entries, None) is None
        except OSError as error:
            raise StoreError(f"{root}: cannot open the store folder ({error.strerror})") from None
        if not empty:
            raise StoreError(
                f"{root}: holds other files and is not an escalation-tui store; nothing was changed "
                "(a store is made only in a new or empty folder: pass another --db)"
            )
    mode = stat.S_IMODE(found.st_mode)
    if not mode & OPEN_TO_OTHERS:
        return []
    return [
        f"{root}: the store folder is open to other users (mode {mode:04o}); its files are kept "
        "in private folders inside it, and its mode is left as it is"
    ]


def _make_root(root: Path) -> list[str]:
    """A new folder, private from the start: only a folder made here is ever chmod-ed."""
    root.parent.mkdir(parents=True, exist_ok=True)
    try:
        root.mkdir(mode=FOLDER_MODE)
    except FileExistsError:  # another instance made it meanwhile: as found
        return _check_existing(root, os.stat(root))
    os.chmod(root, FOLDER_MODE)  # mkdir's mode is narrowed by the umask, never widened
    return []
