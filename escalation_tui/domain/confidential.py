"""The one rule for confidential incidents (people escalations by default).

Outside the incident's own screen, a confidential incident is known only by its id, its
severity and its update countdown: its title and contents are shown only when the person
asking has said so (`--confidential-ok` on the command line, a confirmation in the TUI).
Every view that lists or prints incidents asks this module, so the rule cannot drift.
"""

from collections.abc import Iterable
from typing import Protocol, TypeVar

from ..errors import EscalationError
from .summary import Listed

LABEL = "confidential incident"
CLI_CONSENT = "--confidential-ok"


class ConfidentialRefused(EscalationError):
    """Printing a confidential incident's contents was asked for without consent.

    The CLI shows it as its one error line; the TUI asks for a confirmation instead.
    """

    def __init__(self, incident_id: str, what: str) -> None:
        self.incident_id = incident_id
        self.what = what
        super().__init__(f"incident {incident_id} is confidential; add {CLI_CONSENT} to {what}")


def hidden(incident: Listed, confidential_ok: bool) -> bool:
    """True when this incident's title and contents must not be shown."""
    return incident.confidential and not confidential_ok


def shown_title(incident: Listed, confidential_ok: bool) -> str:
    """The title, or "confidential incident" when it must not be shown."""
    return LABEL if hidden(incident, confidential_ok) else incident.title


def require_consent(incident: Listed, confidential_ok: bool, what: str) -> None:
    """Raise ConfidentialRefused unless the contents may be printed.

    `what` completes "add --confidential-ok to …", e.g. "show it" or "export it".
    """
    if hidden(incident, confidential_ok):
        raise ConfidentialRefused(incident.id, what)


def hidden_count_note(count: int) -> str | None:
    """The one line said when a list left some incidents' details out, or None when it left none out."""
    if not count:
        return None
    which = "1 confidential incident" if count == 1 else f"{count} confidential incidents"
    return f"details of {which} were hidden; add {CLI_CONSENT} to show them"


class _Marked(Protocol):
    @property
    def confidential(self) -> bool: ...


Marked = TypeVar("Marked", bound=_Marked)


def searchable(incidents: Iterable[Marked], confidential_ok: bool) -> tuple[list[Marked], int]:
    """The incidents a search or a list of action items may look into, and how many it must not.

    A confidential incident is left out whole, not shown as "1 match" or with its owners and
    dates: whether it contains a word or a name must not change the answer, or a title could
    be rebuilt letter by letter. The count left out never depends on what was asked for.
    """
    incidents = list(incidents)
    if confidential_ok:
        return incidents, 0
    kept = [i for i in incidents if not i.confidential]
    return kept, len(incidents) - len(kept)


def left_out_note(count: int, what: str) -> str | None:
    """The one line said when confidential incidents were left out of `what` ("search", "list")."""
    if not count:
        return None
    which = "1 confidential incident was" if count == 1 else f"{count} confidential incidents were"
    return f"{which} left out; add {CLI_CONSENT} to {what} them too"
