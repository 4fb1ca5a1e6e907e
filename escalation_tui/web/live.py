"""One watcher for the whole server, and a bounded queue per open page.

The store is read by one task, never per viewer: it checks the store's change stamp (the
folder store's is a few stat calls; PostgreSQL's is kept by its LISTEN thread, which also
wakes the task at once through `watch`), and when it moved, lists the incidents again in a
worker thread. Reads never take an incident's write lock, so the TUI and the CLI are never
held up by a page. Every page the server shows is answered from the state kept here.

Each change is rendered once per page and audience, and the same bytes are offered to
every viewer of that page. A viewer whose queue is full (a slow or stuck client) is dropped:
its stream ends and the browser reconnects when it can; nobody else waits for it.
"""

import asyncio
import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from ..domain.enums import Audience
from ..domain.models import Incident
from ..service import IncidentService

POLL_SECONDS = 0.25
QUEUE_SIZE = 8
STALE_RETRY_SECONDS = 2.0
# A stamp that has not moved is trusted this long at most: a notification missed while the
# LISTEN connection was being dropped must not leave the pages behind for good.
TRUST_SECONDS = 5.0

Topic = tuple[Audience, str]  # (audience, incident id) ; "" is the index
Render = Callable[[Topic], str]


@dataclass(eq=False)
class Viewer:
    topic: Topic
    queue: asyncio.Queue[bytes | None] = field(default_factory=lambda: asyncio.Queue(QUEUE_SIZE))
    dropped: bool = False


def sse_message(event: str, data: str, event_id: int | None = None) -> bytes:
    """One Server-Sent Event; every line of data gets its own `data:` field."""
    lines = [f"event: {event}"]
    if event_id is not None:
        lines.append(f"id: {event_id}")
    lines += [f"data: {line}" for line in data.split("\n")]
    return ("\n".join(lines) + "\n\n").encode()


