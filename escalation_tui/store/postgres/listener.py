"""LISTEN on a thread of its own: other clients' saves arrive without polling the server.

Each save sends NOTIFY '<id>:<revision>' in its transaction, so it arrives only once the
change is committed. The thread records the newest revision per incident (which makes
stamp() a memory read) and calls the subscribers. When the connection drops it retries
with a growing pause; once listening again it bumps `generation`, because notifications
sent meanwhile were missed and every client must reload once.
"""

import threading
from collections.abc import Callable

import psycopg
from psycopg import sql

from .connection import connect
from .schema import channel_name

RETRY_FIRST, RETRY_MAX = 0.2, 2.0
WAIT_SLICE = 0.25  # how often the thread checks whether it should stop


class Listener:
    def __init__(self, url: str, on_event: Callable[[str | None, int | None], None]) -> None:
        self._url = url
        self._on_event = on_event  # (incident id, revision), or (None, None) after a reconnect
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="escalation-tui-listen", daemon=True)
        self.connected = threading.Event()

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)

    def _run(self) -> None:
        delay = RETRY_FIRST
        while not self._stop.is_set():
            try:
                with connect(self._url) as conn:
                    conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel_name(conn))))
                    self.connected.set()
                    delay = RETRY_FIRST
                    self._on_event(None, None)  # anything sent while we were not listening is missed
                    self._listen(conn)
            except Exception:  # the server went away (or never came): try again shortly
                pass
            self.connected.clear()
            self._stop.wait(delay)
            delay = min(delay * 2, RETRY_MAX)

    def _listen(self, conn: psycopg.Connection) -> None:
        while not self._stop.is_set():
            for note in conn.notifies(timeout=WAIT_SLICE):
                incident_id, _, revision = note.payload.partition(":")
                self._on_event(incident_id, int(revision) if revision.isdigit() else None)
            if conn.closed or conn.broken:
                raise psycopg.OperationalError("listener connection lost")
