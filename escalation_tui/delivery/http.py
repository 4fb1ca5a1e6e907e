"""POST a JSON body to a webhook; the answer becomes an Outcome (never showing the URL)."""

import hashlib
import hmac
import socket
import time
import urllib.error
import urllib.request
from email.utils import parsedate_to_datetime
from http.client import HTTPException

from .. import __version__
from ..domain.outbox import Outcome
from ..domain.text import clean_text

RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 3600.0


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # a webhook that moves is refused, not followed
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """`t=TIMESTAMP,sha256=HEX`: HMAC-SHA256 over "TIMESTAMP." followed by the body."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},sha256={digest}"


def post(url: str, body: bytes, timeout: float, headers: dict[str, str]) -> Outcome:
    if not url.lower().startswith(("https://", "http://")):
        return Outcome(ok=False, detail="the URL is not http(s)")
    request = urllib.request.Request(url, data=body, method="POST")
    request.add_header("Content-Type", "application/json; charset=utf-8")
    request.add_header("User-Agent", f"escalation-tui/{__version__}")
    for name, value in headers.items():
        request.add_header(name, value)
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            response.read(4096)
            return Outcome(ok=True, detail=f"HTTP {response.status}")
    except urllib.error.HTTPError as error:
        return _refused(error)
    except TimeoutError:
        return Outcome(ok=False, detail="no answer in time", retry=True, unknown=True)
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, TimeoutError | socket.timeout):
            return Outcome(ok=False, detail="no answer in time", retry=True, unknown=True)
        text = getattr(reason, "strerror", None) or str(reason)
        return Outcome(ok=False, detail=f"cannot connect ({text})", retry=True)
    except (HTTPException, OSError) as error:  # the connection broke after the request went
        return Outcome(ok=False, detail=f"connection lost ({type(error).__name__})", retry=True, unknown=True)


def _refused(error: urllib.error.HTTPError) -> Outcome:
    status = error.code
    try:
        said = clean_text(error.read(200).decode("utf-8", "replace"), multiline=False)
    except (OSError, HTTPException):
        said = ""
    detail = f"HTTP {status}" + (f" {said[:40]}" if said and "<" not in said else "")
    if status in RETRY_STATUS:
        return Outcome(
            ok=False, detail=detail, retry=True, retry_after=retry_after(error.headers.get("Retry-After"))
        )
    return Outcome(ok=False, detail=detail)


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    try:
        when = parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError):
        return None
    return min(max(when - (now if now is not None else time.time()), 0.0), MAX_RETRY_AFTER)
