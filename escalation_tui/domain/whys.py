"""The 5 Whys: a tree per problem, held as a flat list of Why nodes with parent links.

The first problem is the incident summary (its first answers have parent_id None, as every
answer had before problems were first-class); every other problem is a Problem whose id is
the parent_id of its first answers.
"""

from dataclasses import dataclass

from .models import Incident, Why
from .text import first_line

SUGGESTED_DEPTH = 5


@dataclass(frozen=True)
class ProblemView:
    """One problem as the views show it: id None is the first problem, the summary."""

    id: str | None
    statement: str


def problem_statement(incident: Incident) -> str:
    """The first problem: the incident summary's first line, or the title while there is none."""
    return first_line(incident.summary, 200) or incident.title


def problems(incident: Incident) -> list[ProblemView]:
    """Every problem, the first (the summary) first, then in the order they were added."""
    return [ProblemView(None, problem_statement(incident))] + [
        ProblemView(p.id, p.statement) for p in incident.problems
    ]


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


def problem_of(whys: list[Why], why_id: str) -> str | None:
    """The id of the problem this answer belongs to (None: the first problem)."""
    path = chain(whys, why_id)
    return path[0].parent_id if path else None


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


def tree_of(whys: list[Why], problem_id: str | None) -> list[Why]:
    """The answers in this problem's tree, in the order they were added."""
    return [w for w in whys if problem_of(whys, w.id) == problem_id]


def root_cause_chains(whys: list[Why], problem_id: str | None = None) -> list[list[Why]]:
    """The chains from the problem's first answers down to each root cause in its tree."""
    chains = [chain(whys, w.id) for w in whys if w.is_root_cause]
    return [c for c in chains if c and c[0].parent_id == problem_id]
