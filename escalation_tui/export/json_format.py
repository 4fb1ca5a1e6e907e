"""The versioned JSON interchange format (see JSON_FORMAT.md beside this file)."""

import json

from pydantic import ValidationError

from ..domain.fields import describe_error
from ..domain.jsontext import load_json
from ..domain.models import Incident
from ..errors import InvalidInput

FORMAT_NAME = "escalation-tui/incident"
# 2 added the incident's `links` and the `handoff` timeline kind; a version-1 file reads
# as it is (no links, no handoffs). 3 added `problems`; a version-2 file reads as it is
# (its whys answer the summary, the first problem). 4 added `cadence_first_minutes` and
# `cadence_changes`. 5 added the outbox (`deliveries`) and the `delivery` timeline kind; older
# files read as they are (nothing waiting to be sent).
FORMAT_VERSION = 5


def incident_to_json(incident: Incident) -> str:
    """Deterministic: the same incident always gives the same text. The timeline is in time
    order (entry order breaking ties), as everywhere it is shown."""
    data = incident.model_dump(mode="json")
    data["timeline"] = [data["timeline"][n] for n in _time_order(incident)]
    document = {"format": FORMAT_NAME, "version": FORMAT_VERSION, "incident": data}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _time_order(incident: Incident) -> list[int]:
    events = incident.timeline
    return sorted(range(len(events)), key=lambda n: events[n].at)


ENVELOPE_KEYS = frozenset({"format", "version", "incident"})


def incident_from_json(text: str, source: str = "input") -> Incident:
    """Parse and validate; any problem is one InvalidInput line naming the source."""
    try:
        document = load_json(text)
    except ValueError as error:
        raise InvalidInput(f"{source}: {error}") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise InvalidInput(f'{source}: not an escalation-tui incident export (no "format": "{FORMAT_NAME}")')
    unknown = sorted(set(document) - ENVELOPE_KEYS)
    if unknown:
        raise InvalidInput(
            f"{source}: unknown top-level field {unknown[0]!r}; "
            f"an export holds only {', '.join(sorted(ENVELOPE_KEYS))}"
        )
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise InvalidInput(f'{source}: missing or invalid "version" (a whole number from 1)')
    if version > FORMAT_VERSION:
        shown = version if version < 1_000_000 else "≥ 1000000"
        raise InvalidInput(
            f"{source}: format version {shown} is newer than this escalation-tui knows "
            f"({FORMAT_VERSION}); upgrade it"
        )
    try:
        return Incident.model_validate(document.get("incident"))
    except ValidationError as error:
        raise InvalidInput(f"{source}: invalid incident ({describe_error(error)})") from None
