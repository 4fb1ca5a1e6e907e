"""The team's settings: update cadence per severity and their own playbooks (TOML).

Parsing only; reading the files is the store's job. A malformed file raises InvalidInput
naming the file and the line (or the table) so the caller can fall back to built-ins.
"""

import json
import tomllib
from dataclasses import dataclass, field

from ..errors import InvalidInput
from .cadence import DEFAULT_CADENCES, Cadence
from .channels import Channel, parse_channels
from .enums import Kind, Phase, Severity
from .fields import NAME_MAX
from .playbooks import CAPTURE_FIELDS, MAX_ITEM_LENGTH, PLAYBOOKS, PlaybookItem, Playbooks
from .shifts import DEFAULT_SHIFT_HOURS
from .text import clean_text

MODES = ("extend", "replace")
MAX_CADENCE_MINUTES = 7 * 24 * 60  # as for one incident's override: a week


@dataclass(frozen=True)
class Settings:
    cadences: dict[Severity, Cadence] = field(default_factory=lambda: dict(DEFAULT_CADENCES))
    playbooks: Playbooks = field(default_factory=lambda: PLAYBOOKS)
    user: str = ""  # `user = "dana"` in config.toml: who is typing, unless --as or the environment say
    # `commander_shift_hours = 4`: after that long as commander, the war room suggests a handoff (0: never)
    commander_shift_hours: float = DEFAULT_SHIFT_HOURS
    # `public_url = "https://status.example.com"`: where `escalation-tui serve` is reached; the war
    # room shows each incident's page address from it ("" when not set)
    public_url: str = ""
    # `[channels.NAME]` tables: where stakeholder updates are sent (domain/channels.py)
    channels: tuple[Channel, ...] = ()


