"""The folder store's summaries: `summaries/ID.json` beside each incident file.

Each holds the incident's summary (domain/summary.py) and the fingerprint of the incident's
file and journal it was made from. It is written after the incident, in the same save; a
summary whose fingerprint no longer matches (a crash between the two writes, another
program's write, a hand edit of the incident) is made again from the incident, so it is never
the only copy of anything and never believed over the file.

Four lines, so a list reads only what it needs: a header (version, fingerprint, open), the
summary's own fields, its action items, its searchable texts.
"""

import contextlib
import json
import os
import tempfile
from collections.abc import Collection
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from ..domain.summary import SUMMARY_VERSION, IncidentSummary, SummaryAction
from .storage import FILE_MODE, TEMP_SUFFIX, remove_stale_temp_files

FOLDER = "summaries"
PARTS = ("actions", "texts")
_ACTIONS = TypeAdapter(list[SummaryAction])
_TEXTS = TypeAdapter(list[tuple[str, str]])
CLOSED = object()  # read(open_only=True) of a finished incident's summary: not validated
HEAD_BYTES = 4096
MAX_BYTES = 20 * 1024 * 1024  # no summary is near this: a larger file is not ours
_READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


def _compact(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


class SummaryFiles:
    def __init__(self, root: Path) -> None:
        self.folder = root / FOLDER

    def prepare(self) -> None:
        try:
            self.folder.mkdir(exist_ok=True, mode=0o700)
        except OSError:
            return  # summaries are a cache: without them every list reads the incidents
        remove_stale_temp_files(self.folder)

    def path_for(self, incident_id: str) -> Path:
        return self.folder / f"{incident_id}.json"

    def read(
        self,
        incident_id: str,
        fingerprint: tuple[int, ...] | None,
        parts: Collection[str] = PARTS,
        open_only: bool = False,
    ) -> IncidentSummary | object | None:
        """The kept summary if it was made from the file as it is now (with the `parts` asked
        for), CLOSED for a finished one when open_only, else None: make it again."""
        if fingerprint is None:
            return None
        try:
            fd = os.open(os.path.join(self.folder, f"{incident_id}.json"), _READ_FLAGS)
            try:
                head = os.read(fd, HEAD_BYTES)  # the header, and often all of it
                end = head.find(b"\n")
                if end < 0:
                    return None
                header = json.loads(head[:end])
                if header.get("version") != SUMMARY_VERSION or header.get("fingerprint") != list(fingerprint):
                    return None
                if open_only and header.get("open") is not True:
                    return CLOSED
                chunks = [head]
                while chunk := os.read(fd, 1 << 16):
                    chunks.append(chunk)
                    if sum(map(len, chunks)) > MAX_BYTES:
                        return None
            finally:
                os.close(fd)
            lines = b"".join(chunks).split(b"\n")
            summary = IncidentSummary.model_validate_json(lines[1])
            # Set past pydantic's assignment handler: validated here already.
            if "actions" in parts:
                summary.__dict__["actions"] = _ACTIONS.validate_json(lines[2])
            if "texts" in parts:
                summary.__dict__["texts"] = _TEXTS.validate_json(lines[3])
        except Exception:
            return None  # unreadable, cut or edited: only a cache miss
        return summary if summary.id == incident_id else None

    def write(self, summary: IncidentSummary, fingerprint: tuple[int, ...] | None) -> None:
        """Best effort: a failure leaves the summary stale, and the next read makes it again."""
        if fingerprint is None:
            return
        head = summary.model_dump(mode="json", exclude=set(PARTS))
        header = {"version": SUMMARY_VERSION, "fingerprint": list(fingerprint), "open": summary.is_open}
        payload = b"\n".join(
            (
                _compact(header),
                _compact(head),
                _ACTIONS.dump_json(summary.actions),
                _TEXTS.dump_json(summary.texts),
            )
        )
        path = self.path_for(summary.id)
        # Atomic but not fsynced: a summary lost or cut by a crash fails its reading or its
        # fingerprint and is made again; the incident's own write is the durable one.
        temp = ""
        try:
            fd, temp = tempfile.mkstemp(dir=self.folder, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
            with os.fdopen(fd, "wb") as handle:
                os.fchmod(handle.fileno(), FILE_MODE)
                handle.write(payload)
            os.replace(temp, path)
        except Exception:
            with contextlib.suppress(Exception):
                os.unlink(temp)

    def remove(self, incident_id: str) -> None:
        with contextlib.suppress(OSError):
            os.unlink(self.path_for(incident_id))
