"""Pane 3: the 5 Whys tree from the problem statement down, and the walkthrough that grows it.

The tree's root is the problem (the incident summary, or the title while there is none); `p`
adds another problem, and then each problem heads its own tree. `w` (a war-room key) starts
the walkthrough at the selected answer (asking which problem when none is selected); the
pane's own keys edit, delete, mark root causes and turn a cause into an action item.
"""

from datetime import UTC, datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static, Tree

from ....domain.models import Incident, Why
from ....domain.text import first_line
from ....domain.whys import ProblemView, depth, problem_statement, subtree_ids, tree_of
from ....service import IncidentSession
from ...controls.nav import restore_tree_cursor
from ...controls.pane import same_items
from ...dialogs.confirm import ConfirmDialog
from ...dialogs.text_entry import TextEntryDialog
from ...keys import bindings
from .why_action_dialog import WhyActionDialog
from .whys_tree import WhysTree, level
from .whys_walk import WhyWalk
from .whys_walkthrough import QUOTE_WIDTH, WalkthroughPane


class WhysPane(WalkthroughPane):
    pane_id = "whys"
    number = "3"
    title = "5 Whys (★ root cause)"
    short = "Whys"
    BINDINGS = bindings("whys")

    def __init__(self) -> None:
        super().__init__()
        self.collapsed: set[str] = set()  # kept across rebuilds, which happen after every change
        self.detail_shown: Content | None = None
        self.shown_from: tuple | None = None  # what the tree was last built from

    def compose(self) -> ComposeResult:
        yield WhysTree(Text("Problem"), id="whys-tree")
        yield Static(id="whys-detail")
        yield WhyWalk(id="whys-walk")

    # -- showing ---------------------------------------------------------------
    def show(self, incident: Incident) -> None:
        tree = self.whys_tree
        styles = (tree.style("problem"), tree.style("root-cause"), tree.style("depth"))
        heads = (problem_statement(incident), incident.problems)
        source = (incident.whys, heads, set(self.collapsed), styles)
        if self.walk is None and self.select_next is None and self.shown_from is not None:
            (old_whys, *old_rest), (whys, *rest) = self.shown_from, source
            if old_rest == rest and same_items(old_whys, whys):
                # A change elsewhere: rebuilding the tree cost a layout and a frame per key.
                # The detail line counts the answer's actions: that may have changed.
                self.describe()
                return
        self.shown_from = source
        line = tree.cursor_line
        keep = (
            self.select_next
            or (self.walk.subject if self.walk else None)
            or getattr(self.selected, "id", None)
        )
        self.select_next = None
        nodes = tree.build(incident, self.collapsed)
        if keep in nodes:  # the same answer stays selected when others are added or removed above it
            tree.select_later(nodes[keep])
        else:
            restore_tree_cursor(tree, line)
        if self.walk is not None:
            self.walk.forget_missing(incident.whys, {p.id for p in incident.problems})
            self.ask()
        self.call_after_refresh(self.describe)

    @on(Tree.NodeHighlighted)
    def describe(self) -> None:
        """The detail line: how deep the selected answer is, whether it is a root cause, its actions."""
        self.refresh_bindings()
        incident, why = self.incident, self.selected
        if incident is None:
            return
        if why is None:
            node = self.whys_tree.cursor_node
            data = node.data if node is not None else None
            if isinstance(data, ProblemView) and data.id is not None:
                text = "A problem: e rewords it, d deletes it, w asks why it happened, p adds another."
            elif node is None or isinstance(data, ProblemView):
                text = "The problem (the incident summary): e edits it, w asks why, p adds another."
            else:
                text = "w asks the first why."
            self.show_detail(Content(text))
            return
        facts = [level(depth(incident.whys, why.id))]
        if why.is_root_cause:
            facts.append("★ root cause")
        linked = sum(a.why_id == why.id for a in incident.actions)
        if linked:
            facts.append(f"{linked} action{'s' if linked > 1 else ''}")
        self.show_detail(
            Content.from_markup("[b]$facts[/b]: $statement", facts=" · ".join(facts), statement=why.statement)
        )

    def show_detail(self, content: Content) -> None:
        """Update the detail line only when it reads differently: every change describes
        again, and an update re-lays out the pane (another frame before the key is done)."""
        shown = self.detail_shown
        if shown is None or shown.plain != content.plain or shown.spans != content.spans:
            self.detail_shown = content
            self.query_one("#whys-detail", Static).update(content)

    @on(Tree.NodeCollapsed)
    def collapsed_node(self, event: Tree.NodeCollapsed) -> None:
        if isinstance(event.node.data, Why | ProblemView) and event.node.data.id is not None:
            self.collapsed.add(event.node.data.id)

    @on(Tree.NodeExpanded)
    def expanded_node(self, event: Tree.NodeExpanded) -> None:
        if isinstance(event.node.data, Why | ProblemView) and event.node.data.id is not None:
            self.collapsed.discard(event.node.data.id)

    @property
    def extra_problem(self) -> ProblemView | None:
        """The problem under the cursor when it is one added with p (not the summary)."""
        node = self.whys_tree.cursor_node
        data = node.data if node is not None else None
        return data if isinstance(data, ProblemView) and data.id is not None else None

    # -- keys outside the walkthrough ----------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "delete", "toggle_root_cause", "add_action", "add_problem"):
            if self.walk is not None or self.incident is None:
                return False
            if action == "delete":
                return self.selected is not None or self.extra_problem is not None
            return action in ("edit", "add_problem") or self.selected is not None
        return True

    def action_add_problem(self) -> None:
        def save(text: str) -> None:
            def add(session: IncidentSession) -> None:
                self.select_next = session.add_problem(text).problems[-1].id

            self.apply_now(add, "Problem added: w asks why it happened")

        self.app.push_screen(
            TextEntryDialog(
                "Another problem",
                save,
                hint="A question the review must answer besides the summary's, e.g. "
                "“Why did the restore take 18 hours?” Each problem gets its own 5 Whys.",
            )
        )

    def action_edit(self) -> None:
        why, incident = self.selected, self.incident
        if incident is None:
            return
        problem = self.extra_problem
        if why is None and problem is not None and problem.id is not None:
            problem_id = problem.id
            dialog = TextEntryDialog(
                "Reword the problem",
                lambda text: self.apply_now(lambda s: s.edit_problem(problem_id, text), "Problem saved"),
                problem.statement,
            )
        elif why is None:
            dialog = TextEntryDialog(
                "The problem statement",
                lambda text: self.apply_now(lambda s: s.set_text("summary", text), "Problem statement saved"),
                incident.summary,
                hint="The incident summary: what is wrong, as users see it. The 5 Whys start here.",
                multiline=True,
            )
        else:
            dialog = TextEntryDialog(
                "Edit the answer",
                lambda text: self.apply_now(lambda s: s.edit_why(why.id, text), "Answer saved"),
                why.statement,
            )
        self.app.push_screen(dialog)

    def action_delete(self) -> None:
        why, incident = self.selected, self.incident
        if why is None and self.extra_problem is not None:
            self.delete_problem(self.extra_problem)
            return
        if why is None or incident is None:
            return
        gone = subtree_ids(incident.whys, why.id)
        below = len(gone) - 1
        extra = f" and the {below} answer{'s' if below > 1 else ''} below it" if below else ""
        linked = sum(a.why_id in gone for a in incident.actions)
        unlinked = f"{linked} linked action item{'s' if linked > 1 else ''} stay, without the link."
        question = Content.from_markup(
            "Delete [b]“$statement”[/b]$extra?\n\n"
            + ("$unlinked\n" if linked else "")
            + "ctrl+z brings it back.",
            statement=why.statement,
            extra=extra,
            unlinked=unlinked,
        )

        def answered(yes: bool | None) -> None:
            if yes:
                done = f"Deleted “{first_line(why.statement, QUOTE_WIDTH)}”{extra} (ctrl+z brings it back)"
                self.request(lambda s: s.remove_why(why.id), done)

        self.app.push_screen(ConfirmDialog(question, yes="Delete"), answered)

    def action_toggle_root_cause(self) -> None:
        why = self.selected
        if why is not None:
            mark = not why.is_root_cause
            done = "Marked as a root cause: a creates an action for it" if mark else "No longer a root cause"
            self.request(lambda s: s.set_root_cause(why.id, mark), done)

    def action_add_action(self) -> None:
        why = self.selected
        if why is None:
            return
        now = self.now or datetime.now(UTC)
        done = f"Action created for “{first_line(why.statement, QUOTE_WIDTH)}”"

        def save(fields: dict) -> None:
            self.apply_now(lambda s: s.add_action(**fields, why_id=why.id), done)

        self.app.push_screen(WhyActionDialog(why.statement, now.astimezone().date(), save))

    def delete_problem(self, problem: ProblemView) -> None:
        incident, problem_id = self.incident, problem.id
        if incident is None or problem_id is None:
            return
        count = len(tree_of(incident.whys, problem_id))
        extra = f" and its {count} answer{'s' if count > 1 else ''}" if count else ""
        question = Content.from_markup(
            "Delete the problem [b]“$statement”[/b]$extra?\n\nctrl+z brings it back.",
            statement=problem.statement,
            extra=extra,
        )

        def answered(yes: bool | None) -> None:
            if yes:
                done = f"Deleted the problem “{first_line(problem.statement, QUOTE_WIDTH)}”{extra}"
                self.request(lambda s: s.remove_problem(problem_id), done)

        self.app.push_screen(ConfirmDialog(question, yes="Delete"), answered)
