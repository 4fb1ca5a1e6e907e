"""The blameless post-mortem as Markdown (CommonMark + GFM tables).

``render_postmortem(incident, now)`` is a pure function: the same incident and ``now`` always
give the same text. ``now`` is the only clock it reads (for "so far" durations, the longest
silence of an open incident, and the "Generated" line); every time is shown in UTC.

Sections follow the Google SRE example post-mortem and Atlassian's template (issue 8): title
and metadata, summary, impact, detection, response and containment, the response as Mermaid
diagrams (export/picture.py), timeline (significant events only), root cause (per problem:
5 Whys chains and contributing factors), trigger, resolution and validation, lessons, action
items, stakeholder updates, metrics, checklist completion. A section with nothing recorded
says what is missing instead of disappearing, so the author sees the gap before publishing.

Every user string goes through ``export.escape`` for the place it lands; the headings and
table shapes are ours alone, whatever the user typed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from ..domain.cadence import Cadences, cadence_for, format_minutes
from ..domain.cadence_history import cadence_at
from ..domain.clock_text import format_offset
from ..domain.enums import ActionStatus, EventKind, Milestone, Phase, Priority
from ..domain.metrics import Metrics, compute_metrics
from ..domain.models import Incident, TimelineEvent, Why
from ..domain.significance import is_significant
from ..domain.whys import ProblemView, chain, problems
from .escape import code_span, escape_block, escape_cell, escape_heading, escape_inline, escape_list_item
from .mermaid import diagram
from .picture import Mark, plan

__all__ = ["CONFIDENTIAL_BANNER", "format_duration", "render_postmortem"]

CONFIDENTIAL_BANNER = (
    "> **Confidential.** This post-mortem is about a confidential escalation. Share it only "
    "with the people who need to know; keep it out of public channels, wikis and tickets."
)

_PRIORITY_ORDER = {p: i for i, p in enumerate(Priority)}
_NONE = "—"


# -- small formatters ------------------------------------------------------------------


def _utc(at: datetime) -> datetime:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("times must be timezone-aware")
    return at.astimezone(UTC)


def _stamp(at: datetime) -> str:
    """2026-11-28 02:20 UTC"""
    return f"{_utc(at):%Y-%m-%d %H:%M} UTC"


def format_duration(delta: timedelta) -> str:
    """45 s, 18 min, 1 h 05 min, 2 d 3 h 10 min (whole seconds, rounded down)."""
    total = int(delta.total_seconds())
    sign = "-" if total < 0 else ""
    total = abs(total)
    if total < 60:
        return f"{sign}{total} s"
    minutes = total // 60
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{sign}{days} d {hours} h {minutes:02d} min"
    if hours:
        return f"{sign}{hours} h {minutes:02d} min"
    return f"{sign}{minutes} min"


@dataclass(frozen=True)
class _Clock:
    """Times relative to the declaration, for the timeline and the lists built from it."""

    declared: datetime

    def time(self, at: datetime) -> str:
        """02:22 on the day of the declaration, else 2026-11-29 02:22."""
        at = _utc(at)
        same_day = at.date() == _utc(self.declared).date()
        return f"{at:%H:%M}" if same_day else f"{at:%Y-%m-%d %H:%M}"

    def offset(self, at: datetime) -> str:
        """-4:40 before the declaration, +0:02 after it, +1d 0:14 past a day (clock_text)."""
        return format_offset(_utc(at) - _utc(self.declared))

    def label(self, at: datetime) -> str:
        """02:22 UTC (+0:02)"""
        return f"{self.time(at)} UTC ({self.offset(at)})"


def _missing(text: str) -> str:
    return f"_{text}_"


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A GFM table; headers and cells must already be escaped (escape_cell)."""
    lines = [_row(headers), _row(["---"] * len(headers))]
    for row in rows:
        if len(row) != len(headers):
            raise ValueError(f"row has {len(row)} cells, the table {len(headers)} columns")
        lines.append(_row(row))
    return "\n".join(lines)


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _bullets(items: Iterable[str]) -> str:
    """A tight bullet list; items must already be escaped (escape_list_item)."""
    return "\n".join(f"- {item}" for item in items)


