"""Where stakeholder updates are sent: ``[channels.NAME]`` tables of config.toml (parsing only).

A channel never holds a secret itself: webhook URLs, signing secrets and SMTP passwords are
named by an environment variable (``url_env``) or a private file (``url_file``), read when a
message is sent (escalation_tui/delivery/secrets.py). So the config file can be shared, and
nothing printed about a channel can leak one.
"""

import re
from dataclasses import dataclass, field

from ..errors import InvalidInput
from .enums import Audience, Severity

HTTP_TYPES = ("slack", "mattermost", "teams", "discord", "webhook")
TYPES = (*HTTP_TYPES, "email", "command")
SECURITY = ("starttls", "tls", "none")
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")  # where plain SMTP (security = "none") is allowed
DEFAULT_TIMEOUT = 10.0
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")
ENV_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,99}$")
HEADER_PATTERN = re.compile(r"^[A-Za-z0-9-]{1,60}$")
ADDRESS_PATTERN = re.compile(r"^[^\s<>@,;\"]{1,64}@[A-Za-z0-9.-]{1,190}$")  # no room to inject a header

_COMMON = {"type", "audiences", "severities", "timeout_seconds", "confidential"}
_KEYS = {
    **{kind: _COMMON | {"url_env", "url_file"} for kind in HTTP_TYPES},
    "webhook": _COMMON | {"url_env", "url_file", "secret_env", "secret_file", "signature_header"},
    "email": _COMMON
    | {"smtp_host", "smtp_port", "security", "username", "password_env", "password_file", "from", "to"},
    "command": _COMMON | {"command"},
}


@dataclass(frozen=True)
class Secret:
    """Where a secret is read from: an environment variable or a private (0600) file."""

    env: str = ""
    file: str = ""

    def __bool__(self) -> bool:
        return bool(self.env or self.file)

    def describe(self) -> str:
        return f"${self.env}" if self.env else self.file


@dataclass(frozen=True)
class Channel:
    name: str
    type: str
    audiences: tuple[Audience, ...] = tuple(Audience)
    severities: tuple[Severity, ...] = tuple(Severity)
    timeout: float = DEFAULT_TIMEOUT
    confidential: bool = False  # also sends the updates of confidential incidents
    url: Secret = Secret()  # the HTTP types
    secret: Secret = Secret()  # webhook: HMAC-SHA256 signing key (optional)
    signature_header: str = "X-Escalation-Signature"
    smtp_host: str = ""
    smtp_port: int = 0
    security: str = "starttls"
    username: str = ""
    password: Secret = Secret()
    sender: str = ""
    recipients: tuple[str, ...] = ()
    command: tuple[str, ...] = field(default=())

    def wants(self, audience: Audience, severity: Severity, confidential: bool = False) -> bool:
        allowed = self.confidential or not confidential
        return allowed and audience in self.audiences and severity in self.severities

    @property
    def has_idempotency_key(self) -> bool:
        """A resend after an unknown outcome is recognised by the receiver (webhook, command)."""
        return self.type in ("webhook", "command")

    @property
    def lease_seconds(self) -> float:
        """How long a claim on one of its deliveries holds: longer than any one attempt."""
        return self.timeout * 3 + 5


def channels_for(
    channels: tuple[Channel, ...], audience: Audience, severity: Severity, confidential: bool = False
) -> list[Channel]:
    """The channels an update goes to; a confidential incident's only to those that opt in."""
    return [c for c in channels if c.wants(audience, severity, confidential)]


def parse_channels(data: dict, source: str) -> tuple[Channel, ...]:
    """The ``channels`` table of a parsed config.toml."""
    tables = data.get("channels", {})
    if not isinstance(tables, dict):
        raise InvalidInput(f"{source}: [channels] must be a table of [channels.NAME] tables")
    return tuple(_channel(name, table, f"{source}: [channels.{name}]") for name, table in tables.items())


def _channel(name: str, table: object, where: str) -> Channel:
    if not NAME_PATTERN.match(name):
        raise InvalidInput(f"{where}: a channel name is 1-40 letters, digits, '-', '_' or '.'")
    if not isinstance(table, dict):
        raise InvalidInput(f"{where}: must be a table")
    kind = table.get("type")
    if kind not in TYPES:
        raise InvalidInput(f"{where}: type must be one of {', '.join(TYPES)}")
    unknown = sorted(set(table) - _KEYS[kind])
    if unknown:
        raise InvalidInput(f"{where}: unknown key {unknown[0]!r} for a {kind} channel")
    common = {
        "name": name,
        "type": kind,
        "audiences": _audiences(table.get("audiences"), where),
        "severities": _severities(table.get("severities"), where),
        "confidential": _flag(table.get("confidential", False), where, "confidential"),
        "timeout": _number(table.get("timeout_seconds", DEFAULT_TIMEOUT), where, "timeout_seconds", 0.1, 120),
    }
    if kind in HTTP_TYPES:
        url = _secret(table, "url", where, required=True)
        header = _string(table.get("signature_header", "X-Escalation-Signature"), where, "signature_header")
        if not HEADER_PATTERN.match(header):
            raise InvalidInput(f"{where}: signature_header must be a plain header name")
        secret = _secret(table, "secret", where, required=False)
        return Channel(**common, url=url, secret=secret, signature_header=header)
    if kind == "email":
        return _email(table, where, common)
    command = table.get("command")
    if not isinstance(command, list) or not command or not all(isinstance(a, str) and a for a in command):
        raise InvalidInput(f'{where}: command must be a list of strings, e.g. command = ["notify-team"]')
    return Channel(**common, command=tuple(command))


