"""Who hears about an incident, and who should hear next."""

from datetime import UTC, datetime

from .enums import Audience, Severity
from .models import Incident

# Leadership expects to hear about major incidents from the first update on.
MAJOR = (Severity.SEV1, Severity.SEV2)
NEVER = datetime.min.replace(tzinfo=UTC)


def audiences(incident: Incident) -> list[Audience]:
    """Who is kept informed: internal always, executives for a major incident, anyone updated so far."""
    kept = {Audience.INTERNAL} | {u.audience for u in incident.updates}
    if incident.severity in MAJOR:
        kept.add(Audience.EXECUTIVE)
    return [a for a in Audience if a in kept]


def next_audience(incident: Incident) -> Audience:
    """The audience that has waited longest (never updated waits longest)."""
    last: dict[Audience, datetime] = {}
    for update in incident.updates:
        last[update.audience] = max(last.get(update.audience, NEVER), update.sent_at)
    return min(audiences(incident), key=lambda a: last.get(a, NEVER))