def _text_or_missing(text: str, missing: str) -> str:
    return escape_block(text) or _missing(missing)


def _item_text(text: str, missing: str, indent: int = 2) -> str:
    escaped = escape_list_item(text, indent=indent)
    return escaped or _missing(missing)


# -- the document ----------------------------------------------------------------------


def render_postmortem(incident: Incident, now: datetime, cadences: Cadences | None = None) -> str:
    """The post-mortem of ``incident`` as of ``now`` (timezone-aware), as Markdown text.

    ``cadences`` are the team's update cadences (default: the built-in ones).
    """
    now = _utc(now)
    metrics = compute_metrics(incident, now, cadences)
    clock = _Clock(incident.milestones.declared)
    blocks: list[str] = []
    if incident.confidential:
        blocks.append(CONFIDENTIAL_BANNER)
    blocks += _title_and_metadata(incident, now)
    blocks += _links(incident)
    blocks += _summary(incident)
    blocks += _impact(incident, now)
    blocks += _detection(incident, clock)
    blocks += _response(incident, clock)
    blocks += _first_hour(incident)
    blocks += _timeline(incident, clock)
    blocks += _root_cause(incident)
    blocks += _trigger(incident)
    blocks += _resolution(incident)
    blocks += _lessons(incident)
    blocks += _action_items(incident)
    blocks += _updates(incident, metrics, clock, cadences)
    blocks += _metrics(incident, metrics)
    blocks += _checklist(incident)
    return "\n\n".join(blocks) + "\n"


def _title_and_metadata(incident: Incident, now: datetime) -> list[str]:
    m = incident.milestones
    roles = incident.roles

    def when(at: datetime | None, missing: str) -> str:
        return _stamp(at) if at else _missing(missing)

    start, start_name = (m.impact_started, "impact start") if m.impact_started else (m.declared, "declared")
    if m.resolved:
        duration = f"{format_duration(m.resolved - start)} ({start_name} to resolved)"
    else:
        duration = f"{format_duration(now - start)} so far (not resolved yet)"

    authors: list[str] = []
    if roles.commander:
        authors.append(f"{escape_cell(roles.commander)} (commander)")
    if roles.comms:
        authors.append(f"{escape_cell(roles.comms)} (comms)")
    if roles.scribe:
        authors.append(f"{escape_cell(roles.scribe)} (scribe)")
    for other in roles.others:
        authors.append(f"{escape_cell(other.name)} ({escape_cell(other.role)})")

    phase = incident.phase
    rows = [
        ("Incident", code_span(incident.id, in_table=True)),
        ("Severity", incident.severity.value),
        ("Kind", incident.kind.value + (" (confidential)" if incident.confidential else "")),
        ("Status", f"{incident.status}, phase {phase.number} of {len(Phase)}: {escape_cell(phase.label)}"),
        ("Impact started", when(m.impact_started, "not recorded")),
        ("Declared", _stamp(m.declared)),
        ("Acknowledged", when(m.acknowledged, "not yet")),
        ("Contained", when(m.contained, "not yet")),
        ("Resolved", when(m.resolved, "not yet")),
        ("Closed", when(m.closed, "not yet")),
        ("Duration", duration),
        ("Commander", escape_cell(roles.commander) or _missing("not named")),
        ("Comms", escape_cell(roles.comms) or _missing("not named")),
        ("Scribe", escape_cell(roles.scribe) or _missing("not named")),
        ("Authors", ", ".join(authors) or _missing("nobody named yet")),
        ("Generated", _stamp(now)),
    ]
    return [f"# Post-mortem: {escape_heading(incident.title)}", _table(("Field", "Value"), rows)]


def _links(incident: Incident) -> list[str]:
    """Addresses as code spans: shown literally, never a live link or any other markup."""
    if not incident.links:
        return []
    rows = [(escape_cell(link.label), code_span(link.url, in_table=True)) for link in incident.links]
    return ["## Links", _table(("Link", "Address"), rows)]


