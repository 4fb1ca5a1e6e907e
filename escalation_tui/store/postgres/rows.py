"""Rows of the PostgreSQL store and what they hold: the incident document, its timeline
events and its summary, split apart to be written and put together when read."""

from pydantic import ValidationError

from ...domain.fields import describe_error
from ...domain.models import Incident
from ...domain.summary import SUMMARY_VERSION, IncidentSummary
from ...errors import StoreError
from .. import migrations


class CorruptRow(StoreError):
    """A row that does not validate. It is never overwritten."""

    def __init__(self, where: str, problem: str) -> None:
        self.problem = problem
        super().__init__(f"{where}: {problem}. The row was left untouched; restore it from an export")


def incident_from_row(row: tuple, where: str) -> Incident:
    """The incident a row holds, migrated in memory; CorruptRow if it does not validate."""
    _, revision, doc_schema, document, events = row
    if not isinstance(doc_schema, int) or doc_schema < 1:
        raise CorruptRow(where, f"unknown doc_schema {doc_schema!r}")
    if doc_schema > migrations.SCHEMA_VERSION:
        raise StoreError(
            f"{where}: written by a newer escalation-tui (schema {doc_schema}; this one knows "
            f"{migrations.SCHEMA_VERSION}); upgrade escalation-tui. The row was left untouched"
        )
    if not isinstance(document, dict):
        raise CorruptRow(where, "the document is not a JSON object")
    data = migrations.migrate({**document, "timeline": events, "revision": revision}, doc_schema)
    try:
        return Incident.model_validate(data)
    except ValidationError as error:
        raise CorruptRow(where, f"the incident does not validate ({describe_error(error)})") from None


def split_row(incident: Incident) -> tuple[dict, list[dict]]:
    """The document without its timeline (and revision, a column), and the timeline events."""
    document = incident.model_dump(mode="json")
    events = document.pop("timeline")
    document.pop("revision")
    return document, events


def common_prefix(before: list[dict], after: list[dict]) -> int:
    n = 0
    for old, new in zip(before, after, strict=False):  # lengths differ when events were added
        if old != new:
            break
        n += 1
    return n


def summary_of(data: object, incident_id: str, revision: int) -> IncidentSummary | None:
    """The row's summary if it is of this version and made from the row as it is, else None."""
    if not isinstance(data, dict) or data.get("version") != SUMMARY_VERSION:
        return None
    try:
        summary = IncidentSummary.model_validate(data)
    except ValidationError:
        return None
    return summary if summary.id == incident_id and summary.revision == revision else None


def new_event_id(before: list[dict], added: list[dict]) -> str | None:
    """The change's id: the timeline event it appends (None if it appends none of its own)."""
    if not added:
        return None
    last = added[-1].get("id")
    return last if isinstance(last, str) and all(e.get("id") != last for e in before) else None
