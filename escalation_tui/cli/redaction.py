"""A PostgreSQL password never reaches the screen, whatever psycopg or libpq put in a message.

libpq quotes the whole connection string in some parse errors (a broken `[` host) and the
offending token in others (`invalid percent-encoded token: "S3cr%zztPW"`), so redacting the
URL where we build a message is not enough. The CLI runs every line it writes to stderr
through `Redactor.redact` (output.py), with the secrets read from the command line and the
environment before anything could fail: the passwords in the user part of every
postgresql:// URL given, `password=`, `sslpassword=` and `passfile=` values, and PGPASSWORD;
each as typed, percent-decoded and as repr() shows it.
"""

import os
import re
from collections.abc import Iterable
from urllib.parse import unquote

REDACTED = "***"
SECRET_KEYS = ("password", "sslpassword", "passfile")
_SCHEME = re.compile(r"postgres(?:ql)?://", re.IGNORECASE)
# scheme://user:password@ -> scheme://user@, in any text, even a URL that does not parse
_USER_PASSWORD = re.compile(r"(postgres(?:ql)?://[^\s:/@?#\[\]\"']*):[^\s@/\"']*@", re.IGNORECASE)
_KEY_VALUE = re.compile(
    rf"(?<![A-Za-z0-9_])({'|'.join(SECRET_KEYS)})(\s*=\s*)('(?:[^'\\]|\\.)*'|\"[^\"]*\"|[^\s&#\"']*)",
    re.IGNORECASE,
)


def secrets_in(text: str) -> set[str]:
    """Every secret a connection string (or any text holding one) carries, however malformed."""
    found: set[str] = set()
    for match in _SCHEME.finditer(text):
        rest = text[match.end() :]
        # The user part ends at the first "@" to libpq, at the last to a URL parser: take both.
        for end in {rest.find("@"), rest.rfind("@")} - {-1}:
            user_part = rest[:end]
            if ":" in user_part:
                found.add(user_part.split(":", 1)[1])
    for match in _KEY_VALUE.finditer(text):
        found.add(match.group(3).strip("'\""))
    return _variants(found)


def _variants(secrets: Iterable[str]) -> set[str]:
    forms: set[str] = set()
    for secret in secrets:
        for form in (secret, unquote(secret, errors="replace")):
            forms.update({form, repr(form)[1:-1]})
    return {form for form in forms if form}


class Redactor:
    """Takes the known secrets, and every URL password or password= value, out of a text."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        # Longest first, so a secret that holds a shorter one goes whole; a secret counts only
        # as a whole token, so a password "postgres" does not eat the "postgresql://" scheme.
        self.patterns = [
            re.compile(rf"(?<![A-Za-z0-9]){re.escape(secret)}(?![A-Za-z0-9])")
            for secret in sorted(set(secrets), key=len, reverse=True)
        ]

    @classmethod
    def for_command(cls, argv: Iterable[str]) -> "Redactor":
        """The secrets of this command: its arguments, $ESCALATION_TUI_DB and $PGPASSWORD."""
        found: set[str] = set()
        for text in (*argv, os.environ.get("ESCALATION_TUI_DB", "")):
            found |= secrets_in(text)
        password = os.environ.get("PGPASSWORD", "")
        return cls(found | _variants([password] if password else []))

    def redact(self, text: str) -> str:
        text = _USER_PASSWORD.sub(r"\1@", text)
        text = _KEY_VALUE.sub(rf"\1\2{REDACTED}", text)
        for pattern in self.patterns:
            text = pattern.sub(REDACTED, text)
        return text
