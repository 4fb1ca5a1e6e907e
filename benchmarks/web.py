"""The stakeholder page under load: many live viewers on one `serve` process, and two
`serve` processes on one PostgreSQL.

A bounded load generator on 127.0.0.1 only: it opens VIEWERS event streams (raw HTTP over
asyncio, a few hundred bytes each), logs CHANGES updates from this process (a client other
than the server, as the CLI or a teammate would be), and times each from just before the
save until every viewer has read it. Memory per viewer is the server's resident size with
the viewers connected, less before, over their number. Everything it starts it stops.
"""

import asyncio
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests")]

from serve_process import Serve  # tests/serve_process.py

from escalation_tui.domain.clock import SystemClock
from escalation_tui.service import IncidentService
from escalation_tui.store import IncidentStore, open_store
from escalation_tui.web.tokens import TokenFile

from . import stores
from .report import Figure

VIEWERS = 500
CHANGES = 10
CONNECT_BATCH = 50
WAIT_LIMIT = 20.0  # seconds for every viewer to see one change; past it the viewer counts as missed


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


class Viewer:
    """One open page: an event stream read as fast as it comes, looking for each change's text."""

    def __init__(self, port: int, page: str, token: str) -> None:
        self.port, self.page, self.token = port, page, token
        self.seen: dict[str, float] = {}
        self.buffer = ""
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def connect(self) -> None:
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        request = (
            f"GET /events?page={self.page} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Cookie: etp_session={self.token}\r\nAccept: text/event-stream\r\n\r\n"
        )
        self.writer.write(request.encode())
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        if b" 200 " not in head.split(b"\r\n", 1)[0]:
            raise RuntimeError(f"stream refused: {head[:40]!r}")
        while "event: page" not in self.buffer:  # the page as it is now comes first
            self.buffer += (await self.reader.read(65536)).decode(errors="replace")
        self.buffer = ""

    async def read(self, markers: list[str]) -> None:
        assert self.reader is not None
        while True:
            chunk = await self.reader.read(65536)
            if not chunk:
                return
            now = time.perf_counter()
            self.buffer = self.buffer[-200:] + chunk.decode(errors="replace")
            for marker in markers:
                if marker not in self.seen and marker in self.buffer:
                    self.seen[marker] = now

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def _drive(servers: list[Serve], page: str, token: str, viewers: int, change, changes: int) -> dict:
    """Connect the viewers (spread over the servers), make the changes, collect latencies."""
    markers = [f"bench change {n}</bdi>" for n in range(changes)]
    opened = [Viewer(servers[n % len(servers)].port, page, token) for n in range(viewers)]
    before = [rss_kb(s.process.pid) for s in servers]
    for start in range(0, viewers, CONNECT_BATCH):
        await asyncio.gather(*(v.connect() for v in opened[start : start + CONNECT_BATCH]))
    await asyncio.sleep(1.0)  # let the server settle before reading its size
    after = [rss_kb(s.process.pid) for s in servers]
    readers = [asyncio.create_task(v.read(markers)) for v in opened]
    latencies: list[float] = []
    missed = 0
    for n, marker in enumerate(markers):
        started = time.perf_counter()
        await asyncio.to_thread(change, n)
        deadline = started + WAIT_LIMIT
        while time.perf_counter() < deadline and not all(marker in v.seen for v in opened):
            await asyncio.sleep(0.02)
        for v in opened:
            if marker in v.seen:
                latencies.append(v.seen[marker] - started)
            else:
                missed += 1
        await asyncio.sleep(0.3)  # changes a moment apart, as people make them
    for task in readers:
        task.cancel()
    for v in opened:
        v.close()
    return {"latencies": latencies, "missed": missed, "before": before, "after": after}


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[18] * 1000 if len(samples) >= 2 else float("nan")


def _changer(service: IncidentService, incident_id: str):
    def change(n: int) -> None:
        service.open(incident_id).log_update("executive", f"bench change {n}")

    return change


def folder_figures(folder: Path, viewers: int = VIEWERS, changes: int = CHANGES) -> list[Figure]:
    built = stores.build_small(folder / "web-store")
    config = folder / "web-config"
    token = TokenFile(config).new("executive")[1]
    service = IncidentService(IncidentStore(built.root), SystemClock(), "bench")
    with Serve(str(built.root), config) as server:
        found = asyncio.run(
            _drive([server], built.incident_id, token, viewers, _changer(service, built.incident_id), changes)
        )
    latencies, missed = found["latencies"], found["missed"]
    per_viewer = (found["after"][0] - found["before"][0]) / viewers
    held = viewers * changes - missed
    return [
        Figure(
            f"serve: viewers that saw every change ({changes} changes)",
            held / changes,
            "viewers opened",
            float(viewers),
            f">= {viewers}",
            missed == 0,
            "viewers",
        ),
        Figure(
            f"serve: change -> page p95, {viewers} viewers",
            _p95(latencies),
            "median",
            statistics.median(latencies) * 1000 if latencies else None,
            "<= 2000 ms",
            bool(latencies) and _p95(latencies) <= 2000 and missed == 0,
        ),
        Figure(
            "serve: memory per live viewer",
            per_viewer,
            "server RSS before viewers",
            float(found["before"][0]),
            "reported",
            True,
            "KB",
        ),
    ]


def postgres_figures(folder: Path, viewers: int = 200, changes: int = 5) -> list[Figure]:
    from pg_server import start_local_server  # tests/pg_server.py

    pg = start_local_server()
    try:
        url = pg.fresh_schema()
        store = open_store(url)
        try:
            store.init_schema()  # type: ignore[attr-defined]
            service = IncidentService(store, SystemClock(), "bench")
            incident_id = service.declare("Checkout API returning 500s", severity=1, kind="technical").id
            config = folder / "web-config-pg"
            token = TokenFile(config).new("executive")[1]
            with Serve(url, config) as one, Serve(url, config) as two:
                found = asyncio.run(
                    _drive([one, two], incident_id, token, viewers, _changer(service, incident_id), changes)
                )
        finally:
            store.close()
    finally:
        pg.stop()
        pg.remove()
    latencies, missed = found["latencies"], found["missed"]
    return [
        Figure(
            f"serve x2 on PostgreSQL: change -> page p95, {viewers} viewers",
            _p95(latencies),
            "median",
            statistics.median(latencies) * 1000 if latencies else None,
            "<= 2000 ms",
            bool(latencies) and _p95(latencies) <= 2000 and missed == 0,
        )
    ]


def web_figures(folder: Path, viewers: int = VIEWERS) -> list[Figure]:
    return folder_figures(folder, viewers) + postgres_figures(folder, max(2, viewers // 2))