def _summary(incident: Incident) -> list[str]:
    return [
        "## Summary",
        _text_or_missing(incident.summary, "No summary recorded yet — add one before publishing."),
    ]


def _impact(incident: Incident, now: datetime) -> list[str]:
    m = incident.milestones
    start, start_name = (
        (m.impact_started, "impact start") if m.impact_started else (m.declared, "declaration")
    )
    parts = [f"impact started {_stamp(m.impact_started)}"] if m.impact_started else []
    parts.append(f"declared {_stamp(m.declared)}")
    if m.contained:
        parts.append(f"contained after {format_duration(m.contained - start)}")
    else:
        parts.append("not contained yet")
    if m.resolved:
        how_long = f"{format_duration(m.resolved - start)} from {start_name} to resolution"
        parts.append(f"resolved {_stamp(m.resolved)}")
    else:
        how_long = f"{format_duration(now - start)} so far"
        parts.append(f"not resolved at {_stamp(now)}")
    items = [
        "**What:** " + _item_text(incident.impact, "not recorded yet — say what is broken and how badly"),
        "**Who is affected:** "
        + _item_text(incident.affected, "not recorded yet — say which users, regions or customers"),
        f"**How long:** {how_long} ({'; '.join(parts)})",
    ]
    return ["## Impact", _bullets(items)]


def _events(incident: Incident, *kinds: EventKind) -> list[TimelineEvent]:
    return sorted((e for e in incident.timeline if e.kind in kinds), key=lambda e: e.at)


def _event_items(events: list[TimelineEvent], clock: _Clock) -> str:
    items = []
    for event in events:
        prefix = f"{clock.label(event.at)}: "
        items.append(prefix + escape_list_item(event.text))
    return _bullets(items)


def _detection(incident: Incident, clock: _Clock) -> list[str]:
    symptoms = _events(incident, EventKind.SYMPTOM)
    return [
        "## Detection",
        _text_or_missing(
            incident.detection,
            "How the problem was detected is not recorded yet — say whether an alert, "
            "a customer or a colleague noticed it, and when.",
        ),
        "### Symptoms logged",
        _event_items(symptoms, clock) if symptoms else _missing("No symptoms were logged in the timeline."),
    ]


def _response(incident: Incident, clock: _Clock) -> list[str]:
    m = incident.milestones
    if m.contained:
        containment = (
            f"Contained at {_stamp(m.contained)}, "
            f"{format_duration(m.contained - m.declared)} after the incident was declared."
        )
    else:
        containment = _missing(
            "Not contained yet — record the contained milestone once the damage stops growing."
        )
    decisions = _events(incident, EventKind.DECISION)
    return [
        "## Response and containment",
        "### What was tried",
        _text_or_missing(
            incident.tried, "Nothing recorded yet — list what was tried, including what did not help."
        ),
        "### Containment",
        containment,
        "### Decisions",
        _event_items(decisions, clock)
        if decisions
        else _missing("No decisions were logged in the timeline."),
    ]


def _milestone_of(event: TimelineEvent) -> Milestone | None:
    """The milestone a milestone event records ("Declared SEV1 ...", "Impact started"), if any."""
    if event.kind != EventKind.MILESTONE:
        return None
    text = event.text.lower()
    return next((m for m in Milestone if text.startswith(m.label.lower())), None)


