"""The 5 Whys tree, held as a flat list of Why nodes with parent links."""

from .models import Why

SUGGESTED_DEPTH = 5


def children(whys: list[Why], parent_id: str | None) -> list[Why]:
    return [w for w in whys if w.parent_id == parent_id]


def chain(whys: list[Why], why_id: str) -> list[Why]:
    """From the first answer down to this one (the path the 5 Whys walk took)."""
    by_id = {w.id: w for w in whys}
    path: list[Why] = []
    current = by_id.get(why_id)
    while current is not None and current not in path:
        path.append(current)
        current = by_id.get(current.parent_id) if current.parent_id else None
    return list(reversed(path))


def depth(whys: list[Why], why_id: str) -> int:
    """1 for an answer to the problem itself, 2 for the why below it, and so on."""
    return len(chain(whys, why_id))


def subtree_ids(whys: list[Why], why_id: str) -> set[str]:
    """The node and all its descendants."""
    found = {why_id}
    frontier = [why_id]
    while frontier:
        parent = frontier.pop()
        for w in whys:
            if w.parent_id == parent and w.id not in found:
                found.add(w.id)
                frontier.append(w.id)
    return found


def root_cause_chains(whys: list[Why]) -> list[list[Why]]:
    return [chain(whys, w.id) for w in whys if w.is_root_cause]
