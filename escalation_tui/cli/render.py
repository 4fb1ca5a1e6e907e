"""Plain-text views of incidents for the terminal (list rows, show, status line)."""

from collections.abc import Sequence
from datetime import date, datetime

from ..domain.cadence import Cadences, cadence_for, countdown, next_update_due
from ..domain.clock_text import finished_label, format_offset, format_span
from ..domain.confidential import LABEL as CONFIDENTIAL
from ..domain.confidential import hidden
from ..domain.drafts import update_headline
from ..domain.enums import Phase
from ..domain.followup import FollowUp
from ..domain.metrics import compute_metrics
from ..domain.models import Incident
from ..domain.summary import Listed
from ..domain.text import first_line
from ..domain.timeline import in_time_order
from ..domain.whys import depth, problems
from ..status_snapshot import Parts


def _age(incident: Listed, now: datetime) -> str:
    """Declaration to resolution (or now), in the one duration format: 20:14, 1d 0:14."""
    end = incident.milestones.resolved or now
    return format_span(end - incident.milestones.declared)


def _due(incident: Listed, now: datetime, cadences: Cadences) -> str:
    if incident.is_open:
        return countdown(incident, now, cadences).label()
    m = incident.milestones
    return finished_label(m.declared, m.resolved, m.closed)


def _table(rows: Sequence[tuple[str, ...]]) -> str:
    """Left-aligned columns; the last column is free width."""
    widths = [max(len(r[c]) for r in rows) for c in range(len(rows[0]) - 1)]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(r[:-1], widths, strict=True)) + "  " + r[-1] for r in rows
    )


def _title_cell(incident: Listed, title: str, confidential_ok: bool, width: int) -> str:
    """The title, marked when the incident is confidential; only the mark when it must not show."""
    if hidden(incident, confidential_ok):
        return f"[{CONFIDENTIAL}]"
    mark = "[confidential] " if incident.confidential else ""
    return mark + first_line(title, width)


def follow_up_rows(rows: list[FollowUp], today: date) -> str:
    """Only rows the person may see: a confidential incident's items are left out before."""
    header = ("DUE", "", "P", "TYPE", "STATUS", "OWNER", "INCIDENT", "TITLE")
    body = [
        (
            r.action.due.isoformat() if r.action.due else "no date",
            "OVERDUE" if r.overdue(today) else "",
            r.action.priority.value,
            r.action.type.value,
            r.action.status.label,
            r.action.owner or "no owner",
            r.incident.id,
            _title_cell(r.incident, r.action.title, True, 60),
        )
        for r in rows
    ]
    return _table([header, *body])


def follow_up_json(row: FollowUp, today: date) -> dict:
    """Only rows the person may see, as follow_up_rows."""
    return {
        "incident": row.incident.id,
        "incident_title": row.incident.title,
        "confidential": row.incident.confidential,
        **row.action.model_dump(mode="json"),
        "overdue": row.overdue(today),
    }


def list_rows(
    incidents: Sequence[Listed], now: datetime, cadences: Cadences, confidential_ok: bool = False
) -> str:
    header = ("ID", "SEV", "KIND", "PHASE", "AGE", "NEXT UPDATE", "TITLE")
    rows = [header] + [
        (
            i.id,
            i.severity.value,
            i.kind.value,
            i.phase.value,
            _age(i, now),
            _due(i, now, cadences),
            _title_cell(i, i.title, confidential_ok, 50),
        )
        for i in incidents
    ]
    return _table(rows)


def status_parts(incident: Listed, cadences: Cadences) -> Parts:
    """For a status bar others can see: a confidential incident never shows its title here.
    In parts, with the next update's due time, so that `status` can keep them (status_snapshot)."""
    title = CONFIDENTIAL if incident.confidential else first_line(incident.title, 30)
    head = f"{incident.severity} {title} "
    if not incident.is_open:
        return head, None, f"{incident.status}"
    return head, next_update_due(incident, cadences), None


def _when(at: datetime | None) -> str:
    return at.astimezone().strftime("%Y-%m-%d %H:%M %Z") if at else "—"


