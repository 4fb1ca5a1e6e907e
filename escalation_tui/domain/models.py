"""The incident and everything recorded about it (pydantic v2; no Textual, no TinyDB)."""

from datetime import datetime
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    model_validator,
)

from .enums import (
    ActionStatus,
    ActionType,
    Audience,
    DeliveryState,
    EventKind,
    Kind,
    Milestone,
    Phase,
    Priority,
    Severity,
)
from .fields import (
    Day,
    ItemId,
    Line,
    LongText,
    Name,
    RequiredLongText,
    RequiredName,
    Title,
    UtcDatetime,
    new_id,
)
from .integrity import check_incident, check_milestone_order, check_revision
from .links import MAX_LINKS, clean_address, clean_label
from .playbooks import CAPTURE_FIELDS
from .working_copy import is_editing


def _capture_field(value: str | None) -> str | None:
    if value is not None and value not in CAPTURE_FIELDS:
        raise ValueError(f"must be one of {', '.join(CAPTURE_FIELDS)}")
    return value


CaptureField = Annotated[str | None, AfterValidator(_capture_field)]
Count = Annotated[StrictInt, Field(ge=0)]


class Model(BaseModel):
    model_config = ConfigDict(validate_assignment=True, extra="forbid")


class ChecklistItem(Model):
    id: ItemId = Field(default_factory=new_id)
    phase: Phase
    text: Line
    done: StrictBool = False
    done_at: UtcDatetime | None = None
    done_by: Name = ""
    note: LongText = ""
    custom: StrictBool = False
    captures: CaptureField = None  # Incident field the answer belongs in (impact/affected/tried)


class StatusUpdate(Model):
    id: ItemId = Field(default_factory=new_id)
    sent_at: UtcDatetime
    audience: Audience
    text: RequiredLongText


class Problem(Model):
    """A problem the 5 Whys ask about, beyond the first one (the incident summary).

    A review often asks more than one ("why was it down?", "why did the restore take so
    long?"); each is the root of its own tree of whys (domain/whys.py)."""

    id: ItemId = Field(default_factory=new_id)
    statement: Line


class Delivery(Model):
    """An outbox entry, saved with the update it carries (escalation_tui/delivery sends it).

    Its id is the Idempotency-Key a receiver can use to recognise a resend."""

    id: ItemId = Field(default_factory=lambda: new_id(20))
    update_id: ItemId
    channel: RequiredName
    state: DeliveryState = DeliveryState.PENDING
    created_at: UtcDatetime
    attempts: Count = 0
    next_try_at: UtcDatetime | None = None
    claimed_by: Name = ""
    claim_expires: UtcDatetime | None = None
    sent_at: UtcDatetime | None = None
    last_error: Name = ""
    # An attempt whose outcome nobody saw (the sender died or timed out): a resend may repeat it.
    uncertain: StrictBool = False


class Why(Model):
    """One answer in the 5 Whys tree. parent_id: the answer it explains, or a Problem's id
    (a first answer to that problem), or None (a first answer to the first problem, the
    incident summary)."""

    id: ItemId = Field(default_factory=new_id)
    parent_id: ItemId | None = None
    statement: Line
    is_root_cause: StrictBool = False


class ActionItem(Model):
    id: ItemId = Field(default_factory=new_id)
    title: Title
    owner: Name = ""
    due: Day | None = None
    priority: Priority = Priority.P2
    type: ActionType = ActionType.PREVENT
    status: ActionStatus = ActionStatus.OPEN
    why_id: ItemId | None = None


class TimelineEvent(Model):
    id: ItemId = Field(default_factory=new_id)
    at: UtcDatetime
    kind: EventKind
    text: RequiredLongText
    by: Name = ""  # who was at the keyboard (--as, $ESCALATION_TUI_USER, config, OS user)
    # Worth a line in the post-mortem's timeline although its kind is bookkeeping
    # (a severity change, a root cause marked, an action created); see domain/significance.py.
    significant: bool = False


Minutes = Annotated[StrictInt, Field(ge=0, le=7 * 24 * 60)]


class CadenceChange(Model):
    """From `at` on, a new severity or update cadence (domain/cadence_history.py): what the
    post-mortem judges each update against. Each keeps what it replaced, so the cadence
    before the first change is known too."""

    at: UtcDatetime
    severity: Severity | None = None  # a severity change: the new one
    was_severity: Severity | None = None
    cadence: StrictBool = False  # a cadence change: the override below (None: severity default)
    minutes: Minutes | None = None
    first_minutes: Minutes | None = None
    was_minutes: Minutes | None = None
    was_first_minutes: Minutes | None = None


class OtherRole(Model):
    role: RequiredName
    name: RequiredName


class Link(Model):
    """A labelled address: the bridge, the channel, a dashboard, a runbook (domain/links.py)."""

    label: Annotated[str, BeforeValidator(clean_label)]
    url: Annotated[str, BeforeValidator(clean_address)]


class Roles(Model):
    commander: Name = ""
    comms: Name = ""
    scribe: Name = ""
    others: list[OtherRole] = Field(default_factory=list)


def status_of(milestones: "Milestones | object") -> str:
    """open, resolved or closed: what an incident's (or its summary's) milestones say."""
    if getattr(milestones, "closed", None):
        return "closed"
    if getattr(milestones, "resolved", None):
        return "resolved"
    return "open"


class Milestones(Model):
    impact_started: UtcDatetime | None = None  # may precede the declaration
    declared: UtcDatetime
    acknowledged: UtcDatetime | None = None
    contained: UtcDatetime | None = None
    resolved: UtcDatetime | None = None
    closed: UtcDatetime | None = None

    def get(self, milestone: Milestone) -> datetime | None:
        return getattr(self, milestone.value)

    @model_validator(mode="after")
    def _in_order(self) -> "Milestones":
        check_milestone_order({name: getattr(self, name) for name in type(self).model_fields})
        return self


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
    confidential: StrictBool = False
    milestones: Milestones
    cadence_minutes: Minutes | None = None
    cadence_first_minutes: Minutes | None = None  # the first update's window, when set with the cadence
    cadence_changes: list[CadenceChange] = Field(default_factory=list)
    links: Annotated[list[Link], Field(max_length=MAX_LINKS)] = Field(default_factory=list)
    lessons: Lessons = Field(default_factory=Lessons)
    checklist: list[ChecklistItem] = Field(default_factory=list)
    updates: list[StatusUpdate] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)  # the first problem is the summary
    whys: list[Why] = Field(default_factory=list)
    actions: list[ActionItem] = Field(default_factory=list)
    timeline: list[TimelineEvent] = Field(default_factory=list)
    deliveries: list[Delivery] = Field(default_factory=list)  # the outbox (schema 5)
    # Bumped on every save; tells instances apart from stale copies.
    revision: Annotated[StrictInt, AfterValidator(check_revision)] = 0

    @model_validator(mode="after")
    def _consistent(self) -> "Incident":
        """Ids unique, the 5 Whys a tree, links that lead somewhere (domain/integrity.py)."""
        check_incident(self)
        return self

    @property
    def status(self) -> str:
        return status_of(self.milestones)

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    def find(self, collection: str, item_id: str):
        """The item with this id in checklist/updates/problems/whys/actions/timeline, or KeyError.

        On a working copy being edited (working_copy.py), the item is first replaced by a
        copy of itself, so changing it leaves the incident the copy was made from as it was.
        """
        items = getattr(self, collection)
        for index, item in enumerate(items):
            if item.id == item_id:
                if is_editing(self):
                    item = items[index] = item.model_copy()
                return item
        raise KeyError(f"no {collection} item with id {item_id!r}")
