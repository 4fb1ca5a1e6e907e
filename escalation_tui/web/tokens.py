"""Access tokens for the stakeholder page: one per reader group, kept only as a hash.

A token is printed once when made; the file (config folder, 0600) holds its SHA-256, its
audience and when it was made. `serve` re-reads the file when it changes, so a revoked
token stops working on a running server without a restart.
"""

import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..domain.enums import Audience
from ..errors import InvalidInput, NotFound, StoreError

TOKENS_FILE = "serve-tokens.json"
TOKEN_PREFIX = "etp_"
MAX_TOKEN_LENGTH = 200  # anything longer is not ours: refused before hashing


@dataclass(frozen=True)
class TokenEntry:
    id: str
    audience: Audience
    digest: str
    created: str


def digest_of(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


class TokenFile:
    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / TOKENS_FILE
        self._seen: tuple[int, int, int] | None = None
        self._entries: list[TokenEntry] = []

    # -- reading -----------------------------------------------------------------
    def entries(self) -> list[TokenEntry]:
        """The tokens as the file holds them now (re-read only when it changed)."""
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            self._seen, self._entries = None, []
            return []
        except OSError as error:
            raise StoreError(f"{self.path}: cannot read ({error.strerror})") from None
        stamp = (st.st_ino, st.st_mtime_ns, st.st_size)
        if stamp != self._seen:
            self._entries = self._parse()
            self._seen = stamp
        return list(self._entries)

    def _parse(self) -> list[TokenEntry]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return [
                TokenEntry(str(e["id"]), Audience(e["audience"]), str(e["sha256"]), str(e["created"]))
                for e in data["tokens"]
            ]
        except OSError as error:
            raise StoreError(f"{self.path}: cannot read ({error.strerror})") from None
        except (ValueError, KeyError, TypeError):
            raise StoreError(
                f"{self.path}: not a token file escalation-tui wrote; move it away and make new tokens"
            ) from None

    def audience_for(self, token: str) -> Audience | None:
        """The audience of a valid token, else None. Every entry is compared, in constant time."""
        if not token or len(token) > MAX_TOKEN_LENGTH:
            return None
        presented = digest_of(token)
        found: Audience | None = None
        for entry in self.entries():
            if hmac.compare_digest(presented, entry.digest) and found is None:
                found = entry.audience
        return found

    # -- changing ----------------------------------------------------------------
    def new(self, audience: Audience | str, now: datetime | None = None) -> tuple[TokenEntry, str]:
        """A fresh token for an audience: the entry kept, and the token itself (shown once)."""
        try:
            which = Audience(audience)
        except ValueError:
            raise InvalidInput(f"audience must be one of {', '.join(a.value for a in Audience)}") from None
        entries = self.entries()
        taken = {e.id for e in entries}
        token_id = secrets.token_hex(3)
        while token_id in taken:
            token_id = secrets.token_hex(3)
        token = f"{TOKEN_PREFIX}{token_id}_{secrets.token_urlsafe(32)}"
        when = (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
        entry = TokenEntry(token_id, which, digest_of(token), when)
        self._write([*entries, entry])
        return entry, token

    def revoke(self, token_id: str) -> TokenEntry:
        entries = self.entries()
        wanted = token_id.strip().lower()
        for entry in entries:
            if entry.id == wanted:
                self._write([e for e in entries if e.id != wanted])
                return entry
        raise NotFound(f"no token with id {token_id!r} (see: escalation-tui serve token list)")

    def _write(self, entries: list[TokenEntry]) -> None:
        data = {
            "tokens": [
                {"id": e.id, "audience": e.audience.value, "sha256": e.digest, "created": e.created}
                for e in entries
            ]
        }
        payload = (json.dumps(data, indent=2) + "\n").encode()
        folder = self.path.parent
        temp = folder / f".{TOKENS_FILE}.{secrets.token_hex(4)}.tmp"
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
            try:
                os.write(fd, payload)
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(temp, self.path)
        except OSError as error:
            temp.unlink(missing_ok=True)
            raise StoreError(f"{self.path}: cannot write ({error.strerror}); no token changed") from None
        self._seen = None
