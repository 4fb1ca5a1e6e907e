"""An incident file's JSON, built from cached pieces: one per list item, reused while unchanged.

The file holds the whole incident (one atomic replace per save keeps every crash
guarantee), but serialising thousands of events on every change made a save's cost grow
with the incident. Each list keeps, per position, the item, a copy of its field values and
its JSON; a piece is reused only while the same object at that position still has equal
values (item fields are all immutable values), so an item changed in place, replaced or
moved is always serialised again. The checks are list and dict comparisons, done in C.
"""

import json
from operator import attrgetter
from typing import NamedTuple

from pydantic import BaseModel


def _dumps(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


class ListCache(NamedTuple):
    items: list[BaseModel]  # kept alive, so identity checks stay meaningful
    values: list[dict]
    data: list[bytes]


EMPTY = ListCache([], [], [])
_FIELDS = attrgetter("__dict__")


def _json(item: BaseModel) -> bytes:
    return item.__pydantic_serializer__.to_json(item)


def items_json(items: list[BaseModel], cached: ListCache = EMPTY) -> tuple[bytes, ListCache]:
    """The JSON array of items, and the cache for the next call."""
    items = list(items)
    kept = min(len(items), len(cached.items))
    head = items[:kept]
    head_values = list(map(_FIELDS, head))
    if head == cached.items[:kept] and head_values == cached.values[:kept]:
        # The usual change: nothing before the end touched (equal items serialise equally).
        values = cached.values[:kept]
        data = cached.data[:kept]
    else:
        values, data = [], []
        for item, old, old_values, old_data in zip(
            head, cached.items, cached.values, cached.data, strict=False
        ):
            same = item is old and item.__dict__ == old_values
            values.append(old_values if same else dict(item.__dict__))
            data.append(old_data if same else _json(item))
    for item in items[kept:]:
        values.append(dict(item.__dict__))
        data.append(_json(item))
    return b"[" + b",".join(data) + b"]", ListCache(items, values, data)


def file_payload(incident: BaseModel, lists: list[tuple[str, bytes]], version: int, doc_id: int) -> bytes:
    """The file: the same tables as TinyDB writes ({"meta": ..., "incident": {"1": document}})."""
    head = incident.model_dump(mode="json", exclude={name for name, _ in lists})
    document = _dumps(head)[:-1]  # without its closing brace
    parts = [document]
    for name, array in lists:
        parts.append(b',"%s":%s' % (name.encode(), array))
    meta = _dumps({str(doc_id): {"schema_version": version}})
    return b'{"meta":%s,"incident":{"%d":%s}}' % (meta, doc_id, b"".join(parts) + b"}")
