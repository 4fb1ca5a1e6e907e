"""The handoff summary as Markdown that reads as plain text too (CLI, file, TUI screen).

Every user string is escaped for where it lands (export/escape.py), so a title or a note
cannot add headings, links or HTML to a summary pasted into a chat or a wiki.
"""

from datetime import UTC, datetime

from ..domain.clock_text import format_offset
from ..domain.enums import Phase
from ..domain.handoff import DEFAULT_LOOKBACK, SINCE_GIVEN, SINCE_HANDOFF, SINCE_LOOKBACK, Handoff
from ..domain.models import ActionItem
from .escape import code_span, escape_block, escape_heading, escape_inline, escape_list_item

_NONE = "—"
_SINCE = {
    SINCE_HANDOFF: "the last handoff",
    SINCE_LOOKBACK: f"the last {DEFAULT_LOOKBACK.seconds // 3600} hours; no earlier handoff",
    SINCE_GIVEN: "as asked",
}


def _stamp(at: datetime) -> str:
    return f"{at.astimezone(UTC):%Y-%m-%d %H:%M} UTC"


def _time(at: datetime, now: datetime) -> str:
    """03:10 UTC today, else the date too."""
    at, now = at.astimezone(UTC), now.astimezone(UTC)
    return f"{at:%H:%M} UTC" if at.date() == now.date() else _stamp(at)


def _bullets(lines: list[str], empty: str) -> str:
    return "\n".join(f"- {line}" for line in lines) if lines else f"_{empty}_"


def _action(action: ActionItem, overdue: bool) -> str:
    owner = f"@{escape_inline(action.owner)}" if action.owner else "no owner"
    due = f"due {action.due.isoformat()}" if action.due else "no due date"
    mark = "**OVERDUE** " if overdue else ""
    return (
        f"{mark}{action.priority.value} {action.type.value}: {escape_list_item(action.title)} "
        f"({owner}, {due}, {action.status.label})"
    )


def render_handoff(handoff: Handoff) -> str:
    h = handoff
    i = h.incident
    now = h.at
    phase: Phase = i.phase
    since_what = _SINCE[h.since_source]
    roles = [
        f"Commander: {escape_inline(i.roles.commander) or _NONE}",
        f"Comms lead: {escape_inline(i.roles.comms) or _NONE}",
        f"Scribe: {escape_inline(i.roles.scribe) or _NONE}",
        *(f"{escape_inline(o.role)}: {escape_inline(o.name)}" for o in i.roles.others),
    ]
    blocks = [
        f"# Handoff: {escape_heading(i.title)}",
        (
            f"{i.severity.value} · {i.kind.value}{' · confidential' if i.confidential else ''} · "
            f"{i.status} · phase {phase.number} of {len(Phase)}: {phase.label} · "
            f"{format_offset(now - i.milestones.declared)} since declared · "
            f"incident {code_span(i.id)}\\\n"
            f"Summary as of {_stamp(now)}; changes since {_stamp(h.since)} ({since_what})."
        ),
    ]
    if i.summary:
        blocks += ["## Situation", escape_block(i.summary)]
    blocks += ["## Roles", _bullets(roles, "")]
    blocks += ["## Stakeholder updates", _bullets(_updates(h), "")]
    if i.links:
        blocks += [
            "## Links",
            _bullets([f"{escape_inline(link.label)}: {code_span(link.url)}" for link in i.links], ""),
        ]
    blocks += [
        f"## Open checklist items (phase {phase.number}: {phase.label})",
        _bullets([escape_list_item(c.text) for c in h.open_checks], "all done in this phase"),
        "## Open action items",
        _bullets(
            [_action(a, True) for a in h.overdue_actions] + [_action(a, False) for a in h.open_actions],
            "none open",
        ),
        "## Open questions (5 Whys without a root cause)",
        _bullets(
            [f"Why? {escape_list_item(w.statement)}" for w in h.open_questions],
            "none: every chain reaches a root cause" if i.whys else "no 5 Whys yet",
        ),
        f"## What changed since {_time(h.since, now)}",
        _bullets(_changes(h), "nothing recorded"),
    ]
    return "\n\n".join(blocks) + "\n"


def _updates(h: Handoff) -> list[str]:
    lines = []
    latest = h.latest_update
    if latest is not None:
        lines.append(
            f"Latest: {_time(latest.sent_at, h.at)} to {latest.audience.value}: "
            f"{escape_list_item(latest.text)}"
        )
    else:
        lines.append("Latest: none sent yet")
    count = h.next_update
    if count.due is None:
        lines.append("Next: no regular updates due")
    elif count.overdue:
        lines.append(f"Next: **OVERDUE** since {_time(count.due, h.at)} ({count.label()})")
    else:
        lines.append(f"Next: due {_time(count.due, h.at)} ({count.label()})")
    return lines


def _changes(h: Handoff) -> list[str]:
    lines = []
    if h.changes_left_out:
        lines.append(f"_{h.changes_left_out} earlier changes left out_")
    for event in h.changes:
        by = f" ({escape_inline(event.by)})" if event.by else ""
        lines.append(f"{_time(event.at, h.at)} {event.kind.value}: {escape_list_item(event.text)}{by}")
    return lines
