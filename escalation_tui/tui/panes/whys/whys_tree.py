"""The 5 Whys tree: the problem at the root, answers below, root causes starred, chain depths shown.

With several problems the root is hidden and each problem heads its own tree (the first is the
summary). Every label is Rich Text built from plain strings, so an answer like `[b]x[/b]`
shows as typed.
"""

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.widgets.tree import TreeNode

from ....domain.models import Incident, Why
from ....domain.whys import SUGGESTED_DEPTH, ProblemView, children, problem_statement, problems
from ...controls.nav import VimTree

__all__ = ["WhysTree", "level", "problem_statement"]


def level(n: int) -> str:
    """'why 3 of 5'; past the suggested depth, 'why 6 (past 5)'."""
    return f"why {n} of {SUGGESTED_DEPTH}" if n <= SUGGESTED_DEPTH else f"why {n} (past {SUGGESTED_DEPTH})"


class WhysTree(VimTree[Why | ProblemView | None]):
    COMPONENT_CLASSES: ClassVar[set[str]] = {"whys--root-cause", "whys--problem", "whys--depth"}

    def style(self, name: str) -> Style:
        return self.get_component_rich_style(f"whys--{name}", partial=True)

    def build(self, incident: Incident, collapsed: set[str]) -> dict[str, TreeNode]:
        """Rebuild every node from the incident; returns the nodes by why (and problem) id."""
        self.clear()
        shown = problems(incident)
        self.show_root = len(shown) == 1
        self.root.data = shown[0]
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

        if len(shown) == 1:
            add(self.root, None, 1)
            if not incident.whys:
                self.root.add_leaf(Text("No answers yet: press w to ask why", style="italic"))
        else:
            for n, problem in enumerate(shown, start=1):
                label = Text.assemble(
                    (f"Problem {n}: ", self.style("depth")), (problem.statement, self.style("problem"))
                )
                head = self.root.add(label, data=problem, expand=problem.id not in collapsed)
                if problem.id is not None:
                    nodes[problem.id] = head
                add(head, problem.id, 1)
                if not head.children:
                    head.add_leaf(Text("No answers yet: press w to ask why", style="italic"))
        self.root.expand()
        return nodes

    def label(self, why: Why, n: int, is_end: bool) -> Text:
        """★ first, so a long statement cannot push it out of view; the end of a chain says how
        deep it went."""
        root = self.style("root-cause") if why.is_root_cause else ""
        parts: list[tuple[str, str | Style]] = [
            ("★ " if why.is_root_cause else "", root),
            (why.statement, root),
        ]
        if is_end or why.is_root_cause:
            parts.append((f"  why {n}/{SUGGESTED_DEPTH}", self.style("depth")))
        return Text.assemble(*parts)

    def find(self, why_id: str | None, problem_id: str | None = None) -> TreeNode | None:
        """The node of this answer, or (for None) of the problem, if it is in the tree."""
        if why_id is None and self.show_root:
            return self.root
        stack = [self.root]
        while stack:
            node = stack.pop()
            data = node.data
            if why_id is None and isinstance(data, ProblemView) and data.id == problem_id and node.parent:
                return node
            if why_id is not None and isinstance(data, Why) and data.id == why_id:
                return node
            stack.extend(node.children)
        return None

    def select_later(self, node: TreeNode | None) -> None:
        """Put the cursor on the node once its line is known (after the next refresh), if it is
        still shown."""

        def move() -> None:
            if node is not None and self.get_node_by_id(node.id) is node and node.line >= 0:
                self.move_cursor(node)

        self.call_after_refresh(move)
