"""The stakeholder page: an index of open incidents, one page each, and their event stream.

Every answer comes from the Hub's state (live.py), never from a read of the store per
request. A confidential incident is not in that state at all, so its page is answered by
the same code path, with the same bytes, as an id that never existed.
"""

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..domain.clock import Clock, SystemClock
from ..domain.enums import Audience
from ..domain.urgency import by_urgency
from ..service import IncidentService
from .access import Receive, Scope, Send, StrictHeaders, Throttle, TokenGate
from .live import Hub, Topic, Viewer
from .tokens import TokenFile
from .view import Moment, page_view

HERE = Path(__file__).parent
HEARTBEAT_SECONDS = 15.0
SEND_TIMEOUT = 10.0  # a client that takes this long to take one message is let go
INDEX = ""


class Pages:
    def __init__(self, hub: Hub, clock: Clock, root_path: str) -> None:
        self.hub = hub
        self.clock = clock
        self.base = root_path.rstrip("/")
        self.env = Environment(
            loader=FileSystemLoader(HERE / "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            trim_blocks=True,
            lstrip_blocks=True,
        )

    def _common(self, audience: Audience) -> dict:
        now = self.clock.now()
        stale = self.hub.stale_since
        return {
            "base": self.base,
            "audience": audience.value,
            "now": Moment.of(now),
            "stale": Moment.of(stale) if stale else None,
        }

    def main(self, topic: Topic) -> str:
        """The part of a page the stream replaces: the same HTML the page was served with."""
        audience, page = topic
        if page == INDEX:
            return self.env.get_template("_index_main.html").render(**self._index(audience))
        incident = self.hub.incidents.get(page)
        if incident is None:  # gone since, or made confidential: nothing about it stays on screen
            return self.env.get_template("_gone.html").render(base=self.base)
        view = page_view(incident, audience, self.clock.now(), self.hub.service.settings.cadences)
        return self.env.get_template("_incident_main.html").render(page=view, **self._common(audience))

    def _index(self, audience: Audience) -> dict:
        now = self.clock.now()
        cadences = self.hub.service.settings.cadences
        open_ones = by_urgency([i for i in self.hub.incidents.values() if i.is_open], now, cadences)
        return {"pages": [page_view(i, audience, now, cadences) for i in open_ones], **self._common(audience)}

    def whole(self, topic: Topic, title: str) -> str:
        audience, page = topic
        return self.env.get_template("page.html").render(
            title=title, main=self.main(topic), page_id=page, **self._common(audience)
        )

    def refusal(self, status: int) -> bytes:
        return self.env.get_template("refused.html").render(status=status, base=self.base).encode()

    def not_found(self) -> bytes:
        return self.env.get_template("refused.html").render(status=404, base=self.base).encode()


def create_app(
    service: IncidentService,
    tokens: TokenFile,
    only: Audience | None = None,
    root_path: str = "",
    clock: Clock | None = None,
    throttle: Throttle | None = None,
) -> tuple[StrictHeaders, Hub]:
    clock = clock or SystemClock()
    hub = Hub(service, clock.now)
    pages = Pages(hub, clock, root_path)
    hub.render = pages.main

    async def index(request: Request) -> Response:
        audience = request.state.audience
        return HTMLResponse(pages.whole((audience, INDEX), "Open incidents"))

    async def incident(request: Request) -> Response:
        audience = request.state.audience
        wanted = request.path_params["incident_id"]
        if wanted not in hub.incidents:  # declared a moment ago? (an unchanged store costs a stat)
            await hub.catch_up()
        found = hub.incidents.get(wanted)
        if found is None:  # unknown and confidential alike: the same status and the same bytes
            return HTMLResponse(pages.not_found(), status_code=404)
        return HTMLResponse(pages.whole((audience, found.id), found.title))

    async def refuse(status: int, send: Send, headers: list[tuple[bytes, bytes]]) -> None:
        body = pages.refusal(status)
        head = [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": status, "headers": head + headers})
        await send({"type": "http.response.body", "body": body})

    async def not_found(request: Request, _exc: Exception) -> Response:
        return HTMLResponse(pages.not_found(), status_code=404)

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        await hub.start()
        try:
            yield
        finally:
            await hub.stop()

    app = Starlette(
        routes=[
            Route("/", index),
            Route("/i/{incident_id:str}", incident),
            Route("/events", EventStream(hub)),
            Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        ],
        exception_handlers={404: not_found},
        lifespan=lifespan,
    )
    gated = TokenGate(app, tokens, refuse, only=only, throttle=throttle)
    return StrictHeaders(gated), hub


class EventStream:
    """GET /events?page=ID: the page's main part again whenever it changes (text/event-stream).

    Plain ASGI, so that each send can be given up on: a client that does not read is let go
    after SEND_TIMEOUT, and its queue, bounded, is dropped by the hub long before that.
    """

    def __init__(self, hub: Hub) -> None:
        self.hub = hub

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope)
        audience: Audience = scope["state"]["audience"]
        still_valid: Callable[[], bool] = scope["state"].get("still_valid", lambda: True)
        page = request.query_params.get("page", INDEX)
        if page != INDEX and page not in self.hub.incidents:
            await send({"type": "http.response.start", "status": 204, "headers": []})
            await send({"type": "http.response.body", "body": b""})
            return
        viewer = self.hub.subscribe((audience, page))
        headers = [(b"content-type", b"text/event-stream; charset=utf-8"), (b"x-accel-buffering", b"no")]
        try:
            await self._send(send, {"type": "http.response.start", "status": 200, "headers": headers})
            first = b"retry: 1000\n\n" + b"".join(self.hub.current(viewer.topic))
            await self._send(send, _body(first))
            closed = asyncio.create_task(_disconnected(receive))
            try:
                await self._pump(viewer, send, closed, still_valid)
            finally:
                closed.cancel()
        except (TimeoutError, OSError):
            pass  # the client stopped reading or went away
        finally:
            self.hub.unsubscribe(viewer)

    async def _pump(
        self, viewer: Viewer, send: Send, closed: asyncio.Task, still_valid: Callable[[], bool]
    ) -> None:
        while not closed.done():
            getting = asyncio.ensure_future(viewer.queue.get())
            done, _ = await asyncio.wait(
                {getting, closed}, timeout=HEARTBEAT_SECONDS, return_when="FIRST_COMPLETED"
            )
            if getting not in done:
                getting.cancel()
                if closed in done or not still_valid():  # gone, or its token was revoked
                    return
                await self._send(send, _body(b": still here\n\n"))
                continue
            message = getting.result()
            if message is None:  # dropped for falling behind, or the server is stopping
                await self._send(send, {"type": "http.response.body", "body": b"", "more_body": False})
                return
            await self._send(send, _body(message))

    @staticmethod
    async def _send(send: Send, message: dict) -> None:
        await asyncio.wait_for(send(message), SEND_TIMEOUT)


def _body(data: bytes) -> dict:
    return {"type": "http.response.body", "body": data, "more_body": True}


async def _disconnected(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass
