"""Inter-process locks: fcntl.flock on a sidecar file, released by the kernel if the holder dies."""

import fcntl
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from ..errors import LockBusy, StoreError

LOCK_TIMEOUT_SECONDS = 10.0
# Set by the TUI around changes made on its event loop: a held lock raises LockBusy at once
# instead of sleeping there (which froze the clock for up to 10 s).
_NO_WAIT: ContextVar[bool] = ContextVar("escalation_tui_lock_no_wait", default=False)


@contextmanager
def no_lock_wait() -> Iterator[None]:
    """Within this block a lock held by another instance raises LockBusy instead of waiting."""
    token = _NO_WAIT.set(True)
    try:
        yield
    finally:
        _NO_WAIT.reset(token)


def lock_wait_allowed() -> bool:
    """False inside no_lock_wait(): every store raises LockBusy rather than wait on a lock."""
    return not _NO_WAIT.get()


@contextmanager
def file_lock(path: Path, timeout: float = LOCK_TIMEOUT_SECONDS) -> Iterator[None]:
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as error:
        raise StoreError(f"{path}: cannot open lock file ({error.strerror})") from None
    try:
        _acquire(fd, path, timeout)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _acquire(fd: int, path: Path, timeout: float) -> None:
    if _NO_WAIT.get():
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            raise LockBusy(
                "another escalation-tui window is saving this incident",
                lambda stop, t: wait_until_free(path, stop, t),
            ) from None
    deadline = time.monotonic() + timeout
    delay = 0.001
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise StoreError(
                    f"{path}: another escalation-tui process has held this incident's lock "
                    f"for over {timeout:.0f} s; nothing was saved, try again"
                ) from None
            time.sleep(delay)  # waiting on another process, not on the clock
            delay = min(delay * 2, 0.002)  # short: a holder that saves in a loop leaves only brief gaps


def wait_until_free(path: Path, stop: threading.Event, timeout: float) -> bool:
    """Block (in a worker thread) until nobody holds the lock, `stop` is set or `timeout` passes.

    True when the lock was free at the last look; the caller then retries its change, which
    takes the lock for itself (someone may still win the race: it then waits again).
    """
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        return True  # the change itself will report what is wrong with the file
    try:
        deadline = time.monotonic() + timeout
        while not stop.is_set():
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                fcntl.flock(fd, fcntl.LOCK_UN)
                return True
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    return False
                stop.wait(0.02)  # wakes at once when the user stops waiting
        return False
    finally:
        os.close(fd)
