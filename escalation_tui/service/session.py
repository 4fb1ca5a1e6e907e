"""IncidentSession: every change to one incident goes through here.

Each operation, under the incident's file lock: loads the latest saved state (another
instance may have changed it), validates and applies the change, appends a timeline
event and saves, before returning. A refused change leaves nothing half-applied,
because it was made on a fresh copy that is then thrown away.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from enum import Enum
from pathlib import Path

from pydantic import ValidationError

from ..domain.channels import channels_for
from ..domain.clock import Clock
from ..domain.config import Settings
from ..domain.drafts import update_headline
from ..domain.enums import (
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
from ..domain.fields import describe_error
from ..domain.handoff import Handoff, build_handoff
from ..domain.integrity import next_revision
from ..domain.links import MAX_LINKS, same_label
from ..domain.models import (
    LESSON_KINDS,
    ActionItem,
    CadenceChange,
    ChecklistItem,
    Delivery,
    Incident,
    Link,
    OtherRole,
    Problem,
    StatusUpdate,
    TimelineEvent,
    Why,
)
from ..domain.playbooks import Playbooks, playbook_items
from ..domain.text import clean_text, first_line
from ..domain.times import not_in_future
from ..domain.whys import subtree_ids, tree_of
from ..domain.working_copy import editing, working_copy
from ..errors import Conflict, InvalidInput, NotFound, StoreError
from ..store import Store
from ..store.files import write_user_file
from .recording import MILESTONE_PHASE, check_milestone_order, handover_text

TEXT_FIELDS = ("title", "summary", "impact", "affected", "tried", "detection", "trigger", "resolution")
ROLE_FIELDS = ("commander", "comms", "scribe")
ACTION_FIELDS = ("title", "owner", "due", "priority", "type", "status", "why_id")
Mutation = Callable[[Incident], str]  # changes the incident, returns the timeline text


class NothingToDo(Exception):
    """Raised by a change_outbox mutation that found nothing to change."""


@dataclass(frozen=True)
class _UndoEntry:
    before: Incident
    revision_after: int
    description: str
    event_id: str
    manual_event: bool  # a typed note: undoing it removes the note itself


class IncidentSession:
    def __init__(
        self,
        store: Store,
        incident: Incident,
        clock: Clock,
        actor: str = "",
        settings: Settings | None = None,
        stamp: object = None,
    ) -> None:
        self._store = store
        self._clock = clock
        self.actor = actor
        self.settings = settings or Settings()
        self.incident = incident
        self._undo: list[_UndoEntry] = []
        # The file's stamp taken before `incident` was read from it (see IncidentService.open).
        self._stamp = stamp if stamp is not None else store.stamp(incident.id)

    @property
    def id(self) -> str:
        return self.incident.id

    # -- the one mechanism -----------------------------------------------------
    def _change(
        self, kind: EventKind, mutate: Mutation, at: datetime | None = None, significant: bool = False
    ) -> Incident:
        """`at`: when it happened, if not now (a back-filled note, milestone or update)."""
        with self._store.locked(self.id):
            # The incident as saved: ours when no other instance saved since (no re-read).
            before = self._store.load_for_change(self.id, self.incident)
            current = working_copy(before)  # shares unchanged items with `before` (undo keeps it)
            try:
                with editing(current):
                    text = mutate(current)
                event = TimelineEvent(
                    at=at or self._clock.now(), kind=kind, text=text, by=self.actor, significant=significant
                )
            except ValidationError as error:
                raise InvalidInput(describe_error(error)) from None
            except KeyError as error:
                raise NotFound(_message(error)) from None
            except ValueError as error:
                raise InvalidInput(_message(error)) from None
            current.timeline.append(event)
            # Not through validate_assignment: that re-checks the whole incident, and save does.
            current.__dict__["revision"] = next_revision(current.revision)
            self._store.save(current)
            self._stamp = self._store.stamp(self.id)
        self._undo.append(_UndoEntry(before, current.revision, text, event.id, kind.manual))
        self.incident = current
        return current

    def _back_filled(self, at: datetime | None) -> datetime | None:
        """A back-filled time (`--at`) checked as every other: never in the future."""
        if at is not None:
            not_in_future(at, self._clock.now(), "back-filled")
        return at

    def change_outbox(self, mutate: Callable[[Incident], str | None]) -> Incident:
        """A change to the outbox (escalation_tui/delivery): saved like any other, with a
        delivery event only when `mutate` returns its text (a claim writes none), and never
        on the undo list (an update that went out cannot be taken back). `mutate` raises
        NothingToDo to save nothing (the entry was claimed elsewhere meanwhile)."""
        with self._store.locked(self.id):
            before = self._store.load_for_change(self.id, self.incident)
            current = working_copy(before)
            try:
                with editing(current):
                    text = mutate(current)
            except NothingToDo:
                self.incident = before
                return before
            if text is not None:
                current.timeline.append(
                    TimelineEvent(at=self._clock.now(), kind=EventKind.DELIVERY, text=text, by=self.actor)
                )
            current.__dict__["revision"] = current.revision + 1
            self._store.save(current)
            self._stamp = self._store.stamp(self.id)
        self.incident = current
        return current

    def refresh(self) -> bool:
        """Reload from the store; True when another instance had changed it."""
        return self.adopt(*self.fetch())

    @property
    def remote(self) -> bool:
        """The store is across the network (team mode): the TUI reads and writes off its event loop."""
        return bool(getattr(self._store, "remote", False))

    def stale(self) -> bool:
        """Another client saved since this session read or wrote (no I/O: the store's stamp)."""
        return self._store.stamp(self.id) != self._stamp

    def fetch(self) -> tuple[object, Incident]:
        """The store's stamp and the incident as saved; leaves the session as it is, so a worker
        thread may call it (adopt() then takes the result, on the event loop)."""
        stamp = self._store.stamp(self.id)
        return stamp, self._store.load(self.id)

    def adopt(self, stamp: object, latest: Incident, only_newer: bool = False) -> bool:
        """Show `latest` (from fetch()); True when it differs. `only_newer`: not if a change of this
        session landed since the fetch began."""
        if only_newer and latest.revision < self.incident.revision:
            return False
        changed = latest.revision != self.incident.revision
        self.incident = latest
        self._stamp = stamp
        return changed

    def as_read(self) -> tuple[object, Incident]:
        """The file's stamp and the incident as this session last read or wrote it: a caller
        that lists incidents (the update alarm) need not read this one again."""
        return self._stamp, self.incident

    def poll(self) -> bool:
        """Cheap check for another instance's changes (one stat); reloads only if the file changed.

        Meant for a once-a-second timer: True when the incident was changed elsewhere.
        """
        return self.stale() and self.refresh()

    def watch(self, callback: Callable[[], None]) -> Callable[[], None]:
        """Have callback called (from another thread) soon after another client saves.

        Returns the function that stops it. A store without push notifications (the
        folder) never calls it; poll() still sees those changes on its timer.
        """
        return self._store.watch(callback)

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    def undo(self) -> str:
        """Take back this session's last change; the undo is itself a timeline event."""
        if not self._undo:
            raise InvalidInput("nothing to undo")
        entry = self._undo[-1]
        with self._store.locked(self.id):
            current = self._store.load_for_change(self.id, self.incident)
            if current.revision != entry.revision_after:
                self._undo.clear()
                raise Conflict(
                    "the incident was changed elsewhere since; undo is not safe, nothing was changed"
                )
            restored = working_copy(entry.before)
            # The timeline is a log: keep it, except a typed note that is being taken back.
            restored.timeline = [
                e for e in current.timeline if not (entry.manual_event and e.id == entry.event_id)
            ]
            restored.timeline.append(
                TimelineEvent(
                    at=self._clock.now(),
                    kind=EventKind.UNDO,
                    text=f"Undid: {entry.description}",
                    by=self.actor,
                )
            )
            restored.revision = next_revision(current.revision)
            self._store.save(restored)
            self._stamp = self._store.stamp(self.id)
        self._undo.pop()
        if self._undo:  # the entry below now follows the state this undo saved
            below = self._undo[-1]
            self._undo[-1] = replace(below, revision_after=restored.revision)
        self.incident = restored
        return entry.description

    # -- incident fields -------------------------------------------------------
    def set_text(self, field: str, value: str, at: datetime | None = None) -> Incident:
        if field not in TEXT_FIELDS:
            raise InvalidInput(f"{field!r} is not a text field")

        def mutate(inc: Incident) -> str:
            setattr(inc, field, value)
            new = getattr(inc, field)
            label = field.capitalize()
            return f"{label} set: {first_line(new)}" if new else f"{label} cleared"

        return self._change(EventKind.CHANGE, mutate, at=self._back_filled(at))

    def set_severity(self, severity: Severity | str | int, at: datetime | None = None) -> Incident:
        new = _parse(Severity.parse, severity)

        def mutate(inc: Incident) -> str:
            old, inc.severity = inc.severity, new
            _require(old != new, f"severity is already {new}")
            when = at or self._clock.now()
            inc.cadence_changes = [
                *inc.cadence_changes,
                CadenceChange(at=when, severity=new, was_severity=old),
            ]
            return f"Severity {old} → {new}"

        return self._change(EventKind.CHANGE, mutate, significant=True, at=self._back_filled(at))

    def set_kind(
        self, kind: Kind | str, add_playbook_items: bool = False, at: datetime | None = None
    ) -> Incident:
        new = _parse(Kind, kind)

        def mutate(inc: Incident) -> str:
            old, inc.kind = inc.kind, new
            _require(old != new, f"kind is already {new}")
            added = _merge_playbook(inc, new, self.settings.playbooks) if add_playbook_items else 0
            suffix = f" (+{added} checklist items)" if added else ""
            return f"Kind {old} → {new}{suffix}"

        return self._change(EventKind.CHANGE, mutate, significant=True, at=self._back_filled(at))

    def set_phase(self, phase: Phase | str, at: datetime | None = None) -> Incident:
        new = _parse(Phase, phase)

        def mutate(inc: Incident) -> str:
            _require(inc.phase != new, f"phase is already {new.label}")
            inc.phase = new
            return f"Phase {new.number}: {new.label}"

        return self._change(EventKind.PHASE, mutate, at=self._back_filled(at))

    def advance_phase(self, at: datetime | None = None) -> Incident:
        following = self.incident.phase.next()
        if following is None:
            raise InvalidInput("already in the last phase (post-mortem)")
        return self.set_phase(following, at=at)

    def set_role(self, role: str, name: str, at: datetime | None = None) -> Incident:
        """Name or hand over one role; a handover reads "Commander: dana → lee"."""
        return self.set_roles({role: name}, at=at)

    def set_roles(
        self, names: dict[str, str], others: list[tuple[str, str]] | None = None, at: datetime | None = None
    ) -> Incident:
        """Several roles at once (the roles dialog): one timeline event, one undo.

        `names` maps commander/comms/scribe to a name ("" unassigns); `others`, when given,
        replaces the named others as (role, name) pairs.
        """
        unknown = set(names) - set(ROLE_FIELDS)
        if unknown:
            raise InvalidInput(
                f"role must be one of {', '.join(ROLE_FIELDS)}, not {', '.join(sorted(unknown))}"
            )

        def mutate(inc: Incident) -> str:
            changes = []
            for role in ROLE_FIELDS:
                if role not in names:
                    continue
                old = getattr(inc.roles, role)
                setattr(inc.roles, role, names[role])
                changes += handover_text(role, old, getattr(inc.roles, role))
            if others is not None:
                new_others = [OtherRole(role=role, name=name) for role, name in others]
                old_pairs = [(o.role, o.name) for o in inc.roles.others]
                if [(o.role, o.name) for o in new_others] != old_pairs:
                    inc.roles.others = new_others
                    listed = ", ".join(f"{o.role}: {o.name}" for o in new_others)
                    changes.append(f"Other roles: {listed}" if listed else "Other roles cleared")
            _require(bool(changes), "the roles are already as given; nothing changed")
            return "; ".join(changes)

        return self._change(EventKind.ROLE, mutate, at=self._back_filled(at))

    def add_other_role(self, role: str, name: str, at: datetime | None = None) -> Incident:
        def mutate(inc: Incident) -> str:
            other = OtherRole(role=role, name=name)
            inc.roles.others = [*inc.roles.others, other]
            return f"Role {other.role}: {other.name}"

        return self._change(EventKind.ROLE, mutate, at=self._back_filled(at))

    def remove_other_role(self, index: int, at: datetime | None = None) -> Incident:
        def mutate(inc: Incident) -> str:
            others = list(inc.roles.others)
            removed = others.pop(_index(others, index, "role"))
            inc.roles.others = others
            return f"Role {removed.role} unassigned ({removed.name})"

        return self._change(EventKind.ROLE, mutate, at=self._back_filled(at))

    def set_confidential(self, confidential: bool, at: datetime | None = None) -> Incident:
        def mutate(inc: Incident) -> str:
            inc.confidential = confidential
            return "Marked confidential" if confidential else "No longer confidential"

        return self._change(EventKind.CHANGE, mutate, at=self._back_filled(at))

    # -- shift change ----------------------------------------------------------
    def handoff(self, since: datetime | None = None) -> Handoff:
        """The shift-change summary as of now (from the last handoff, or the last 8 hours)."""
        now = self._clock.now()
        return build_handoff(self.incident, now, now.astimezone().date(), self.settings.cadences, since=since)

    def record_handoff(
        self, handoff: Handoff, file: Path | None = None, text: str = "", overwrite: bool = False
    ) -> Incident:
        """Note on the timeline that this summary was handed over; the next one starts here.

        With `file`, `text` (the rendered summary) is written there first, privately and
        atomically; a write that is refused (the file exists, no such folder) records nothing.
        """
        if file is not None:
            try:
                write_user_file(file, text, overwrite=overwrite)
            except OSError as error:  # write_user_file words its own refusals; the OS may not
                raise StoreError(f"{file}: cannot write ({error.strerror}); nothing was written") from None
        since = f"{handoff.since.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
        return self._change(
            EventKind.HANDOFF, lambda inc: f"Handoff summary for the next shift (changes since {since})"
        )

    # -- links -----------------------------------------------------------------
    def set_link(self, label: str, url: str, at: datetime | None = None) -> Incident:
        """Add a link, or point an existing label (matched case-insensitively) somewhere new."""

        def mutate(inc: Incident) -> str:
            link = Link(label=label, url=url)
            old = next((existing for existing in inc.links if same_label(existing.label, link.label)), None)
            if old is None:
                _require(len(inc.links) < MAX_LINKS, f"an incident holds at most {MAX_LINKS} links")
                inc.links = [*inc.links, link]
                return f"Link added: {link.label} {link.url}"
            _require(old != link, f"the link {link.label!r} is already {link.url}")
            inc.links = [link if existing is old else existing for existing in inc.links]
            return f"Link changed: {link.label} {old.url} → {link.url}"

        return self._change(EventKind.CHANGE, mutate, at=self._back_filled(at))

    def remove_link(self, label: str, at: datetime | None = None) -> Incident:
        def mutate(inc: Incident) -> str:
            wanted = clean_text(label, multiline=False)
            _require(bool(wanted), "label: must not be empty")
            old = next((link for link in inc.links if same_label(link.label, wanted)), None)
            if old is None:
                raise KeyError(f"no link labelled {wanted!r} in incident {inc.id}")
            inc.links = [link for link in inc.links if link is not old]
            return f"Link removed: {old.label} {old.url}"

        return self._change(EventKind.CHANGE, mutate, at=self._back_filled(at))

    def set_cadence(
        self, minutes: int | None, at: datetime | None = None, first_minutes: int | None = None
    ) -> Incident:
        """Override the update interval; None returns to the severity default, 0 means none.

        `first_minutes`: the first update's window with it (default: the severity's, at most
        the interval). Each change is kept with its time, so updates are judged against the
        cadence in force when they were sent.
        """
        _require(
            first_minutes is None or bool(minutes), "a first-update window needs a cadence (minutes above 0)"
        )

        def mutate(inc: Incident) -> str:
            change = CadenceChange(
                at=at or self._clock.now(),
                cadence=True,
                minutes=minutes,
                first_minutes=first_minutes,
                was_minutes=inc.cadence_minutes,
                was_first_minutes=inc.cadence_first_minutes,
            )
            inc.cadence_minutes = minutes
            inc.cadence_first_minutes = first_minutes
            inc.cadence_changes = [*inc.cadence_changes, change]
            if minutes is None:
                return "Update cadence back to the severity default"
            if minutes == 0:
                return "No regular updates"
            first = f", first within {first_minutes} min" if first_minutes else ""
            return f"Updates every {minutes} min{first}"

        return self._change(EventKind.CHANGE, mutate, at=self._back_filled(at))

    def record_milestone(self, milestone: Milestone | str, at: datetime | None = None) -> Incident:
        """Record when a milestone happened (now, or a back-filled time).

        The timeline event carries the same time, so the post-mortem shows it once.
        Resolving moves the phase on to resolution, closing to the post-mortem.
        """
        which = _parse(Milestone, milestone)
        _require(which != Milestone.DECLARED, "the declared time is set when the incident is declared")
        now = self._clock.now()
        when = at or now
        not_in_future(when, now, which.label)

        def mutate(inc: Incident) -> str:
            already = inc.milestones.get(which)
            if already is not None:
                raise InvalidInput(f"{which.label} was already recorded at {already:%Y-%m-%d %H:%M} UTC")
            check_milestone_order(inc.milestones, which, when)
            setattr(inc.milestones, which.value, when)
            following = MILESTONE_PHASE.get(which)
            if following is not None and following.number > inc.phase.number:
                inc.phase = following
            return which.label

        return self._change(EventKind.MILESTONE, mutate, at=when)

    # -- checklist -------------------------------------------------------------
    def toggle_check(self, item_id: str, at: datetime | None = None) -> Incident:
        now = self._back_filled(at) or self._clock.now()

        def mutate(inc: Incident) -> str:
            item = inc.find("checklist", item_id)
            item.done = not item.done
            item.done_at = now if item.done else None
            item.done_by = self.actor if item.done else ""
            return f"{'Done' if item.done else 'Not done'}: {item.text}"

        return self._change(EventKind.CHECK, mutate, at=at)

    def set_check(self, item_id: str, done: bool, at: datetime | None = None) -> Incident:
        """Tick (or untick) a checklist item; refused when it is already so (a script run
        twice must not flip it back, as toggling would)."""
        now = self._back_filled(at) or self._clock.now()

        def mutate(inc: Incident) -> str:
            item = inc.find("checklist", item_id)
            _require(item.done != done, f"“{item.text}” is already {'done' if done else 'not done'}")
            item.done, item.done_at, item.done_by = done, now if done else None, self.actor if done else ""
            return f"{'Done' if done else 'Not done'}: {item.text}"

        return self._change(EventKind.CHECK, mutate, at=at)

    def set_check_note(self, item_id: str, note: str, at: datetime | None = None) -> Incident:
        def mutate(inc: Incident) -> str:
            item = inc.find("checklist", item_id)
            item.note = note
            return (
                f"Note on “{item.text}”: {first_line(item.note)}"
                if item.note
                else f"Note removed: {item.text}"
            )

        return self._change(EventKind.CHECK, mutate, at=self._back_filled(at))

    def add_check(self, phase: Phase | str, text: str, at: datetime | None = None) -> Incident:
        def mutate(inc: Incident) -> str:
            item = ChecklistItem(phase=Phase(phase), text=text, custom=True)
            inc.checklist = [*inc.checklist, item]
            return f"Checklist item added ({item.phase.label}): {item.text}"

        return self._change(EventKind.CHECK, mutate, at=self._back_filled(at))

    def edit_check(self, item_id: str, text: str, at: datetime | None = None) -> Incident:
        def mutate(inc: Incident) -> str:
            item = inc.find("checklist", item_id)
            old, item.text = item.text, text
            return f"Checklist item reworded: {old} → {item.text}"

        return self._change(EventKind.CHECK, mutate, at=self._back_filled(at))

    def remove_check(self, item_id: str, at: datetime | None = None) -> Incident:
        def mutate(inc: Incident) -> str:
            item = inc.find("checklist", item_id)
            inc.checklist = [c for c in inc.checklist if c.id != item_id]
            return f"Checklist item removed: {item.text}"

        return self._change(EventKind.CHECK, mutate, at=self._back_filled(at))

    # -- stakeholder updates ---------------------------------------------------
    def log_update(
        self, audience: Audience | str, text: str, at: datetime | None = None, send: bool = True
    ) -> Incident:
        """With `send`, an outbox entry for each channel that wants this audience and severity
        is saved with the update, in the same write (escalation_tui/delivery sends them)."""
        now = self._clock.now()
        when = at or now
        not_in_future(when, now, "update")
        which = _parse(Audience, audience)

        def mutate(inc: Incident) -> str:
            update = StatusUpdate(sent_at=when, audience=which, text=text)
            inc.updates = [*inc.updates, update]
            channels = (
                channels_for(self.settings.channels, which, inc.severity, inc.confidential) if send else []
            )
            # In place: the working copy's own list; assigning it would re-check every entry.
            inc.deliveries.extend(
                Delivery(update_id=update.id, channel=c.name, created_at=now, next_try_at=now)
                for c in channels
            )
            to = f"; to {', '.join(c.name for c in channels)}" if channels else ""
            return f"Update sent ({update.audience}): {update_headline(update.text)}{to}"

        return self._change(EventKind.UPDATE, mutate, at=when)

    # -- 5 Whys ----------------------------------------------------------------
    def add_problem(self, statement: str, at: datetime | None = None) -> Incident:
        """Another problem for the 5 Whys (the first is the summary); the last in `problems`."""
        now = self._clock.now()
        if at is not None:
            not_in_future(at, now, "problem")

        def mutate(inc: Incident) -> str:
            problem = Problem(statement=statement)
            inc.problems = [*inc.problems, problem]
            return f"Problem: {problem.statement}"

        return self._change(EventKind.WHY, mutate, at=at)

    def edit_problem(self, problem_id: str, statement: str, at: datetime | None = None) -> Incident:
        def mutate(inc: Incident) -> str:
            problem = inc.find("problems", problem_id)
            old, problem.statement = problem.statement, statement
            return f"Problem reworded: {old} → {problem.statement}"

        return self._change(EventKind.WHY, mutate, at=self._back_filled(at))

    def remove_problem(self, problem_id: str, at: datetime | None = None) -> Incident:
        """Removes the problem and its tree; linked actions lose the link."""

        def mutate(inc: Incident) -> str:
            problem = inc.find("problems", problem_id)
            gone = {w.id for w in tree_of(inc.whys, problem_id)}
            inc.actions = [
                a.model_copy(update={"why_id": None}) if a.why_id in gone else a for a in inc.actions
            ]
            inc.whys = [w for w in inc.whys if w.id not in gone]
            inc.problems = [p for p in inc.problems if p.id != problem_id]
            extra = f" and its {len(gone)} answer{'s' if len(gone) > 1 else ''}" if gone else ""
            return f"Problem removed: {problem.statement}{extra}"

        return self._change(EventKind.WHY, mutate, at=self._back_filled(at))

    def add_why(self, statement: str, parent_id: str | None = None, at: datetime | None = None) -> Incident:
        """parent_id: the answer this one explains, or a problem's id; None answers the first
        problem (the summary)."""

        def mutate(inc: Incident) -> str:
            if parent_id is not None and not any(p.id == parent_id for p in inc.problems):
                inc.find("whys", parent_id)
            why = Why(statement=statement, parent_id=parent_id)
            inc.whys = [*inc.whys, why]
            return f"Why? {why.statement}"

        return self._change(EventKind.WHY, mutate, at=self._back_filled(at))

    def edit_why(self, why_id: str, statement: str, at: datetime | None = None) -> Incident:
        def mutate(inc: Incident) -> str:
            why = inc.find("whys", why_id)
            old, why.statement = why.statement, statement
            return f"Why reworded: {old} → {why.statement}"

        return self._change(EventKind.WHY, mutate, at=self._back_filled(at))

    def remove_why(self, why_id: str, at: datetime | None = None) -> Incident:
        """Removes the answer and everything below it; linked actions lose the link."""

        def mutate(inc: Incident) -> str:
            why = inc.find("whys", why_id)
            gone = subtree_ids(inc.whys, why_id)
            # Unlink first (a link to a removed why is refused); copies, as the items are shared.
            inc.actions = [
                a.model_copy(update={"why_id": None}) if a.why_id in gone else a for a in inc.actions
            ]
            inc.whys = [w for w in inc.whys if w.id not in gone]
            extra = f" and {len(gone) - 1} below it" if len(gone) > 1 else ""
            return f"Why removed: {why.statement}{extra}"

        return self._change(EventKind.WHY, mutate, at=self._back_filled(at))

    def set_root_cause(self, why_id: str, is_root_cause: bool = True, at: datetime | None = None) -> Incident:
        def mutate(inc: Incident) -> str:
            why = inc.find("whys", why_id)
            why.is_root_cause = is_root_cause
            return f"{'Root cause' if is_root_cause else 'No longer a root cause'}: {why.statement}"

        return self._change(EventKind.WHY, mutate, significant=is_root_cause, at=self._back_filled(at))

    # -- action items ----------------------------------------------------------
    def add_action(
        self,
        title: str,
        owner: str = "",
        due: date | None = None,
        priority: Priority | str = Priority.P2,
        type: ActionType | str = ActionType.PREVENT,
        why_id: str | None = None,
        status: ActionStatus | str = ActionStatus.OPEN,
        at: datetime | None = None,
    ) -> Incident:
        def mutate(inc: Incident) -> str:
            if why_id is not None:
                inc.find("whys", why_id)
            action = ActionItem(
                title=title, owner=owner, due=due, priority=priority, type=type, why_id=why_id, status=status
            )
            inc.actions = [*inc.actions, action]
            done = f", {action.status.label}" if action.status != ActionStatus.OPEN else ""
            return f"Action added ({action.priority} {action.type}{done}): {action.title}"

        return self._change(EventKind.ACTION, mutate, significant=True, at=self._back_filled(at))

    def edit_action(self, action_id: str, at: datetime | None = None, **changes: object) -> Incident:
        unknown = set(changes) - set(ACTION_FIELDS)
        if unknown:
            raise InvalidInput(f"unknown action field(s): {', '.join(sorted(unknown))}")

        def mutate(inc: Incident) -> str:
            action = inc.find("actions", action_id)
            why_id = changes.get("why_id")
            if isinstance(why_id, str):  # any other type is refused by the validation below
                inc.find("whys", why_id)
            updated = ActionItem.model_validate({**action.model_dump(), **changes})
            inc.actions = [updated if a.id == action_id else a for a in inc.actions]
            return f"Action edited: {updated.title}"

        return self._change(EventKind.ACTION, mutate, at=self._back_filled(at))

    def set_action_status(
        self, action_id: str, status: ActionStatus | str, at: datetime | None = None
    ) -> Incident:
        def mutate(inc: Incident) -> str:
            action = inc.find("actions", action_id)
            action.status = ActionStatus(status)
            return f"Action {action.status.label}: {action.title}"

        return self._change(EventKind.ACTION, mutate, at=self._back_filled(at))

    def remove_action(self, action_id: str, at: datetime | None = None) -> Incident:
        def mutate(inc: Incident) -> str:
            action = inc.find("actions", action_id)
            inc.actions = [a for a in inc.actions if a.id != action_id]
            return f"Action removed: {action.title}"

        return self._change(EventKind.ACTION, mutate, at=self._back_filled(at))

    # -- timeline and lessons --------------------------------------------------
    def add_note(
        self, text: str, kind: EventKind | str = EventKind.NOTE, at: datetime | None = None
    ) -> Incident:
        note_kind = _parse(EventKind, kind)
        _require(note_kind.manual, "a note's kind must be note, symptom, finding or decision")
        if at is not None:
            not_in_future(at, self._clock.now(), "note")
        # The note is the event itself; validate it like any other text.
        return self._change(note_kind, lambda inc: text, at=at)

    def add_lesson(self, lesson_kind: str, text: str, at: datetime | None = None) -> Incident:
        _require(bool(clean_text(text, multiline=True)), "lesson: must not be empty")
        return self._edit_lessons(lesson_kind, lambda items: [*items, text], "Lesson added", at)

    def edit_lesson(self, lesson_kind: str, index: int, text: str, at: datetime | None = None) -> Incident:
        def edit(items: list[str]) -> list[str]:
            items[_index(items, index, "lesson")] = text
            return items

        return self._edit_lessons(lesson_kind, edit, "Lesson edited", at)

    def remove_lesson(self, lesson_kind: str, index: int, at: datetime | None = None) -> Incident:
        def remove(items: list[str]) -> list[str]:
            items.pop(_index(items, index, "lesson"))
            return items

        return self._edit_lessons(lesson_kind, remove, "Lesson removed", at)

    def _edit_lessons(
        self, lesson_kind: str, edit: Callable[[list[str]], list[str]], verb: str, at: datetime | None = None
    ) -> Incident:
        _require(lesson_kind in LESSON_KINDS, f"lesson kind must be one of {', '.join(LESSON_KINDS)}")
        label = lesson_kind.replace("_", " ")

        def mutate(inc: Incident) -> str:
            items = edit(list(getattr(inc.lessons, lesson_kind)))
            setattr(inc.lessons, lesson_kind, items)
            return f"{verb} ({label})"

        return self._change(EventKind.LESSON, mutate, at=self._back_filled(at))


def _merge_playbook(incident: Incident, kind: Kind, playbooks: Playbooks) -> int:
    """Add the playbook items of kind that are missing; progress on existing ones is kept."""
    have = {(c.phase, c.text.casefold()) for c in incident.checklist}
    new = [
        ChecklistItem(phase=phase, text=item.text, captures=item.captures)
        for phase, item in playbook_items(kind, playbooks)
        if (phase, item.text.casefold()) not in have
    ]
    incident.checklist = [*incident.checklist, *new]
    return len(new)


def seed_checklist(kind: Kind, playbooks: Playbooks | None = None) -> list[ChecklistItem]:
    return [
        ChecklistItem(phase=phase, text=item.text, captures=item.captures)
        for phase, item in playbook_items(kind, playbooks)
    ]


def _parse(parse: Callable, value: object):
    """Enum parsing for arguments checked before the change starts."""
    try:
        return parse(value)
    except ValueError as error:
        if isinstance(parse, type) and issubclass(parse, Enum):  # list what would have been accepted
            allowed = ", ".join(member.value for member in parse)
            raise InvalidInput(f"{parse.__name__.lower()} must be one of {allowed}, not {value!r}") from None
        raise InvalidInput(_message(error)) from None


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise InvalidInput(message)


def _index(items: list, index: int, what: str) -> int:
    if not 0 <= index < len(items):
        raise NotFound(f"no {what} number {index + 1}")
    return index


def _message(error: Exception) -> str:
    return str(error.args[0]) if error.args else str(error)
