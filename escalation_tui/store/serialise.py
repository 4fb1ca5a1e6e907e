"""An incident's JSON, built from cached pieces: one per list item, reused while unchanged.

Serialising thousands of events on every change made a save's cost grow with the
incident. Each list keeps, per position, the item, its field values' dict and its JSON; a
piece is reused only while the same object at that position still holds the same dict
(setting a field replaces it; item fields are all immutable values), so an item changed
in place, replaced or moved is always serialised again. The checks are list comparisons,
done in C. The pieces make the file when it is written whole, and say which items a
journal record must carry (changed_items).
"""

import json
from operator import attrgetter
from typing import NamedTuple

from pydantic import BaseModel


def _dumps(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


class ListCache(NamedTuple):
    items: list[BaseModel]  # kept alive, so identity checks stay meaningful
    values: list[dict]  # each item's __dict__ as it was serialised (assignment replaces it)
    data: list[bytes]
    fresh_from: int = 0  # items before this index reuse the previous cache's pieces


EMPTY = ListCache([], [], [])
_FIELDS = attrgetter("__dict__")


def _json(item: BaseModel) -> bytes:
    return item.__pydantic_serializer__.to_json(item)


def items_json(items: list[BaseModel], cached: ListCache = EMPTY) -> ListCache:
    """Each item's JSON, reusing the cached piece (the very same bytes object) for an item
    unchanged since; the cache for the next call.

    Setting a field replaces the model's __dict__ (validate_assignment), so the same item
    holding the same __dict__ object has not changed: compared by identity, in C."""
    items = list(items)
    kept = min(len(items), len(cached.items))
    head = items[:kept]
    head_values = list(map(_FIELDS, head))
    if head == cached.items[:kept] and head_values == cached.values[:kept]:
        # The usual change: nothing before the end touched (equal items serialise equally).
        values = head_values
        data = cached.data[:kept]
        fresh_from = kept
    else:
        values, data = [], []
        fresh_from = -1
        for index, (item, old, old_values, old_data) in enumerate(
            zip(head, cached.items, cached.values, cached.data, strict=False)
        ):
            same = item is old and item.__dict__ == old_values
            values.append(item.__dict__)
            data.append(old_data if same else _json(item))
            if not same and fresh_from < 0:
                fresh_from = index
        if fresh_from < 0:
            fresh_from = kept
    for item in items[kept:]:
        values.append(item.__dict__)
        data.append(_json(item))
    return ListCache(items, values, data, fresh_from)


def as_read(items: list[BaseModel]) -> ListCache:
    """The cache of items just read from disk: their JSON is not made unless needed (None)."""
    items = list(items)
    return ListCache(items, list(map(_FIELDS, items)), [None] * len(items), len(items))  # type: ignore[list-item]


def filled(pieces: ListCache) -> ListCache:
    """Every piece made (a whole write needs them all)."""
    if None not in pieces.data:
        return pieces
    data = [
        piece if piece is not None else _json(item)
        for piece, item in zip(pieces.data, pieces.items, strict=True)
    ]
    return pieces._replace(data=data)


def array(pieces: ListCache) -> bytes:
    return b"[" + b",".join(pieces.data) + b"]"


def changed_items(before: ListCache, after: ListCache) -> list[tuple[int, bytes]]:
    """(position, JSON) of each item of `after` that `before` does not hold at that position."""
    old = before.data
    return [
        (index, data)
        for index, data in enumerate(after.data[after.fresh_from :], start=after.fresh_from)
        if index >= len(old) or (data is not old[index] and data != old[index])
    ]


def head_parts(incident: BaseModel, lists: tuple[str, ...]) -> dict[str, bytes]:
    """The incident's fields outside its lists, each as JSON (a journal record carries only
    the ones that changed: usually the revision)."""
    return {key: _dumps(value) for key, value in incident.model_dump(mode="json", exclude=set(lists)).items()}


def object_json(parts: dict[str, bytes]) -> bytes:
    """One JSON object of parts made by head_parts (the same text json.dumps would make)."""
    return b"{" + b",".join(_dumps(key) + b":" + value for key, value in parts.items()) + b"}"


def file_payload(head: bytes, lists: list[tuple[str, bytes]], version: int, doc_id: int) -> bytes:
    """The file: the same tables as TinyDB writes ({"meta": ..., "incident": {"1": document}})."""
    parts = [head[:-1]]  # without its closing brace
    for name, array in lists:
        parts.append(b',"%s":%s' % (name.encode(), array))
    meta = _dumps({str(doc_id): {"schema_version": version}})
    return b'{"meta":%s,"incident":{"%d":%s}}' % (meta, doc_id, b"".join(parts) + b"}")