def show_text(incident: Incident, now: datetime, cadences: Cadences) -> str:
    i = incident
    m = i.milestones
    metrics = compute_metrics(i, now, cadences)
    out = [
        f"{i.severity} · {i.kind} · {i.title}",
        f"id {i.id} · phase {i.phase.number} {i.phase.label} · {i.status} · age {_age(i, now)}"
        + (" · CONFIDENTIAL" if i.confidential else ""),
        f"commander: {i.roles.commander or '—'} · comms: {i.roles.comms or '—'} · "
        f"scribe: {i.roles.scribe or '—'}" + "".join(f" · {r.role}: {r.name}" for r in i.roles.others),
        f"updates: {cadence_for(i, cadences).describe()} · {_due(i, now, cadences)}",
        "",
        "Milestones: " + " · ".join(f"{k} {_when(getattr(m, k))}" for k in type(m).model_fields),
    ]
    if i.links:
        out += ["", "Links:", *(f"  {link.label}: {link.url}" for link in i.links)]
    for label, text in (
        ("Summary", i.summary),
        ("Impact", i.impact),
        ("Affected", i.affected),
        ("Tried", i.tried),
        ("Detection", i.detection),
        ("Trigger", i.trigger),
        ("Resolution", i.resolution),
    ):
        if text:
            out += ["", f"{label}:", *(f"  {line}" for line in text.splitlines())]
    out += ["", "Checklist:"]
    for phase in Phase:
        items = [c for c in i.checklist if c.phase == phase]
        done = sum(c.done for c in items)
        out.append(f"  {phase.number} {phase.label} {done}/{len(items)}")
        for c in items:
            out.append(f"    [{'x' if c.done else ' '}] {c.text}  · id {c.id}")
            out += _indented(c.note, "        note: ") if c.note else []
    judged = (
        f"{metrics.updates_on_time} of {metrics.updates_judged} on time"
        if metrics.updates_judged
        else "no cadence in force"
    )
    out += ["", f"Stakeholder updates ({metrics.updates_sent}, {judged}):"]
    updates = sorted(i.updates, key=lambda u: u.sent_at)
    for u in updates:
        head = f"  {_when(u.sent_at)} {u.audience}: "
        # one sent with several lines is shown whole, its further lines under the first
        out += _indented(u.text, head) if "\n" in u.text else [head + update_headline(u.text, 70)]
    out += [] if updates else ["  none yet"]
    out += ["", "5 Whys:"]
    out += _whys(i)
    out += ["", "Action items:"]
    out += [
        f"  {a.priority} {a.type:<8} {a.title} · {('@' + a.owner) if a.owner else 'no owner'} · "
        f"{a.due.isoformat() if a.due else 'no due date'} · {a.status.label} · id {a.id}"
        for a in i.actions
    ] or ["  none yet"]
    out += ["", f"Timeline ({len(i.timeline)} events):"]
    for e in in_time_order(i.timeline):
        head = f"  {_when(e.at)} {format_offset(e.at - m.declared)} {e.kind:<9} "
        first, *more = e.text.splitlines() or [""]
        out.append(head + first + (f"  ({e.by})" if e.by else ""))
        out += [(" " * len(head) + line).rstrip() for line in more]  # a note's further lines, under its first
    return "\n".join(out)


def _indented(text: str, lead: str) -> list[str]:
    """lead, then the text's lines, the further ones under the first."""
    first, *more = text.splitlines() or [""]
    return [lead + first, *((" " * len(lead) + line).rstrip() for line in more)]


def _whys(incident: Incident) -> list[str]:
    """Each problem (the first is the summary) with its tree; one problem reads as it always did."""
    shown = problems(incident)
    if len(shown) == 1:
        return [_why_line(incident, w) for w in _tree_order(incident, None)] or ["  none yet"]
    out = []
    for n, problem in enumerate(shown, start=1):
        named = f" ({problem.id})" if problem.id else " (the summary)"
        out.append(f"  problem {n}{named}: {first_line(problem.statement, 100)}")
        out += [_why_line(incident, w, indent=2) for w in _tree_order(incident, problem.id)] or [
            "    no whys yet"
        ]
    return out


def _tree_order(incident: Incident, top: str | None):
    def walk(parent):
        for why in (w for w in incident.whys if w.parent_id == parent):
            yield why
            yield from walk(why.id)

    return list(walk(top))


def _why_line(incident: Incident, why, indent: int = 0) -> str:
    level = depth(incident.whys, why.id)
    mark = "  ★ root cause" if why.is_root_cause else ""
    return f"  {' ' * indent}{'  ' * (level - 1)}why {level}: {why.statement}{mark} · id {why.id}"
