"""Pane 3: the 5 Whys tree from the problem statement down, and the walkthrough that grows it.

The tree's root is the problem (the incident summary, or the title while there is none).
`w` (a war-room key) starts the walkthrough at the selected answer; the pane's own keys
edit, delete, mark root causes and turn a cause into an action item.
"""

from collections.abc import Callable
from datetime import UTC, datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static, Tree

from ....domain.models import Incident, Why
from ....domain.text import first_line
from ....domain.whys import SUGGESTED_DEPTH, chain, depth, subtree_ids
from ....errors import EscalationError, LockBusy
from ....service import IncidentSession
from ...controls.nav import restore_tree_cursor
from ...controls.pane import Pane
from ...dialogs.base import Dialog
from ...dialogs.confirm import ConfirmDialog
from ...keys import bindings
from .why_action_dialog import WhyActionDialog
from .why_text_dialog import WhyTextDialog
from .whys_tree import WhysTree, level, problem_statement
from .whys_walk import Walk, WhyInput, WhyWalk

EMPTY_ANSWER = "Type an answer first: nothing was recorded (esc stops the walkthrough)."
QUOTE_WIDTH = 120  # a statement quoted in a question or message


class WhysPane(Pane):
    pane_id = "whys"
    number = "3"
    title = "5 Whys (★ root cause)"
    short = "Whys"
    BINDINGS = bindings("whys")

    def __init__(self) -> None:
        super().__init__()
        self.walk: Walk | None = None
        self.collapsed: set[str] = set()  # kept across rebuilds, which happen after every change
        self.select_next: str | None = None  # the answer to put the cursor on after the next rebuild

    def compose(self) -> ComposeResult:
        yield WhysTree(Text("Problem"), id="whys-tree")
        yield Static(id="whys-detail")
        yield WhyWalk(id="whys-walk")

    @property
    def tree(self) -> WhysTree:
        return self.query_one(WhysTree)

    @property
    def bar(self) -> WhyWalk:
        return self.query_one(WhyWalk)

    @property
    def selected(self) -> Why | None:
        node = self.tree.cursor_node
        return node.data if node is not None else None

    # -- showing ---------------------------------------------------------------
    def show(self, incident: Incident) -> None:
        tree = self.tree
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
            self.walk.forget_missing(incident.whys)
            self.ask()
        self.call_after_refresh(self.describe)

    @on(Tree.NodeHighlighted)
    def describe(self) -> None:
        """The detail line: how deep the selected answer is, whether it is a root cause, its actions."""
        self.refresh_bindings()
        incident, why = self.incident, self.selected
        detail = self.query_one("#whys-detail", Static)
        if incident is None:
            return
        if why is None:
            node = self.tree.cursor_node
            is_problem = node is None or node.is_root
            text = "The problem (the incident summary): e edits it, w asks why it happened."
            detail.update(Content(text if is_problem else "w asks the first why."))
            return
        facts = [level(depth(incident.whys, why.id))]
        if why.is_root_cause:
            facts.append("★ root cause")
        linked = sum(a.why_id == why.id for a in incident.actions)
        if linked:
            facts.append(f"{linked} action{'s' if linked > 1 else ''}")
        detail.update(
            Content.from_markup("[b]$facts[/b]: $statement", facts=" · ".join(facts), statement=why.statement)
        )

    @on(Tree.NodeCollapsed)
    def collapsed_node(self, event: Tree.NodeCollapsed) -> None:
        if isinstance(event.node.data, Why):
            self.collapsed.add(event.node.data.id)

    @on(Tree.NodeExpanded)
    def expanded_node(self, event: Tree.NodeExpanded) -> None:
        if isinstance(event.node.data, Why):
            self.collapsed.discard(event.node.data.id)

    # -- keys outside the walkthrough ----------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "delete", "toggle_root_cause", "add_action"):
            if self.walk is not None or self.incident is None:
                return False
            return action == "edit" or self.selected is not None
        return True

    def action_edit(self) -> None:
        why, incident = self.selected, self.incident
        if incident is None:
            return
        if why is None:
            dialog = WhyTextDialog(
                "The problem statement",
                incident.summary,
                hint="The incident summary: what is wrong, as users see it. The 5 Whys start here.",
                multiline=True,
            )
            dialog.save = lambda text: self.request_in(
                dialog, lambda s: s.set_text("summary", text), "Problem statement saved"
            )
        else:
            dialog = WhyTextDialog("Edit the answer", why.statement)
            dialog.save = lambda text: self.request_in(
                dialog, lambda s: s.edit_why(why.id, text), "Answer saved"
            )
        self.app.push_screen(dialog)

    def action_delete(self) -> None:
        why, incident = self.selected, self.incident
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
        dialog = WhyActionDialog(why.statement, today=now.astimezone().date())
        dialog.save = lambda fields: self.request_in(
            dialog,
            lambda s: s.add_action(**fields, why_id=why.id),
            f"Action created for “{first_line(why.statement, QUOTE_WIDTH)}”",
        )
        self.app.push_screen(dialog)

    def request_in(self, dialog: Dialog, change: Callable[[IncidentSession], object], done: str) -> None:
        """Apply a dialog's change at once; if it is refused (the service, a full disk), say why in the dialog."""

        def run() -> bool:
            self.apply_now(change, done)
            return True

        dialog.attempt(run)  # on a refusal the dialog stays open with what was typed

    # -- the walkthrough -------------------------------------------------------
    def start_walk(self) -> None:
        """Ask why about the selected answer (or the problem) in the bar at the foot of the pane."""
        incident = self.incident
        if incident is None:
            return
        if self.walk is None:
            why = self.selected
            self.walk = Walk([w.id for w in chain(incident.whys, why.id)] if why else [])
            self.add_class("-walking")
            self.bar.answer.value = ""
            self.ask()
            self.refresh_bindings()
        # The bar was hidden until -walking took effect: focus it once it is laid out.
        self.call_after_refresh(self.bar.answer.focus)

    def ask(self) -> None:
        walk, incident = self.walk, self.incident
        if walk is None or incident is None:
            return
        by_id = {w.id: w for w in incident.whys}
        subject = by_id[walk.subject].statement if walk.subject else problem_statement(incident)
        n = len(walk.path) + 1
        quoted = first_line(subject, QUOTE_WIDTH).rstrip(".!? ")  # "Why did “X.” happen?" reads badly
        question = Content.from_markup(
            "[b]$level[/b] · Why did “$subject” happen?", level=level(n), subject=quoted
        )
        message = walk.message
        if message is None and n > SUGGESTED_DEPTH:
            message = Content.from_markup(
                "Five whys deep. If “$subject” is the root cause, press ctrl+r; or keep asking.",
                subject=first_line(subject, QUOTE_WIDTH),
            )
        self.bar.ask(question, message, error=walk.error)
        self.tree.select_later(self.tree.find(walk.subject))  # the tree shows what is being asked about

    def end_walk(self, select: str | None = None) -> None:
        walk = self.walk
        if walk is None:
            return
        self.walk = None
        self.remove_class("-walking")
        self.bar.answer.value = ""
        self.tree.focus()
        self.tree.select_later(self.tree.find(select or walk.last or walk.subject))
        self.refresh_bindings()
        self.call_after_refresh(self.describe)

    def tell(self, message: Content | str | None, error: bool = False) -> None:
        if self.walk is not None:
            self.walk.tell(message, error)
            self.ask()

    @on(WhyInput.Changed)
    def typing(self, event: WhyInput.Changed) -> None:
        event.stop()
        if self.walk is not None and self.walk.error and event.value:
            self.tell(None)  # the error was about the previous attempt

    @on(WhyInput.Answered)
    def answered(self, event: WhyInput.Answered) -> None:
        event.stop()
        walk = self.walk
        if walk is None:
            return
        if not event.text:
            self.tell(EMPTY_ANSWER, error=True)
            return
        parent = walk.subject

        def record(session: IncidentSession) -> None:
            try:
                new = session.add_why(event.text, parent).whys[-1]
            except LockBusy:
                raise  # the app waits for the other window, then runs this again
            except EscalationError as error:
                self.tell(str(error), error=True)  # what was typed stays in the answer line
                return
            walk.last = new.id
            self.bar.answer.value = ""
            if event.deeper:
                walk.path.append(new.id)
                walk.tell(None)
            else:
                walk.tell(
                    Content.from_markup(
                        "Recorded “$answer”. Another cause at this level? Type it; enter on it goes deeper.",
                        answer=first_line(new.statement, QUOTE_WIDTH),
                    )
                )

        self.request(record)

    @on(WhyInput.RootCause)
    def root_cause(self, event: WhyInput.RootCause) -> None:
        event.stop()
        walk = self.walk
        if walk is None:
            return
        target = walk.last or walk.subject
        if not event.text and target is None:
            self.tell("Type the answer first: the problem itself cannot be its own root cause.", error=True)
            return
        parent = walk.subject

        def mark(session: IncidentSession) -> None:
            why_id = target
            try:
                if event.text:  # record the typed answer first (it stays recorded if marking fails)
                    why_id = walk.last = session.add_why(event.text, parent).whys[-1].id
                    self.bar.answer.value = ""
                if not any(w.id == why_id and w.is_root_cause for w in session.incident.whys):
                    session.set_root_cause(why_id, True)
            except LockBusy:
                raise  # the app waits for the other window, then runs this again
            except EscalationError as error:
                self.tell(str(error), error=True)
                return
            statement = next(w.statement for w in session.incident.whys if w.id == why_id)
            self.select_next = why_id
            self.end_walk(select=why_id)
            self.notify(
                f"Root cause: {first_line(statement, QUOTE_WIDTH)} (a creates an action for it)", markup=False
            )

        self.request(mark)

    @on(WhyInput.Stopped)
    def stopped(self, event: WhyInput.Stopped) -> None:
        event.stop()
        self.end_walk()
