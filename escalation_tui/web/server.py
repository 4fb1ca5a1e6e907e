"""`escalation-tui serve`: run the page under uvicorn, and the `serve token` commands."""

import ipaddress
import sys
from pathlib import Path

from ..delivery.worker import start_outbox
from ..domain.enums import Audience
from ..errors import InvalidInput
from ..service import IncidentService
from .app import create_app
from .tokens import TokenFile


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_tls(certfile: str | None, keyfile: str | None) -> None:
    if bool(certfile) != bool(keyfile):
        raise InvalidInput("--certfile and --keyfile go together: give both, or neither")
    for name, path in (("--certfile", certfile), ("--keyfile", keyfile)):
        if path and not Path(path).is_file():
            raise InvalidInput(f"{name} {path}: no such file")


def serve(
    service: IncidentService,
    config_folder: Path,
    host: str,
    port: int,
    audience: str | None,
    root_path: str,
    certfile: str | None,
    keyfile: str | None,
) -> int:
    import uvicorn  # only `serve` needs it

    check_tls(certfile, keyfile)
    if root_path and not root_path.startswith("/"):
        raise InvalidInput(f"--root-path must start with /, e.g. /status (not {root_path!r})")
    only = Audience(audience) if audience else None
    tokens = TokenFile(config_folder)
    tokens.entries()  # an unreadable token file is said now, not as 401s later
    app, _hub = create_app(service, tokens, only=only, root_path=root_path.rstrip("/"))
    scheme = "https" if certfile else "http"
    if not certfile and not is_loopback(host):
        print(
            f"escalation-tui: warning: serving {host} without TLS: tokens cross the network in clear "
            "(give --certfile and --keyfile, or put a TLS proxy in front)",
            file=sys.stderr,
        )
    if not tokens.entries():
        print(
            "escalation-tui: no tokens yet: make one with "
            "`escalation-tui serve token new --audience executive`"
        )
    print(
        f"escalation-tui: serving {service.store.location} on {scheme}://{host}:{port}{root_path}/",
        flush=True,
    )
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        root_path=root_path.rstrip("/"),
        proxy_headers=True,
        ssl_certfile=certfile,
        ssl_keyfile=keyfile,
        log_level="warning",
        access_log=False,
        lifespan="on",
        timeout_graceful_shutdown=2,
    )
    # Pending updates are sent by any running serve too (issue 33), on a thread of its own with
    # its own connection to the store: never on the server's event loop.
    sender = service.another()
    stop = (
        start_outbox(sender, sender.settings)[1] if sender is not None and sender.settings.channels else None
    )
    try:
        uvicorn.Server(config).run()
    finally:
        if stop is not None:
            stop.set()
    return 0
