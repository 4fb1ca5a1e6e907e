"""The outbox worker: claims what is due, sends it, records the outcome; in any process.

Runs in a thread (the TUI, `serve`) or once (`outbox send`, the CLI after `update`); never
on an event loop: sending waits on the network.
"""

import os
import secrets
import socket
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass

from ..domain.channels import Channel
from ..domain.config import Settings
from ..domain.models import Delivery
from ..domain.outbox import Outcome
from ..errors import EscalationError
from ..service.outbox import Claim, Outbox
from ..service.service import IncidentService
from .send import attempt, message_for

POLL_SECONDS = 2.0


def owner_id() -> str:
    """Who holds a claim: this host and process, and a random part (pids are reused)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(3)}"


@dataclass(frozen=True)
class Sent:
    incident_id: str
    delivery: Delivery  # as settled
    outcome: Outcome


def send_due(
    service: IncidentService,
    settings: Settings,
    owner: str | None = None,
    open_only: bool = False,
    stop: threading.Event | None = None,
    only: set[str] | None = None,
) -> list[Sent]:
    """One pass: every entry due now (of open incidents only, with open_only; of the incidents
    in `only`, when given), claimed, sent and settled.

    In rounds: each round takes the oldest due entry of every channel and runs those attempts
    at once, each in a thread of its own, so a channel that hangs delays no other, no channel
    gets a burst (webhooks are rate-limited), and every attempt starts right after its claim,
    well within its lease. Only this thread touches the store: it settles each outcome as it
    comes in."""
    outbox = Outbox(service, owner or owner_id())
    channels = {channel.name: channel for channel in settings.channels}
    tried: set[str] = set()  # once per pass: a retry waits for its next try
    results: list[Sent] = []
    more = True
    while more and (stop is None or not stop.is_set()):
        round_: dict[str, dict[str, float]] = {}  # incident -> its entries this round
        busy: set[str] = set()  # channels that have their entry this round
        more = False  # another round only for entries that waited behind their channel's
        for incident_id, delivery_id, name in outbox.due(open_only):
            # A channel this machine does not know is left to one that does (team mode: each
            # machine reads its own config.toml); `outbox` lists such an entry as pending.
            if name not in channels or delivery_id in tried or (only is not None and incident_id not in only):
                continue
            if name in busy:
                more = True
                continue
            busy.add(name)
            tried.add(delivery_id)
            round_.setdefault(incident_id, {})[delivery_id] = channels[name].lease_seconds
        claims = [
            claim for incident_id, wanted in round_.items() for claim in outbox.claim(incident_id, wanted)
        ]
        results += _send_all(outbox, claims, channels)
    return results


def _send_all(outbox: Outbox, claims: list[Claim], channels: dict[str, Channel]) -> list[Sent]:
    if not claims:
        return []
    sent = []
    with ThreadPoolExecutor(max_workers=len(claims), thread_name_prefix="send") as pool:
        attempts = {
            pool.submit(
                attempt,
                channels[claim.delivery.channel],
                message_for(claim.incident, claim.update, claim.delivery.id, claim.delivery.channel),
            ): claim
            for claim in claims
        }
        for done in as_completed(attempts):
            claim = attempts[done]
            outcome = done.result()
            settled = outbox.finish(claim, outcome, channels[claim.delivery.channel])
            if settled is not None:
                sent.append(Sent(claim.incident.id, settled, outcome))
    return sent


def run_outbox(
    service: IncidentService,
    settings: Settings,
    stop_event: threading.Event,
    poll_seconds: float = POLL_SECONDS,
    open_only: bool = True,
    on_sent: Callable[[list[Sent]], None] | None = None,
    on_error: Callable[[str], None] | None = None,
    wake: threading.Event | None = None,
) -> None:
    """Send what is due until stop_event is set; call from a thread of its own.

    `service` must be this thread's own (IncidentService.another()): a store object is not
    shared between threads. `wake`, when set by another thread, starts a pass at once (an
    update was just logged). A store error is reported and tried again on the next pass.
    """
    owner = owner_id()
    while not stop_event.is_set():
        try:
            results = send_due(service, settings, owner, open_only=open_only, stop=stop_event)
        except EscalationError as error:
            if on_error is not None:
                on_error(str(error))
        except Exception as error:  # a bug must not stop the sending for good: say it, go on
            if on_error is not None:
                on_error(f"unexpected error ({type(error).__name__}: {error}); please report it")
        else:
            if results and on_sent is not None:
                on_sent(results)
        if wake is not None:
            wake.wait(poll_seconds)
            wake.clear()
        else:
            stop_event.wait(poll_seconds)


def start_outbox(
    service: IncidentService, settings: Settings, **options: object
) -> tuple[threading.Thread, threading.Event]:
    """run_outbox in a daemon thread; set the returned event to stop it."""
    stop = threading.Event()
    thread = threading.Thread(
        target=run_outbox, args=(service, settings, stop), kwargs=options, name="outbox", daemon=True
    )
    thread.start()
    return thread, stop
