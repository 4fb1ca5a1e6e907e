"""The outbox's rules: when an entry is due, who may claim it, and what an outcome does to it.

Pure functions on a Delivery; the service applies them under the incident's lock, and the
sender (escalation_tui/delivery) only reports an Outcome.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from .channels import Channel
from .enums import DeliveryState, EventKind
from .fields import NAME_MAX
from .models import Delivery, Incident
from .text import clean_text

GIVE_UP_AFTER = timedelta(minutes=30)  # of retrying; then the entry is failed (`r` tries again)
FIRST_RETRY_SECONDS = 10.0
MAX_RETRY_SECONDS = 300.0


@dataclass(frozen=True)
class Outcome:
    """What one attempt gave: `detail` is shown (never a secret: no URL, no password)."""

    ok: bool
    detail: str
    retry: bool = False  # worth another try (timeouts, 429, 5xx, connection errors)
    retry_after: float | None = None  # seconds the receiver asked us to wait (Retry-After)
    unknown: bool = False  # the request may have arrived (timed out waiting for the answer)


def is_due(delivery: Delivery, now: datetime) -> bool:
    """Waiting and its time has come, or claimed by a sender that has not come back in time."""
    if delivery.state == DeliveryState.PENDING:
        return delivery.next_try_at is None or delivery.next_try_at <= now
    if delivery.state == DeliveryState.SENDING:
        return delivery.claim_expires is None or delivery.claim_expires <= now
    return False


def claim(delivery: Delivery, owner: str, now: datetime, lease_seconds: float) -> Delivery:
    """The entry as claimed by owner until now + lease; a lapsed claim's attempt is unknown."""
    lapsed = delivery.state == DeliveryState.SENDING
    return delivery.model_copy(
        update={
            "state": DeliveryState.SENDING,
            "attempts": delivery.attempts + 1,
            "claimed_by": owner[:NAME_MAX],
            "claim_expires": now + timedelta(seconds=lease_seconds),
            "uncertain": delivery.uncertain or lapsed,
        }
    )


def settle(
    delivery: Delivery, outcome: Outcome, now: datetime, channel: Channel | None
) -> tuple[Delivery, str]:
    """The entry after an attempt, and the timeline text that says so."""
    name = delivery.channel
    detail = short(outcome.detail)
    done = {"claimed_by": "", "claim_expires": None}
    if outcome.ok:
        twice = delivery.uncertain and not (channel and channel.has_idempotency_key)
        note = " (an earlier attempt's outcome was not seen: it may have arrived twice)" if twice else ""
        sent = delivery.model_copy(
            update={**done, "state": DeliveryState.SENT, "sent_at": now, "last_error": ""}
        )
        return sent, f"Sent to {name} at {clock_text(now)}{note}"
    uncertain = delivery.uncertain or outcome.unknown
    if not outcome.retry:
        failed = delivery.model_copy(
            update={**done, "state": DeliveryState.FAILED, "last_error": detail, "uncertain": uncertain}
        )
        return failed, f"{name} refused: {detail}, not retried"
    delay = outcome.retry_after if outcome.retry_after is not None else backoff(delivery.attempts)
    next_try = now + timedelta(seconds=max(delay, 1.0))
    if next_try - delivery.created_at > GIVE_UP_AFTER:
        failed = delivery.model_copy(
            update={**done, "state": DeliveryState.FAILED, "last_error": detail, "uncertain": uncertain}
        )
        return failed, f"{name}: gave up after {delivery.attempts} attempts ({detail})"
    waiting = delivery.model_copy(
        update={
            **done,
            "state": DeliveryState.PENDING,
            "next_try_at": next_try,
            "last_error": detail,
            "uncertain": uncertain,
        }
    )
    return waiting, f"{name}: {detail}; trying again at {clock_text(next_try)}"


def resend(delivery: Delivery, now: datetime) -> Delivery:
    """A failed entry, waiting again with a fresh 30 minutes (the same id: a safe resend)."""
    return delivery.model_copy(
        update={
            "state": DeliveryState.PENDING,
            "next_try_at": now,
            "created_at": now,
            "attempts": 0,
            "claimed_by": "",
            "claim_expires": None,
        }
    )


def only_outbox_changed(before: Incident, after: Incident) -> bool:
    """True when what changed between two saves is the sending of updates (claims, outcomes):
    a screen redraws for it without calling it another window's change."""
    if len(after.timeline) < len(before.timeline) or after.deliveries == before.deliveries:
        return False
    return all(event.kind == EventKind.DELIVERY for event in after.timeline[len(before.timeline) :])


def backoff(attempts: int) -> float:
    """10 s, 20 s, 40 s … after the 1st, 2nd, 3rd failed attempt, at most 5 minutes apart."""
    return min(MAX_RETRY_SECONDS, FIRST_RETRY_SECONDS * 2 ** max(attempts - 1, 0))


def short(text: str) -> str:
    line = clean_text(text, multiline=False) or "no answer"
    return line if len(line) <= NAME_MAX else line[: NAME_MAX - 1] + "…"


def clock_text(at: datetime) -> str:
    return f"{at.astimezone(UTC):%H:%M:%S} UTC"
