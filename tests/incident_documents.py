"""Hypothesis strategies for incident export documents from outside, and what to check on output.

`valid_documents()` builds exports the app itself could have written (hostile text, times
at both ends of the allowed range in any UTC offset, deep 5 Whys trees, links between
items). `outside_documents()` takes one and mutates it the way a hand-edited or malicious
file would be: fields dropped, list items duplicated, values retyped, references
re-pointed, the envelope bent, plus numbers and nesting that break parsers.

Profiles: few examples on a developer machine, more in CI (CI=true), and fewer for the TUI
than for the in-process CLI because a Pilot run costs seconds.
"""

import json
import os
import re
import time
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta, timezone

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from escalation_tui.domain.integrity import MAX_WHY_DEPTH

IN_CI = os.environ.get("CI", "").lower() == "true"
_QUIET = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large]
# The CLI half costs ~0.3 s of CPU an accepted document (16 commands, some in three zones),
# far less a refused one; the TUI half ~9 s an example (mounting the war room and the
# post-mortem restyles hundreds of widgets), per zone.
settings.register_profile(
    "outside-input-valid", max_examples=80 if IN_CI else 40, deadline=None, suppress_health_check=_QUIET
)
settings.register_profile(
    "outside-input-cli", max_examples=200 if IN_CI else 100, deadline=None, suppress_health_check=_QUIET
)
settings.register_profile(
    "outside-input-tui", max_examples=2 if IN_CI else 1, deadline=None, suppress_health_check=_QUIET
)
VALID_SETTINGS = settings.get_profile("outside-input-valid")
CLI_SETTINGS = settings.get_profile("outside-input-cli")
TUI_SETTINGS = settings.get_profile("outside-input-tui")

# UTC, the furthest ahead (+14) and a half-hour zone behind UTC (-3:30, -2:30 in summer).
ZONES = ("UTC", "Pacific/Kiritimati", "America/St_Johns")

# What may never reach a terminal: C0 (but newline and tab), DEL, C1, bidi overrides and
# isolates, and lone surrogates (they cannot even be encoded).
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def control_in(output: bytes) -> str | None:
    """None when output is UTF-8 with no control character, else what is wrong."""
    try:
        text = output.decode("utf-8")
    except UnicodeDecodeError as error:
        return f"not UTF-8: {error}"
    found = CONTROL.search(text)
    return (
        f"control character {found.group()!r} in {text[max(0, found.start() - 40) : found.end() + 40]!r}"
        if found
        else None
    )


@contextmanager
def time_zone(name: str):
    """The process's local zone for the block (what datetime.astimezone() uses)."""
    saved = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = saved
        time.tzset()


# -- valid documents ---------------------------------------------------------------
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
# An import refuses a recorded time later than now (as --at does): the latest valid one is past.
LATEST = datetime(2026, 11, 30, 23, 59, 59, tzinfo=UTC)
SNIPPETS = [
    "\x1b]0;owned\x07",
    "\x1b]52;c;ZXZpbA==\x07",
    "\x1b[2J\x1b[H",
    "\x9b31m",
    "\x00",
    "\x7f",
    "\r",
    "\u202eevil",
    "\u2066",
    "\ud800",
    "\udcff",
    "[/bold]",
    "a [/ b",
    "[@click=app.quit]x[/]",
    "[link=https://evil]x[/link]",
    "|",
    "\n",
    "\r\n",
    "\t",
    "\u2028",
    "障害",
    "🔥🧯",
    "انقطاع",
    "# heading",
    "`code`",
    "<b>html</b>",
    "&lt;",
    "  ",
    "_x_",
    "*",
    "1. ",
]
ID_CHARS = "23456789abcdefghjkmnpqrstuvwxyz"

# Hypothesis tries the simplest example first (and the TUI half runs one example locally),
# so the simplest is made the nastiest: the first of each choice is hostile or extreme,
# lists are never empty, and the whys form a chain.
hostile = st.lists(st.one_of(st.sampled_from(SNIPPETS), st.text(max_size=6)), min_size=1, max_size=4).map(
    "".join
)
# Text that survives cleaning, for required fields (the mutations make them empty or worse).
words = st.builds(
    lambda head, tail: head + tail, st.sampled_from(["Pool", "x", "障害", "DB ", "[b]"]), hostile
)
# Addresses a link may hold: URLs with an allowed scheme, and plain text without one.
LINK_URLS = [
    "https://grafana.example.com/d/x?from=now-1h&var-a=%20b",
    "ssh://bastion.example.com",
    "tel:+15550100",
    "slack://channel?id=C123",
    "#inc-42 on Slack",
    "Bridge: +1 555 0100 PIN 42",
]
plain = hostile.map(lambda text: "note " + text)
item_ids = st.text(alphabet=ID_CHARS, min_size=4, max_size=10)
offsets = st.one_of(
    st.sampled_from([23 * 60 + 59, -(23 * 60 + 59), 14 * 60, -(3 * 60 + 30)]),
    st.integers(-(23 * 60 + 59), 23 * 60 + 59),
).map(lambda m: timezone(timedelta(minutes=m)))


