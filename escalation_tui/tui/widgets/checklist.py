"""Pane 1: the triage checklist, grouped by phase with done/total (interactive in its own issue)."""

from rich.text import Text
from textual.app import ComposeResult

from ...domain.enums import Phase
from ...domain.models import ChecklistItem, Incident
from .nav import VimTree, restore_tree_cursor
from .pane import Pane


class ChecklistTree(VimTree[ChecklistItem | Phase]):
    COMPONENT_CLASSES = {"checklist--current", "checklist--done"}


class ChecklistPane(Pane):
    pane_id = "checklist"
    number = "1"
    title = "Triage checklist"
    short = "Checklist"

    def compose(self) -> ComposeResult:
        tree = ChecklistTree(Text("Checklist"), id="checklist-tree")
        tree.show_root = False
        yield tree

    def show(self, incident: Incident) -> None:
        tree = self.query_one(ChecklistTree)
        cursor = tree.cursor_line
        tree.clear()
        current = tree.get_component_rich_style("checklist--current", partial=True)
        done_style = tree.get_component_rich_style("checklist--done", partial=True)
        for phase in Phase:
            items = [c for c in incident.checklist if c.phase == phase]
            done = sum(c.done for c in items)
            is_current = phase == incident.phase
            label = Text.assemble(
                (f"{phase.number} {phase.label}", current if is_current else ""),
                f"  {done}/{len(items)}",
                ("  ◂ now" if is_current else "", current),
            )
            node = tree.root.add(label, data=phase, expand=is_current)
            for item in items:
                mark = "[x] " if item.done else "[ ] "
                node.add_leaf(Text(mark + item.text, style=done_style if item.done else ""), data=item)
        restore_tree_cursor(tree, cursor)