def _email(table: dict, where: str, common: dict) -> Channel:
    host = _string(table.get("smtp_host", ""), where, "smtp_host")
    if not re.match(r"^[A-Za-z0-9.:-]{1,253}$", host):
        raise InvalidInput(f'{where}: smtp_host is required, e.g. smtp_host = "smtp.example.com"')
    security = table.get("security", "starttls")
    if security not in SECURITY:
        raise InvalidInput(f"{where}: security must be one of {', '.join(SECURITY)}")
    if security == "none" and host not in LOCAL_HOSTS:
        raise InvalidInput(f'{where}: security = "none" is only allowed for a relay on this machine')
    port = table.get("smtp_port", 465 if security == "tls" else 587)
    if isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536:
        raise InvalidInput(f"{where}: smtp_port must be a port number")
    sender = _string(table.get("from", ""), where, "from")
    recipients = table.get("to")
    if not isinstance(recipients, list) or not recipients:
        raise InvalidInput(f'{where}: to must be a list of addresses, e.g. to = ["execs@example.com"]')
    for address in [sender, *recipients]:
        if not isinstance(address, str) or not ADDRESS_PATTERN.match(address):
            raise InvalidInput(f"{where}: {address!r} is not a plain e-mail address (name@host)")
    username = _string(table.get("username", ""), where, "username")
    if any(ch in username for ch in "\r\n\0"):
        raise InvalidInput(f"{where}: username must be one line")
    password = _secret(table, "password", where, required=False)
    return Channel(
        **common,
        smtp_host=host,
        smtp_port=port,
        security=security,
        username=username,
        password=password,
        sender=sender,
        recipients=tuple(recipients),
    )


def _secret(table: dict, what: str, where: str, required: bool) -> Secret:
    env, file = table.get(f"{what}_env", ""), table.get(f"{what}_file", "")
    if not isinstance(env, str) or not isinstance(file, str):
        raise InvalidInput(f"{where}: {what}_env and {what}_file must be strings")
    if env and file:
        raise InvalidInput(f"{where}: give {what}_env or {what}_file, not both")
    if env and not ENV_PATTERN.match(env):
        raise InvalidInput(f"{where}: {what}_env must be an environment variable's name")
    if required and not (env or file):
        raise InvalidInput(
            f'{where}: {what}_env = "VARIABLE" (or {what}_file = "PATH", mode 0600) is required; '
            "secrets are never written in config.toml"
        )
    return Secret(env=env, file=file)


def _audiences(raw: object, where: str) -> tuple[Audience, ...]:
    if raw is None:
        return tuple(Audience)
    allowed = ", ".join(a.value for a in Audience)
    if not isinstance(raw, list) or not raw or not all(isinstance(a, str) for a in raw):
        raise InvalidInput(f"{where}: audiences must be a list of {allowed}")
    try:
        return tuple(Audience(a) for a in raw)
    except ValueError:
        raise InvalidInput(f"{where}: audiences must be a list of {allowed}") from None


def _severities(raw: object, where: str) -> tuple[Severity, ...]:
    if raw is None:
        return tuple(Severity)
    message = f"{where}: severities must be a list such as [1, 2] (or SEV1..SEV4)"
    if not isinstance(raw, list) or not raw or any(isinstance(s, bool) for s in raw):
        raise InvalidInput(message)
    try:
        return tuple(Severity.parse(s) for s in raw)
    except ValueError:
        raise InvalidInput(message) from None


def _number(raw: object, where: str, what: str, low: float, high: float) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not low <= raw <= high:
        raise InvalidInput(f"{where}: {what} must be a number from {low} to {high}")
    return float(raw)


def _flag(raw: object, where: str, what: str) -> bool:
    if not isinstance(raw, bool):
        raise InvalidInput(f"{where}: {what} must be true or false")
    return raw


def _string(raw: object, where: str, what: str) -> str:
    if not isinstance(raw, str):
        raise InvalidInput(f"{where}: {what} must be a string")
    return raw
