"""`escalation-tui serve` in a process of its own on 127.0.0.1, for browser tests and benchmarks."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cli(db: str, config: Path, *args: str) -> str:
    """The real CLI in its own process (a change "from another process")."""
    env = {**os.environ, "ESCALATION_TUI_CONFIG": str(config)}
    done = subprocess.run(
        [sys.executable, "-m", "escalation_tui", "--db", db, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    if done.returncode != 0:
        raise RuntimeError(f"escalation-tui {' '.join(args[:2])}: {done.stderr.strip()}")
    return done.stdout


class Serve:
    def __init__(self, db: str, config: Path, *extra: str, port: int | None = None) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "ESCALATION_TUI_CONFIG": str(config)}
        command = [
            sys.executable,
            "-m",
            "escalation_tui",
            "--db",
            db,
            "serve",
            "--port",
            str(self.port),
            *extra,
        ]
        self.process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self._wait_ready()

    def _wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"serve exited: {self.process.stderr.read().decode()}")  # type: ignore[union-attr]
            try:
                urllib.request.urlopen(self.url + "/static/page.css", timeout=1).close()
                return
            except (urllib.error.URLError, OSError):
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("serve did not start")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()

    def __enter__(self) -> "Serve":
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()
