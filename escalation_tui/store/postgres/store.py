"""PostgresStore: the store contract on a PostgreSQL server, for a team on several machines.

A change is one transaction: `locked(id)` takes the incident's row lock (SELECT … FOR
UPDATE), load and save run inside it, and the commit sends NOTIFY. A client killed
mid-change leaves nothing: the server rolls the transaction back. Connections are
opened lazily and reopened after a failure, so the app reconnects by itself. A COMMIT
whose reply is lost is looked up again by the change's id (outcome.py), so the answer is
always "saved" or "not saved". Inside no_lock_wait() (the TUI's event loop) nothing waits
for a lock: a busy row or connection raises LockBusy, whose wait runs in a worker thread.
"""

import threading
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager, suppress

import psycopg
from psycopg import errors as pg_errors
from psycopg import sql
from psycopg.types.json import Jsonb

from ...domain.models import Incident
from ...domain.summary import IncidentSummary, summarize
from ...errors import LockBusy, NotFound, StoreError
from .. import migrations
from ..base import Known, Unsubscribe, resolve_prefix
from ..incident_store import StoreProblem
from ..locking import lock_wait_allowed
from .aside import AsideReader
from .connection import connect, describe, is_connection_error, redact
from .listener import Listener
from .outcome import lock_for_create, unsure_commit, wait_until_free, was_applied
from .rows import common_prefix, incident_from_row, new_event_id, split_row, summary_of
from .schema import channel_name, ensure_schema
from .trash import move_to_trash, restore_from_trash, trashed_ids

_SELECT = """
SELECT i.id, i.revision, i.doc_schema, i.document,
       COALESCE((SELECT jsonb_agg(e.event ORDER BY e.position)
                 FROM escalation_events e WHERE e.incident_id = i.id), '[]'::jsonb)
FROM escalation_incidents i
"""
BUSY_ROW = "another escalation-tui client is saving this incident"
BUSY_CONNECTION = "this window is still talking to the PostgreSQL server"


