"""Certain answers in team mode: was a change whose COMMIT got no reply saved? And waiting for
another client's row lock without ever doing it on the TUI's event loop.

The connection can drop after COMMIT was sent: the server may have committed or not, and the
error does not say which. Each change carries an id the client chose (the id of the timeline
event it appends, written in the same transaction), so a new connection looks it up. It first
takes the lock the lost transaction held (the incident's row lock; for a new incident, an
advisory lock on its id): once granted, that transaction has committed or rolled back and is
never still in flight, so the answer is final. A retry after "not saved" cannot apply the
change twice.
"""

import threading
import time
from typing import LiteralString

import psycopg
from psycopg import errors as pg_errors

from ...errors import StoreError
from .connection import connect, redact

VERIFY_SECONDS = 20.0  # reconnecting to check, across a server restart; then say it is not known
_RETRY_FIRST, _RETRY_MAX = 0.1, 1.0
_CREATE_LOCK = 0x45534355  # pg_advisory_xact_lock(key, hashtext(id)): held while an incident is created

ROW_LOCK: LiteralString = "SELECT 1 FROM escalation_incidents WHERE id = %s FOR UPDATE"
CREATE_LOCK: LiteralString = "SELECT pg_advisory_xact_lock(%s, hashtext(%s))"


def lock_for_create(conn: psycopg.Connection, incident_id: str) -> None:
    conn.execute(CREATE_LOCK, (_CREATE_LOCK, incident_id))


def was_applied(
    url: str, incident_id: str, change_id: str, created: bool = False, patient: bool = True
) -> bool | None:
    """True if the change with this id committed, False if it did not; None when the server
    could not be asked again within VERIFY_SECONDS (`patient`), or at the first try (not: the
    TUI's event loop, which must not wait for a server to come back)."""
    deadline = time.monotonic() + (VERIFY_SECONDS if patient else 0.0)
    delay = _RETRY_FIRST
    while True:
        try:
            conn = connect(url)
        except StoreError:
            conn = None
        if conn is not None:
            try:
                with conn.transaction():
                    if not patient:  # a lost transaction still in flight: unknown, rather than wait
                        conn.execute("SET LOCAL lock_timeout = '100ms'")
                    if created:
                        lock_for_create(conn, incident_id)
                    else:
                        conn.execute(ROW_LOCK, (incident_id,))
                    row = conn.execute(
                        "SELECT 1 FROM escalation_events WHERE incident_id = %s AND event->>'id' = %s",
                        (incident_id, change_id),
                    ).fetchone()
                return row is not None
            except psycopg.Error:
                pass  # the server is restarting, or the lost transaction outlived a statement timeout
            finally:
                conn.close()
        if time.monotonic() + delay > deadline:
            return None
        time.sleep(delay)  # waiting for the server to come back, not on the clock
        delay = min(delay * 2, _RETRY_MAX)


def unsure_commit(url: str, applied: bool | None) -> StoreError:
    """The one line for a change whose COMMIT lost its reply and did not land (or is unknown)."""
    lost = f"lost the connection to PostgreSQL at {redact(url)} while committing"
    if applied is None:
        return StoreError(
            f"{lost}, and could not reach it again to check whether the change was saved; "
            "look at the incident before trying again"
        )
    return StoreError(f"{lost}; checked after reconnecting: nothing was saved")


def wait_until_free(
    url: str, connection_lock: threading.RLock, incident_id: str, stop: threading.Event, timeout: float
) -> bool:
    """LockBusy's wait, in a worker thread: until the store's connection is free and no other
    client holds the incident's row lock (watched on a connection of its own, so nothing else
    this window does waits behind it). True when both were free at the last look; the change
    is then tried again and may lose the race to a third client (it then waits again). False
    when stopped or past the timeout."""
    deadline = time.monotonic() + timeout
    while not connection_lock.acquire(timeout=0.2):
        if stop.is_set() or time.monotonic() >= deadline:
            return False
    connection_lock.release()
    try:
        conn = connect(url)
    except StoreError:
        return True  # the change, tried again, says what is wrong with the server
    try:
        return _wait_for_row(conn, incident_id, stop, deadline)
    except psycopg.Error:
        return True
    finally:
        conn.close()


def _wait_for_row(conn: psycopg.Connection, incident_id: str, stop: threading.Event, deadline: float) -> bool:
    while not stop.is_set():
        if time.monotonic() >= deadline:
            return False
        try:
            with conn.transaction():
                conn.execute("SET LOCAL lock_timeout = '200ms'")  # then look at `stop` again
                conn.execute(ROW_LOCK, (incident_id,))
            return True
        except pg_errors.LockNotAvailable:
            continue
    return False
