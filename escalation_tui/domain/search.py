"""Search across incidents: a case-insensitive plain substring, never a pattern.

The text people typed is what is searched: titles and write-up fields, notes (typed
timeline events), stakeholder updates, the 5 Whys, action items, lessons, checklist notes
and links. Automatic timeline entries only repeat those fields ("Why? …", "Action
added …"), so they are left out, and so is the playbook's checklist wording, which every
incident shares. The user's text is never compiled as a regular expression.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .fields import LINE_MAX
from .models import LESSON_KINDS
from .summary import IncidentSummary, Listed
from .text import clean_text

SNIPPET_CONTEXT = 30  # characters shown either side of the match
QUERY_MAX = LINE_MAX

_WRITE_UP = ("summary", "impact", "affected", "tried", "detection", "trigger", "resolution")


@dataclass(frozen=True)
class SearchHit:
    incident: Listed
    field: str  # "title", "summary", "note", "why", "action", "went well", "link"...
    snippet: str  # one line around the match, with "…" where it was cut


def clean_query(query: str) -> str:
    """The query as it will be matched; ValueError when nothing is left to search for."""
    text = clean_text(query, multiline=False)
    if not text:
        raise ValueError("search text must not be empty")
    if len(text) > QUERY_MAX:
        raise ValueError(f"search text is too long ({len(text):,} characters; the limit is {QUERY_MAX})")
    return text


def searchable_texts(incident: Listed) -> Iterator[tuple[str, str]]:
    """(field, text) for every piece of text a person wrote in the incident (a summary keeps them)."""
    if isinstance(incident, IncidentSummary):
        yield from incident.texts
        return
    yield "title", incident.title
    for name in _WRITE_UP:
        yield name, getattr(incident, name)
    roles = incident.roles
    for name in ("commander", "comms", "scribe"):
        yield name, getattr(roles, name)
    for other in roles.others:
        yield other.role, other.name
    for event in incident.timeline:
        if event.kind.manual:
            yield event.kind.value, event.text
    for update in incident.updates:
        yield f"{update.audience.value} update", update.text
    for problem in incident.problems:
        yield "problem", problem.statement
    for why in incident.whys:
        yield "why", why.statement
    for action in incident.actions:
        yield "action", action.title
    for kind in LESSON_KINDS:
        for lesson in getattr(incident.lessons, kind):
            yield kind.replace("_", " "), lesson
    for item in incident.checklist:
        if item.custom:
            yield "checklist item", item.text
        if item.note:
            yield "checklist note", item.note
    for link in incident.links:
        yield "link", f"{link.label}: {link.url}"


def _fold_with_positions(text: str) -> tuple[str, list[int]]:
    """text.casefold(), and for each folded character the index of the original it came from.

    casefold can change lengths ("ß" → "ss"), so the match's place in the original text
    is found through this map rather than assumed.
    """
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        part = char.casefold()
        folded.append(part)
        origin.extend([index] * len(part))
    return "".join(folded), origin


def _snippet(text: str, start: int, end: int) -> str:
    lo = max(0, start - SNIPPET_CONTEXT)
    hi = min(len(text), end + SNIPPET_CONTEXT)
    piece = " ".join(text[lo:hi].split())
    return ("…" if lo > 0 else "") + piece + ("…" if hi < len(text) else "")


def find_in(text: str, folded_query: str) -> str | None:
    """The snippet around the first match of the (casefolded) query in text, or None."""
    if folded_query not in text.casefold():
        return None  # most texts: the character map is built only for a match
    folded, origin = _fold_with_positions(text)
    at = folded.find(folded_query)
    if at < 0:
        return None
    start = origin[at]
    end = origin[at + len(folded_query) - 1] + 1
    return _snippet(text, start, end)


def search_incident(incident: Listed, query: str) -> list[SearchHit]:
    """Every field of the incident where `query` (cleaned with clean_query) occurs."""
    needle = query.casefold()
    hits = []
    for field, text in searchable_texts(incident):
        if text:
            snippet = find_in(text, needle)
            if snippet is not None:
                hits.append(SearchHit(incident, field, snippet))
    return hits


def search(incidents: Iterable[Listed], query: str) -> list[SearchHit]:
    """Hits in the incidents' order, fields in the order of searchable_texts."""
    return [hit for incident in incidents for hit in search_incident(incident, query)]


def incident_matches(incident: Listed, query: str) -> bool:
    """For filtering a list as the user types: does the incident mention query anywhere?

    An empty query matches everything.
    """
    needle = clean_text(query, multiline=False).casefold()
    if not needle:
        return True
    return any(needle in text.casefold() for _, text in searchable_texts(incident) if text)