class PostgresStore:
    remote = True  # reads and writes cross the network: the TUI makes them in worker threads

    def __init__(self, url: str) -> None:
        self._url = url
        self.location = redact(url)
        self._lock = threading.RLock()  # one connection, used by one thread at a time
        self._conn: psycopg.Connection | None = None
        self._schema_ready = False
        self._in_change: str | None = None  # the id locked() holds
        self._change_thread: int | None = None  # the thread making that change
        self._aside = AsideReader(url)  # reads from worker threads: never in a change's way
        self._change_id: str | None = None  # the id of the timeline event save() added in it
        self._loaded_events: dict[str, list[dict]] = {}  # timeline as read inside locked()
        self._revisions: dict[str, int] = {}  # newest revision known per incident
        self._generation = 0  # bumped when notifications may have been missed
        self._changes_seen = 0
        self._subscribers: list[Callable[[], None]] = []
        self._listener: Listener | None = None

    # -- connection --------------------------------------------------------------
    def _connection(self) -> psycopg.Connection:
        if self._conn is None or self._conn.closed or self._conn.broken:
            if self._in_change is not None:  # a new connection would not hold the change's lock
                raise describe(
                    psycopg.OperationalError("connection lost mid-change"), self._url, writing=True
                )
            self._drop_connection()
            conn = connect(self._url)
            try:
                if not self._schema_ready:
                    ensure_schema(conn, self.location)
                    self._schema_ready = True
                self._channel = channel_name(conn)
            except psycopg.Error as error:
                conn.close()
                raise describe(error, self._url, writing=False) from None
            except StoreError:
                conn.close()
                raise
            self._conn = conn
        return self._conn

    def _drop_connection(self) -> None:
        if self._conn is not None:
            with suppress(psycopg.Error):
                self._conn.close()
        self._conn = None

    @contextmanager
    def _talking(self, writing: bool) -> Iterator[psycopg.Connection]:
        """The connection, with any server failure turned into one line."""
        if not writing and self._schema_ready and self._aside.wanted(self._change_thread):
            with self._aside.talking() as conn:
                yield conn
            return
        writing = writing or self._in_change is not None  # a read inside a change fails the change
        with self._lock:
            try:
                conn = self._connection()
            except StoreError as error:
                raise StoreError(f"{error}; nothing was saved" if writing else str(error)) from None
            try:
                yield conn
            except psycopg.Error as error:
                if is_connection_error(error):
                    self._drop_connection()  # the next call reconnects
                raise describe(error, self._url, writing) from None

    def init_schema(self) -> int:
        """`escalation-tui db init`: create or migrate the tables; the version found before."""
        with self._lock:
            conn = connect(self._url)
            try:
                found = ensure_schema(conn, self.location)
            except psycopg.Error as error:
                raise describe(error, self._url, writing=True) from None
            finally:
                conn.close()
            self._schema_ready = True
            return found

    # -- the contract ------------------------------------------------------------
    def ids(self) -> list[str]:
        with self._talking(False) as conn:
            return [row[0] for row in conn.execute("SELECT id FROM escalation_incidents ORDER BY id")]

    def exists(self, incident_id: str) -> bool:
        with self._talking(False) as conn:
            return (
                conn.execute("SELECT 1 FROM escalation_incidents WHERE id = %s", (incident_id,)).fetchone()
                is not None
            )

    def resolve_id(self, text: str) -> str:
        return resolve_prefix(self.ids(), text)

    @contextmanager
    def locked(self, incident_id: str) -> Iterator[None]:
        """One transaction holding the incident's row lock; committed when the block ends."""
        self._take_connection(incident_id)
        self._change_thread = threading.get_ident()
        try:
            self._begin(incident_id)
            self._in_change = incident_id
            self._change_id = None
            try:
                try:
                    yield
                except BaseException:
                    self._rollback()
                    raise
                self._commit(incident_id)
            except StoreError:
                self._forget(incident_id)  # unsure what the server kept: reload before trusting it
                raise
            finally:
                self._in_change = None
                self._loaded_events.pop(incident_id, None)
        finally:
            self._change_thread = None
            self._lock.release()

    def _take_connection(self, incident_id: str) -> None:
        """The connection's lock; on the event loop, LockBusy if a worker thread is using it."""
        if lock_wait_allowed():
            self._lock.acquire()
        elif not self._lock.acquire(blocking=False):
            raise self._busy(BUSY_CONNECTION, incident_id)

    def _begin(self, incident_id: str) -> None:
        """BEGIN and take the row lock: waiting for another client's change to commit, or,
        inside no_lock_wait(), raising LockBusy at once."""
        busy = False
        for attempt in (1, 2):
            try:
                with self._talking(True) as conn:
                    conn.execute("BEGIN")
                    try:
                        row = conn.execute(
                            "SELECT revision FROM escalation_incidents WHERE id = %s FOR UPDATE"
                            if lock_wait_allowed()
                            else "SELECT revision FROM escalation_incidents WHERE id = %s FOR UPDATE NOWAIT",
                            (incident_id,),
                        ).fetchone()
                    except pg_errors.LockNotAvailable:
                        busy = True
                break
            except StoreError:
                self._rollback()
                # A connection that died while idle fails before anything was sent: reconnect once.
                if attempt == 2 or self._conn is not None:
                    raise
        if busy:
            self._rollback()
            raise self._busy(BUSY_ROW, incident_id)
        if row is None:
            self._rollback()
            raise NotFound(f"no incident with id {incident_id!r}")

    def _busy(self, message: str, incident_id: str) -> LockBusy:
        return LockBusy(message, lambda stop, t: wait_until_free(self._url, self._lock, incident_id, stop, t))

    def _commit(self, incident_id: str) -> None:
        """COMMIT; if its reply is lost, ask the server again whether the change landed."""
        try:
            with self._talking(True) as conn:
                conn.execute("COMMIT")  # the change and its NOTIFY, or neither
            return
        except StoreError:
            if self._conn is not None or self._change_id is None:
                raise  # the server answered (it refused the commit): certainly not saved
        applied = was_applied(self._url, incident_id, self._change_id, patient=lock_wait_allowed())
        if not applied:
            raise unsure_commit(self._url, applied) from None

    def _rollback(self) -> None:
        if self._conn is not None and not self._conn.closed:
            try:
                self._conn.execute("ROLLBACK")
            except psycopg.Error:
                self._drop_connection()  # a broken connection: the server rolls back by itself

    def load(self, incident_id: str) -> Incident:
        with self._talking(False) as conn:
            row = conn.execute(_SELECT + " WHERE i.id = %s", (incident_id,)).fetchone()
        if row is None:
            raise NotFound(f"no incident with id {incident_id!r}")
        incident = self._incident(row)
        if self._in_change == incident_id:
            self._loaded_events[incident_id] = row[4]
        return incident

    def load_for_change(self, incident_id: str, known: Incident | None) -> Incident:
        return self.load(incident_id)  # the row lock is taken by locked(); save() diffs against this load

    def load_all(
        self, open_only: bool = False, known: Known | None = None
    ) -> tuple[list[Incident], list[StoreProblem]]:
        """One query for all (`known` is not needed: the rows come in one round trip)."""
        with self._talking(False) as conn:
            rows = conn.execute(_SELECT + " ORDER BY i.id").fetchall()
        incidents: list[Incident] = []
        problems: list[StoreProblem] = []
        for row in rows:
            try:
                incidents.append(self._incident(row))
            except StoreError as error:
                problems.append(StoreProblem(self._where(row[0]), str(error)))
        return incidents, problems

    def summaries(
        self, open_only: bool = False, parts: Collection[str] = (), known: dict | None = None
    ) -> tuple[list[IncidentSummary], list[StoreProblem]]:
        """The summary column, in one query (`known` is not needed); a row without one (written
        before schema 2) or from another summary version gets one made from its document."""
        dropped = [p for p in ("actions", "texts") if p not in parts]
        column: sql.Composable = sql.SQL("summary")
        for part in dropped:
            column = sql.SQL("{} - {}").format(column, sql.Literal(part))
        query = sql.SQL("SELECT id, revision, {} FROM escalation_incidents {} ORDER BY id").format(
            column, sql.SQL("WHERE is_open IS NOT FALSE" if open_only else "")
        )
        with self._talking(False) as conn:
            rows = conn.execute(query).fetchall()
        found: list[IncidentSummary] = []
        problems: list[StoreProblem] = []
        for incident_id, revision, data in rows:
            summary = summary_of(data, incident_id, revision)
            if summary is None:
                try:
                    summary = self._make_summary(incident_id)
                except StoreError as error:
                    problems.append(StoreProblem(self._where(incident_id), str(error)))
                    continue
            if summary.is_open or not open_only:
                found.append(summary)
        return found, problems

    def _make_summary(self, incident_id: str) -> IncidentSummary:
        """Made from the document, and kept unless the row changed meanwhile."""
        incident = self.load(incident_id)
        summary = summarize(incident)
        with suppress(StoreError), self._talking(True) as conn:
            conn.execute(
                "UPDATE escalation_incidents SET summary = %s, is_open = %s WHERE id = %s AND revision = %s",
                (Jsonb(summary.model_dump(mode="json")), summary.is_open, incident_id, incident.revision),
            )
        return summary

    def create(self, incident: Incident) -> None:
        """Write a new incident; refuses to replace an existing one."""
        document, events = split_row(incident)
        committing = False
        try:
            with self._talking(True) as conn, conn.transaction():
                lock_for_create(conn, incident.id)  # what was_applied waits on if the reply is lost
                summary = summarize(incident)
                inserted = conn.execute(
                    "INSERT INTO escalation_incidents (id, revision, doc_schema, document, summary, is_open) "
                    "VALUES (%s, %s, %s, %s, %s, %s) "
                    "ON CONFLICT (id) DO NOTHING",
                    (
                        incident.id,
                        incident.revision,
                        migrations.SCHEMA_VERSION,
                        Jsonb(document),
                        Jsonb(summary.model_dump(mode="json")),
                        summary.is_open,
                    ),
                ).rowcount
                if not inserted:
                    raise StoreError(f"an incident with id {incident.id!r} already exists")
                self._insert_events(conn, incident.id, 0, events)
                self._notify(conn, incident)
                committing = True  # the block's end sends COMMIT
        except StoreError:
            if not committing or self._conn is not None or not events:
                raise  # the server answered: certainly not created
            applied = was_applied(
                self._url, incident.id, events[-1]["id"], created=True, patient=lock_wait_allowed()
            )
            if not applied:
                raise unsure_commit(self._url, applied) from None
        self._know(incident.id, incident.revision)

    def save(self, incident: Incident) -> None:
        """Write what changed: the document, and the timeline from where it differs."""
        if self._in_change != incident.id:
            raise StoreError(f"internal: save of {incident.id!r} outside locked(); nothing was saved")
        document, events = split_row(incident)
        before = self._loaded_events.get(incident.id)
        with self._talking(True) as conn:
            if before is None:  # not loaded in this change: rewrite the timeline
                before = [
                    row[0]
                    for row in conn.execute(
                        "SELECT event FROM escalation_events WHERE incident_id = %s ORDER BY position",
                        (incident.id,),
                    )
                ]
            keep = common_prefix(before, events)
            self._change_id = new_event_id(before, events[keep:])
            if keep < len(before):
                conn.execute(
                    "DELETE FROM escalation_events WHERE incident_id = %s AND position >= %s",
                    (incident.id, keep),
                )
            self._insert_events(conn, incident.id, keep, events[keep:])
            summary = summarize(incident)  # in the same transaction as the incident
            conn.execute(
                "UPDATE escalation_incidents "
                "SET revision = %s, doc_schema = %s, document = %s, updated_at = now(), "
                "summary = %s, is_open = %s "
                "WHERE id = %s",
                (
                    incident.revision,
                    migrations.SCHEMA_VERSION,
                    Jsonb(document),
                    Jsonb(summary.model_dump(mode="json")),
                    summary.is_open,
                    incident.id,
                ),
            )
            self._notify(conn, incident)
        self._loaded_events[incident.id] = events
        self._know(incident.id, incident.revision)

    # -- the trash (store/postgres/trash.py) -------------------------------------
    def trashed_ids(self) -> list[str]:
        with self._talking(False) as conn:
            return trashed_ids(conn)

    def resolve_trashed(self, text: str) -> str:
        try:
            return resolve_prefix(self.trashed_ids(), text)
        except NotFound:
            raise NotFound(f"no deleted incident with id {text!r} in the trash") from None

    def delete(self, incident_id: str) -> None:
        with self._lock, self._talking(True) as conn, conn.transaction():
            revision = move_to_trash(conn, incident_id)
            conn.execute("SELECT pg_notify(%s, %s)", (self._channel, f"{incident_id}:{revision + 1}"))
        self._forget(incident_id)

    def restore(self, incident_id: str) -> None:
        with self._lock, self._talking(True) as conn, conn.transaction():
            revision = restore_from_trash(conn, incident_id)
            conn.execute("SELECT pg_notify(%s, %s)", (self._channel, f"{incident_id}:{revision}"))
        self._know(incident_id, revision)

    # -- live refresh ------------------------------------------------------------
    @property
    def listening(self) -> bool:
        """True while the LISTEN connection is up (other clients' saves arrive at once)."""
        return self._listener is not None and self._listener.connected.is_set()

    def stamp(self, incident_id: str) -> tuple[int, int | None]:
        """No network: the newest revision this client saved or heard of (NOTIFY).

        Loads do not move it, so a refresh after a notification is not followed by another.
        """
        return (self._generation, self._revisions.get(incident_id))

    def folder_stamp(self) -> tuple[int, int]:
        self._start_listening()
        return (self._generation, self._changes_seen)

    def watch(self, callback: Callable[[], None]) -> Unsubscribe:
        self._subscribers.append(callback)
        self._start_listening()

        def unsubscribe() -> None:
            if callback in self._subscribers:
                self._subscribers.remove(callback)

        return unsubscribe

    def close(self) -> None:
        if self._listener is not None:
            self._listener.stop()
            self._listener = None
        self._aside.close()
        with self._lock:
            self._drop_connection()

    # -- helpers -----------------------------------------------------------------
    def _start_listening(self) -> None:
        if self._listener is None:
            self._listener = Listener(self._url, self._heard)
            self._listener.start()

    def _heard(self, incident_id: str | None, revision: int | None) -> None:
        """On the listener thread: record, then tell the subscribers."""
        if incident_id is None or revision is None:
            self._generation += 1
        else:
            self._know(incident_id, revision)
        self._changes_seen += 1
        for callback in list(self._subscribers):
            callback()

    def _know(self, incident_id: str, revision: int) -> None:
        if revision > self._revisions.get(incident_id, -1):
            self._revisions[incident_id] = revision

    def _forget(self, incident_id: str) -> None:
        self._revisions.pop(incident_id, None)
        self._generation += 1

    def _notify(self, conn: psycopg.Connection, incident: Incident) -> None:
        conn.execute("SELECT pg_notify(%s, %s)", (self._channel, f"{incident.id}:{incident.revision}"))

    @staticmethod
    def _insert_events(conn: psycopg.Connection, incident_id: str, start: int, events: list[dict]) -> None:
        if events:
            with conn.cursor() as cur:
                cur.executemany(
                    "INSERT INTO escalation_events (incident_id, position, event) VALUES (%s, %s, %s)",
                    [(incident_id, start + n, Jsonb(e)) for n, e in enumerate(events)],
                )

    def _where(self, incident_id: str) -> str:
        return f"{self.location} incident {incident_id}"

    def _incident(self, row: tuple) -> Incident:
        return incident_from_row(row, self._where(row[0]))
