"""Files the user names (export -o, import FILE, the post-mortem's save, the playbook file).

The CLI and the TUI reach them here, not in store/: the rules (size cap, atomic write, never
replace anything but a regular file, one-line errors) live in store.files.
"""

from pathlib import Path

from ..locations import PLAYBOOKS_FILE, config_dir
from ..store.config_files import write_builtin_playbooks as _write_builtin_playbooks
from ..store.files import read_user_file, write_user_file

__all__ = ["playbooks_file", "read_user_file", "write_builtin_playbooks", "write_user_file"]


def playbooks_file() -> Path:
    """Where the team's playbook file is read from (it may not exist yet)."""
    return config_dir() / PLAYBOOKS_FILE


def write_builtin_playbooks(overwrite: bool = False) -> Path:
    """Write the built-in playbooks to the config folder as a starting point; return the path."""
    return _write_builtin_playbooks(config_dir(), overwrite=overwrite)
