"""The store contract both backends implement (folder: IncidentStore; team: PostgresStore).

The service layer, CLI and TUI only use these methods, so they cannot tell which
backend is in use. Behaviour both must keep (tests/store_contract/ checks it):
- create/load/save/list/resolve a prefix; create never replaces an existing incident;
- a change is load + save inside ``locked(id)``: atomic, and two writers on one incident
  are serialised, so neither loses the other's change;
- ``stamp(id)`` is cheap (no parsing, no network) and changes when another client saved;
- damaged or newer-schema data is refused with one line, and never overwritten.
"""

from collections.abc import Callable, Collection
from contextlib import AbstractContextManager
from typing import Protocol, runtime_checkable

from ..domain.models import Incident
from ..domain.summary import IncidentSummary
from ..errors import NotFound

Unsubscribe = Callable[[], None]


# incident id -> (its stamp when read, the incident then, or None when it was left out)
Known = dict[str, tuple[object, Incident | None]]


@runtime_checkable
class Store(Protocol):
    @property
    def location(self) -> str:
        """Where the data is, fit to print (a URL never shows its password)."""

    def ids(self) -> list[str]: ...

    def exists(self, incident_id: str) -> bool: ...

    def resolve_id(self, text: str) -> str: ...

    def locked(self, incident_id: str) -> AbstractContextManager[None]:
        """Serialise a read-modify-write of one incident across processes and machines."""

    def load(self, incident_id: str) -> Incident: ...

    def load_for_change(self, incident_id: str, known: Incident | None) -> Incident:
        """Inside locked(): the saved incident; may be `known` itself if nobody saved since
        this store last read or wrote it (the caller has not changed it). Else load()."""

    def create(self, incident: Incident) -> None: ...

    def save(self, incident: Incident) -> None:
        """Replace the stored incident; call inside locked(), after load() of the same id."""

    def load_all(self, open_only: bool = False, known: Known | None = None) -> tuple[list[Incident], list]:
        """Every incident; with open_only, resolved and closed ones may be left out (the caller
        filters anyway), so a backend can skip validating them. `known` (the caller's, kept
        between calls) lets a backend skip re-reading what has not changed since the last call."""

    def summaries(
        self, open_only: bool = False, parts: Collection[str] = (), known: dict | None = None
    ) -> tuple[list[IncidentSummary], list]:
        """What lists need of every incident (domain/summary.py), kept beside it and updated in
        the same save; `parts` may add the action items and the searchable texts."""

    def stamp(self, incident_id: str) -> object:
        """A cheap fingerprint that changes whenever any client saves this incident."""

    def folder_stamp(self) -> object:
        """Changes when any incident is added, removed or saved elsewhere."""

    def watch(self, callback: Callable[[], None]) -> Unsubscribe:
        """Call callback (from another thread) soon after another client saves.

        A backend without push notifications may never call it; its stamps still change.
        """

    def close(self) -> None: ...

    # The trash: a deleted incident can be restored exactly as it was.
    def delete(self, incident_id: str) -> None:
        """Move the incident to the trash (NotFound if there is none with this id)."""

    def restore(self, incident_id: str) -> None:
        """Bring a deleted incident back; refused while another incident has its id."""

    def trashed_ids(self) -> list[str]: ...

    def resolve_trashed(self, text: str) -> str:
        """The full id of a deleted incident for an id or a unique prefix of one."""


def resolve_prefix(ids: list[str], text: str) -> str:
    """The full id for an id or a unique prefix of one (the same rule for every backend)."""
    wanted = text.strip().lower()
    if wanted in ids:
        return wanted
    matches = [i for i in ids if wanted and i.startswith(wanted)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise NotFound(f"{text!r} matches several incidents ({', '.join(matches)}); type more of the id")
    raise NotFound(f"no incident with id {text!r} (see: escalation-tui list --all)")


def no_watch(callback: Callable[[], None]) -> Unsubscribe:
    """For a backend whose clients notice changes by polling stamps."""
    return lambda: None
