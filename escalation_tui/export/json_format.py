"""The versioned JSON interchange format (see JSON_FORMAT.md beside this file)."""

import json

from pydantic import ValidationError

from ..domain.fields import describe_error
from ..domain.models import Incident
from ..errors import InvalidInput

FORMAT_NAME = "escalation-tui/incident"
FORMAT_VERSION = 1


def incident_to_json(incident: Incident) -> str:
    """Deterministic: the same incident always gives the same text."""
    document = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "incident": incident.model_dump(mode="json"),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def incident_from_json(text: str, source: str = "input") -> Incident:
    """Parse and validate; any problem is one InvalidInput line naming the source."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidInput(f"{source}: not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise InvalidInput(f"{source}: not an escalation-tui incident export (no \"format\": \"{FORMAT_NAME}\")")
    version = document.get("version")
    if not isinstance(version, int) or version < 1:
        raise InvalidInput(f"{source}: missing or invalid \"version\"")
    if version > FORMAT_VERSION:
        raise InvalidInput(f"{source}: format version {version} is newer than this escalation-tui knows ({FORMAT_VERSION}); upgrade it")
    try:
        return Incident.model_validate(document.get("incident"))
    except ValidationError as error:
        raise InvalidInput(f"{source}: invalid incident ({describe_error(error)})") from None
