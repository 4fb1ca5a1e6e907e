"""Lists, tables and trees with vim-style j/k on top of the arrow keys."""

from typing import Generic, TypeVar

from textual.widget import Widget
from textual.widgets import DataTable, OptionList, Tree

from ..keys import bindings
from .same_frame import report_now, report_scrollbars_now

NodeData = TypeVar("NodeData")


class FocusInOneFrame(Widget):
    """Gaining or losing focus restyles the widget (`:focus` rules) and its scrollbars: their
    repaints go in the frame that shows the focus move (same_frame.py)."""

    def watch_has_focus(self, has_focus: bool) -> None:
        super().watch_has_focus(has_focus)  # restyles it (`:focus` rules)
        report_now(self)
        report_scrollbars_now(self)


class VimDataTable(DataTable, FocusInOneFrame):
    BINDINGS = bindings("nav")


class VimTree(Tree[NodeData], FocusInOneFrame, Generic[NodeData]):
    BINDINGS = bindings("nav")


class VimOptionList(OptionList, FocusInOneFrame):
    BINDINGS = bindings("nav")


def restore_tree_cursor(tree: Tree, line: int) -> None:
    """Put the cursor back where it was before a rebuild (clamped to the new size)."""

    def move() -> None:
        if tree.last_line >= 0:
            tree.move_cursor_to_line(max(0, min(line, tree.last_line)))

    tree.call_after_refresh(move)