def _timeline_rows(incident: Incident) -> tuple[list[tuple[TimelineEvent, Milestone | None]], int]:
    """The significant events in time order, each with the milestone it records (bold), and
    how many bookkeeping events were left out.

    Each recorded milestone shows exactly once, at its recorded time, with the text of its
    latest event: an older store stamped the event a few milliseconds after the milestone, a
    back-filled milestone was recorded long after it happened, an undone one was recorded twice.
    """
    latest = {_milestone_of(e): i for i, e in enumerate(incident.timeline)}
    rows: list[tuple[TimelineEvent, Milestone | None]] = []
    left_out = 0
    for i, event in enumerate(incident.timeline):
        milestone = _milestone_of(event)
        if milestone is not None:
            at = incident.milestones.get(milestone)
            if at is not None and latest[milestone] == i:
                rows.append((event.model_copy(update={"at": at}), milestone))
        elif is_significant(event):
            rows.append((event, None))
        else:
            left_out += 1
    for milestone in Milestone:  # recorded without an event (e.g. imported): a row of its own
        at = incident.milestones.get(milestone)
        if at is not None and milestone not in latest:
            rows.append((TimelineEvent(at=at, kind=EventKind.MILESTONE, text=milestone.label), milestone))
    return sorted(rows, key=lambda row: row[0].at), left_out  # stable: recorded order within a time


def _timeline(incident: Incident, clock: _Clock) -> list[str]:
    rows = []
    events, left_out = _timeline_rows(incident)
    for event, milestone in events:
        kind = f"**{milestone.label.lower()}**" if milestone else event.kind.value
        rows.append((clock.time(event.at), clock.offset(event.at), kind, escape_cell(event.text)))
    blocks = [
        "## Timeline",
        f"All times UTC. The second column is the time since the incident was declared "
        f"({_stamp(incident.milestones.declared)}); milestones are in bold.",
        _table(("Time (UTC)", "Since declared", "Kind", "Event"), rows),
    ]
    if left_out:
        blocks.append(
            f"_{left_out} bookkeeping event{'s' if left_out != 1 else ''} (checklist ticks, edits, undo, "
            f"cadence and lesson changes) left out; `escalation-tui show {incident.id}` lists every event._"
        )
    return blocks


def _first_hour(incident: Incident) -> list[str]:
    """The picture of the response: the first hour alone, or the whole response and then the
    first hour on its own scale; marks outside both are stated, not drawn to scale."""
    drawn = plan(incident)
    fence = "```mermaid\n{}\n```".format
    if len(drawn.pictures) == 1:
        blocks = [
            "## The first hour",
            "Impact start, declaration, milestones, stakeholder updates, findings and decisions on "
            "one time axis (UTC); the bar is the first 60 minutes after the declaration.",
            fence(diagram(incident, drawn.pictures[0])),
        ]
    else:
        whole, hour = drawn.pictures
        blocks = [
            "## The response",
            "The whole response, from the "
            + ("impact start" if incident.milestones.impact_started else "declaration")
            + " to the "
            + ("resolution" if incident.milestones.resolved else "last mark")
            + ": milestones, stakeholder updates, findings and decisions on one time axis (UTC); "
            "marks too close to tell apart share one mark.",
            fence(diagram(incident, whole, alone=False)),
            "### The first hour",
            "The first 60 minutes after the declaration on their own scale.",
            fence(diagram(incident, hour, alone=False)),
        ]
    if drawn.not_drawn:
        blocks.append(_bullets([_stated(incident, mark) for mark in drawn.not_drawn]))
    return blocks


def _stated(incident: Incident, mark: Mark) -> str:
    m = incident.milestones
    anchor, what = (
        (m.resolved, "resolution") if m.resolved and mark.at > m.resolved else (m.declared, "declaration")
    )
    side = "after" if mark.at >= anchor else "before"
    return (
        f"Not drawn to scale: **{mark.name}** at {_stamp(mark.at)}, "
        f"{format_duration(abs(mark.at - anchor))} {side} the {what}."
    )


def _trigger(incident: Incident) -> list[str]:
    return [
        "## Trigger",
        _text_or_missing(
            incident.trigger,
            "No trigger recorded yet — say what set the incident off (a deploy, a config change, "
            "a traffic spike), as distinct from its root cause.",
        ),
    ]


def _walk(whys: list[Why], top: set[str | None]) -> list[Why]:
    """Every why, depth first from the answers whose parent is in `top`, in the order added."""
    ordered: list[Why] = []
    seen: set[str] = set()

    def visit(why: Why) -> None:
        if why.id in seen:
            return
        seen.add(why.id)
        ordered.append(why)
        for child in whys:
            if child.parent_id == why.id:
                visit(child)

    for why in whys:
        if why.parent_id in top:
            visit(why)
    return ordered


