"""A second connection for reads made off the main thread (the TUI's worker threads).

A change on the TUI's event loop never waits for the store's connection (it raises LockBusy
when busy): reads made in worker threads use this connection instead, so they never make
the change wait.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress

import psycopg

from .connection import connect, describe, is_connection_error


class AsideReader:
    def __init__(self, url: str) -> None:
        self._url = url
        self._lock = threading.Lock()
        self._conn: psycopg.Connection | None = None

    @staticmethod
    def wanted(change_thread: int | None) -> bool:
        """True for a read off the main thread that is not part of this thread's own change."""
        return threading.current_thread() is not threading.main_thread() and (
            change_thread != threading.get_ident()
        )

    @contextmanager
    def talking(self) -> Iterator[psycopg.Connection]:
        with self._lock:
            if self._conn is None or self._conn.closed or self._conn.broken:
                self._drop()
                self._conn = connect(self._url)
            try:
                yield self._conn
            except psycopg.Error as error:
                if is_connection_error(error):
                    self._drop()
                raise describe(error, self._url, writing=False) from None

    def close(self) -> None:
        if self._lock.acquire(blocking=False):  # a read still in flight closes with the process
            try:
                self._drop()
            finally:
                self._lock.release()

    def _drop(self) -> None:
        if self._conn is not None:
            with suppress(psycopg.Error):
                self._conn.close()
        self._conn = None
