"""The blameless check: flag wording that assigns blame to people, before export.

It only points at sentences; it never changes them. The author reads the flags and edits
their words, or exports anyway.

What is flagged (case-insensitive):
- judging words, whoever they are about: "careless", "negligent", "incompetent", "sloppy",
  "lazy", "stupid", "screwed up", "dropped the ball", "human error", "rookie mistake",
  "should have known", "no excuse";
- "blame" and "at fault", unless negated ("nobody is to blame", "no blame", "blameless");
- fault given to a person: "Bob's fault", "the intern's fault", "his fault";
- hindsight about what a person should have done: "he should have checked", "should've
  tested it" (no subject). Not about systems: "the alert should have fired" and "the check
  should have a timeout" are how blameless write-ups describe the gap, so they pass;
- a person as the subject of an error: "Bob broke prod", "he forgot to page", "the on-call
  engineer ignored the alert", "she failed to escalate", "I didn't check the dashboard",
  "Alice accidentally deleted the table".

Who counts as a person: I, he, she, they, you, someone; an individual role ("engineer",
"on-call", "reviewer", "intern"...); a name the incident knows (commander, comms, other
roles, action owners); or a capitalised word standing alone as the subject ("Bob"), unless
it is a common engineering noun or product name ("Traffic", "Redis"). "We" and team nouns
("the team", "ops") are not flagged: collective "we" is the blameless way to write.

A neutral statement of fact naming a person ("Bob deployed 2.3.1 at 02:10") is not flagged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from .blame_words import (
    ADVERBS,
    DETERMINERS,
    HUMAN_VERBS,
    IRREGULAR_PARTICIPLES,
    NOT_NAMES,
    PERSON_PRONOUNS,
    ROLE_NOUNS,
)
from .models import Incident

__all__ = ["BlameFlag", "find_blame", "people_of", "scan_incident"]


@dataclass(frozen=True)
class BlameFlag:
    """One wording that assigns blame to people.

    ``sentence`` is the sentence as written, ``phrase`` the words that triggered the flag
    (at ``start`` in the sentence), ``reason`` a short hint for the author. ``where`` says
    which field it is in, for people ("Lessons › what went wrong #2"), and ``ref`` for code
    ("lessons.went_wrong.1", "problems.<id>", "whys.<id>", "actions.<id>.title", "timeline.<id>",
    "updates.<id>"); both are empty from ``find_blame``.
    """

    sentence: str
    phrase: str
    reason: str
    start: int = 0
    where: str = ""
    ref: str = ""


_F = re.IGNORECASE
_WORD = r"[A-Za-z][\w'-]*"

_REASON_JUDGES = "judges a person; describe what happened and what made it possible"
_REASON_BLAME = "looks for someone to blame; look for what to change instead"
_REASON_FAULT = "assigns fault to a person; describe the conditions instead"
_REASON_HINDSIGHT = "hindsight about what a person should have done; say what made it hard to do"
_REASON_ERROR = "makes a person the cause of the error; ask what let the error happen"

# Always flagged: the words judge people, whatever the sentence is about.
_JUDGING: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(
            r"\b(?:careless(?:ly|ness)?|negligen(?:t|tly|ce)|incompeten(?:t|tly|ce)|"
            r"reckless(?:ly|ness)?|sloppy|sloppiness|laziness|stupid(?:ity)?|idiot(?:s|ic)?|"
            r"clueless|moron(?:s|ic)?|"
            r"lazy(?![- ](?:load|loaded|loading|loads|evaluation|init|initiali[sz]ation|import)))\b",
            _F,
        ),
        _REASON_JUDGES,
    ),
    (
        re.compile(r"\b(?:screw(?:ed|s|ing)?[- ]up|screw-?ups?|dropped the ball|no excuse)\b", _F),
        _REASON_FAULT,
    ),
    (
        re.compile(r"\bhuman errors?\b", _F),
        "“human error” ends the analysis at a person; ask why the system made the error easy",
    ),
    (re.compile(r"\brookie (?:mistake|error)s?\b", _F), "judges a person's experience"),
    (
        re.compile(r"\b(?:should(?:'ve| have)|ought to have) known(?: better)?\b", _F),
        "hindsight about what a person knew; say what information was missing",
    ),
    (re.compile(r"\b(?:his|her|their|your|my) (?:own )?(?:fault|mistake|screw-?up)\b", _F), _REASON_FAULT),
]

_BLAME = re.compile(r"(?<!git )\bblam(?:e|ed|es|ing)\b(?![-‐]?(?:free|less))", _F)
_AT_FAULT = re.compile(r"\b(?:(?:is|was|were|are|be|been) )?at fault\b", _F)
_COPULA = re.compile(r"\s*\b(?:is|was|were|are|be|been|being|'s)\s*$", _F)
_NEGATION = re.compile(
    r"\b(?:no|not|nobody|never|without|avoid|avoiding|none|neither)\b|n't\b|\bno one\b", _F
)
_POSSESSIVE_FAULT = re.compile(r"\b([A-Za-z][\w-]*)'s (?:own )?fault\b", _F)

_COUNTERFACTUAL = re.compile(
    rf"\b(?:should(?:'ve| have)|shouldn't have|should not have|ought to have|could(?:'ve| have) just)"
    rf"\s+({_WORD})",
    _F,
)

# A person doing these is an error by a person.
_PERSON_ERROR = re.compile(
    r"\b(?:forgot|forgets|forgotten|ignored|ignores|neglected|neglects|overlooked|missed|"
    r"skipped|broke|breaks|misconfigured|mistyped|misread|fat-?fingered|botched|"
    r"messed up|mess(?:es)? up|made (?:a|an|the) (?:mistake|error|typo|blunder)|"
    r"failed to|fails to|didn't bother|did not bother|"
    r"(?:accidentally|mistakenly|wrongly|carelessly|blindly|stupidly) [a-z][\w-]*|"
    rf"(?:didn't|did not|never|wouldn't|would not|refused to) (?:{HUMAN_VERBS})\w*)\b",
    _F,
)
# Without any subject ("Forgot to page the DBA.") these still point at a person.
_ELLIPTICAL_ERROR = re.compile(
    rf"^(?:forgot|neglected to|(?:ignored|overlooked|missed) (?:the|a|an|our|their|his|her|it|this|that|all)|"
    rf"failed to (?:{HUMAN_VERBS})|didn't (?:{HUMAN_VERBS})|did not (?:{HUMAN_VERBS}))\b",
    _F,
)
# Passive voice with a person as the agent: "the alert was ignored by him".
_PASSIVE_ERROR = re.compile(
    rf"\b(?:broken|ignored|missed|overlooked|caused|deleted|dropped|misconfigured|forgotten|"
    rf"skipped|botched|messed up|screwed up) by ({_WORD}(?: {_WORD})?)",
    _F,
)
_OBJECT_PRONOUNS = {"him", "her", "them", "me", "you", "someone", "somebody"}
# Where a clause (and so a subject) starts.
_CLAUSE_BREAK = re.compile(
    r"[,;()\[\]\"“”—–]|:\s|\.\s|\b(?:and|but|because|so|when|while|since|after|before|"
    r"that|which|as|if|until|although|though|or)\b",
    _F,
)


# -- sentences and subjects ------------------------------------------------------------


def _sentences(text: str) -> list[str]:
    """Sentences: split at . ! ? … followed by a space or the end, and at line breaks."""
    found = []
    for line in text.split("\n"):
        for piece in re.split(r"(?<=[.!?…])\s+", line):
            if piece.strip():
                found.append(piece.strip())
    return found


def _norm(text: str) -> str:
    """Same length as text; curly apostrophes made straight so patterns see one spelling."""
    return text.replace("’", "'").replace("‘", "'")


def _is_name(word: str, previous: str | None) -> bool:
    if not (word[:1].isupper() and word.isalpha() and not word.isupper() and len(word) > 1):
        return False
    if word.lower() in NOT_NAMES:
        return False
    return previous is None or previous.lower() not in DETERMINERS


def _person_subject(before: str, people: frozenset[str]) -> str | None:
    """The subject at the end of ``before`` (the text up to a verb) when it is a person.

    Returns the subject's words, "" when the clause has no subject ("Should have tested
    it."), or None when the subject is not a person (a system, a team, "we").
    """
    stripped = before.rstrip()
    last_raw = re.findall(r"[A-Za-z][\w'-]*", stripped[-20:])
    if last_raw and last_raw[-1].lower() in {"which", "that"}:
        return None  # "the rollback, which should have taken 5 min": about a thing
    if last_raw and last_raw[-1].lower() == "who":
        return "who"  # "the engineer who forgot"
    clause = _CLAUSE_BREAK.split(before)[-1]
    words = re.findall(r"[A-Za-z][\w'-]*|\d+", clause)
    while words and (words[-1].lower() in ADVERBS or (words[-1].islower() and words[-1].endswith("ly"))):
        words.pop()
    while words and words[0].lower() in ADVERBS:
        words.pop(0)
    if not words:
        return ""
    last = words[-1]
    lowered = " ".join(words).lower()
    for name in sorted(people, key=lambda n: (-len(n), n)):  # longest first: "bruce lee" before "lee"
        if lowered == name or lowered.endswith(" " + name):
            word_before = (lowered[: -len(name)].split()[-1:] or [""])[0]
            if word_before not in DETERMINERS:
                return " ".join(words[-len(name.split()) :])
    if last.lower() in PERSON_PRONOUNS:
        return last
    if len(words) >= 2 and f"{words[-2]} {last}".lower() == "no one":
        return None
    lowered_last = last.lower()
    singular = lowered_last[:-1] if lowered_last.endswith("s") and len(lowered_last) > 3 else lowered_last
    if singular in ROLE_NOUNS or lowered_last in ROLE_NOUNS:
        return " ".join(words[-2:]) if len(words) >= 2 else last
    previous = words[-2] if len(words) >= 2 else None
    if _is_name(last, previous):
        if previous is not None and _is_name(previous, words[-3] if len(words) >= 3 else None):
            return f"{previous} {last}"
        return last
    return None


def _negated(before: str) -> bool:
    window = " ".join(before.split()[-4:])
    return bool(_NEGATION.search(window))


def _start_of(subject: str, before: str, default: int) -> int:
    """Where the subject starts in the sentence, so the flagged phrase reads "Bob broke"."""
    if not subject:
        return default
    at = before.lower().rfind(subject.lower())
    return at if at >= 0 else default


# -- the check -------------------------------------------------------------------------


def find_blame(text: str, people: Iterable[str] = ()) -> list[BlameFlag]:
    """Every wording in ``text`` that assigns blame to people, in reading order.

    ``people`` are names known to be people (matched as whole words, any case), so "dana
    forgot" is caught even without a capital letter.
    """
    known = frozenset(" ".join(p.lower().split()) for p in people if p and p.strip())
    flags: list[BlameFlag] = []
    for sentence in _sentences(text):
        flags += _check_sentence(sentence, known)
    return flags


def _check_sentence(sentence: str, people: frozenset[str]) -> list[BlameFlag]:
    s = _norm(sentence)
    found: list[tuple[int, int, str]] = []  # start, end, reason

    for pattern, reason in _JUDGING:
        for m in pattern.finditer(s):
            if not _negated(s[: m.start()]):
                found.append((m.start(), m.end(), reason))

    for m in _BLAME.finditer(s):
        if not _negated(s[: m.start()]):
            found.append((m.start(), m.end(), _REASON_BLAME))

    for m in _AT_FAULT.finditer(s):
        before = s[: m.start()]
        if _negated(before) or _person_subject(_COPULA.sub("", before), people) is None:
            continue  # "nobody was at fault", "the disk was at fault"
        found.append((m.start(), m.end(), _REASON_FAULT))

    for m in _POSSESSIVE_FAULT.finditer(s):
        before = s[: m.start()]
        owner = m.group(1)
        if _negated(before + owner) or owner.lower().split()[-1] in {"nobody", "one", "no"}:
            continue
        if _person_subject(f"{before}{owner}", people):
            found.append((m.start(), m.end(), _REASON_FAULT))

    for m in _COUNTERFACTUAL.finditer(s):
        verb = m.group(1).lower()
        if not (verb.endswith("ed") or verb in IRREGULAR_PARTICIPLES):
            continue  # "should have a timeout": a missing property, not hindsight
        before = s[: m.start()]
        subject = _person_subject(before, people)
        if subject is None:
            continue  # "the alert should have fired": about the system
        found.append((_start_of(subject, before, m.start()), m.end(), _REASON_HINDSIGHT))

    for m in _PERSON_ERROR.finditer(s):
        before = s[: m.start()]
        subject = _person_subject(before, people)
        if subject:
            found.append((_start_of(subject, before, m.start()), m.end(), _REASON_ERROR))

    for m in _PASSIVE_ERROR.finditer(s):
        agent = m.group(1)
        first = agent.split()[0]
        if first.lower() in _OBJECT_PRONOUNS:
            found.append((m.start(), m.start(1) + len(first), _REASON_ERROR))
        elif _person_subject(agent, people):
            found.append((m.start(), m.end(), _REASON_ERROR))

    elliptical = _ELLIPTICAL_ERROR.match(s)
    if elliptical:
        found.append((elliptical.start(), elliptical.end(), _REASON_ERROR))

    return [
        BlameFlag(sentence=sentence, phrase=sentence[start:end], reason=reason, start=start)
        for start, end, reason in _merge(found)
    ]


def _merge(found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Drop flags whose phrase overlaps an earlier one (the first reason wins)."""
    kept: list[tuple[int, int, str]] = []
    for start, end, reason in sorted(found, key=lambda f: (f[0], -f[1])):
        if kept and start < kept[-1][1]:
            continue
        kept.append((start, end, reason))
    return kept


