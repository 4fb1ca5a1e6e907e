"""The server store's trash: a deleted incident's row and timeline move to escalation_trash.

Each move is one transaction, so a client that dies mid-way leaves the incident where it
was. A restore puts back the same document and events, one revision on, so that every
client sees it as a change.
"""

import psycopg

from ...errors import NotFound, StoreError

TRASH_TABLE = """
CREATE TABLE escalation_trash (
    id text PRIMARY KEY,
    revision integer NOT NULL,
    doc_schema integer NOT NULL,
    document jsonb NOT NULL,
    events jsonb NOT NULL,
    deleted_at timestamptz NOT NULL DEFAULT now()
);
"""


def trashed_ids(conn: psycopg.Connection) -> list[str]:
    return [row[0] for row in conn.execute("SELECT id FROM escalation_trash ORDER BY id")]


def move_to_trash(conn: psycopg.Connection, incident_id: str) -> int:
    """Inside a transaction: the incident's revision, now in the trash (an older one there goes)."""
    row = conn.execute(
        "SELECT revision FROM escalation_incidents WHERE id = %s FOR UPDATE", (incident_id,)
    ).fetchone()
    if row is None:
        raise NotFound(f"no incident with id {incident_id!r}")
    conn.execute("DELETE FROM escalation_trash WHERE id = %s", (incident_id,))
    conn.execute(
        "INSERT INTO escalation_trash (id, revision, doc_schema, document, events) "
        "SELECT i.id, i.revision, i.doc_schema, i.document, "
        "COALESCE((SELECT jsonb_agg(e.event ORDER BY e.position) FROM escalation_events e "
        "WHERE e.incident_id = i.id), '[]'::jsonb) "
        "FROM escalation_incidents i WHERE i.id = %s",
        (incident_id,),
    )
    conn.execute("DELETE FROM escalation_incidents WHERE id = %s", (incident_id,))  # events cascade
    return int(row[0])


def restore_from_trash(conn: psycopg.Connection, incident_id: str) -> int:
    """Inside a transaction: the restored incident's new revision."""
    row = conn.execute(
        "SELECT revision FROM escalation_trash WHERE id = %s FOR UPDATE", (incident_id,)
    ).fetchone()
    if row is None:
        raise NotFound(f"no deleted incident with id {incident_id!r} in the trash")
    if conn.execute("SELECT 1 FROM escalation_incidents WHERE id = %s", (incident_id,)).fetchone():
        raise StoreError(f"an incident with id {incident_id!r} already exists; nothing was restored")
    revision = int(row[0]) + 1
    conn.execute(
        "INSERT INTO escalation_incidents (id, revision, doc_schema, document) "
        "SELECT id, %s, doc_schema, document FROM escalation_trash WHERE id = %s",
        (revision, incident_id),
    )
    conn.execute(
        "INSERT INTO escalation_events (incident_id, position, event) "
        "SELECT t.id, x.n - 1, x.event FROM escalation_trash t, "
        "jsonb_array_elements(t.events) WITH ORDINALITY AS x(event, n) WHERE t.id = %s",
        (incident_id,),
    )
    conn.execute("DELETE FROM escalation_trash WHERE id = %s", (incident_id,))
    return revision
