"""recover for set-aside journals: apply what still fits onto the incident file as it is now.

Each record not applied is replayed on the file it was saved on top of (found among the
backups by the journal's first line), which says exactly what it changed: fields outside
the lists, and items by id. A change applies when the file as it is now still holds what
the record changed from; it is there already when the file holds what it changed to; any
other value was changed in the file too (a hand edit), and the whole record does not apply.
A record that would leave the incident invalid does not apply either. The journals dealt
with are kept under a new name (…journal.recovered-<time>): nothing is deleted.
"""

import copy
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..domain.fields import describe_error
from ..domain.integrity import next_revision
from ..domain.jsontext import load_json
from ..domain.models import Incident
from ..errors import CorruptStore, StoreError
from . import journal, set_aside
from .incident_store import IncidentStore
from .storage import fsync_folder, parse_document, read_store_file

APPLIES, THERE, CONFLICT, DAMAGED, NO_BASE = "applies", "already there", "conflict", "damaged", "no base"


@dataclass(frozen=True)
class Outcome:
    journal: Path
    what: str  # what the record did, e.g. 'revision 7: note "pool resized"'
    result: str
    reason: str = ""

    def line(self) -> str:
        if self.result == APPLIES:
            return f"{self.what}: still fits, applied"
        if self.result == THERE:
            return f"{self.what}: already in the file"
        return f"{self.what}: not applied ({self.reason})"


@dataclass
class Plan:
    outcomes: list[Outcome] = field(default_factory=list)
    incident: Incident | None = None  # the file with what fits applied; None: nothing applies
    kept: list[Path] = field(default_factory=list)  # where recover moved the journals

    @property
    def applied(self) -> int:
        return sum(o.result == APPLIES for o in self.outcomes)


def plan(store: IncidentStore, incident_id: str, entries: list[set_aside.SetAside]) -> Plan:
    """What applying `entries` onto the incident file as it is now would do (nothing written)."""
    path = store.path_for(incident_id)
    current: dict = _incident_of(load_json(store.whole_bytes(path)))
    working = copy.deepcopy(current)
    result = Plan()
    confidential = bool(current.get("confidential"))
    for entry in entries:
        if entry.problem is not None:
            result.outcomes.append(Outcome(entry.path, "the whole journal", CONFLICT, entry.problem))
            continue
        try:
            found = journal.read_any(entry.path)
        except StoreError as error:
            result.outcomes.append(Outcome(entry.path, "the whole journal", CONFLICT, str(error)))
            continue
        if found is None:
            continue
        todo = {id(r) for r in set_aside.unapplied(found, entry.threshold)}
        base = _base_document(store, incident_id, found.base)
        reason = "the file it was saved on top of is no longer among the backups to compare with"
        for record in found.records:
            what = _what(record, confidential)
            if base is None:
                if id(record) in todo:
                    result.outcomes.append(Outcome(entry.path, what, NO_BASE, reason))
                continue
            try:
                change = _replay(entry.path, base, record)
            except CorruptStore as error:
                if id(record) in todo:
                    result.outcomes.append(Outcome(entry.path, what, CONFLICT, error.problem))
                base, reason = None, "an earlier record does not fit the file it was saved on top of"
                continue
            if id(record) in todo:
                working, outcome = _merge(working, change, entry.path, what)
                result.outcomes.append(outcome)
        if found.damaged is not None:
            damage = "it is damaged: nothing can be read from it"
            result.outcomes.append(Outcome(entry.path, f"line {found.damaged}", DAMAGED, damage))
    if result.applied:
        working["revision"] = next_revision(current.get("revision", 0))
        result.incident = Incident.model_validate(working)
    return result


def fold_in(store: IncidentStore, incident_id: str, now: datetime) -> Plan:
    """Apply what still fits, under the incident's lock; the journals are kept renamed."""
    path = store.path_for(incident_id)
    with store.locked(incident_id):
        if set_aside.beside(path) is not None:  # first into backups/, the file holding what applied
            store.save(store.load(incident_id), whole=True)
        entries = set_aside.kept(store.backups_dir, incident_id)
        result = plan(store, incident_id, entries)
        if result.incident is not None:
            store.save(result.incident, whole=True)
        for entry in entries:
            kept = entry.path.with_name(f"{entry.path.name}.recovered-{now:%Y%m%dT%H%M%S}")
            os.replace(entry.path, kept)
            result.kept.append(kept)
        fsync_folder(store.backups_dir)
    return result


@dataclass(frozen=True)
class _Change:
    head: dict[str, tuple[Any, Any]]  # field: (before, after)
    lists: dict[str, tuple[dict[str, dict], dict[str, dict]]]  # name: (before by id, after by id)


