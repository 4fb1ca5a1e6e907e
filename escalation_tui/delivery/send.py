"""One attempt to send one message to one channel, whatever its type."""

import time

from ..domain.channels import Channel
from ..domain.models import Incident, StatusUpdate
from ..domain.outbox import Outcome
from . import command, http, mail, payloads
from .secrets import SecretMissing, read_secret


def message_for(incident: Incident, update: StatusUpdate, delivery_id: str, channel: str) -> payloads.Message:
    return payloads.Message(
        delivery_id=delivery_id,
        channel=channel,
        incident_id=incident.id,
        title=incident.title,
        severity=str(incident.severity),
        kind=str(incident.kind),
        status=incident.status,
        update_id=update.id,
        audience=str(update.audience),
        sent_at=update.sent_at,
        text=update.text,
    )


def attempt(channel: Channel, message: payloads.Message) -> Outcome:
    try:
        if channel.type == "command":
            return command.run(channel.command, message, channel.timeout)
        if channel.type == "email":
            password = read_secret(channel.password) if channel.password else ""
            return mail.send(channel, message, password)
        url = read_secret(channel.url)
        body = payloads.body(channel.type, message)
        headers = {}
        if channel.type == "webhook":
            headers["Idempotency-Key"] = message.delivery_id
            if channel.secret:
                stamp = str(int(time.time()))
                headers[channel.signature_header] = http.signature(read_secret(channel.secret), stamp, body)
        return http.post(url, body, channel.timeout, headers)
    except SecretMissing as missing:  # perhaps set in another process that also sends
        return Outcome(ok=False, detail=str(missing), retry=True)
