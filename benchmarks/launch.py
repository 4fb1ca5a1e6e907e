"""Launch -> first frame, in a real pseudo-terminal, the same way for any program.

The program runs on a fresh pty (160x50) as its controlling terminal; the clock stops
when the marker text appears in what it has written (escape sequences removed). Peak
RSS (VmHWM) is read from /proc right after, and after a short settle.
"""

import contextlib
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import termios
import time
from dataclasses import dataclass

ANSI = re.compile(rb"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|P[^\x1b]*\x1b\\|[@-Z\\-_])")


@dataclass
class Launch:
    seconds: float
    peak_rss_mb: float


def _controlling_tty() -> None:
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def _peak_rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def launch(
    argv: list[str],
    marker: str,
    env: dict[str, str],
    size: tuple[int, int] = (160, 50),
    timeout: float = 60,
    settle: float = 0.0,
) -> Launch:
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
    wanted = marker.encode()
    started = time.perf_counter()
    process = subprocess.Popen(
        argv,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env={**env, "TERM": "xterm-256color", "COLUMNS": str(size[0]), "LINES": str(size[1])},
        preexec_fn=_controlling_tty,
        close_fds=True,
    )
    os.close(slave)
    seen = b""
    elapsed = None
    try:
        while time.perf_counter() - started < timeout:
            ready, _, _ = select.select([master], [], [], 0.5)
            if not ready:
                if process.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(master, 1 << 16)
            except OSError:
                break
            seen += chunk
            if wanted in ANSI.sub(b"", seen):
                elapsed = time.perf_counter() - started
                break
        if elapsed is None:
            tail = ANSI.sub(b"", seen)[-400:].decode(errors="replace")
            raise RuntimeError(f"{argv[-1]}: no {marker!r} on screen after {timeout} s: {tail!r}")
        deadline = time.perf_counter() + settle
        while time.perf_counter() < deadline:  # keep draining so the app never blocks on output
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    os.read(master, 1 << 16)
                except OSError:
                    break
        return Launch(elapsed, _peak_rss_mb(process.pid))
    finally:
        with contextlib.suppress(OSError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        os.close(master)
