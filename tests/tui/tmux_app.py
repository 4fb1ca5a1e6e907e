"""The app in a real terminal: tmux on a private server, driven as a user's terminal would.

Each harness starts its own tmux server (`-L`, a unique socket name), so nothing of the
user's tmux is read or touched and `close` ends exactly what was started. Every wait polls
(the screen, the store) with a generous timeout: nothing assumes how long a step takes.
"""

import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

T = TypeVar("T")
TIMEOUT = 60.0  # seconds: a loaded CI machine, not a step's expected time

needs_tmux = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")


def poll(get: Callable[[], T], ok: Callable[[T], bool], what: str, timeout: float = TIMEOUT) -> T:
    """get() until ok(value); fail with what was last seen after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = get()
        if ok(value):
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}; last seen:\n{value}")
        time.sleep(0.05)


class TmuxApp:
    def __init__(self, store: Path, size: tuple[int, int] = (80, 24), escape_time: int | None = 10) -> None:
        self.name = f"esc-tui-test-{uuid.uuid4().hex[:10]}"
        self.store = store
        self.size = size
        self.escape_time = escape_time  # None: tmux's own default (500 ms), as a new user has it

    def tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.name, *args], capture_output=True, text=True, timeout=TIMEOUT, check=True
        )
        return done.stdout

    def start(self, *app_args: str) -> "TmuxApp":
        command = [sys.executable, "-m", "escalation_tui", "--db", str(self.store), *app_args]
        width, height = self.size
        size = ["-x", str(width), "-y", str(height)]
        # As users are told to set it (README): Escape is not held back waiting for a next key.
        conf = self.store.parent / f"{self.name}.conf"
        conf.write_text("" if self.escape_time is None else f"set -sg escape-time {self.escape_time}\n")
        self.tmux("-f", str(conf), "new-session", "-d", "-s", self.name, *size, shlex.join(command))
        return self

    def close(self) -> None:
        socket = subprocess.run(
            ["tmux", "-L", self.name, "display-message", "-p", "#{socket_path}"],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        ).stdout.strip()
        subprocess.run(["tmux", "-L", self.name, "kill-server"], capture_output=True, timeout=TIMEOUT)
        if socket.endswith(self.name):  # tmux leaves its socket file behind
            Path(socket).unlink(missing_ok=True)

    def __enter__(self) -> "TmuxApp":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.name)

    def wait_for(self, text: str, timeout: float = TIMEOUT) -> str:
        return poll(self.screen, lambda shown: text in shown, f"{text!r} on screen", timeout)

    def wait_gone(self, text: str, timeout: float = TIMEOUT) -> str:
        """Gone in two captures in a row: one could be a frame tmux has only partly received."""
        seen: list[bool] = []

        def gone(shown: str) -> bool:
            seen.append(text not in shown)
            return seen[-2:] == [True, True]

        return poll(self.screen, gone, f"{text!r} gone from the screen", timeout)

    def keys(self, *keys: str) -> None:
        """tmux key names (Enter, Escape, C-s, Tab) or literal letters, one argument each."""
        self.tmux("send-keys", "-t", self.name, *keys)

    def paste(self, path: Path) -> None:
        """A bracketed paste of the file's bytes, as tmux pastes: newlines sent as CR."""
        self.tmux("load-buffer", "-b", "paste", str(path))
        self.tmux("paste-buffer", "-p", "-b", "paste", "-t", self.name)
