"""The 5 Whys tree: the problem at the root, answers below, root causes starred, chain depths shown.

Every label is Rich Text built from plain strings, so an answer like `[b]x[/b]` shows as typed.
"""

from rich.text import Text
from textual.widgets.tree import TreeNode

from ....domain.models import Incident, Why
from ....domain.text import first_line
from ....domain.whys import SUGGESTED_DEPTH, children
from ...controls.nav import VimTree


def problem_statement(incident: Incident) -> str:
    """The root of the tree: the incident summary's first line, or the title while there is none."""
    return first_line(incident.summary, 200) or incident.title


def level(n: int) -> str:
    """'why 3 of 5'; past the suggested depth, 'why 6 (past 5)'."""
    return f"why {n} of {SUGGESTED_DEPTH}" if n <= SUGGESTED_DEPTH else f"why {n} (past {SUGGESTED_DEPTH})"


class WhysTree(VimTree[Why | None]):
    COMPONENT_CLASSES = {"whys--root-cause", "whys--problem", "whys--depth"}

    def style(self, name: str):
        return self.get_component_rich_style(f"whys--{name}", partial=True)

    def build(self, incident: Incident, collapsed: set[str]) -> dict[str, TreeNode]:
        """Rebuild every node from the incident; returns the nodes by why id."""
        self.clear()
        self.root.set_label(Text(problem_statement(incident), style=self.style("problem")))
        nodes: dict[str, TreeNode] = {}

        def add(parent: TreeNode, parent_id: str | None, n: int) -> None:
            for why in children(incident.whys, parent_id):
                node = parent.add(Text(), data=why, expand=why.id not in collapsed)
                nodes[why.id] = node
                add(node, why.id, n + 1)
                if not node.children:
                    node.allow_expand = False
                node.set_label(self.label(why, n, is_end=not node.children))

        add(self.root, None, 1)
        self.root.expand()
        if not incident.whys:
            self.root.add_leaf(Text("No answers yet: press w to ask why", style="italic"))
        return nodes

    def label(self, why: Why, n: int, is_end: bool) -> Text:
        """★ first, so a long statement cannot push it out of view; the end of a chain says how deep it went."""
        root = self.style("root-cause") if why.is_root_cause else ""
        parts: list[tuple[str, object]] = [("★ " if why.is_root_cause else "", root), (why.statement, root)]
        if is_end or why.is_root_cause:
            parts.append((f"  why {n}/{SUGGESTED_DEPTH}", self.style("depth")))
        return Text.assemble(*parts)

    def find(self, why_id: str | None) -> TreeNode | None:
        """The node of this answer (the root for None), if it is in the tree."""
        if why_id is None:
            return self.root
        stack = [self.root]
        while stack:
            node = stack.pop()
            if isinstance(node.data, Why) and node.data.id == why_id:
                return node
            stack.extend(node.children)
        return None

    def select_later(self, node: TreeNode | None) -> None:
        """Put the cursor on the node once its line is known (after the next refresh), if it is still shown."""

        def move() -> None:
            if node is not None and self.get_node_by_id(node.id) is node and node.line >= 0:
                self.move_cursor(node)

        self.call_after_refresh(move)