def _trees(incident: Incident) -> list[tuple[ProblemView, list[Why]]]:
    """Each problem with the whys of its tree; an answer whose parent is missing (the model
    refuses one; a copy made without validation may hold one) goes with the first problem."""
    shown = problems(incident)
    known = {p.id for p in shown}
    ids = {w.id for w in incident.whys}
    stray = {w.parent_id for w in incident.whys if w.parent_id not in ids and w.parent_id not in known}
    trees = [(p, _walk(incident.whys, {p.id})) for p in shown]
    trees[0] = (shown[0], _walk(incident.whys, {None, *stray}))
    placed = {w.id for _, tree in trees for w in tree}
    trees[0][1].extend(w for w in incident.whys if w.id not in placed)  # anything in a parent cycle
    return trees


def _root_cause(incident: Incident) -> list[str]:
    """Per problem: its root-cause chains, then its contributing factors (the other branches of
    its tree). One problem reads as it did before problems were first-class."""
    trees = _trees(incident)
    several = len(trees) > 1
    blocks = ["## Root cause"]
    if not incident.whys:
        blocks.append(
            _missing(
                "No 5 Whys recorded yet — ask why the problem happened "
                "until you reach a cause you can act on."
            )
        )
    elif not any(w.is_root_cause for w in incident.whys):
        blocks.append(
            _missing("No root cause marked yet — mark the why that is the root cause in the 5 Whys pane.")
        )
    else:
        blocks.append("Each chain walks from the problem to a root cause, one “why?” at a time (5 Whys).")
    sub = "####" if several else "###"
    for number, (problem, tree) in enumerate(trees, start=1):
        if several:
            blocks.append(f"### Problem {number}: {escape_heading(problem.statement)}")
            if not tree:
                blocks.append(_missing("No 5 Whys for this problem yet."))
                continue
        chains = [chain(tree, w.id) for w in tree if w.is_root_cause]
        if several and not chains:
            blocks.append(_missing("No root cause marked yet for this problem."))
        for n, steps in enumerate(chains, start=1):
            blocks += [f"{sub} Root-cause chain {n}"]
            if not several:
                blocks.append(f"**Problem:** {escape_inline(incident.title)}")
            blocks.append(_chain_steps(steps))
        blocks += [f"{sub} Contributing factors", _factors(tree, chains)]
    return blocks


def _chain_steps(chain: list[Why]) -> str:
    steps = []
    for step, why in enumerate(chain, start=1):
        marker = f"{step}. "
        text = f"Why? {escape_list_item(why.statement, indent=len(marker))}"
        if step == len(chain):
            text += " — **root cause**"
        steps.append(marker + text)
    return "\n".join(steps)


def _factors(tree: list[Why], chains: list[list[Why]]) -> str:
    on_chains = {why.id for chain in chains for why in chain}
    by_id = {w.id: w for w in tree}
    factors = []
    for why in tree:
        if why.id in on_chains:
            continue
        parent = by_id.get(why.parent_id) if why.parent_id else None
        cause_of = (
            f"a cause of: {escape_inline(parent.statement)}" if parent else "a cause of the problem itself"
        )
        factors.append(f"{escape_list_item(why.statement)} ({cause_of})")
    return _bullets(factors) if factors else _missing("No other branches in the 5 Whys.")


def _resolution(incident: Incident) -> list[str]:
    m = incident.milestones
    if m.resolved:
        resolved = f"{_stamp(m.resolved)}, {format_duration(m.resolved - m.declared)} after declaration"
    else:
        resolved = _missing("not resolved yet")
    closed = _stamp(m.closed) if m.closed else _missing("not closed yet")
    checks = [c for c in incident.checklist if c.phase == Phase.RESOLVE]
    items = [f"[{'x' if c.done else ' '}] {escape_list_item(c.text, indent=2)}" for c in checks]
    return [
        "## Resolution and validation",
        _text_or_missing(
            incident.resolution,
            "No resolution recorded yet — describe the fix and how it was validated before publishing.",
        ),
        _bullets([f"**Resolved:** {resolved}", f"**Closed:** {closed}"]),
        "### Validation checklist",
        _bullets(items) if items else _missing("No resolution and validation steps in the checklist."),
    ]


