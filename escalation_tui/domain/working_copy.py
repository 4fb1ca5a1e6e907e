"""A working copy of an incident for one change, made in time independent of its size.

A change used to deep-copy the whole incident (for undo and so that a refused change left
nothing half-applied), which grew with the incident. Instead the copy shares the
items of its lists with the original, and `Incident.find` hands out a fresh copy of the
item it finds (copy on write) while the copy is being edited. So the original, which the
screen shows and undo keeps, is never changed; only the items a change touches are copied.

Rule for a mutation: change an item only through `find()` inside `editing()`, or replace it
in the list; never assign to an item reached by iterating the list.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from .integrity import ID_COLLECTIONS

_editing: dict[int, object] = {}  # id -> the working copy being edited (kept alive while listed)
_lock = threading.Lock()


def working_copy(incident):
    """A new incident with its own lists and small parts, sharing the (unchanged) items."""
    copy = incident.model_copy()
    fields = copy.__dict__  # set directly: the values were validated when they were set
    for name in ID_COLLECTIONS:
        fields[name] = list(fields[name])
    roles = incident.roles.model_copy()
    roles.__dict__["others"] = list(roles.others)
    fields["roles"] = roles
    fields["milestones"] = incident.milestones.model_copy()
    lessons = incident.lessons.model_copy()
    for name in type(lessons).model_fields:
        lessons.__dict__[name] = list(getattr(lessons, name))
    fields["lessons"] = lessons
    return copy


@contextmanager
def editing(incident) -> Iterator[None]:
    """While inside, incident.find() copies the item it returns into the incident's list."""
    with _lock:
        _editing[id(incident)] = incident
    try:
        yield
    finally:
        with _lock:
            _editing.pop(id(incident), None)


def is_editing(incident) -> bool:
    return _editing.get(id(incident)) is incident
