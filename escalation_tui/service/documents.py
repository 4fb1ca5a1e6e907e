"""Writing a document the user asked for (a post-mortem, an export) to a path they chose.

The TUI and the CLI come here rather than to the store, so the rules for a user's file
(atomic, never replace a link or device, existing files only when asked) live in one place.
"""

from pathlib import Path

from ..errors import StoreError
from ..store.files import read_user_file, write_user_file


def write_document(path: Path, text: str, overwrite: bool = False) -> Path:
    """Write `text` to `path`; a refusal or an OS error is a StoreError with one clear line."""
    try:
        write_user_file(path, text, overwrite=overwrite)
    except OSError as error:  # write_user_file reports its own errors; a stat on the way may not
        raise StoreError(f"{path}: cannot write ({error.strerror}); nothing was written") from None
    return path


def read_document(path: Path) -> str:
    """The text of a file the user named (e.g. a JSON export to import), size-capped and checked."""
    return read_user_file(path)
