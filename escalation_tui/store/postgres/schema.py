"""The tables on the server, created and migrated by the app (like the files' schema_version).

Layout for the access pattern: a change rewrites the incident's small document and
appends its timeline event(s) to a table beside it, so the cost of a change does not
grow with the timeline. The incident document keeps its own version (doc_schema, the
same numbering as the files), migrated in memory when read.
"""

import psycopg
from psycopg import sql

from ...errors import StoreError
from .connection import scalar
from .trash import TRASH_TABLE

SERVER_SCHEMA_VERSION = 3  # 3 added escalation_trash (deleted incidents, restorable)
_LOCK_KEY = 0x45534354  # pg_advisory_xact_lock: two clients starting at once create the tables once

TABLES = """
CREATE TABLE escalation_meta (
    key text PRIMARY KEY,
    value text NOT NULL
);
CREATE TABLE escalation_incidents (
    id text PRIMARY KEY,
    revision integer NOT NULL,
    doc_schema integer NOT NULL,
    document jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    summary jsonb,
    is_open boolean
);
CREATE INDEX escalation_incidents_open ON escalation_incidents (is_open);
CREATE TABLE escalation_events (
    incident_id text NOT NULL REFERENCES escalation_incidents (id) ON DELETE CASCADE,
    position integer NOT NULL,
    event jsonb NOT NULL,
    PRIMARY KEY (incident_id, position)
);
"""
TABLES += TRASH_TABLE

# MIGRATIONS[n]: the SQL that takes a version-n database to n+1.
MIGRATIONS: dict[int, str] = {
    # 2: each incident's summary (domain/summary.py) beside it, written in the same transaction;
    # NULL (rows from version 1) is made from the document when first listed.
    1: """
ALTER TABLE escalation_incidents ADD COLUMN summary jsonb;
ALTER TABLE escalation_incidents ADD COLUMN is_open boolean;
CREATE INDEX escalation_incidents_open ON escalation_incidents (is_open);
""",
    2: TRASH_TABLE,  # 3: deleted incidents, restorable (trash.py)
}


def channel_name(conn: psycopg.Connection) -> str:
    """The NOTIFY channel: one per PostgreSQL schema, so two war-room databases never mix."""
    schema = scalar(conn, "SELECT current_schema()") or "public"
    return f"escalation_tui.{schema}"[:63]


def ensure_schema(conn: psycopg.Connection, where: str) -> int:
    """Create or migrate the tables; returns the version found before (0: created now)."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
        if scalar(conn, "SELECT to_regclass('escalation_meta')") is None:
            conn.execute(TABLES)
            _set_version(conn, SERVER_SCHEMA_VERSION)
            return 0
        found = read_version(conn, where)
        for step in range(found, SERVER_SCHEMA_VERSION):
            conn.execute(MIGRATIONS[step])
        if found < SERVER_SCHEMA_VERSION:
            _set_version(conn, SERVER_SCHEMA_VERSION)
        return found


def read_version(conn: psycopg.Connection, where: str) -> int:
    row = conn.execute("SELECT value FROM escalation_meta WHERE key = 'schema_version'").fetchone()
    try:
        version = int(row[0]) if row else 0
    except ValueError:
        version = 0
    if version < 1:
        raise StoreError(
            f"{where}: escalation_meta holds no valid schema_version; the tables were left untouched"
        )
    if version > SERVER_SCHEMA_VERSION:
        raise StoreError(
            f"{where}: set up by a newer escalation-tui (schema {version}; this one knows "
            f"{SERVER_SCHEMA_VERSION}); upgrade escalation-tui. Nothing was changed"
        )
    return version


def _set_version(conn: psycopg.Connection, version: int) -> None:
    conn.execute(
        sql.SQL(
            "INSERT INTO escalation_meta (key, value) VALUES ('schema_version', {v}) "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value"
        ).format(v=sql.Literal(str(version)))
    )
