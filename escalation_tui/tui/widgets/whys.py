"""Pane 3: the 5 Whys tree from the problem statement down (walkthrough in its own issue)."""

from rich.text import Text
from textual.app import ComposeResult

from ...domain.models import Incident, Why
from ...domain.text import first_line
from ...domain.whys import children
from .nav import VimTree, restore_tree_cursor
from .pane import Pane


class WhysTree(VimTree[Why | None]):
    COMPONENT_CLASSES = {"whys--root-cause", "whys--problem"}


class WhysPane(Pane):
    pane_id = "whys"
    number = "3"
    title = "5 Whys (★ root cause)"
    short = "Whys"

    def compose(self) -> ComposeResult:
        yield WhysTree(Text("Problem"), id="whys-tree")

    def show(self, incident: Incident) -> None:
        tree = self.query_one(WhysTree)
        cursor = tree.cursor_line
        tree.clear()
        problem = first_line(incident.summary, 200) or incident.title
        tree.root.set_label(Text(problem, style=tree.get_component_rich_style("whys--problem", partial=True)))
        root_style = tree.get_component_rich_style("whys--root-cause", partial=True)

        def add(parent, parent_id: str | None) -> None:
            for why in children(incident.whys, parent_id):
                # The star goes first: a long statement must not push it off the pane's edge.
                label = Text.assemble(("★ " if why.is_root_cause else "", root_style), why.statement)
                node = parent.add(label, data=why, expand=True)
                add(node, why.id)
                if not node.children:
                    node.allow_expand = False

        add(tree.root, None)
        tree.root.expand()
        if not incident.whys:
            tree.root.add_leaf(Text("No answers yet: press w to ask why", style="italic"))
        restore_tree_cursor(tree, cursor)
