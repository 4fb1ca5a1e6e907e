"""Lists, tables and trees with vim-style j/k on top of the arrow keys."""

from typing import Generic, TypeVar

from textual import events
from textual.widget import Widget
from textual.widgets import OptionList, Tree

from ..keys import bindings
from ..textual_internals import default_prevented, grow_tree_lines
from .kept_cells import KeepsDrawnCells
from .same_frame import report_now, report_scrollbars_now

NodeData = TypeVar("NodeData")


class FocusInOneFrame(Widget):
    """Gaining or losing focus restyles the widget (`:focus` rules) and its scrollbars: their
    repaints go in the frame that shows the focus move (same_frame.py)."""

    def watch_has_focus(self, has_focus: bool) -> None:
        super().watch_has_focus(has_focus)  # restyles it (`:focus` rules)
        report_now(self)
        report_scrollbars_now(self)


def keep_rows_if_only_taller_or_shorter(
    widget: Widget, event: events.Resize, rendered_at: tuple[int, int] | None
) -> tuple[int, int]:
    """DataTable and OptionList throw away every rendered row on any resize, but their rows
    depend on the width alone: opening the timeline (the panes above it lose height) drew
    every visible row of every pane again. A resize that keeps the widths (the widget's, and
    inside its scrollbar, which a shorter list may gain) keeps the rows."""
    widths = (event.size.width, widget.scrollable_content_region.width)
    if widths == rendered_at:
        event.prevent_default()  # the base class's handler, which clears the caches, is skipped
    return widths


class VimDataTable(KeepsDrawnCells, FocusInOneFrame):
    BINDINGS = bindings("nav")
    rows_widths: tuple[int, int] | None = None

    def on_resize(self, event: events.Resize) -> None:
        self.rows_widths = keep_rows_if_only_taller_or_shorter(self, event, self.rows_widths)


class VimTree(Tree[NodeData], FocusInOneFrame, Generic[NodeData]):
    BINDINGS = bindings("nav")
    rows_widths: tuple[int, int] | None = None

    def on_resize(self, event: events.Resize) -> None:
        self.rows_widths = keep_rows_if_only_taller_or_shorter(self, event, self.rows_widths)
        if default_prevented(event):
            grow_tree_lines(self, event.size.height)  # as Tree's handler would, without the relayout


class VimOptionList(OptionList, FocusInOneFrame):
    BINDINGS = bindings("nav")
    rows_widths: tuple[int, int] | None = None

    def on_resize(self, event: events.Resize) -> None:
        self.rows_widths = keep_rows_if_only_taller_or_shorter(self, event, self.rows_widths)


def restore_tree_cursor(tree: Tree, line: int) -> None:
    """Put the cursor back where it was before a rebuild (clamped to the new size)."""

    def move() -> None:
        if tree.last_line >= 0:
            tree.move_cursor_to_line(max(0, min(line, tree.last_line)))

    tree.call_after_refresh(move)
