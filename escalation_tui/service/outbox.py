"""The outbox through the service: find what is due, claim it, record what came of it.

Every step is a change under the incident's lock (the folder's file lock, PostgreSQL's row
lock), so two processes never hold a claim on the same entry at once: the second one reads
the first one's claim and leaves the entry alone until its lease lapses. The sending itself
happens outside the lock, between claim() and finish().
"""

from dataclasses import dataclass
from datetime import datetime

from ..domain import outbox as rules
from ..domain.channels import Channel
from ..domain.enums import DeliveryState
from ..domain.models import Delivery, Incident, StatusUpdate
from ..errors import InvalidInput, NotFound
from .service import IncidentService
from .session import IncidentSession, NothingToDo

WAITING = (DeliveryState.PENDING, DeliveryState.SENDING, DeliveryState.FAILED)


@dataclass(frozen=True)
class Claim:
    """One entry this process holds until `delivery.claim_expires`: send it, then finish()."""

    incident: Incident
    update: StatusUpdate
    delivery: Delivery


class Outbox:
    def __init__(self, service: IncidentService, owner: str) -> None:
        self.service = service
        self.owner = owner  # who claims: unique per process (host, pid, a random part)
        # One session per incident for the outbox's life (a pass): saving again after its own
        # save, a session reuses what it wrote instead of reading and validating it again.
        self.sessions: dict[str, IncidentSession] = {}

    def session(self, incident_id: str) -> IncidentSession:
        if incident_id not in self.sessions:
            self.sessions[incident_id] = self.service.open(incident_id)
        return self.sessions[incident_id]

    def due(self, open_only: bool = False) -> list[tuple[str, str, str]]:
        """(incident id, delivery id, channel) of every entry due now, oldest first."""
        now = self.service.clock.now()
        incidents, _ = self.service.list(include_closed=not open_only)
        found = [
            (d.created_at, incident.id, d.id, d.channel)
            for incident in incidents
            for d in incident.deliveries
            if rules.is_due(d, now)
        ]
        return [row[1:] for row in sorted(found)]

    def waiting(self) -> list[tuple[Incident, Delivery]]:
        """Every entry not sent yet (pending, being sent, failed), oldest first."""
        incidents, _ = self.service.list(include_closed=True)
        rows = [(i, d) for i in incidents for d in i.deliveries if d.state in WAITING]
        return sorted(rows, key=lambda row: row[1].created_at)

    def claim(self, incident_id: str, wanted: dict[str, float]) -> list[Claim]:
        """Take the entries named (delivery id -> lease seconds) that are still due, in one
        save; the ones another process holds, or that are not due any more, are left out."""
        session = self.session(incident_id)
        taken: list[Delivery] = []

        def mutate(incident: Incident) -> str | None:
            now = self.service.clock.now()
            for delivery_id, lease_seconds in wanted.items():
                index, delivery = _find(incident, delivery_id)
                if rules.is_due(delivery, now):
                    incident.deliveries[index] = rules.claim(delivery, self.owner, now, lease_seconds)
                    taken.append(incident.deliveries[index])
            if not taken:
                raise NothingToDo
            return None

        incident = session.change_outbox(mutate)
        updates = {u.id: u for u in incident.updates}
        claims = []
        for delivery in taken:
            update = updates.get(delivery.update_id)
            if update is None:  # the update was taken back (undo) before it went out
                self.finish(Claim(incident, _orphan(delivery), delivery), _GONE, None)
            else:
                claims.append(Claim(incident, update, delivery))
        return claims

    def finish(self, claim: Claim, outcome: rules.Outcome, channel: Channel | None) -> Delivery | None:
        """Record the outcome, if the claim is still ours (a lapsed one may have been taken over)."""
        session = self.session(claim.incident.id)
        result: list[Delivery] = []

        def mutate(incident: Incident) -> str | None:
            index, delivery = _find(incident, claim.delivery.id)
            if delivery.state != DeliveryState.SENDING or delivery.claimed_by != self.owner:
                raise NothingToDo
            settled, text = rules.settle(delivery, outcome, self.service.clock.now(), channel)
            incident.deliveries[index] = settled
            result.append(settled)
            return text

        session.change_outbox(mutate)
        return result[0] if result else None

    def resend(self, incident_id: str, delivery_id: str) -> Incident:
        """A failed entry goes back in the queue (the same id, so a receiver can tell)."""
        session = self.session(incident_id)

        def mutate(incident: Incident) -> str | None:
            index, delivery = _find(incident, delivery_id)
            if delivery.state != DeliveryState.FAILED:
                raise InvalidInput(f"the delivery to {delivery.channel} is {delivery.state}, not failed")
            incident.deliveries[index] = rules.resend(delivery, self.service.clock.now())
            return f"Sending to {delivery.channel} again"

        return session.change_outbox(mutate)


def resend_failed(session: IncidentSession, update_id: str, now: datetime) -> Incident:
    """Every failed entry of one update back in the queue (the TUI's `r`), as one change."""

    def mutate(incident: Incident) -> str | None:
        names = []
        for index, delivery in enumerate(incident.deliveries):
            if delivery.update_id == update_id and delivery.state == DeliveryState.FAILED:
                incident.deliveries[index] = rules.resend(delivery, now)
                names.append(delivery.channel)
        if not names:
            raise InvalidInput("nothing to resend: this update reached every channel, or is still on its way")
        return f"Sending to {', '.join(names)} again"

    return session.change_outbox(mutate)


_GONE = rules.Outcome(ok=False, detail="the update was taken back before it went out")


def _find(incident: Incident, delivery_id: str) -> tuple[int, Delivery]:
    for index, delivery in enumerate(incident.deliveries):
        if delivery.id == delivery_id:
            return index, delivery
    raise NotFound(f"no delivery {delivery_id!r} in incident {incident.id}")


def _orphan(delivery: Delivery) -> StatusUpdate:
    return StatusUpdate(id=delivery.update_id, sent_at=delivery.created_at, audience="internal", text="-")


def state_line(delivery: Delivery, now: datetime) -> str:
    """sent 14:05:03 UTC / pending (next try 14:06:10 UTC) / failed (HTTP 404)."""
    if delivery.state == DeliveryState.SENT and delivery.sent_at is not None:
        return f"sent {rules.clock_text(delivery.sent_at)}"
    if delivery.state == DeliveryState.FAILED:
        return f"failed ({delivery.last_error})"
    if delivery.state == DeliveryState.SENDING:
        return "sending…"
    if delivery.next_try_at is not None and delivery.next_try_at > now:
        why = f"; {delivery.last_error}" if delivery.last_error else ""
        return f"pending (next try {rules.clock_text(delivery.next_try_at)}{why})"
    return "pending"
