"""An incident's summary: what lists, counts, orders, searches and alarms need of it.

A store keeps one beside each incident, written in the same save, so listing thousands of
past incidents reads small documents instead of reading and validating every incident. It is
never the only copy of anything: a missing or stale summary is made again from the incident.
Its fields carry the incident's names, so the list, urgency, follow-ups and search code reads
either (`Listed`).
"""

from datetime import date, datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from .enums import ActionStatus, ActionType, Audience, Kind, Milestone, Phase, Priority, Severity
from .models import ActionItem, Incident, status_of

SUMMARY_VERSION = 2  # bump when a field is added (2: cadence_first_minutes): older ones are made again


class UpdateStamp(BaseModel):
    """When an update went out, and to whom: all the countdown needs of it."""

    model_config = ConfigDict(frozen=True)
    sent_at: datetime
    audience: Audience


# Plain types only: a summary is made from an incident that passed every check, so reading
# thousands of them checks their shape (in pydantic's core), not the rules again.
class SummaryMilestones(BaseModel):
    impact_started: AwareDatetime | None = None
    declared: AwareDatetime
    acknowledged: AwareDatetime | None = None
    contained: AwareDatetime | None = None
    resolved: AwareDatetime | None = None
    closed: AwareDatetime | None = None

    def get(self, milestone: Milestone) -> datetime | None:
        return getattr(self, milestone.value)


class SummaryAction(BaseModel):
    id: str
    title: str
    owner: str = ""
    due: date | None = None
    priority: Priority = Priority.P2
    type: ActionType = ActionType.PREVENT
    status: ActionStatus = ActionStatus.OPEN
    why_id: str | None = None


Action = ActionItem | SummaryAction  # an action item as an incident or its summary holds it


class IncidentSummary(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = SUMMARY_VERSION
    id: str
    title: str
    kind: Kind
    severity: Severity
    phase: Phase
    confidential: bool
    milestones: SummaryMilestones
    cadence_minutes: int | None
    cadence_first_minutes: int | None = None
    revision: int
    updates: list[UpdateStamp]
    # Read only by what needs them (follow-ups, search): empty when not asked for.
    actions: list[SummaryAction] = Field(default_factory=list)
    # (field, text): every piece of text a person wrote (search.py)
    texts: list[tuple[str, str]] = Field(default_factory=list)

    @property
    def status(self) -> str:
        return status_of(self.milestones)

    @property
    def is_open(self) -> bool:
        return self.status == "open"


Listed = Incident | IncidentSummary  # what a list shows: the full incident, or its summary


def summarize(incident: Incident) -> IncidentSummary:
    from .search import searchable_texts  # search reads summaries too

    return IncidentSummary.model_construct(
        version=SUMMARY_VERSION,
        id=incident.id,
        title=incident.title,
        kind=incident.kind,
        severity=incident.severity,
        phase=incident.phase,
        confidential=incident.confidential,
        milestones=SummaryMilestones.model_construct(**incident.milestones.__dict__),
        cadence_minutes=incident.cadence_minutes,
        cadence_first_minutes=incident.cadence_first_minutes,
        revision=incident.revision,
        updates=[UpdateStamp(sent_at=u.sent_at, audience=u.audience) for u in incident.updates],
        actions=[SummaryAction.model_construct(**a.__dict__) for a in incident.actions],
        texts=[(field, text) for field, text in searchable_texts(incident) if text],
    )