def _replay(path: Path, base: dict, record: dict) -> _Change:
    """Apply record to base in place; what it changed."""
    head = {k: (base.get(k), v) for k, v in record["head"].items() if k != "revision" and base.get(k) != v}
    before = {name: _by_id(base.get(name)) for name in record["lists"]}
    journal.apply(path, base, [record])
    lists = {name: (before[name], _by_id(base.get(name))) for name in record["lists"]}
    return _Change(head, lists)


def _merge(working: dict, change: _Change, path: Path, what: str) -> tuple[dict, Outcome]:
    trial = dict(working)
    conflicts: list[str] = []
    changed = False
    for key, (before, after) in change.head.items():
        now = trial.get(key)
        if now == after:
            continue
        if now == before:
            trial[key] = after
            changed = True
        else:
            conflicts.append(f"{key.replace('_', ' ')} was changed in the file too")
    for name, (before, after) in change.lists.items():
        items = list(trial.get(name) or [])
        where = {item.get("id"): n for n, item in enumerate(items) if isinstance(item, dict)}
        for item_id, item in after.items():
            if before.get(item_id) == item:
                continue
            at = where.get(item_id)
            if at is not None and items[at] == item:
                continue
            if at is None and item_id not in before:
                items.insert(_place(items, item) if name == "timeline" else len(items), item)
                where = {i.get("id"): n for n, i in enumerate(items) if isinstance(i, dict)}
            elif at is not None and items[at] == before.get(item_id):
                items[at] = item
            else:
                conflicts.append(f"{name} item {item_id} was changed in the file too")
                continue
            changed = True
        gone = [i for i in before if i not in after and i in where]
        for item_id in gone:
            if items[where[item_id]] != before[item_id]:
                conflicts.append(f"{name} item {item_id} was changed in the file too")
        if not conflicts and gone:
            drop = {where[i] for i in gone}
            items = [item for n, item in enumerate(items) if n not in drop]
            changed = True
        trial[name] = items
    if conflicts:
        return working, Outcome(path, what, CONFLICT, "; ".join(conflicts[:2]))
    if not changed:
        return working, Outcome(path, what, THERE)
    try:
        Incident.model_validate(trial)
    except ValidationError as error:
        invalid = f"the incident would not validate: {describe_error(error)}"
        return working, Outcome(path, what, CONFLICT, invalid)
    return trial, Outcome(path, what, APPLIES)


def _place(events: list, event: dict) -> int:
    """Where an event goes so that the timeline stays in time order (after any at its time)."""
    at = _moment(event)
    for n in range(len(events), 0, -1):
        before = _moment(events[n - 1])
        if at is None or before is None or before <= at:
            return n
    return 0


def _moment(event: object) -> datetime | None:
    try:
        at = datetime.fromisoformat(event["at"])  # type: ignore[index]
    except (KeyError, TypeError, ValueError):
        return None
    return at if at.tzinfo is not None else None  # validation refuses it later


def _by_id(items: object) -> dict[str, dict]:
    if not isinstance(items, list):
        return {}
    return {item["id"]: item for item in items if isinstance(item, dict) and isinstance(item.get("id"), str)}


def _what(record: dict, confidential: bool) -> str:
    revision = journal.revision_of(record)
    label = f"revision {revision}" if revision is not None else "a change"
    change = record["lists"].get("timeline")
    fits = isinstance(change, list) and len(change) == 2 and isinstance(change[1], list)
    listed = change[1] if fits else []
    events = [c[1] for c in listed if isinstance(c, list) and len(c) == 2 and isinstance(c[1], dict)]
    if events:
        event = events[-1]
        kind = str(event.get("kind", "event"))
        if confidential:  # a confidential incident's words stay out of recover's output
            return f"{label}: {kind}"
        text = " ".join(str(event.get("text", "")).split())
        return f"{label}: {kind} “{text[:60]}{'…' if len(text) > 60 else ''}”"
    fields = [k for k in record["head"] if k != "revision"]
    return f"{label}: {', '.join(fields[:3])}" if fields else label


def _base_document(store: IncidentStore, incident_id: str, tag: str) -> dict | None:
    """The incident document of the file a journal extends, if any copy of it is left."""
    candidates = [store.path_for(incident_id), *store.backups(incident_id)]
    candidates += sorted(store.backups_dir.glob(f"{incident_id}.schema-v*.json"))
    for candidate in candidates:
        try:
            raw = read_store_file(candidate)
            if journal.base_tag(raw) == tag:
                return _incident_of(parse_document(candidate, raw))
        except (OSError, StoreError, KeyError, TypeError):
            continue
    return None


def _incident_of(tables: Any) -> dict:
    document = tables["incident"]["1"]
    if not isinstance(document, dict):
        raise TypeError("no incident document")
    return document
