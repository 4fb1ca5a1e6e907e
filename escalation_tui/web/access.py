"""Who may look: a token per audience, exchanged once for a cookie, and strict headers.

Both are plain ASGI middleware (no response buffering), so the event stream passes through
untouched. A link with `?token=` is answered with a redirect to the same address without
it, setting an HttpOnly, SameSite=Strict cookie (Secure when the page came over TLS, also
behind a proxy that says so). Wrong tokens are counted per client address: past a few in a
minute, that address is answered 429 without the token even being checked.
"""

import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, urlencode

from ..domain.enums import Audience
from .tokens import TokenFile

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

COOKIE = "etp_session"
FAILURES_ALLOWED = 5
FAILURE_WINDOW = 60.0

HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
        b"connect-src 'self'; base-uri 'none'; form-action 'none'; object-src 'none'; frame-ancestors 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
]


class StrictHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in HEADERS}
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message["headers"] = kept + HEADERS
            await send(message)

        await self.app(scope, receive, with_headers)


@dataclass
class Throttle:
    """Wrong tokens per client address within a sliding minute."""

    clock: Callable[[], float] = time.monotonic
    failures: dict[str, list[float]] = field(default_factory=dict)

    def blocked(self, who: str) -> float:
        """Seconds until this address may try again (0: it may)."""
        recent = self._recent(who)
        if len(recent) < FAILURES_ALLOWED:
            return 0.0
        return max(0.0, recent[0] + FAILURE_WINDOW - self.clock())

    def failed(self, who: str) -> None:
        self._recent(who).append(self.clock())
        if len(self.failures) > 10_000:  # a scan from many addresses must not grow this forever
            self.failures = {
                k: v for k, v in self.failures.items() if v and v[-1] > self.clock() - FAILURE_WINDOW
            }

    def _recent(self, who: str) -> list[float]:
        cutoff = self.clock() - FAILURE_WINDOW
        recent = [t for t in self.failures.get(who, []) if t > cutoff]
        self.failures[who] = recent
        return recent


Refuse = Callable[[int, Send, list[tuple[bytes, bytes]]], Awaitable[None]]


class TokenGate:
    """Lets a request through with scope["state"]["audience"] set, or answers it itself."""

    def __init__(
        self,
        app: ASGIApp,
        tokens: TokenFile,
        refuse: Refuse,
        only: Audience | None = None,
        throttle: Throttle | None = None,
        open_prefixes: tuple[str, ...] = ("/static/",),
    ) -> None:
        self.app = app
        self.tokens = tokens
        self.refuse = refuse
        self.only = only
        self.throttle = throttle or Throttle()
        self.open_prefixes = open_prefixes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or _route_path(scope).startswith(self.open_prefixes):
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        who = client[0] if client else "?"
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        offered = [value for name, value in query if name == "token"]
        if offered:
            await self._exchange(scope, send, who, offered[-1], [(n, v) for n, v in query if n != "token"])
            return
        token = _cookie(scope)
        if token is None:
            await self.refuse(401, send, [])
            return
        wait = self.throttle.blocked(who)  # a cookie is a token too: guessing is slowed down alike
        if wait:
            await self.refuse(429, send, [(b"retry-after", str(int(wait) + 1).encode())])
            return
        audience = self._audience(token)
        if audience is None:
            self.throttle.failed(who)
            await self.refuse(401, send, [])
            return
        state = scope.setdefault("state", {})
        state["audience"] = audience
        state["still_valid"] = lambda: self._audience(token) is audience  # a stream asks now and then
        await self.app(scope, receive, send)

    def _audience(self, token: str | None) -> Audience | None:
        if not token:
            return None
        try:
            audience = self.tokens.audience_for(token)
        except Exception:  # an unreadable token file lets nobody in
            return None
        if audience is None or (self.only is not None and audience is not self.only):
            return None
        return audience

    async def _exchange(self, scope: Scope, send: Send, who: str, token: str, rest: list) -> None:
        wait = self.throttle.blocked(who)
        if wait:
            await self.refuse(429, send, [(b"retry-after", str(int(wait) + 1).encode())])
            return
        if self._audience(token) is None:
            self.throttle.failed(who)
            await self.refuse(401, send, [])
            return
        secure = scope.get("scheme") == "https"
        path = scope.get("root_path", "") + _route_path(scope)
        where = path + ("?" + urlencode(rest) if rest else "")
        cookie = f"{COOKIE}={token}; Path={scope.get('root_path') or '/'}; HttpOnly; SameSite=Strict"
        if secure:
            cookie += "; Secure"
        headers = [
            (b"location", where.encode("latin-1", "replace")),
            (b"set-cookie", cookie.encode("latin-1")),
            (b"content-length", b"0"),
        ]
        await send({"type": "http.response.start", "status": 303, "headers": headers})
        await send({"type": "http.response.body", "body": b""})


def _route_path(scope: Scope) -> str:
    """The path below --root-path (servers differ in whether scope["path"] includes it)."""
    root, path = scope.get("root_path", ""), scope["path"]
    return path[len(root) :] if root and path.startswith(root) else path


def _cookie(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            jar: SimpleCookie = SimpleCookie()
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # a malformed cookie header is no token
                continue
            if COOKIE in jar:
                return jar[COOKIE].value
    return None
