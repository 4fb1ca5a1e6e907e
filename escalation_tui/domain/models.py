"""The incident and everything recorded about it (pydantic v2; no Textual, no TinyDB)."""

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from .enums import (
    ActionStatus,
    ActionType,
    Audience,
    EventKind,
    Kind,
    Milestone,
    Phase,
    Priority,
    Severity,
)
from .fields import (
    Line,
    LongText,
    Name,
    RequiredLongText,
    RequiredName,
    Title,
    UtcDatetime,
    new_id,
)


class Model(BaseModel):
    model_config = ConfigDict(validate_assignment=True, extra="forbid")


class ChecklistItem(Model):
    id: str = Field(default_factory=new_id)
    phase: Phase
    text: Line
    done: bool = False
    done_at: UtcDatetime | None = None
    done_by: Name = ""
    note: LongText = ""
    custom: bool = False
    captures: str | None = None  # Incident field the answer belongs in (impact/affected/tried)


class StatusUpdate(Model):
    id: str = Field(default_factory=new_id)
    sent_at: UtcDatetime
    audience: Audience
    text: RequiredLongText


class Why(Model):
    """One answer in the 5 Whys tree; parent_id None answers "why did the problem happen?"."""

    id: str = Field(default_factory=new_id)
    parent_id: str | None = None
    statement: Line
    is_root_cause: bool = False


class ActionItem(Model):
    id: str = Field(default_factory=new_id)
    title: Title
    owner: Name = ""
    due: date | None = None
    priority: Priority = Priority.P2
    type: ActionType = ActionType.PREVENT
    status: ActionStatus = ActionStatus.OPEN
    why_id: str | None = None


class TimelineEvent(Model):
    id: str = Field(default_factory=new_id)
    at: UtcDatetime
    kind: EventKind
    text: RequiredLongText
    by: Name = ""  # who was at the keyboard (--as, $ESCALATION_TUI_USER, config, OS user)
    # Worth a line in the post-mortem's timeline although its kind is bookkeeping
    # (a severity change, a root cause marked, an action created); see domain/significance.py.
    significant: bool = False


class OtherRole(Model):
    role: RequiredName
    name: RequiredName


class Roles(Model):
    commander: Name = ""
    comms: Name = ""
    scribe: Name = ""
    others: list[OtherRole] = Field(default_factory=list)


class Milestones(Model):
    impact_started: UtcDatetime | None = None  # may precede the declaration
    declared: UtcDatetime
    acknowledged: UtcDatetime | None = None
    contained: UtcDatetime | None = None
    resolved: UtcDatetime | None = None
    closed: UtcDatetime | None = None

    def get(self, milestone: Milestone) -> datetime | None:
        return getattr(self, milestone.value)


class Lessons(Model):
    went_well: list[LongText] = Field(default_factory=list)
    went_wrong: list[LongText] = Field(default_factory=list)
    got_lucky: list[LongText] = Field(default_factory=list)


LESSON_KINDS = ("went_well", "went_wrong", "got_lucky")


class Incident(Model):
    id: str = Field(pattern=r"^[a-z0-9]{4,16}$")
    title: Title
    kind: Kind
    severity: Severity
    phase: Phase = Phase.ACKNOWLEDGE
    summary: LongText = ""
    impact: LongText = ""
    affected: LongText = ""
    tried: LongText = ""
    detection: LongText = ""
    trigger: LongText = ""  # what set it off (a deploy, a config push, a traffic spike)
    resolution: LongText = ""
    roles: Roles = Field(default_factory=Roles)
    confidential: bool = False
    milestones: Milestones
    cadence_minutes: int | None = Field(default=None, ge=0, le=7 * 24 * 60)
    lessons: Lessons = Field(default_factory=Lessons)
    checklist: list[ChecklistItem] = Field(default_factory=list)
    updates: list[StatusUpdate] = Field(default_factory=list)
    whys: list[Why] = Field(default_factory=list)
    actions: list[ActionItem] = Field(default_factory=list)
    timeline: list[TimelineEvent] = Field(default_factory=list)
    revision: int = 0  # bumped on every save; tells instances apart from stale copies

    @property
    def status(self) -> str:
        if self.milestones.closed:
            return "closed"
        if self.milestones.resolved:
            return "resolved"
        return "open"

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    def find(self, collection: str, item_id: str):
        """The item with this id in checklist/updates/whys/actions/timeline, or KeyError."""
        for item in getattr(self, collection):
            if item.id == item_id:
                return item
        raise KeyError(f"no {collection} item with id {item_id!r}")
