"""Inter-process locks: fcntl.flock on a sidecar file, released by the kernel if the holder dies."""

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import StoreError

LOCK_TIMEOUT_SECONDS = 10.0


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