def _load_toml(text: str, source: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InvalidInput(f"{source}: not valid TOML ({error})") from None
    except RecursionError:
        raise InvalidInput(f"{source}: not valid TOML for escalation-tui (nested too deeply)") from None
    except ValueError:  # an integer of more than 4,300 digits
        raise InvalidInput(
            f"{source}: not valid TOML for escalation-tui (a number with too many digits)"
        ) from None


# -- cadence ---------------------------------------------------------------------
def parse_cadences(text: str, source: str) -> dict[Severity, Cadence]:
    """``[cadence.SEV1] every_minutes = 30, first_update_minutes = 15``; 0 means no updates."""
    data = _load_toml(text, source).get("cadence", {})
    if not isinstance(data, dict):
        raise InvalidInput(f"{source}: [cadence] must be a table")
    cadences = dict(DEFAULT_CADENCES)
    for key, value in data.items():
        where = f"{source}: [cadence.{key}]"
        try:
            severity = Severity.parse(key)
        except ValueError:
            raise InvalidInput(f"{where}: unknown severity; use SEV1..SEV4") from None
        if not isinstance(value, dict) or set(value) - {"every_minutes", "first_update_minutes"}:
            raise InvalidInput(f"{where}: expected every_minutes and optionally first_update_minutes")
        every = value.get("every_minutes", cadences[severity].interval_minutes or 0)
        first = value.get("first_update_minutes")
        for name, number in (("every_minutes", every), ("first_update_minutes", first)):
            if number is not None and (
                not isinstance(number, int)
                or isinstance(number, bool)
                or not 0 <= number <= MAX_CADENCE_MINUTES
            ):
                raise InvalidInput(
                    f"{where}: {name} must be a whole number of minutes, 0 to {MAX_CADENCE_MINUTES}"
                )
        cadences[severity] = Cadence(interval_minutes=every or None, first_update_minutes=first or None)
    return cadences


def parse_user(text: str, source: str) -> str:
    """The top-level ``user = "dana"`` of config.toml ("" when absent)."""
    value = _load_toml(text, source).get("user", "")
    if not isinstance(value, str):
        raise InvalidInput(f'{source}: user must be a string, e.g. user = "dana"')
    name = clean_text(value, multiline=False)
    if len(name) > NAME_MAX:
        raise InvalidInput(f"{source}: user is longer than {NAME_MAX} characters")
    return name


def parse_shift_hours(text: str, source: str) -> float:
    """The top-level ``commander_shift_hours = 4`` of config.toml (the default when absent)."""
    value = _load_toml(text, source).get("commander_shift_hours", DEFAULT_SHIFT_HOURS)
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 7 * 24:
        raise InvalidInput(f"{source}: commander_shift_hours must be a number of hours, 0 (never) to 168")
    return float(value)


def parse_public_url(text: str, source: str) -> str:
    """The top-level ``public_url = "https://status.example.com/incidents"`` of config.toml."""
    value = _load_toml(text, source).get("public_url", "")
    if not isinstance(value, str):
        raise InvalidInput(
            f'{source}: public_url must be a string, e.g. public_url = "https://status.example.com"'
        )
    url = clean_text(value, multiline=False)
    if url and (not url.lower().startswith(("https://", "http://")) or any(c.isspace() for c in url)):
        raise InvalidInput(f"{source}: public_url must be an http:// or https:// address without spaces")
    if len(url) > 1000:
        raise InvalidInput(f"{source}: public_url is longer than 1000 characters")
    return url.rstrip("/")


def page_address(public_url: str, incident_id: str, confidential: bool) -> str | None:
    """The incident's stakeholder page (`serve`), or None: no public_url, or never served."""
    if not public_url or confidential:
        return None
    return f"{public_url}/i/{incident_id}"


def parse_channel_config(text: str, source: str) -> tuple[Channel, ...]:
    """The ``[channels.NAME]`` tables of config.toml (none when absent)."""
    return parse_channels(_load_toml(text, source), source)


def parse_config(text: str, source: str) -> tuple[dict[Severity, Cadence], str]:
    """config.toml: the cadences and the user."""
    return parse_cadences(text, source), parse_user(text, source)


# -- playbooks -------------------------------------------------------------------
def parse_playbooks(text: str, source: str) -> Playbooks:
    """One table per kind and phase: ``[technical.acknowledge] mode = "extend", items = [...]``.

    An item is a string, or ``{ text = "...", captures = "impact" }``. ``extend`` (the
    default) adds the items after the built-ins; ``replace`` uses only these.
    """
    data = _load_toml(text, source)
    merged = {kind: dict(phases) for kind, phases in PLAYBOOKS.items()}
    for kind_name, phases in data.items():
        kind = _member(Kind, kind_name, f"{source}: [{kind_name}]", "kind")
        if not isinstance(phases, dict):
            raise InvalidInput(f"{source}: [{kind_name}] must be a table of phases")
        for phase_name, table in phases.items():
            where = f"{source}: [{kind_name}.{phase_name}]"
            phase = _member(Phase, phase_name, where, "phase")
            merged[kind][phase] = _phase_items(table, merged[kind][phase], where)
    return merged


def _member(enum, name: str, where: str, what: str):
    try:
        return enum(name)
    except ValueError:
        allowed = ", ".join(m.value for m in enum)
        raise InvalidInput(f"{where}: unknown {what} {name!r}; use {allowed}") from None


def _phase_items(table: object, builtin: tuple[PlaybookItem, ...], where: str) -> tuple[PlaybookItem, ...]:
    if not isinstance(table, dict) or set(table) - {"mode", "items"}:
        raise InvalidInput(f'{where}: expected mode = "extend"|"replace" and items = [...]')
    mode = table.get("mode", "extend")
    if mode not in MODES:
        raise InvalidInput(f'{where}: mode must be "extend" or "replace", not {mode!r}')
    raw_items = table.get("items", [])
    if not isinstance(raw_items, list):
        raise InvalidInput(f"{where}: items must be a list")
    items = tuple(_item(raw, f"{where} item {n}") for n, raw in enumerate(raw_items, 1))
    if mode == "replace":
        return items
    known = {item.text.casefold() for item in builtin}
    return builtin + tuple(item for item in items if item.text.casefold() not in known)


def _item(raw: object, where: str) -> PlaybookItem:
    if isinstance(raw, str):
        raw = {"text": raw}
    if not isinstance(raw, dict) or not isinstance(raw.get("text"), str) or set(raw) - {"text", "captures"}:
        raise InvalidInput(f'{where}: expected a string or {{ text = "...", captures = "impact" }}')
    text = clean_text(raw["text"], multiline=False)
    if not text or len(text) > MAX_ITEM_LENGTH:
        raise InvalidInput(f"{where}: text must be 1-{MAX_ITEM_LENGTH} characters")
    captures = raw.get("captures")
    if captures is not None and captures not in CAPTURE_FIELDS:
        raise InvalidInput(f"{where}: captures must be one of {', '.join(CAPTURE_FIELDS)}")
    return PlaybookItem(text, captures)


def playbooks_to_toml(playbooks: Playbooks = PLAYBOOKS) -> str:
    """The playbooks as a file a team can edit (every phase in replace mode)."""
    lines = [
        "# Escalation TUI playbooks: one table per kind and phase.",
        '# mode = "extend" adds items after the built-in ones; "replace" uses only yours.',
        '# An item is a string, or { text = "...", captures = "impact" | "affected" | "tried" }',
        "# to offer writing the answer into that incident field.",
    ]
    for kind, phases in playbooks.items():
        for phase in Phase:
            lines += ["", f"[{kind.value}.{phase.value}]", 'mode = "replace"', "items = ["]
            for item in phases.get(phase, ()):
                text = json.dumps(item.text, ensure_ascii=False)  # a valid TOML basic string
                entry = f'{{ text = {text}, captures = "{item.captures}" }}' if item.captures else text
                lines.append(f"    {entry},")
            lines.append("]")
    return "\n".join(lines) + "\n"
