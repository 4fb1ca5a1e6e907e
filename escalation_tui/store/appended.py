"""The integrity checks of a save, only for what it appended.

check_incident goes through every item (unique ids, actions linked to answers that exist);
on a day-long incident that was most of a save. A list whose items before the end are the
very ones this store last wrote (ListCache.fresh_from) was checked then: only the items
appended since are checked, against the ids kept from that save.
"""

from operator import attrgetter

from ..domain.integrity import ID_COLLECTIONS
from .serialise import ListCache

_ID = attrgetter("id")
Ids = dict[str, set[str]]  # per list: the ids of the items last written


def appended_checks(known: Ids, old: dict[str, ListCache], new: dict[str, ListCache]) -> dict[str, list]:
    """Per list checked here: the items appended (their ids unique, and new to the list; for
    "links": the appended actions link to answers that exist). A list left out goes through
    the full check, which also says what is wrong."""
    done: dict[str, list] = {}
    for name in ID_COLLECTIONS:
        ids, before, after = known.get(name), old.get(name), new[name]
        if ids is None or before is None:
            continue
        count = len(before.items)
        if after.fresh_from < count or len(after.items) < count:
            continue  # an item before the end changed, moved or went
        added = after.items[count:]
        added_ids = list(map(_ID, added))
        if len(set(added_ids)) == len(added_ids) and ids.isdisjoint(added_ids):
            done[name] = added
    if "actions" in done and "whys" in done:  # no answer went: only appended actions can be wrong
        whys = known["whys"].union(map(_ID, done["whys"]))
        if all(action.why_id is None or action.why_id in whys for action in done["actions"]):
            done["links"] = []
    return done


def written(known: Ids, done: dict[str, list], new: dict[str, ListCache]) -> Ids:
    """The ids to keep once the save is written: extended, or read afresh from the items."""
    for name in ID_COLLECTIONS:
        if name in done:
            known[name].update(map(_ID, done[name]))
        else:
            known[name] = set(map(_ID, new[name].items))
    return known
