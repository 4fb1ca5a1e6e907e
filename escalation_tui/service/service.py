"""IncidentService: declare, find, list and import incidents; hands out IncidentSessions."""

import builtins
from collections.abc import Callable, Collection
from datetime import datetime

from pydantic import ValidationError

from ..domain.clock import Clock
from ..domain.config import Settings
from ..domain.enums import EventKind, Kind, Severity
from ..domain.fields import describe_error, new_id
from ..domain.models import Incident, Milestones, Roles, TimelineEvent
from ..domain.summary import IncidentSummary
from ..domain.times import none_in_future, not_in_future
from ..domain.urgency import most_urgent
from ..errors import InvalidInput, StoreError
from ..store import Store, StoreProblem
from ..store.base import Known
from .session import IncidentSession, seed_checklist
from .upkeep import not_applied_notice

INCIDENT_ID_LENGTH = 6


class IncidentService:
    def __init__(
        self,
        store: Store,
        clock: Clock,
        actor: str = "",
        settings: Settings | None = None,
        reopen: Callable[[], Store] | None = None,
    ) -> None:
        self.store = store
        # Opens another connection to the same store, for a thread of its own (the outbox).
        self._reopen = reopen
        self.clock = clock
        self.actor = actor
        self.settings = settings or Settings()
        # Every incident as the full list last read it, by file stamp: listing again reads only
        # what changed, and opening one from the list does not read and validate it again (a
        # day-long incident took a fifth of its war room's opening).
        self.read: Known = {}
        # The same for the open-only list, kept apart: it leaves finished incidents unread. The
        # app lists the open ones at start to pick the one to open, then opens it.
        self.read_open: Known = {}
        # Said once per incident when it is opened: saved changes that were not applied (the
        # CLI prints them, the TUI shows them).
        self.notices: list[str] = []
        self._told: set[str] = set()

    def declare(
        self,
        title: str,
        severity: Severity | str | int,
        kind: Kind | str,
        summary: str = "",
        commander: str = "",
        confidential: bool | None = None,
        at: datetime | None = None,
    ) -> IncidentSession:
        """Create an incident with its playbook checklist; people escalations default to confidential.

        `at`: when it was declared, for an incident entered after the fact (default: now).
        """
        now = at or self.clock.now()
        not_in_future(now, self.clock.now(), "declaration")
        try:
            sev = severity if isinstance(severity, Severity) else Severity.parse(severity)
            which = Kind(kind)
            incident = Incident(
                id=self._free_id(),
                title=title,
                kind=which,
                severity=sev,
                summary=summary,
                roles=Roles(commander=commander),
                confidential=which == Kind.PEOPLE if confidential is None else confidential,
                milestones=Milestones(declared=now),
                checklist=seed_checklist(which, self.settings.playbooks),
            )
            incident.timeline.append(
                TimelineEvent(
                    at=now,
                    kind=EventKind.MILESTONE,
                    text=f"Declared {sev} {which}: {incident.title}",
                    by=self.actor,
                )
            )
        except ValidationError as error:
            raise InvalidInput(describe_error(error)) from None
        except ValueError as error:
            raise InvalidInput(str(error)) from None
        self.store.create(incident)
        return self.session(incident)

    def another(self) -> "IncidentService | None":
        """A service over its own connection to the same store, for another thread (a store
        object is not shared between threads); None when this one cannot reopen its store."""
        if self._reopen is None:
            return None
        return IncidentService(self._reopen(), self.clock, self.actor, self.settings, self._reopen)

    def open(self, id_or_prefix: str) -> IncidentSession:
        incident_id = self.store.resolve_id(id_or_prefix)
        stamp = self.store.stamp(incident_id)  # before reading, so poll() misses no change
        for memo in (self.read, self.read_open):
            read = memo.get(incident_id)
            if stamp is not None and read is not None and read[0] == stamp and read[1] is not None:
                session = self.session(read[1], stamp)  # unchanged since listed: as read then
                break
        else:
            session = self.session(self.store.load(incident_id), stamp)
        self.tell_not_applied(incident_id)  # after reading: the store knows what it left out
        return session

    def tell_not_applied(self, incident_id: str) -> None:
        """Once per incident: a notice if some of its saved changes were not applied."""
        if incident_id not in self._told:
            self._told.add(incident_id)
            notice = not_applied_notice(self.store, incident_id)
            if notice is not None:
                self.notices.append(notice)

    def take_notices(self) -> list[str]:
        taken, self.notices = self.notices, []
        return taken

    def session(self, incident: Incident, stamp: object = None) -> IncidentSession:
        return IncidentSession(self.store, incident, self.clock, self.actor, self.settings, stamp)

    def list(
        self, include_closed: bool = True, known: Known | None = None
    ) -> tuple[list[Incident], list[StoreProblem]]:
        """Open incidents first (most severe, then most recent), then the rest, newest first.
        `known`: kept by a caller that lists again and again, to skip re-reading what has not
        changed (Store.load_all); the service keeps its own for each kind of list."""
        if known is None:
            known = self.read if include_closed else self.read_open
        incidents, problems = self.store.load_all(open_only=not include_closed, known=known)
        if not include_closed:
            incidents = [i for i in incidents if i.is_open]
        incidents.sort(key=lambda i: i.milestones.declared, reverse=True)
        incidents.sort(key=lambda i: (not i.is_open, i.severity.rank if i.is_open else 0))
        return incidents, problems

    def summaries(
        self, include_closed: bool = True, parts: Collection[str] = (), known: dict | None = None
    ) -> tuple[builtins.list[IncidentSummary], builtins.list[StoreProblem]]:
        """What lists, counts, orders, searches and alarms need, without reading every incident:
        in list()'s order. `parts`: "actions" (follow-ups), "texts" (search)."""
        summaries, problems = self.store.summaries(open_only=not include_closed, parts=parts, known=known)
        summaries.sort(key=lambda i: i.milestones.declared, reverse=True)
        summaries.sort(key=lambda i: (not i.is_open, i.severity.rank if i.is_open else 0))
        return summaries, problems

    def count(self) -> int:
        """How many incidents the store holds (none of them read)."""
        return len(self.store.ids())

    def most_urgent(self) -> IncidentSummary | None:
        """The open incident whose next update is nearest (most overdue first), else the most severe."""
        incidents, _ = self.summaries(include_closed=False)
        return most_urgent(incidents, self.clock.now(), self.settings.cadences)

    def import_incident(self, incident: Incident, assign_new_id: bool = False) -> Incident:
        """Store an incident exactly as given (a restore, so no timeline event is added)."""
        none_in_future(incident, self.clock.now())
        if assign_new_id:
            incident = incident.model_copy(update={"id": self._free_id()})
        elif self.store.exists(incident.id):
            raise StoreError(
                f"an incident with id {incident.id!r} is already in the store; "
                f"use --new-id to import it as a copy"
            )
        self.store.create(incident)
        return incident

    def delete(self, id_or_prefix: str) -> str:
        """Move an incident to the store's trash (`restore` brings it back); its full id."""
        incident_id = self.store.resolve_id(id_or_prefix)
        self.store.delete(incident_id)
        self._forget(incident_id)
        return incident_id

    def restore(self, id_or_prefix: str) -> Incident:
        """Bring a deleted incident back from the trash, exactly as it was."""
        incident_id = self.store.resolve_trashed(id_or_prefix)
        self.store.restore(incident_id)
        self._forget(incident_id)
        return self.store.load(incident_id)

    def trashed(self) -> "builtins.list[str]":  # `list` here is the method above
        return self.store.trashed_ids()

    def _forget(self, incident_id: str) -> None:
        for memo in (self.read, self.read_open):
            memo.pop(incident_id, None)

    def _free_id(self) -> str:
        while True:
            candidate = new_id(INCIDENT_ID_LENGTH)
            if not self.store.exists(candidate) and candidate not in self.store.trashed_ids():
                return candidate
