"""Helpers for the stakeholder page's tests: a served store, tokens, and an HTML checker."""

from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

from starlette.testclient import TestClient

from escalation_tui.service import IncidentService
from escalation_tui.web.access import Throttle
from escalation_tui.web.app import create_app
from escalation_tui.web.tokens import TokenFile

# Every field of an incident gets one of these in the hostile-text tests.
HOSTILE = [
    "<script>window.__pwned=1</script>",
    '"><img src=x onerror="window.__pwned=1">',
    "{{7*7}} {% print 7*7 %} ${7*7}",
    "javascript:window.__pwned=1",
    "\u202eevil\u202c bidi \u2066isolate\u2069",
    "ctl\x1b[2J\x00\x07bytes",
    "</bdi></main><iframe src=//evil></iframe>",
    "<svg onload=window.__pwned=1>",
    "' onmouseover='window.__pwned=1",
]


@contextmanager
def served(
    service: IncidentService, config: Path, only=None, clock=None, throttle=None
) -> Iterator[TestClient]:
    """A test client on the page; `client.hub` is the page's hub (`client.hub.refresh()` reads now)."""
    app, hub = create_app(
        service, TokenFile(config), only=only, clock=clock or service.clock, throttle=throttle or Throttle()
    )
    with TestClient(app, base_url="http://127.0.0.1") as client:
        client.hub = hub  # type: ignore[attr-defined]
        yield client


def token_for(config: Path, audience: str) -> str:
    return TokenFile(config).new(audience)[1]


class Tags(HTMLParser):
    """Every element and attribute of a page, to check that none came from data."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Tags:
    tags = Tags()
    tags.feed(html)
    return tags