# -- over an incident ------------------------------------------------------------------

_FIELDS = (
    ("title", "Title"),
    ("summary", "Summary"),
    ("impact", "Impact"),
    ("affected", "Who is affected"),
    ("detection", "Detection"),
    ("tried", "What was tried"),
    ("trigger", "Trigger"),
    ("resolution", "Resolution"),
)
_LESSONS = (
    ("went_well", "what went well"),
    ("went_wrong", "what went wrong"),
    ("got_lucky", "where we got lucky"),
)


def people_of(incident: Incident) -> list[str]:
    """Names the incident knows belong to people: roles, action owners, who ticked items."""
    names = [incident.roles.commander, incident.roles.comms, incident.roles.scribe]
    names += [other.name for other in incident.roles.others]
    names += [action.owner for action in incident.actions]
    names += [item.done_by for item in incident.checklist]
    seen: dict[str, None] = {}
    for name in names:
        if name and name.strip() and name.strip().lower() not in seen:
            seen[name.strip().lower()] = None
    return list(seen)


def scan_incident(incident: Incident) -> list[BlameFlag]:
    """Flags in every user text that goes into the post-mortem, with where each was found.

    Looks at the title and free-text fields, lessons, 5 Whys, action titles, stakeholder
    updates and the notes people typed into the timeline (notes, symptoms, findings,
    decisions). Automatic timeline entries only repeat those texts, so they are skipped.
    """
    people = people_of(incident)
    flags: list[BlameFlag] = []

    def scan(text: str, where: str, ref: str) -> None:
        flags.extend(replace(f, where=where, ref=ref) for f in find_blame(text, people))

    for field, label in _FIELDS:
        scan(getattr(incident, field), label, field)
    for field, label in _LESSONS:
        for n, lesson in enumerate(getattr(incident.lessons, field)):
            scan(lesson, f"Lessons › {label} #{n + 1}", f"lessons.{field}.{n}")
    for n, problem in enumerate(incident.problems):
        scan(problem.statement, f"5 Whys problem #{n + 2}", f"problems.{problem.id}")
    for n, why in enumerate(incident.whys):
        scan(why.statement, f"5 Whys #{n + 1}", f"whys.{why.id}")
    for n, action in enumerate(incident.actions):
        scan(action.title, f"Action item #{n + 1}", f"actions.{action.id}.title")
    for event in incident.timeline:
        if event.kind.manual:
            where = f"Timeline {event.at:%Y-%m-%d %H:%M} UTC ({event.kind.value})"
            scan(event.text, where, f"timeline.{event.id}")
    for update in incident.updates:
        where = f"Update {update.sent_at:%Y-%m-%d %H:%M} UTC ({update.audience.value})"
        scan(update.text, where, f"updates.{update.id}")
    return flags
