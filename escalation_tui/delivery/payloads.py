"""What each service receives: its documented JSON, with the update's text kept literal.

Nothing a user typed may ping anyone or format anything: `@channel`, `<!everyone>`,
`<@U123>`, `<url|label>`, mrkdwn and Markdown arrive as the characters typed.
- Slack: `&`, `<`, `>` escaped (Slack's own rule) and `mrkdwn: false`.
- Mattermost: the text in a code block (no Markdown, no mentions inside one).
- Discord: `allowed_mentions: {"parse": []}` and every Markdown character backslash-escaped.
- Teams: an Adaptive Card whose text is a TextRun (never parsed as Markdown).
"""

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime

SCHEMA = "escalation-tui/update"
SCHEMA_VERSION = 1
DISCORD_MAX = 2000  # characters of `content`
SLACK_MAX = 39000


@dataclass(frozen=True)
class Message:
    """One update on its way to one channel."""

    delivery_id: str
    channel: str
    incident_id: str
    title: str
    severity: str
    kind: str
    status: str
    update_id: str
    audience: str
    sent_at: datetime
    text: str

    @property
    def heading(self) -> str:
        return f"[{self.severity}] {self.title}: {self.audience} update"

    @property
    def plain(self) -> str:
        return f"{self.heading}\n\n{self.text}"


def slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack(message: Message) -> dict:
    text = slack_escape(message.plain)[:SLACK_MAX]
    return {"text": text, "mrkdwn": False, "link_names": False, "unfurl_links": False, "unfurl_media": False}


def _fence(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def mattermost(message: Message) -> dict:
    fence = _fence(message.plain)
    return {"text": f"{fence}text\n{message.plain}\n{fence}"}


_DISCORD_SPECIAL = re.compile(r"([\\*_~`|>#\-\[\]()<@:!.+=/])")


def discord_escape(text: str) -> str:
    return _DISCORD_SPECIAL.sub(r"\\\1", text)


def discord(message: Message) -> dict:
    content = discord_escape(message.plain)
    if len(content) > DISCORD_MAX:  # cut where no escape is split
        content = content[: DISCORD_MAX - 2].rstrip("\\") + " …"
    return {"content": content, "allowed_mentions": {"parse": []}}


def teams(message: Message) -> dict:
    """A Teams Workflows webhook ("post to a channel when a webhook request is received")."""

    def run(text: str, **style: object) -> dict:
        return {"type": "TextRun", "text": text, **style}

    card = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": [
            {"type": "RichTextBlock", "inlines": [run(message.heading, weight="Bolder")]},
            {"type": "RichTextBlock", "inlines": [run(message.text)]},
        ],
    }
    attachment = {
        "contentType": "application/vnd.microsoft.card.adaptive",
        "contentUrl": None,
        "content": card,
    }
    return {"type": "message", "attachments": [attachment]}


def webhook(message: Message) -> dict:
    """The generic webhook's body (README, "Sending updates": the schema)."""
    return {
        "schema": SCHEMA,
        "version": SCHEMA_VERSION,
        "delivery_id": message.delivery_id,
        "channel": message.channel,
        "incident": {
            "id": message.incident_id,
            "title": message.title,
            "severity": message.severity,
            "kind": message.kind,
            "status": message.status,
        },
        "update": {
            "id": message.update_id,
            "audience": message.audience,
            "sent_at": message.sent_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "text": message.text,
        },
    }


BUILDERS = {"slack": slack, "mattermost": mattermost, "discord": discord, "teams": teams, "webhook": webhook}


def body(kind: str, message: Message) -> bytes:
    return json.dumps(BUILDERS[kind](message), ensure_ascii=False).encode()


def command_env(message: Message) -> dict[str, str]:
    """The update's fields for a command channel (its text comes on stdin)."""
    return {
        "ESCALATION_DELIVERY_ID": message.delivery_id,
        "ESCALATION_CHANNEL": message.channel,
        "ESCALATION_INCIDENT_ID": message.incident_id,
        "ESCALATION_INCIDENT_TITLE": message.title,
        "ESCALATION_SEVERITY": message.severity,
        "ESCALATION_KIND": message.kind,
        "ESCALATION_STATUS": message.status,
        "ESCALATION_UPDATE_ID": message.update_id,
        "ESCALATION_AUDIENCE": message.audience,
        "ESCALATION_SENT_AT": message.sent_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
    }
