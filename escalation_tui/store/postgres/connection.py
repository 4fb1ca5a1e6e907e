"""Connecting to the team's PostgreSQL server, and turning its failures into one line.

Credentials come only from the URL or libpq's own environment (PGPASSWORD, PGSERVICE,
~/.pgpass, sslmode…); we never store them, and every message shows the URL without
its password.
"""

from typing import Any, LiteralString
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import psycopg
from psycopg import errors as pg_errors
from psycopg.conninfo import conninfo_to_dict

from ...errors import StoreError

CONNECT_TIMEOUT_SECONDS = 5  # a server that does not answer: say so quickly
STATEMENT_TIMEOUT_MS = 5000
# Our defaults, unless the URL, the role or the server already sets them. A client that
# hangs inside a transaction (a laptop lid closed mid-change) must not hold the incident's
# row lock for ever: our transactions never wait for a person, so 15 s idle is a dead client.
TIMEOUTS = {"statement_timeout": STATEMENT_TIMEOUT_MS, "idle_in_transaction_session_timeout": 15000}
_SECRET_PARAMS = {"password", "passfile", "sslpassword"}


def redact(url: str) -> str:
    """The URL without any password (in the user part or as a query parameter)."""
    try:
        parts = urlsplit(url)
        netloc = parts.netloc
        if "@" in netloc:
            user, host = netloc.rsplit("@", 1)
            netloc = f"{user.split(':', 1)[0]}@{host}"
        query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k not in _SECRET_PARAMS])
        return urlunsplit((parts.scheme, netloc, parts.path, query, ""))
    except ValueError:
        return "the PostgreSQL URL"


def connect(url: str, *, autocommit: bool = True) -> psycopg.Connection:
    """A connection with our timeouts (unless the user chose their own); StoreError if it fails."""
    try:
        params = conninfo_to_dict(url)
    except psycopg.ProgrammingError as error:
        raise StoreError(f"{redact(url)}: not a valid PostgreSQL URL ({first_line(error)})") from None
    extra: dict[str, Any] = {"application_name": "escalation-tui"}
    if "connect_timeout" not in params:
        extra["connect_timeout"] = str(CONNECT_TIMEOUT_SECONDS)
    extra = {k: v for k, v in extra.items() if k not in params}
    try:
        conn = psycopg.connect(url, autocommit=autocommit, **extra)
    except psycopg.Error as error:
        raise StoreError(f"cannot reach PostgreSQL at {redact(url)} ({first_line(error)})") from None
    try:
        for setting, default in TIMEOUTS.items():
            if scalar(conn, f"SHOW {setting}") in ("0", "0ms"):
                conn.execute(f"SET {setting} = {default}")
    except psycopg.Error as error:
        conn.close()
        raise StoreError(f"cannot use PostgreSQL at {redact(url)} ({first_line(error)})") from None
    return conn


def describe(error: psycopg.Error, url: str, writing: bool) -> StoreError:
    """One line for a failure mid-session; says whether the change was kept."""
    outcome = "; nothing was saved" if writing else ""
    if isinstance(error, pg_errors.QueryCanceled):
        return StoreError(f"PostgreSQL at {redact(url)} did not answer in time (statement timeout){outcome}")
    if isinstance(error, pg_errors.InsufficientPrivilege):
        return StoreError(f"PostgreSQL at {redact(url)} refused: {first_line(error)}{outcome}")
    if is_connection_error(error):
        return StoreError(
            f"lost the connection to PostgreSQL at {redact(url)}{outcome}; "
            "it reconnects by itself when the server is back"
        )
    return StoreError(f"PostgreSQL at {redact(url)}: {first_line(error)}{outcome}")


def is_connection_error(error: BaseException) -> bool:
    return isinstance(error, psycopg.OperationalError) and not isinstance(error, pg_errors.QueryCanceled)


def first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def scalar(conn: psycopg.Connection, query: LiteralString, params: tuple = ()) -> Any:
    """The first column of a query that always returns one row (SHOW, SELECT f())."""
    row = conn.execute(query, params).fetchone()
    if row is None:
        raise StoreError(f"PostgreSQL returned no row for {query.split()[0]}")
    return row[0]
