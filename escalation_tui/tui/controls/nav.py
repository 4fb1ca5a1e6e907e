"""Lists, tables and trees with vim-style j/k on top of the arrow keys."""

from typing import Generic, TypeVar

from textual.widgets import DataTable, OptionList, Tree

from ..keys import bindings

NodeData = TypeVar("NodeData")


class VimDataTable(DataTable):
    BINDINGS = bindings("nav")


class VimTree(Tree[NodeData], Generic[NodeData]):
    BINDINGS = bindings("nav")


class VimOptionList(OptionList):
    BINDINGS = bindings("nav")


def restore_tree_cursor(tree: Tree, line: int) -> None:
    """Put the cursor back where it was before a rebuild (clamped to the new size)."""

    def move() -> None:
        if tree.last_line >= 0:
            tree.move_cursor_to_line(max(0, min(line, tree.last_line)))

    tree.call_after_refresh(move)
