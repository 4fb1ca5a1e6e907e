"""Closed vocabularies of the domain. String values are what the store and JSON hold."""

from enum import StrEnum


class Kind(StrEnum):
    TECHNICAL = "technical"
    PROCESS = "process"
    PEOPLE = "people"


class Severity(StrEnum):
    SEV1 = "SEV1"
    SEV2 = "SEV2"
    SEV3 = "SEV3"
    SEV4 = "SEV4"

    @property
    def rank(self) -> int:
        """1 is the most severe."""
        return int(self.value[-1])

    @classmethod
    def parse(cls, raw: "str | int") -> "Severity":
        """Accept 1, "1", "sev1" or "SEV1"."""
        text = str(raw).strip().upper()
        if text.isdigit():
            text = f"SEV{text}"
        try:
            return cls(text)
        except ValueError:
            raise ValueError(f"severity must be 1-4 (SEV1-SEV4), not {raw!r}") from None


class Phase(StrEnum):
    """The five phases of the response, in order."""

    ACKNOWLEDGE = "acknowledge"
    DIAGNOSE = "diagnose"
    COMMUNICATE = "communicate"
    RESOLVE = "resolve"
    POSTMORTEM = "postmortem"

    @property
    def number(self) -> int:
        return list(Phase).index(self) + 1

    @property
    def label(self) -> str:
        return PHASE_LABELS[self]

    def next(self) -> "Phase | None":
        phases = list(Phase)
        i = phases.index(self)
        return phases[i + 1] if i + 1 < len(phases) else None


PHASE_LABELS = {
    Phase.ACKNOWLEDGE: "Acknowledge & contain",
    Phase.DIAGNOSE: "Deep dive & diagnosis",
    Phase.COMMUNICATE: "Communication",
    Phase.RESOLVE: "Resolution & validation",
    Phase.POSTMORTEM: "Post-mortem & prevention",
}


class Audience(StrEnum):
    INTERNAL = "internal"
    EXECUTIVE = "executive"
    CUSTOMER = "customer"


class DeliveryState(StrEnum):
    """An outbox entry: one update on its way to one channel."""

    PENDING = "pending"  # waiting for its next try
    SENDING = "sending"  # claimed by a process until claim_expires
    SENT = "sent"
    FAILED = "failed"  # refused, or given up on; `r` in the TUI sends it again


class Priority(StrEnum):
    P1 = "P1"
    P2 = "P2"
    P3 = "P3"


class ActionType(StrEnum):
    MITIGATE = "mitigate"
    PREVENT = "prevent"
    DETECT = "detect"
    PROCESS = "process"


class ActionStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    WONT_DO = "wont_do"

    @property
    def closed(self) -> bool:
        return self in (ActionStatus.DONE, ActionStatus.WONT_DO)

    @property
    def label(self) -> str:
        """How people write it: "in progress", "won't do"."""
        return "won't do" if self is ActionStatus.WONT_DO else self.value.replace("_", " ")


class Milestone(StrEnum):
    """In time order. Impact may start before anyone declares the incident."""

    IMPACT_STARTED = "impact_started"
    DECLARED = "declared"
    ACKNOWLEDGED = "acknowledged"
    CONTAINED = "contained"
    RESOLVED = "resolved"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        """How people say it: "Impact started", "Acknowledged"."""
        return self.value.replace("_", " ").capitalize()

    @property
    def cli_name(self) -> str:
        return self.value.replace("_", "-")


class EventKind(StrEnum):
    # written automatically by the service layer
    MILESTONE = "milestone"
    PHASE = "phase"
    CHANGE = "change"
    CHECK = "check"
    UPDATE = "update"
    WHY = "why"
    ACTION = "action"
    LESSON = "lesson"
    UNDO = "undo"
    ROLE = "role"  # a role named or handed over
    HANDOFF = "handoff"  # a shift-change summary was handed over (domain/handoff.py)
    DELIVERY = "delivery"  # an update reached a channel, or could not (escalation_tui/delivery)
    # typed by a person
    NOTE = "note"
    SYMPTOM = "symptom"
    FINDING = "finding"
    DECISION = "decision"

    @property
    def manual(self) -> bool:
        return self in MANUAL_EVENT_KINDS


MANUAL_EVENT_KINDS = frozenset({EventKind.NOTE, EventKind.SYMPTOM, EventKind.FINDING, EventKind.DECISION})
