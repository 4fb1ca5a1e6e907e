"""The 5 Whys walkthrough (w): ask why about the selected answer in the bar at the pane's foot,
record each answer (enter goes deeper, tab adds another cause at this level), mark a root
cause (ctrl+r). The base of WhysPane, which adds the tree's own keys.
"""

from textual import on
from textual.content import Content

from ....domain.models import Why
from ....domain.text import first_line
from ....domain.whys import SUGGESTED_DEPTH, ProblemView, chain, problem_of, problems
from ....errors import EscalationError, LockBusy
from ....service import IncidentSession
from ...controls.pane import Pane
from ...dialogs.choice import ChoiceDialog
from .whys_tree import WhysTree, level
from .whys_walk import Walk, WhyInput, WhyWalk

EMPTY_ANSWER = "Type an answer first: nothing was recorded (esc stops the walkthrough)."
QUOTE_WIDTH = 120  # a statement quoted in a question or message


class WalkthroughPane(Pane):
    """The tree, the bar and the walkthrough's state; the pane subclass draws and describes."""

    def __init__(self) -> None:
        super().__init__()
        self.walk: Walk | None = None
        self.select_next: str | None = None  # the answer to put the cursor on after the next rebuild

    @property
    def whys_tree(self) -> WhysTree:
        return self.query_one(WhysTree)

    @property
    def bar(self) -> WhyWalk:
        return self.query_one(WhyWalk)

    @property
    def selected(self) -> Why | None:
        node = self.whys_tree.cursor_node
        return node.data if node is not None and isinstance(node.data, Why) else None

    @property
    def selected_problem(self) -> ProblemView | None:
        """The problem under the cursor, or the one the selected answer belongs to."""
        incident = self.incident
        if incident is None:
            return None
        shown = problems(incident)
        node = self.whys_tree.cursor_node
        if node is not None and node.data is None and node.parent is not None:
            node = node.parent  # the "no answers yet" line under a problem
        data = node.data if node is not None else None
        if isinstance(data, ProblemView):
            wanted = data.id
        elif isinstance(data, Why):
            wanted = problem_of(incident.whys, data.id)
        else:
            return shown[0]
        return next((p for p in shown if p.id == wanted), shown[0])

    def describe(self) -> None:
        """The detail line under the tree (WhysPane)."""

    # -- the walkthrough -------------------------------------------------------
    def start_walk(self) -> None:
        """Ask why about the selected answer (or a problem) in the bar at the foot of the pane;
        with several problems and no answer selected, first ask which problem."""
        incident = self.incident
        if incident is None:
            return
        if self.walk is None and self.selected is None and len(problems(incident)) > 1:
            self.pick_problem()
            return
        self.walk_from(self.selected, self.selected_problem)

    def pick_problem(self) -> None:
        incident, current = self.incident, self.selected_problem
        if incident is None:
            return
        shown = problems(incident)
        choices = [
            (n, f"Problem {n + 1}: {first_line(p.statement, QUOTE_WIDTH)}") for n, p in enumerate(shown)
        ]

        def picked(index: int | None) -> None:
            if index is not None and self.incident is not None and self.walk is None:
                now = problems(self.incident)
                if index < len(now):
                    self.walk_from(None, now[index])

        first = shown.index(current) if current else 0
        self.app.push_screen(ChoiceDialog("Ask why about which problem?", choices, first), picked)

    def walk_from(self, why: Why | None, problem: ProblemView | None) -> None:
        incident = self.incident
        if incident is None:
            return
        if self.walk is None:
            path = [w.id for w in chain(incident.whys, why.id)] if why else []
            self.walk = Walk(path, problem=problem.id if problem else None)
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
        if walk.subject:
            subject = by_id[walk.subject].statement
        else:
            shown = problems(incident)
            subject = next((p.statement for p in shown if p.id == walk.problem), shown[0].statement)
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
        # the tree shows what is being asked about
        self.whys_tree.select_later(self.whys_tree.find(walk.subject, walk.problem))

    def end_walk(self, select: str | None = None) -> None:
        walk = self.walk
        if walk is None:
            return
        self.walk = None
        self.remove_class("-walking")
        self.bar.answer.value = ""
        self.whys_tree.focus()
        self.whys_tree.select_later(self.whys_tree.find(select or walk.last or walk.subject, walk.problem))
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
        parent = walk.subject or walk.problem

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
        parent = walk.subject or walk.problem

        def mark(session: IncidentSession) -> None:
            why_id = target
            try:
                if event.text:  # record the typed answer first (it stays recorded if marking fails)
                    why_id = walk.last = session.add_why(event.text, parent).whys[-1].id
                    self.bar.answer.value = ""
                if why_id is None:
                    return  # nothing typed and nothing to mark (checked before the change was asked for)
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
