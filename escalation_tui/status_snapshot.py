"""`escalation-tui status` answered without reading the store, while nothing it read has changed.

A tmux status line runs `status` every few seconds; reading and validating the store cost
CPU each time, most of it importing pydantic and building the models. The full
command leaves its answer in the user's cache folder with a fingerprint of everything the
answer came from: every file in the store's incidents folder (a save replaces a file or grows
its journal; a new incident adds one), the config files (cadences) and this program's own
files (an upgrade may word it differently). While the fingerprint is unchanged, the answer's
countdown is brought to the present and printed, with no import heavier than platformdirs.
A PostgreSQL store, other options, config warnings or a damaged snapshot take the full command.
"""

import hashlib
import json
import os
import re
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from platformdirs import user_cache_path

from .domain.clock_text import countdown_label
from .domain.text import for_terminal
from .locations import APP_NAME, CONFIG_FILE, ENV_VAR, PLAYBOOKS_FILE, config_dir, resolve_store_path

FORMAT = 1
MAX_ANSWERS = 32  # `status` and a few `status <id>` per store
PRIVATE_FOLDER, PRIVATE_FILE = 0o700, 0o600
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")  # a server URL (or anything like one): the full command
_ID = re.compile(r"^[a-z0-9]{1,32}$")
_HERE = Path(__file__).parent
_WORDING = ("status_snapshot.py", "domain/clock_text.py", "domain/cadence.py", "cli/render.py")
_PROGRAM = tuple(_HERE / name for name in _WORDING)  # the code that words the answer or finds its due time

# What the status line says: "<head>| <tail>", or "<head>| <countdown to due>" when tail is None.
Parts = tuple[str, datetime | None, str | None]


def line(head: str, due: datetime | None, tail: str | None, now: datetime) -> str:
    """The status line, the one wording for the full command and the snapshot."""
    return head + "| " + (tail if tail is not None else countdown_label(None if due is None else due - now))


class Snapshot:
    """The snapshot of one store, with the fingerprint taken now, before the store is read: a
    save made while it is read changes the files, so an answer kept under the fingerprint
    taken before it never matches the store again."""

    def __init__(self, store_root: Path, config: Path) -> None:
        self.path = _snapshot_path(store_root)
        self.fingerprint = _fingerprint(store_root, config)

    @classmethod
    def for_store(cls, db: str | None) -> "Snapshot | None":
        """The snapshot of the store --db (or $ESCALATION_TUI_DB) names; None for a server."""
        chosen = db or os.environ.get(ENV_VAR) or ""
        if chosen and _URL.match(chosen.strip()):
            return None
        try:
            return cls(resolve_store_path(db), config_dir())
        except OSError:
            return None  # no incidents folder yet, or one that cannot be listed: the full command says

    def answer(self, key: str) -> tuple[bool, Parts | None]:
        """(found, parts) kept for `status <key>` ("" for the most urgent); parts None means
        nothing to say (all calm); not found when there is no answer for this fingerprint."""
        answers = self._answers()
        if key not in answers:
            return False, None
        kept = answers[key]
        if kept is None:
            return True, None
        try:
            head, due, tail = kept
            if not isinstance(head, str) or not (tail is None or isinstance(tail, str)):
                return False, None
            return True, (head, None if due is None else datetime.fromisoformat(due), tail)
        except (ValueError, TypeError):
            return False, None

    def remember(self, key: str, parts: Parts | None) -> None:
        """Keep the full command's answer for the next run (best effort: a cache)."""
        answers = self._answers()
        if len(answers) >= MAX_ANSWERS:
            answers = {}
        if parts is None:
            answers[key] = None
        else:
            head, due, tail = parts
            answers[key] = [head, None if due is None else due.isoformat(), tail]
        try:
            # As private as the store itself (its files are 0600): titles and severities.
            self.path.parent.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
            temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
            flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW
            with os.fdopen(os.open(temporary, flags, PRIVATE_FILE), "w", encoding="utf-8") as out:
                out.write(json.dumps({"fingerprint": self.fingerprint, "answers": answers}))
            os.replace(temporary, self.path)
        except OSError:
            pass  # a read-only or full cache folder: the next run takes the full command again

    def _answers(self) -> dict:
        """The answers kept for this fingerprint; none for another one, or a damaged file."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            answers = data["answers"] if data.get("fingerprint") == self.fingerprint else {}
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return {}
        return answers if isinstance(answers, dict) else {}


def quick_status(argv: Sequence[str], now: datetime | None = None) -> int | None:
    """Answer `[--db X] status [id]` from the snapshot and return the exit code; None when
    the full command must run (any other command or option, or no answer kept)."""
    key = _status_key(argv)
    if key is None:
        return None
    db, wanted = key
    snapshot = Snapshot.for_store(db)
    if snapshot is None:
        return None
    found, kept = snapshot.answer(wanted)
    if not found:
        return None
    if kept is not None:
        text = line(*kept, now or datetime.now(UTC))
        sys.stdout.write(for_terminal(text + "\n"))  # as the full command's streams would
    return 0


def _status_key(argv: Sequence[str]) -> tuple[str | None, str] | None:
    """(--db value, id or "") for exactly `[--db X] status [id]`, else None."""
    args = list(argv)
    db = None
    if args and args[0].startswith("--db="):
        db = args.pop(0)[len("--db=") :]
    elif len(args) >= 2 and args[0] == "--db":
        db = args[1]
        del args[:2]
    if db == "" or not args or args[0] != "status" or len(args) > 2:
        return None
    wanted = args[1] if len(args) == 2 else ""
    if wanted and not _ID.match(wanted):
        return None
    return db, wanted


def _snapshot_path(store_root: Path) -> Path:
    where = hashlib.sha256(os.fsencode(os.path.abspath(store_root))).hexdigest()[:20]
    return user_cache_path(APP_NAME, appauthor=False) / f"status-{where}.json"


def _fingerprint(store_root: Path, config: Path) -> str:
    """A digest of the store's incidents folder, the config files and this program's files."""
    digest = hashlib.sha256(f"{FORMAT}\0{os.path.abspath(store_root)}\0".encode())
    with os.scandir(store_root / "incidents") as entries:
        listed = sorted((entry.name, _stat(entry.path)) for entry in entries)
    for name, stat in listed:
        digest.update(f"{name}\0{stat}\0".encode("utf-8", "surrogateescape"))
    for path in (config / CONFIG_FILE, config / PLAYBOOKS_FILE, *_PROGRAM):
        digest.update(f"{path}\0{_stat(path)}\0".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _stat(path: str | Path) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)  # through a symbolic link: a config file kept in a dotfiles repository
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size
