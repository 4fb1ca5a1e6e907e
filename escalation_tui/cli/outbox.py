"""Sub-commands for delivery: `outbox` (what is waiting), `outbox send`, `channels list|test`."""

import argparse
import sys
from typing import TYPE_CHECKING

from ..domain.channels import HTTP_TYPES, Channel
from ..domain.drafts import update_headline
from ..domain.enums import DeliveryState
from ..domain.fields import new_id
from ..errors import InvalidInput, NotFound
from ..service import IncidentService
from ..service.outbox import Outbox, resend_failed, state_line
from .output import print_json
from .subcommand import JSON_HELP, add_command

if TYPE_CHECKING:  # the senders load smtplib, ssl and urllib: only for the commands that send
    from ..delivery.payloads import Message
    from ..delivery.worker import Sent


def add_parsers(commands: argparse._SubParsersAction) -> None:
    outbox = add_command(
        commands,
        "outbox",
        "list the updates waiting to reach a channel (pending, failed); `outbox send` sends what is due",
        "escalation-tui outbox",
        "*/5 * * * * escalation-tui outbox send   # cron: deliver what no open window delivered",
        "escalation-tui outbox retry k3f9",
    )
    outbox.add_argument(
        "action",
        nargs="?",
        choices=["list", "send", "retry"],
        default="list",
        help="list (default), send what is due, or retry an incident's failed entries",
    )
    outbox.add_argument("id", nargs="?", help="retry: the incident's id, or any unique prefix of it")
    outbox.add_argument("--json", action="store_true", help=JSON_HELP)

    channels = add_command(
        commands,
        "channels",
        "the channels updates are sent to ([channels.NAME] in config.toml); `test NAME` sends a test",
        "escalation-tui channels list",
        "escalation-tui channels test exec-slack",
    )
    channels.add_argument("action", choices=["list", "test"], help="list them, or send a test message")
    channels.add_argument("name", nargs="?", help="the channel to test")


def outbox(service: IncidentService, args: argparse.Namespace) -> int:
    if (args.action == "retry") != (args.id is not None):
        raise InvalidInput("only retry takes an incident id: outbox retry ID")
    if args.action == "retry":
        session = service.open(args.id)
        failed = {d.update_id for d in session.incident.deliveries if d.state == DeliveryState.FAILED}
        if not failed:
            raise InvalidInput(f"nothing to retry: no delivery of incident {session.id} has failed")
        for update_id in sorted(failed):
            resend_failed(session, update_id, service.clock.now())
        args.action = "send"
    if args.action == "send":
        from ..delivery.worker import send_due

        results = send_due(service, service.settings)
        if args.json:
            print_json([_sent_json(r) for r in results])
        now = service.clock.now()
        for result in results if not args.json else []:
            print(f"{result.incident_id}  {result.delivery.channel}  {state_line(result.delivery, now)}")
        return 0
    now = service.clock.now()
    rows = Outbox(service, "").waiting()
    if args.json:
        print_json(
            [
                {"incident": i.id, **d.model_dump(mode="json"), "state_line": state_line(d, now)}
                for i, d in rows
            ]
        )
        return 0
    if not rows:
        print("Nothing waiting: every update reached its channels.")
    for incident, delivery in rows:
        update = next((u for u in incident.updates if u.id == delivery.update_id), None)
        what = f"{update.audience}: {update_headline(update.text)}" if update else "(update removed)"
        title = "(confidential)" if incident.confidential else incident.title
        print(f"{incident.id}  {delivery.channel}  {state_line(delivery, now)}  {title}  {what}")
    return 0


def _sent_json(result: "Sent") -> dict:
    return {
        "incident": result.incident_id,
        **result.delivery.model_dump(mode="json"),
        "detail": result.outcome.detail,
    }


def report_sent(results: "list[Sent]", service: IncidentService) -> None:
    """After `update`: one line per channel on stderr (stdout keeps only the update's id)."""
    now = service.clock.now()
    for result in results:
        print(
            f"escalation-tui: {result.delivery.channel}: {state_line(result.delivery, now)}", file=sys.stderr
        )


def channels(service: IncidentService, args: argparse.Namespace) -> int:
    from ..delivery.secrets import describe
    from ..delivery.send import attempt

    configured = service.settings.channels
    if args.action == "list":
        if args.name:
            raise InvalidInput("channels list takes no name")
        if not configured:
            print("No channels: add [channels.NAME] tables to config.toml (see README, Sending updates).")
        for channel in configured:
            print(
                f"{describe(channel)}  audiences: {_listed(channel.audiences)}  severities: "
                f"{_listed(channel.severities)}  {_readiness(channel)}"
            )
        return 0
    if not args.name:
        raise InvalidInput("give the channel's name: channels test NAME (see: channels list)")
    found = next((c for c in configured if c.name == args.name), None)
    if found is None:
        names = ", ".join(c.name for c in configured) or "none configured"
        raise NotFound(f"no channel {args.name!r} in config.toml ({names})")
    channel = found
    outcome = attempt(channel, _test_message(channel, service))
    verdict = f"sent ({outcome.detail})" if outcome.ok else f"failed: {outcome.detail}"
    print(f"{describe(channel)}: {verdict}")
    return 0 if outcome.ok else 1


def _test_message(channel: Channel, service: IncidentService) -> "Message":
    from ..delivery.payloads import Message

    now = service.clock.now()
    return Message(
        delivery_id=new_id(20),
        channel=channel.name,
        incident_id="test",
        title="escalation-tui channel test",
        severity="SEV4",
        kind="technical",
        status="open",
        update_id="test",
        audience=channel.audiences[0].value,
        sent_at=now,
        text=f"A test message from escalation-tui: updates for this channel ({channel.name}) arrive here.",
    )


def _listed(values) -> str:
    return ",".join(str(v) for v in values)


def _readiness(channel: Channel) -> str:
    from ..delivery.secrets import SecretMissing, read_secret

    needed = [channel.url] if channel.type in HTTP_TYPES else []
    needed += [s for s in (channel.secret, channel.password) if s]
    for secret in needed:
        try:
            read_secret(secret)
        except SecretMissing as missing:
            return f"not ready: {missing}"
    return "ready"


HANDLERS = {"outbox": outbox, "channels": channels}
