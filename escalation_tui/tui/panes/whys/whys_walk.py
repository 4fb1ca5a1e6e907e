"""The 5 Whys walkthrough bar: the question, one answer line and a hint, at the foot of the pane.

It only asks and reports what was pressed (messages up); the pane decides what is recorded.
Root cause is ctrl+r, not r: every answer starts with a typed letter, and "rollback…",
"retry storm…" or "rate limit…" must not end the walk on their first key.
"""

from dataclasses import dataclass

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static

from ....domain.models import Why
from ...keys import bindings

HINT = "enter: why again · tab: another cause here · ctrl+r: root cause · esc: stop"


class WhyInput(Input):
    """The answer line. Its keys say what to do with the answer; leaving it ends the walk."""

    BINDINGS = bindings("whys", widget="answer")

    @dataclass
    class Answered(Message):
        """An answer to record: one level deeper (enter) or at the same level (tab)."""

        text: str
        deeper: bool

    @dataclass
    class RootCause(Message):
        """ctrl+r: the typed answer (or, if none, the last one) is a root cause; the walk ends."""

        text: str

    @dataclass
    class Stopped(Message):
        pass

    @property
    def answer(self) -> str:
        return self.value.strip()

    async def action_submit(self) -> None:
        self.post_message(self.Answered(self.answer, deeper=True))

    def action_sibling(self) -> None:
        self.post_message(self.Answered(self.answer, deeper=False))

    def action_root_cause(self) -> None:
        self.post_message(self.RootCause(self.answer))

    def action_stop(self) -> None:
        self.post_message(self.Stopped())

    def on_blur(self, event: events.Blur) -> None:
        # Focus gone to another widget of this screen (not a dialog on top, not the terminal losing focus).
        focused = self.screen.focused
        if focused is not None and focused is not self:
            self.post_message(self.Stopped())


class WhyWalk(Vertical):
    """Question, answer line, hint or message: shown at the foot of the pane while walking."""

    def compose(self) -> ComposeResult:
        yield Static(id="walk-question")
        yield WhyInput(placeholder="the answer, in a few words", id="walk-answer", compact=True)
        yield Static(Content(HINT), id="walk-message")

    @property
    def answer(self) -> WhyInput:
        return self.query_one(WhyInput)

    def ask(self, question: Content, message: Content | None = None, error: bool = False) -> None:
        self.query_one("#walk-question", Static).update(question)
        self.say(message, error)

    def say(self, message: Content | str | None = None, error: bool = False) -> None:
        """A message under the answer line (an error in the error colour); None brings the hint back."""
        line = self.query_one("#walk-message", Static)
        line.update(Content(message) if isinstance(message, str) else message or Content(HINT))
        line.set_class(error, "-error")
        line.set_class(message is not None and not error, "-note")


@dataclass
class Walk:
    """Where the walkthrough is: the chain of answers down to the one being asked about."""

    path: list[str]  # why ids from the first answer to the subject; [] asks about the problem
    problem: str | None = None  # the problem's id (None: the first problem, the summary)
    last: str | None = None  # the last answer recorded in this walk (what ctrl+r marks)
    message: Content | None = None
    error: bool = False

    @property
    def subject(self) -> str | None:
        return self.path[-1] if self.path else None

    def tell(self, message: Content | str | None, error: bool = False) -> None:
        self.message = Content(message) if isinstance(message, str) else message
        self.error = error

    def forget_missing(self, whys: list[Why], problem_ids: set[str]) -> None:
        """After an undo (or a change elsewhere) removed answers or the problem, ask about
        what is left (a problem gone: the first problem)."""
        if self.problem is not None and self.problem not in problem_ids:
            self.problem = None
        ids = {w.id for w in whys}
        kept = next((i for i, why_id in enumerate(self.path) if why_id not in ids), len(self.path))
        del self.path[kept:]
        if self.last not in ids:
            self.last = None
