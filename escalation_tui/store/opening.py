"""Which store --db (or $ESCALATION_TUI_DB) names: a folder, or a PostgreSQL server URL.

The scheme is parsed first: a URL must never become a folder named `postgresql:` in the
working directory.
"""

import os
import re

from ..errors import StoreError
from ..locations import ENV_VAR, resolve_store_path
from .base import Store
from .incident_store import IncidentStore

POSTGRES_SCHEMES = ("postgresql", "postgres")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def store_scheme(value: str) -> str | None:
    """'postgresql' for a server URL, None for a folder path; unknown URL schemes are refused."""
    match = _SCHEME.match(value.strip())
    if not match:
        return None
    scheme = match.group(1).lower()
    if scheme in POSTGRES_SCHEMES:
        return "postgresql"
    if value.strip()[match.end() :].startswith("//"):
        raise StoreError(
            f"{scheme}:// is not a store this program knows; use a folder path or postgresql://…"
        )
    return None  # e.g. a folder really named "notes:2026"


def open_store(value: str | None, create: bool = True) -> Store:
    """The store named by --db, else $ESCALATION_TUI_DB, else the default folder. Without
    `create` (read-only commands) a folder store creates and changes nothing on disk."""
    chosen = value or os.environ.get(ENV_VAR) or ""
    if chosen and store_scheme(chosen) == "postgresql":
        return open_postgres(chosen.strip())
    return IncidentStore(resolve_store_path(value), create=create)


def open_postgres(url: str) -> Store:
    try:
        from .postgres import PostgresStore
    except ModuleNotFoundError as error:  # psycopg is an optional extra
        if not (error.name or "").startswith("psycopg"):
            raise
        raise StoreError(
            "a postgresql:// store needs psycopg 3: pip install 'escalation-tui[postgres]'"
        ) from None
    return PostgresStore(url)


def is_folder(store: Store) -> bool:
    return isinstance(store, IncidentStore)


def init_server_schema(store: Store) -> int:
    """`db init` on a server store: create or upgrade its tables; the schema version found before."""
    from .postgres import PostgresStore  # only a server store gets here, so psycopg is installed

    if not isinstance(store, PostgresStore):
        raise StoreError(f"{store.location}: not a PostgreSQL store")
    return store.init_schema()
