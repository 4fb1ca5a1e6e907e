"""The lessons and write-up list of the post-mortem screen: one option per lesson or text.

The three lesson lists come first (what the post-mortem adds to what the war room
recorded), then the free texts the document needs. Option ids say what a row is:
`lesson:<kind>:<n>`, `add:<kind>`, `text:<field>` (headings are disabled options).
"""

from collections.abc import Callable
from dataclasses import dataclass

from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.widget import Widget
from textual.widgets.option_list import Option

from ...domain.models import LESSON_KINDS, Incident
from ...domain.text import first_line
from ..controls.nav import VimOptionList
from ..keys import bindings

StyleOf = Callable[[str], Style]  # a component class's style, from the theme

LESSON_LABELS = {
    "went_well": "What went well",
    "went_wrong": "What went wrong",
    "got_lucky": "Where we got lucky",
}
# The incident's free texts, in the order the document shows them.
TEXT_LABELS = {
    "summary": "Summary",
    "impact": "Impact: what is broken",
    "affected": "Impact: who is affected",
    "detection": "Detection",
    "tried": "What was tried",
    "trigger": "Trigger",
    "resolution": "Resolution and validation",
}
TEXT_PREVIEW_WIDTH = 160


def theme_style(widget: Widget, component: str) -> Style:
    """A component class's style for Rich Text. A Rich colour has no alpha (a 60% grey comes
    out white), so a translucent colour is blended onto the widget's background first."""
    styles = widget.get_component_styles(component)
    style = styles.partial_rich_style
    if styles.has_rule("color") and styles.color.a < 1:
        style += Style(color=(widget.colors[2] + styles.color).rich_color)
    return style


def hanging(prefix: str, body: Text) -> Table:
    """body after prefix, its wrapped lines indented under the first (user text stays a Text)."""
    grid = Table.grid(expand=True)
    grid.add_column(width=len(prefix), no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(Text(prefix), body)
    return grid


@dataclass(frozen=True)
class Row:
    """What an option of the list stands for."""

    what: str  # "lesson", "add", "text" or "heading"
    key: str  # the lesson kind or the text field
    index: int = -1  # the lesson's position in its list

    @classmethod
    def parse(cls, option_id: str | None) -> "Row | None":
        if not option_id:
            return None
        what, key, *rest = option_id.split(":")
        return cls(what, key, int(rest[0]) if rest else -1)

    @property
    def option_id(self) -> str:
        return f"{self.what}:{self.key}" + (f":{self.index}" if self.what == "lesson" else "")


def lesson_options(incident: Incident, style: StyleOf) -> list[Option]:
    options: list[Option] = []

    def heading(option_id: str, label: str) -> None:
        options.append(Option(Text(label, style=style("lessons--heading")), id=option_id, disabled=True))

    for kind in LESSON_KINDS:
        label = LESSON_LABELS[kind]
        heading(Row("heading", kind).option_id, label)
        for n, lesson in enumerate(getattr(incident.lessons, kind)):
            options.append(Option(hanging("  • ", Text(lesson)), id=Row("lesson", kind, n).option_id))
        add = Text(f"+ add to {label.lower()}", style=style("lessons--missing"))
        options.append(Option(hanging("  ", add), id=Row("add", kind).option_id))
    heading("heading:texts", "Write-up (enter edits)")
    for field, label in TEXT_LABELS.items():
        text = getattr(incident, field)
        shown = first_line(text, TEXT_PREVIEW_WIDTH)
        if len(text.strip().splitlines()) > 1 and not shown.endswith("…"):
            shown += " …"
        value = Text(shown) if shown else Text("not recorded yet", style=style("lessons--missing"))
        body = Text.assemble((f"{label}: ", style("lessons--label")), value)
        options.append(Option(hanging("  ", body), id=Row("text", field).option_id))
    return options


class LessonsList(VimOptionList):
    BINDINGS = bindings("postmortem", widget="lessons")
    COMPONENT_CLASSES = {"lessons--heading", "lessons--missing", "lessons--label"}

    @property
    def row(self) -> Row | None:
        """The row under the cursor."""
        if self.highlighted is None:
            return None
        return Row.parse(self.get_option_at_index(self.highlighted).id)

    def show(self, incident: Incident, focus_id: str | None = None) -> None:
        """Rebuild; the cursor stays on `focus_id`, else on the same row, else nearby."""
        keep_id = focus_id or (self.row.option_id if self.row else None)
        keep_index = self.highlighted or 0
        self.set_options(lesson_options(incident, lambda name: theme_style(self, name)))
        ids = [o.id for o in self.options]
        if keep_id in ids:
            self.highlighted = ids.index(keep_id)
        else:
            index = min(keep_index, len(ids) - 1)
            # the nearest row that can take the cursor (headings cannot)
            while index > 0 and self.get_option_at_index(index).disabled:
                index -= 1
            if self.get_option_at_index(index).disabled:
                index = next(i for i, o in enumerate(self.options) if not o.disabled)
            self.highlighted = index
