"""The checklist's list: phase headers and items as options, styled from the theme."""

from typing import ClassVar

from rich.style import Style
from textual import events

from ....domain.enums import Phase
from ....domain.models import ChecklistItem
from ...controls.nav import VimOptionList
from ...textual_internals import measure_option_lines
from .checklist_rows import RowStyles

Target = Phase | ChecklistItem


class ChecklistList(VimOptionList):
    """Options are phase headers ('phase:<phase>') and items ('item:<id>')."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "checklist--phase",
        "checklist--current",
        "checklist--done",
        "checklist--next",
        "checklist--detail",
        "checklist--captured",
        "checklist--bar-done",
        "checklist--bar-todo",
    }

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.targets: dict[str, Target] = {}
        self.clicked = False  # the next OptionSelected comes from the mouse, not from enter

    def measure_lines(self) -> None:
        """Count the rows' lines now, as adding options does, after prompts were replaced in
        place: a row that grew (a note added) then scrolls and lays out like a new one."""
        measure_option_lines(self)

    def row_styles(self) -> RowStyles:
        names = ("phase", "current", "done", "next", "detail", "captured", "bar-done", "bar-todo")
        return RowStyles(*(self.blended_style(f"checklist--{name}") for name in names))

    def blended_style(self, component: str) -> Style:
        """The component's style for Rich Text. A Rich colour has no alpha (a 60% grey comes out
        white), so a translucent colour is blended onto this widget's background first."""
        styles = self.get_component_styles(component)
        style = styles.partial_rich_style
        if styles.has_rule("color") and styles.color.a < 1:
            style += Style(color=(self.colors[2] + styles.color).rich_color)
        return style

    @property
    def target(self) -> Target | None:
        option = self.highlighted_option
        return self.targets.get(option.id or "") if option else None

    def on_click(self, event: events.Click) -> None:
        """OptionList selects what is clicked; remember it, so the pane does not tick an item for it."""
        index = event.style.meta.get("option")
        self.clicked = index is not None and not self.get_option_at_index(index).disabled
