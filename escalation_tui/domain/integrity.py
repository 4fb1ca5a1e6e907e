"""Rules that span more than one field of an incident: the one gate for outside data.

The models call these from their validators, so an incident read from a store file, an
imported file or any other backend, and every change the app makes itself, meet the same
rules: each id used once per list, the 5 Whys a tree whose parents exist (an answer or a
problem), action items linked only to answers that exist, and milestones in order.
(Field-level rules: exact types, unknown keys refused, times and dates in range, are in
fields.py and models.py.)

Each check raises ValueError with one line saying what is wrong; pydantic turns it into
a ValidationError and describe_error into the message the user sees.
"""

from collections.abc import Collection, Iterable, Sequence
from datetime import datetime
from operator import attrgetter

from ..errors import InvalidInput

# Lists whose items are found by id (Incident.find): an id may appear once in each.
ID_COLLECTIONS = ("checklist", "updates", "whys", "actions", "timeline", "deliveries")

# Deeper than this, a 5 Whys tree is not an analysis any more; and every view of it walks it
# recursively (the CLI, the post-mortem, the TUI's tree), so the depth must stay bounded.
MAX_WHY_DEPTH = 50

# Milestones that may lie before the declaration (impact can start before anyone declares
# it). Every other milestone is at or after `declared`.
MAY_PRECEDE_DECLARED = frozenset({"impact_started"})

# An incident's revision, in every store: PostgreSQL keeps it in an `integer` column, so a
# larger one read from a folder or an imported file could never be copied there or changed.
MAX_REVISION = 2**31 - 1

_ID = attrgetter("id")


def check_revision(revision: int) -> int:
    if not 0 <= revision <= MAX_REVISION:
        raise ValueError(f"must be a whole number from 0 to {MAX_REVISION}")
    return revision


def next_revision(revision: int) -> int:
    """The revision a change saves; refused past MAX_REVISION (no store could keep it)."""
    if revision >= MAX_REVISION:
        raise InvalidInput(
            f"revision: the incident is at the highest revision a store keeps ({MAX_REVISION}); "
            "nothing was saved"
        )
    return revision + 1


def check_unique_ids(collection: str, items: Sequence) -> None:
    if len(set(map(_ID, items))) == len(items):  # the common case, fast at thousands of items
        return
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise ValueError(f"{collection}: the id {item.id!r} is used twice; each item needs its own")
        seen.add(item.id)


def check_problems(problems: Sequence, whys: Sequence) -> None:
    """A why's parent may be a problem, so a problem's id names no answer too."""
    check_unique_ids("problems", problems)
    if problems:
        why_ids = set(map(_ID, whys))
        for problem in problems:
            if problem.id in why_ids:
                raise ValueError(f"problems: the id {problem.id!r} is also an answer's; each needs its own")


def check_whys_form_a_tree(whys: Sequence, problem_ids: Collection[str] = ()) -> None:
    """Every parent exists (an answer, or one of problem_ids), no answer is its own ancestor,
    and no chain is deeper than MAX_WHY_DEPTH."""
    parents = {w.id: w.parent_id for w in whys}
    for why in whys:
        if why.parent_id is not None and why.parent_id not in parents:
            if why.parent_id in problem_ids:
                parents[why.id] = None  # a first answer, like one to the summary
                continue
            raise ValueError(f"whys: {why.id!r} answers {why.parent_id!r}, which is not there")
    depths: dict[str, int] = {}  # 1 for a first answer (parent None)
    for start in parents:
        path: list[str] = []
        on_path: set[str] = set()
        current: str | None = start
        while current is not None and current not in depths:
            if current in on_path:
                raise ValueError(f"whys: {current!r} is its own ancestor; the 5 Whys must form a tree")
            path.append(current)
            on_path.add(current)
            current = parents[current]
        depth = depths[current] if current is not None else 0
        for why_id in reversed(path):
            depth += 1
            if depth > MAX_WHY_DEPTH:
                raise ValueError(
                    f"whys: {why_id!r} is {depth} levels deep; the 5 Whys go at most {MAX_WHY_DEPTH} deep"
                )
            depths[why_id] = depth


def check_links(actions: Iterable, why_ids: set[str]) -> None:
    for action in actions:
        if action.why_id is not None and action.why_id not in why_ids:
            raise ValueError(
                f"actions: {action.id!r} is linked to the why {action.why_id!r}, which is not there"
            )


def check_unique_labels(links: Sequence) -> None:
    """Links are named by their label (case-insensitively), so each label is used once."""
    seen: set[str] = set()
    for link in links:
        key = link.label.casefold()
        if key in seen:
            raise ValueError(f"links: the label {link.label!r} is used twice; each link needs its own")
        seen.add(key)


def check_milestone_order(milestones: dict[str, datetime | None]) -> None:
    """Nothing before `declared` except the milestones in MAY_PRECEDE_DECLARED."""
    declared = milestones["declared"]
    if declared is None:  # a required field: its own validation reports it
        return
    for name, at in milestones.items():
        if name == "declared" or name in MAY_PRECEDE_DECLARED or at is None:
            continue
        if at < declared:
            raise ValueError(f"milestones: {name.replace('_', ' ')} is before declared")


def check_incident(incident, checked: Collection[str] = ()) -> None:
    """Every rule above, on a whole incident (its validator, and the store before each write).

    `checked`: lists whose ids, and "links" if the actions' links, the caller has already
    checked (the store does it for items appended to ones it checked before: a change to a
    day-long incident must not go through thousands of items)."""
    milestones = incident.milestones
    check_milestone_order({name: getattr(milestones, name) for name in type(milestones).model_fields})
    for collection in ID_COLLECTIONS:
        if collection not in checked:
            check_unique_ids(collection, getattr(incident, collection))
    check_problems(incident.problems, incident.whys)
    check_whys_form_a_tree(incident.whys, {p.id for p in incident.problems})
    if "links" not in checked:
        check_links(incident.actions, {w.id for w in incident.whys})
    check_unique_labels(incident.links)