def _lessons(incident: Incident) -> list[str]:
    lessons = incident.lessons
    blocks = ["## Lessons"]
    for heading, items, missing in (
        ("What went well", lessons.went_well, "Nothing recorded yet — add what went well before publishing."),
        (
            "What went wrong",
            lessons.went_wrong,
            "Nothing recorded yet — add what went wrong before publishing.",
        ),
        (
            "Where we got lucky",
            lessons.got_lucky,
            "Nothing recorded yet — add where we got lucky before publishing.",
        ),
    ):
        escaped = [escape_list_item(item) for item in items]
        escaped = [item for item in escaped if item]
        blocks += [f"### {heading}", _bullets(escaped) if escaped else _missing(missing)]
    return blocks


def _action_items(incident: Incident) -> list[str]:
    actions = sorted(incident.actions, key=lambda a: _PRIORITY_ORDER[a.priority])
    if not actions:
        return [
            "## Action items",
            _missing(
                "No action items yet — turn each root cause into an action with an owner and a due date."
            ),
        ]
    by_id = {w.id: w for w in incident.whys}
    counts = {status: sum(a.status == status for a in actions) for status in ActionStatus}
    summary = (
        f"{len(actions)} action item{'s' if len(actions) != 1 else ''}: "
        + ", ".join(f"{counts[status]} {status.label}" for status in ActionStatus)
        + "."
    )
    rows = []
    for action in actions:
        if action.why_id is None:
            cause = _NONE
        elif action.why_id in by_id:
            cause = escape_cell(by_id[action.why_id].statement)
        else:
            cause = _missing("linked why was removed")
        rows.append(
            (
                action.priority.value,
                action.type.value,
                escape_cell(action.title),
                escape_cell(action.owner) or _missing("unassigned"),
                action.due.isoformat() if action.due else _NONE,
                action.status.label,
                cause,
            )
        )
    headers = ("Priority", "Type", "Action", "Owner", "Due", "Status", "Linked cause")
    return ["## Action items", summary, _table(headers, rows)]


def _on_time(metrics: Metrics) -> str:
    sent = metrics.updates_sent
    if not sent:
        return _missing("no updates sent yet")
    if metrics.on_time_ratio is None:
        return f"not judged: no update cadence was in force when the {_plural(sent, 'update')} went out"
    text = f"{metrics.updates_on_time} of {metrics.updates_judged} ({metrics.on_time_ratio:.0%})"
    unjudged = sent - metrics.updates_judged
    if unjudged:
        text += f"; {_plural(unjudged, 'update')} sent while no cadence was in force"
    return text


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def _judgements(incident: Incident, cadences: Cadences | None) -> list[tuple[str, str]]:
    """Per update in time order: the cadence in force when it was sent, and the verdict."""
    rows = []
    previous = None
    for update in sorted(incident.updates, key=lambda u: u.sent_at):
        cadence = cadence_at(incident, update.sent_at, cadences)
        window = cadence.interval if previous is not None else cadence.first_update
        if window is None:
            rows.append(("none", _NONE))
        else:
            due = (previous or incident.milestones.declared) + window
            late = update.sent_at - due
            verdict = "on time" if late <= timedelta(0) else f"late by {format_duration(late)}"
            what = cadence.describe() if previous is not None else f"first within {format_duration(window)}"
            rows.append((what, verdict))
        previous = update.sent_at
    return rows


def _cadence_changes(incident: Incident, clock: _Clock, cadences: Cadences | None) -> list[str]:
    lines = []
    for change in sorted(incident.cadence_changes, key=lambda c: c.at):
        cadence = cadence_at(incident, change.at, cadences)
        what = f"severity {change.severity}" if change.severity is not None else "cadence changed"
        lines.append(f"{clock.label(change.at)}: {what}, updates {cadence.describe()}")
    return lines


