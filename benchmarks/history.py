"""The `history` section (issue 36): two years of incidents against the demo alone.

The history store holds PAST closed copies of the demo incident and OPEN open ones; the small
store holds the demo incident only. Each figure is measured on both in the same run:
the TUI's first frame, its idle CPU and its CPU for one change saved by another process,
its resident memory, and the CLI's list, status, actions --open, search and list --all.
"""

import contextlib
import fcntl
import os
import select
import shutil
import signal
import struct
import subprocess
import sys
import termios
import time
from datetime import timedelta
from pathlib import Path

from escalation_tui.domain.fields import new_id
from escalation_tui.store import IncidentStore

from . import stores
from .launch import ANSI, _controlling_tty, _peak_rss_mb
from .report import Figure, median_ms

PAST, OPEN = 3000, 40
IDLE_SECONDS = 5.0
AFTER_CHANGE_SECONDS = 3.0
TICKS = os.sysconf("SC_CLK_TCK")


def build_years(root: Path, past: int = PAST, open_count: int = OPEN) -> stores.BuiltStore:
    """`past` closed copies of the demo incident, declared a few a day back in time, and
    `open_count` open ones (the demo among them)."""
    built = stores.build_small(root)
    store = IncidentStore(root)
    demo = store.load(built.incident_id)
    for n in range(past):
        back = timedelta(days=3 + n // 4)
        copy = demo.model_copy(deep=True, update={"id": new_id(10), "title": f"{demo.title} #{n}"})
        milestones = {k: (v - back if v else v) for k, v in demo.milestones.__dict__.items()}
        milestones["resolved"] = milestones["declared"] + timedelta(hours=2)
        milestones["closed"] = milestones["declared"] + timedelta(days=1)
        copy.__dict__["milestones"] = demo.milestones.model_copy(update=milestones)
        copy.__dict__["timeline"] = [e.model_copy(update={"at": e.at - back}) for e in copy.timeline]
        copy.__dict__["updates"] = [u.model_copy(update={"sent_at": u.sent_at - back}) for u in copy.updates]
        store.create(copy)
    for _ in range(open_count - 1):
        store.create(demo.model_copy(deep=True, update={"id": new_id(10)}))
    return built


def _cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


class Running:
    """The TUI on its own pty (160x50), drained so it never blocks on output."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 160, 0, 0))
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env={**env, "TERM": "xterm-256color"},
            preexec_fn=_controlling_tty,
            close_fds=True,
        )
        os.close(slave)
        self.seen = b""

    def until(self, marker: str, timeout: float = 60) -> float:
        """Seconds from start until `marker` is on screen."""
        wanted = marker.encode()
        while time.perf_counter() - self.started < timeout:
            self.drain(0.5)
            if wanted in ANSI.sub(b"", self.seen):
                return time.perf_counter() - self.started
        raise RuntimeError(f"no {marker!r} on screen after {timeout} s")

    def drain(self, seconds: float) -> None:
        deadline = time.perf_counter() + seconds
        while True:
            left = deadline - time.perf_counter()
            ready, _, _ = select.select([self.master], [], [], max(0.0, min(left, 0.1)))
            if ready:
                with contextlib.suppress(OSError):
                    self.seen = (self.seen + os.read(self.master, 1 << 16))[-200_000:]
            if left <= 0:
                return

    def cpu(self) -> float:
        return _cpu_seconds(self.process.pid)

    def close(self) -> float:
        rss = _peak_rss_mb(self.process.pid)
        with contextlib.suppress(OSError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        os.close(self.master)
        return rss


def tui_figures(store: stores.BuiltStore, env: dict[str, str]) -> dict[str, float]:
    """First frame (s), idle CPU (share of a core), CPU for one outside change (s), peak RSS (MB)."""
    tui = [sys.executable, "-m", "escalation_tui", "--db", str(store.root)]
    running = Running(tui, env)
    try:
        first = running.until("Next update" if len(IncidentStore(store.root).ids()) > 1 else "Action items")
        running.drain(2.0)  # start-up work after the first frame (the finished incidents' row...)
        before = running.cpu()
        running.drain(IDLE_SECONDS)
        idle = (running.cpu() - before) / IDLE_SECONDS
        before = running.cpu()
        note = [*tui, "note", store.incident_id, "bench: saved by another process"]
        subprocess.run(note, env=env, check=True, capture_output=True)
        running.drain(AFTER_CHANGE_SECONDS)
        change = running.cpu() - before - idle * AFTER_CHANGE_SECONDS
    finally:
        rss = running.close()
    return {"first": first, "idle": idle, "change": max(0.0, change), "rss": rss}


def cli_seconds(store: stores.BuiltStore, env: dict[str, str], args: list[str]) -> float:
    argv = [sys.executable, "-m", "escalation_tui", "--db", str(store.root), *args]
    if args[0] == "status":  # the first status after a save reads the store: no snapshot
        shutil.rmtree(env["XDG_CACHE_HOME"], ignore_errors=True)
    started = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


CLI = {  # figure -> (arguments, target ratio)
    "list": (["list"], 1.5),
    "status": (["status"], 1.5),
    "actions --open": (["actions", "--open"], 1.5),
    "search rollback": (["search", "rollback"], 1.5),
    "list --all": (["list", "--all"], 2.0),
}


def history_figures(folder: Path, env: dict[str, str], repeat: int, past: int = PAST) -> list[Figure]:
    small = stores.build_small(folder / "history-small")
    years = build_years(folder / "history-years", past=past)
    label = f"{past:,} past + {OPEN} open"
    figures = []
    tui = {
        name: [tui_figures(store, env) for _ in range(repeat)]
        for name, store in (("small", small), ("years", years))
    }

    def med(name: str, key: str) -> float:
        return median_ms([run[key] for run in tui[name]])

    first, first_small = med("years", "first"), med("small", "first")
    figures.append(
        Figure(
            f"TUI first frame ({label})",
            first,
            "demo only",
            first_small,
            "ratio <= 1.3",
            first <= 1.3 * first_small,
        )
    )
    idle, idle_small = med("years", "idle") / 10, med("small", "idle") / 10  # ms per s -> %
    figures.append(
        Figure(
            f"TUI idle CPU ({label})",
            idle,
            "demo only",
            idle_small,
            "ratio <= 2",
            idle <= 2 * max(idle_small, 0.1),
            "%",
        )
    )
    change, change_small = med("years", "change"), med("small", "change")
    figures.append(
        Figure(
            f"TUI CPU, one outside change ({label})",
            change,
            "demo only",
            change_small,
            "ratio <= 2",
            change <= 2 * max(change_small, 10),
        )
    )
    rss = max(run["rss"] for run in tui["years"])
    rss_small = max(run["rss"] for run in tui["small"])
    figures.append(
        Figure(f"TUI peak RSS ({label})", rss, "demo only", rss_small, "<= 150 MB", rss <= 150, "MB")
    )
    for name, (args, limit) in CLI.items():
        value = median_ms([cli_seconds(years, env, args) for _ in range(repeat)])
        yard = median_ms([cli_seconds(small, env, args) for _ in range(repeat)])
        figures.append(
            Figure(
                f"CLI {name} ({label})", value, "demo only", yard, f"ratio <= {limit}", value <= limit * yard
            )
        )
    return figures