class Hub:
    def __init__(self, service: IncidentService, now: Callable[[], datetime]) -> None:
        self.service = service
        self.now = now
        self.incidents: dict[str, Incident] = {}  # never a confidential one
        self.version = 0
        self.stale_since: datetime | None = None
        self.loaded = False
        self.viewers: dict[Topic, set[Viewer]] = {}
        self.render: Render | None = None
        self.dropped = 0  # viewers dropped for not reading (a figure for tests and benchmarks)
        self._stamp: object = None
        self._wake: asyncio.Event | None = None
        self._task: asyncio.Task | None = None
        self._unwatch: Callable[[], None] | None = None
        self._reading = threading.Lock()  # one read at a time: the service's memo is not shared-safe
        self._read_at = 0.0  # time.monotonic() of the last read
        self._stopping = False

    # -- reading the store (in a worker thread) -----------------------------------
    def refresh(self) -> bool:
        """Read the store again if its stamp moved (or the last read failed). True: changed."""
        with self._reading:
            return self._refresh()

    def _refresh(self) -> bool:
        try:
            store = self.service.store
            stamp = store.folder_stamp()
            # PostgreSQL's stamp is what its LISTEN connection heard: while that is down, only a
            # read tells whether the server is there (and then, what changed)
            trusted = getattr(store, "listening", True) is not False
            trusted = trusted and time.monotonic() - self._read_at < TRUST_SECONDS
            if (
                self.loaded
                and self.stale_since is None
                and stamp == self._stamp
                and stamp is not None
                and trusted
            ):
                return False
            self._read_at = time.monotonic()
            incidents, problems = self.service.list(include_closed=True)
        except Exception:  # unreadable, locked or unreachable: keep the last state, say stale
            return self._went_stale()
        shown = {i.id: i for i in incidents if not i.confidential}
        listed = {i.id for i in incidents}
        unreadable = [i for i in self.incidents if i not in listed] if problems else []
        if unreadable:  # a page's file cannot be read now: it keeps its last state, said stale
            return self._went_stale(shown | {i: self.incidents[i] for i in unreadable})
        # (a damaged file of an incident never shown, e.g. an old one, leaves the pages live)
        changed = shown != self.incidents or self.stale_since is not None or not self.loaded
        self.incidents, self._stamp, self.loaded, self.stale_since = shown, stamp, True, None
        if changed:
            self.version += 1
        return changed

    def _went_stale(self, keep: dict[str, Incident] | None = None) -> bool:
        changed = keep is not None and keep != self.incidents
        if keep is not None:
            self.incidents = keep
        if self.stale_since is None:
            self.stale_since = self.now()
            changed = True
        self.loaded = True
        self._stamp = None
        if changed:
            self.version += 1
        return changed

    # -- the watcher task -----------------------------------------------------------
    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        wake = self._wake

        def heard() -> None:  # the PostgreSQL listener's thread
            with contextlib.suppress(RuntimeError):  # the loop has closed
                loop.call_soon_threadsafe(wake.set)

        self._unwatch = self.service.store.watch(heard)
        await asyncio.to_thread(self.refresh)
        self._task = asyncio.create_task(self._watch(), name="escalation-tui-serve-watch")

    async def stop(self) -> None:
        self._stopping = True
        if self._wake is not None:
            self._wake.set()
        if self._unwatch is not None:
            self._unwatch()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        for viewers in self.viewers.values():
            for viewer in viewers:
                self._end(viewer)

    async def _watch(self) -> None:
        assert self._wake is not None
        while not self._stopping:
            pause = STALE_RETRY_SECONDS if self.stale_since is not None else POLL_SECONDS
            # asyncio.timeout, not wait_for: Python 3.11's wait_for can swallow a cancel that
            # arrives as the wait ends, and stop() then waited for this task for ever.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(pause):
                    await self._wake.wait()
            self._wake.clear()
            if await asyncio.to_thread(self.refresh):
                self.broadcast()

    async def catch_up(self) -> None:
        """Read now rather than at the next poll (a page asked for an id not seen yet)."""
        if await asyncio.to_thread(self.refresh):
            self.broadcast()

    # -- viewers ------------------------------------------------------------------
    def subscribe(self, topic: Topic) -> Viewer:
        viewer = Viewer(topic)
        self.viewers.setdefault(topic, set()).add(viewer)
        return viewer

    def unsubscribe(self, viewer: Viewer) -> None:
        viewers = self.viewers.get(viewer.topic)
        if viewers is not None:
            viewers.discard(viewer)
            if not viewers:
                del self.viewers[viewer.topic]

    def current(self, topic: Topic) -> list[bytes]:
        """What a viewer who just connected is sent: the page as it is now, and the state."""
        messages = [self.state_message()]
        if self.render is not None:
            messages.append(sse_message("page", self.render(topic), self.version))
        return messages

    def state_message(self) -> bytes:
        stale = self.stale_since
        return sse_message(
            "state", "live" if stale is None else f"stale {stale.strftime('%Y-%m-%dT%H:%M:%SZ')}"
        )

    def broadcast(self) -> None:
        state = self.state_message()
        for topic, viewers in list(self.viewers.items()):
            page = sse_message("page", self.render(topic), self.version) if self.render else b""
            for viewer in list(viewers):
                self._offer(viewer, state + page)

    def _offer(self, viewer: Viewer, message: bytes) -> None:
        try:
            viewer.queue.put_nowait(message)
        except asyncio.QueueFull:
            self.dropped += 1
            self.unsubscribe(viewer)
            self._end(viewer)

    @staticmethod
    def _end(viewer: Viewer) -> None:
        viewer.dropped = True
        while not viewer.queue.empty():  # what it never read is let go
            viewer.queue.get_nowait()
        viewer.queue.put_nowait(None)

    @property
    def viewer_count(self) -> int:
        return sum(len(v) for v in self.viewers.values())