def _updates(incident: Incident, metrics: Metrics, clock: _Clock, cadences: Cadences | None) -> list[str]:
    cadence = cadence_for(incident, cadences)
    described = cadence.describe()
    first = cadence.first_update_minutes
    if cadence.interval_minutes and first and first != cadence.interval_minutes:
        described += f", first update within {format_minutes(first)}"
    source = (
        "set for this incident" if incident.cadence_minutes is not None else f"{incident.severity} default"
    )
    silence = (
        format_duration(metrics.longest_silence)
        if metrics.longest_silence is not None
        else f"{_NONE} (no update cadence was in force)"
    )
    items = [
        f"**Updates sent:** {metrics.updates_sent}",
        f"**On time:** {_on_time(metrics)} (each judged against the cadence in force when it was sent)",
        f"**Longest silence:** {silence}",
        f"**Cadence:** {described} ({source})",
    ]
    changes = _cadence_changes(incident, clock, cadences)
    if changes:
        at_start = cadence_at(incident, incident.milestones.declared, cadences).describe()
        items.append(f"**Cadence changes:** at the declaration updates {at_start}; " + "; ".join(changes))
    blocks = ["## Stakeholder updates", _bullets(items)]
    updates = sorted(incident.updates, key=lambda u: u.sent_at)
    if updates:
        rows = [
            (
                clock.time(u.sent_at),
                clock.offset(u.sent_at),
                u.audience.value,
                escape_cell(u.text),
                then,
                verdict,
            )
            for u, (then, verdict) in zip(updates, _judgements(incident, cadences), strict=True)
        ]
        headers = ("Sent (UTC)", "Since declared", "Audience", "Update", "Cadence then", "On time")
        blocks.append(_table(headers, rows))
    else:
        blocks.append(_missing("No stakeholder updates were logged."))
    return blocks


def _metrics(incident: Incident, metrics: Metrics) -> list[str]:
    def duration(delta: timedelta | None, missing: str) -> str:
        return format_duration(delta) if delta is not None else _missing(missing)

    done = sum(a.status == ActionStatus.DONE for a in incident.actions)
    known = incident.milestones.impact_started is not None
    from_impact = "impact start not recorded" if not known else None
    rows = [
        ("Impact start to declaration", duration(metrics.time_to_declare, from_impact or "not declared")),
        (
            "Time to acknowledge (from declaration)",
            duration(metrics.time_to_acknowledge, "not acknowledged yet"),
        ),
        (
            "Time to mitigate (from impact start)",
            duration(metrics.time_to_mitigate, from_impact or "not contained yet"),
        ),
        ("Time to mitigate (from declaration)", duration(metrics.time_to_contain, "not contained yet")),
        ("Time to resolve (from declaration)", duration(metrics.time_to_resolve, "not resolved yet")),
        (
            "Duration (from impact start)" if known else "Duration (from declaration)",
            duration(metrics.duration, "not resolved yet"),
        ),
        ("Updates on time", _on_time(metrics)),
        (
            "Longest silence between updates",
            duration(metrics.longest_silence, "no update cadence was in force"),
        ),
        ("Action items done", f"{done} of {len(incident.actions)}"),
    ]
    intro = (
        "Times are measured from the impact start where it says so, otherwise from the declaration."
        if known
        else "Times are measured from the declaration (the impact start was not recorded)."
    )
    return ["## Metrics", intro, _table(("Metric", "Value"), rows)]


def _checklist(incident: Incident) -> list[str]:
    rows = []
    total_done = total = 0
    for phase in Phase:
        items = [c for c in incident.checklist if c.phase == phase]
        done = sum(c.done for c in items)
        total_done += done
        total += len(items)
        rows.append((f"{phase.number}. {escape_cell(phase.label)}", str(done), str(len(items))))
    rows.append(("**All phases**", f"**{total_done}**", f"**{total}**"))
    return ["## Checklist completion", _table(("Phase", "Done", "Total"), rows)]