def iso(at: datetime, zone: timezone) -> str:
    return at.astimezone(zone).isoformat()


@st.composite
def moments(draw, after: datetime = EARLIEST) -> str:
    """A time at or after `after`, within range, written in any UTC offset."""
    edge = draw(st.sampled_from(["end", "near", "near", "far", "near"]))
    if edge == "end":
        at = LATEST
    elif edge == "far":
        at = draw(st.datetimes(min_value=after.replace(tzinfo=None), max_value=LATEST.replace(tzinfo=None)))
        at = at.replace(tzinfo=UTC)
    else:
        at = min(after + timedelta(seconds=draw(st.integers(0, 40 * 86_400))), LATEST)
    return iso(at, draw(offsets))


def _parse(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


@st.composite
def valid_documents(draw) -> dict:
    declared_text = draw(moments())
    declared = _parse(declared_text)
    later = moments(after=declared)
    optional_later = st.one_of(later, st.none())

    def unique(ids: list[str]) -> list[str]:
        seen: list[str] = []
        for i in ids:
            seen.append(i if i not in seen else i + str(len(seen)))
        return seen

    # the simplest: a chain as deep as allowed (every view walks the tree recursively)
    size = draw(st.sampled_from([MAX_WHY_DEPTH, 3, 0, 1, 7, 2, 4, 0, 5, 1, 3, 2, 6, 1, 0, 3]))
    why_ids = unique(draw(st.lists(item_ids, min_size=size, max_size=size)))
    whys = []
    for n, why_id in enumerate(why_ids):
        parent = draw(st.one_of(st.sampled_from(why_ids[:n][::-1]), st.none())) if n else None
        whys.append(
            {
                "id": why_id,
                "parent_id": parent,
                "statement": draw(words),
                "is_root_cause": draw(st.booleans()),
            }
        )
    link = st.one_of(st.sampled_from(why_ids[::-1]), st.none()) if why_ids else st.none()
    due = st.one_of(
        st.sampled_from(["2999-12-31", "1970-01-01"]),
        st.dates(date(1970, 1, 1), date(2999, 12, 31)).map(date.isoformat),
        st.none(),
    )

    checklist = [
        {
            "id": i,
            "phase": draw(
                st.sampled_from(["acknowledge", "diagnose", "communicate", "resolve", "postmortem"])
            ),
            "text": draw(words),
            "done": draw(st.booleans()),
            "done_at": draw(optional_later),
            "done_by": draw(hostile),
            "note": draw(hostile),
            "custom": draw(st.booleans()),
            "captures": draw(st.sampled_from([None, "impact", "affected", "tried"])),
        }
        for i in unique(draw(st.lists(item_ids, min_size=1, max_size=5)))
    ]
    updates = [
        {
            "id": i,
            "sent_at": draw(later),
            "audience": draw(st.sampled_from(["internal", "executive", "customer"])),
            "text": draw(words),
        }
        for i in unique(draw(st.lists(item_ids, min_size=1, max_size=3)))
    ]
    actions = [
        {
            "id": i,
            "title": draw(words),
            "owner": draw(hostile),
            "due": draw(due),
            "priority": draw(st.sampled_from(["P1", "P2", "P3"])),
            "type": draw(st.sampled_from(["mitigate", "prevent", "detect", "process"])),
            "status": draw(st.sampled_from(["open", "in_progress", "done", "wont_do"])),
            "why_id": draw(link),
        }
        for i in unique(draw(st.lists(item_ids, min_size=1, max_size=4)))
    ]
    kinds = [
        "milestone",
        "phase",
        "change",
        "check",
        "update",
        "why",
        "action",
        "lesson",
        "undo",
        "handoff",
        "note",
        "symptom",
        "finding",
        "decision",
    ]
    timeline = [
        {
            "id": i,
            "at": draw(st.one_of(later, moments())),
            "kind": draw(st.sampled_from(kinds)),
            "text": draw(words),
        }
        for i in unique(draw(st.lists(item_ids, min_size=1, max_size=6)))
    ]
    resolved = draw(optional_later)
    incident = {
        "id": draw(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=4, max_size=16)),
        "title": draw(words),
        "kind": draw(st.sampled_from(["technical", "process", "people"])),
        "severity": draw(st.sampled_from(["SEV1", "SEV2", "SEV3", "SEV4"])),
        "phase": draw(st.sampled_from(["acknowledge", "diagnose", "communicate", "resolve", "postmortem"])),
        "summary": draw(hostile),
        "impact": draw(hostile),
        "affected": draw(hostile),
        "tried": draw(hostile),
        "detection": draw(hostile),
        "resolution": draw(hostile),
        "roles": {
            "commander": draw(hostile),
            "comms": draw(hostile),
            "others": [{"role": draw(words), "name": draw(words)} for _ in range(draw(st.integers(1, 2)))],
        },
        "confidential": draw(st.booleans()),
        "milestones": {
            "declared": declared_text,
            "acknowledged": draw(optional_later),
            "contained": draw(optional_later),
            "resolved": resolved,
            "closed": draw(later) if resolved and draw(st.booleans()) else None,
        },
        "cadence_minutes": draw(
            st.one_of(st.sampled_from([1, 7 * 24 * 60]), st.none(), st.integers(0, 7 * 24 * 60))
        ),
        "links": [
            {"label": f"L{n} {draw(hostile)[:60]}", "url": draw(st.one_of(st.sampled_from(LINK_URLS), plain))}
            for n in range(draw(st.integers(0, 3)))
        ],
        "lessons": {
            k: draw(st.lists(hostile, min_size=1, max_size=2))
            for k in ("went_well", "went_wrong", "got_lucky")
        },
        "checklist": checklist,
        "updates": updates,
        "whys": whys,
        "actions": actions,
        "timeline": timeline,
        "revision": draw(st.integers(0, 10**9)),
    }
    return {"format": "escalation-tui/incident", "version": 1, "incident": incident}


