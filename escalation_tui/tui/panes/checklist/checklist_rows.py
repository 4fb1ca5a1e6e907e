"""How the checklist pane draws a phase header and an item (Rich renderables, no widgets).

Every piece of user text goes in as rich.text.Text, never parsed as markup. An item's text,
note and captured fact wrap under the text (a hanging indent), not under the checkbox; a
header keeps its progress at the right edge. Both are laid out at whatever width the list
has (two small renderables: a rich Table did the same at several times the cost per row).
"""

from dataclasses import dataclass
from datetime import datetime

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.style import Style
from rich.text import Text

from ....domain.checklist import phase_items
from ....domain.enums import Phase
from ....domain.models import ChecklistItem, Incident
from ...format import first_lines

BAR_WIDTH = 8
NOTE_MAX = 300  # the whole note is in the n dialog; the pane shows enough to recognise it
CAPTURED_MAX = 200
LINES_MAX = 4  # of a note or a captured text: a pasted log stays one item among others


class Hanging:
    """`lead` then `body`, the body's further lines indented to where it started."""

    def __init__(self, lead: Text, body: Text) -> None:
        self.lead, self.body = lead, body

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        indent = self.lead.cell_len
        lines = self.body.wrap(console, max(1, options.max_width - indent))
        pad = Text(" " * indent)
        yield Text("\n", no_wrap=True).join(
            Text.assemble(self.lead if i == 0 else pad, line) for i, line in enumerate(lines)
        )

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(self.lead.cell_len + 1, self.lead.cell_len + self.body.cell_len)


class Spread:
    """`left` wrapped as needed, `right` at the right edge of its first line."""

    def __init__(self, left: Text, right: Text) -> None:
        self.left, self.right = left, right

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        room = max(1, options.max_width - self.right.cell_len - 1)
        lines = self.left.wrap(console, room)
        first = Text.assemble(lines[0], " " * (room - lines[0].cell_len + 1), self.right)
        yield Text("\n", no_wrap=True).join([first, *lines[1:]])

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(self.right.cell_len + 2, self.left.cell_len + self.right.cell_len + 1)


@dataclass(frozen=True)
class RowStyles:
    """Theme styles, read from the list's component classes on every rebuild."""

    phase: Style
    current: Style
    done: Style
    next: Style
    detail: Style
    captured: Style
    bar_done: Style
    bar_todo: Style


def progress_bar(done: int, total: int, styles: RowStyles) -> Text:
    filled = round(BAR_WIDTH * done / total) if total else 0
    return Text.assemble(("█" * filled, styles.bar_done), ("░" * (BAR_WIDTH - filled), styles.bar_todo))


def phase_row(incident: Incident, phase: Phase, expanded: bool, styles: RowStyles) -> Spread:
    """'▾ 1 Acknowledge & contain  ◂ now      ██████░░   6/8'."""
    items = phase_items(incident, phase)
    done = sum(c.done for c in items)
    current = phase == incident.phase
    label = Text.assemble(
        ("▾ " if expanded else "▸ ", styles.phase),
        (f"{phase.number} {phase.label}", styles.current if current else styles.phase),
        ("  ◂ now" if current else "", styles.current),
    )
    return Spread(label, Text.assemble(progress_bar(done, len(items), styles), f" {done:>2}/{len(items):<2}"))


def item_row(
    item: ChecklistItem, incident: Incident, now: datetime, is_next: bool, styles: RowStyles
) -> Hanging:
    """'  ▶ [ ] text', then its note and its captured fact, each on its own wrapped line."""
    style = styles.next if is_next else styles.done if item.done else Style()
    body = Text(item.text, style=style)
    if item.done and item.done_at:
        who = f" {item.done_by}" if item.done_by else ""
        body.append(f"  ✓{done_time(item.done_at, now)}{who}", styles.detail)
    if is_next:
        body.append("  ◂ next", styles.next)
    if item.captures:
        value = getattr(incident, item.captures, "")
        name = item.captures.capitalize()
        if value:
            body.append(f"\n↳ {name}: ", styles.captured)
            body.append(_shorten(value, CAPTURED_MAX), styles.captured)
        elif not item.done:
            body.append(f"\n↳ {name}: not written yet (space writes it)", styles.detail)
    if item.note:
        body.append("\n✎ ", styles.detail)
        body.append(_shorten(item.note, NOTE_MAX), styles.detail)
    lead = Text.assemble(
        ("  ▶ " if is_next else "    ", styles.next), ("[x] " if item.done else "[ ] ", style)
    )
    return Hanging(lead, body)


def done_time(at: datetime, now: datetime) -> str:
    """14:05 today, 12-03 14:05 on another day (local time; the timeline has the seconds)."""
    local, today = at.astimezone(), now.astimezone()
    return f"{local:%H:%M}" if local.date() == today.date() else f"{local:%m-%d %H:%M}"


def empty_row(styles: RowStyles) -> Text:
    return Text("        nothing here yet: a adds an item", styles.detail)


def _shorten(text: str, limit: int) -> str:
    return first_lines(text, LINES_MAX, limit)