# -- mutations ---------------------------------------------------------------------
BIG = "__BIG_NUMBER__"
DEEP = "__DEEP_NESTING__"
ODD_VALUES = [
    None,
    True,
    False,
    0,
    -1,
    2**63,
    1.5,
    float("inf"),
    "",
    "x",
    "1",
    "true",
    [],
    {},
    [1],
    {"a": 1},
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-23:59",
    "1969-12-31T23:59:59Z",
    "3000-01-01T00:00:00Z",
    "2026-11-28T03:00:00",
    "2026-11-28",
    1_700_000_000,
    "\ud800",
    "\x1b]0;owned\x07",
    BIG,
    DEEP,
]


def _places(node, path=()):
    """Every (container, key) in the document, the envelope included."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield node, key
            yield from _places(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield node, index
            yield from _places(value, (*path, index))


def _ids(document) -> list[str]:
    found = []
    for container, key in _places(document):
        if key in ("id", "parent_id", "why_id") and isinstance(container[key], str):
            found.append(container[key])
    return found


@st.composite
def outside_documents(draw) -> tuple[str, list[str]]:
    """(file text, the mutations applied): a valid document mutated one to three times."""
    document = draw(valid_documents())
    applied: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        places = list(_places(document))
        container, key = places[draw(st.integers(0, len(places) - 1))]
        how = draw(st.sampled_from(["drop", "duplicate", "retype", "repoint"] * 3 + ["envelope"]))
        if how == "drop" and isinstance(container, dict):
            del container[key]
        elif how == "duplicate":
            lists = [(c, k) for c, k in places if isinstance(c, list)]
            if not lists:
                continue
            container, key = lists[draw(st.integers(0, len(lists) - 1))]
            container.append(json.loads(json.dumps(container[key])))
        elif how == "retype":
            container[key] = draw(st.sampled_from(ODD_VALUES))
        elif how == "repoint":
            refs = [(c, k) for c, k in places if k in ("id", "parent_id", "why_id")]
            if not refs:
                continue
            container, key = refs[draw(st.integers(0, len(refs) - 1))]
            own = container.get("id")
            container[key] = draw(st.sampled_from([*_ids(document), own, "nowhere", "x" * 70, "Ab_-9"]))
        elif how == "envelope":
            change = draw(st.sampled_from(["version", "extra", "format"]))
            if change == "version":
                document["version"] = draw(st.sampled_from([True, 0, -1, "1", 2, 1.0, None]))
            elif change == "extra":
                document[draw(st.sampled_from(["extra", "\x1b]0;owned\x07", "incident "]))] = 1
            else:
                document["format"] = draw(st.sampled_from(["", "escalation-tui/incidents", None]))
        else:
            continue
        applied.append(f"{how} {key!r}")
    text = json.dumps(document, ensure_ascii=draw(st.booleans()), indent=draw(st.sampled_from([None, 2])))
    text = text.replace(f'"{BIG}"', "9" * 5000).replace(f'"{DEEP}"', "[" * 100_000 + "]" * 100_000)
    return text, applied


def write_document(path, text: str) -> None:
    # surrogatepass: a lone surrogate written raw makes a file that is not UTF-8 (refused)
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
