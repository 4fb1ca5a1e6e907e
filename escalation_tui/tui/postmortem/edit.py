"""Editing the post-mortem from its screen: lessons (a, e, d) and the write-up texts, also
from a flagged sentence in the blame check. Each dialog commits its own change (IncidentScreen).
"""

from collections.abc import Callable

from textual import on
from textual.content import Content
from textual.widgets import OptionList

from ...domain.models import LESSON_KINDS
from ...errors import InvalidInput
from ...service import IncidentSession
from ..dialogs.choice import ChoiceDialog
from ..dialogs.confirm import ConfirmDialog
from ..dialogs.text_entry import TextEntryDialog
from .blame import ELSEWHERE, BlameList, editable
from .lessons import LESSON_LABELS, TEXT_LABELS, LessonsList
from .save import SavePostMortem

LESSON_HINT = "Say what happened and what made it possible; name systems and conditions, not people to blame."
TEXT_HINTS = {
    "summary": "What happened, in two or three sentences a stakeholder can follow.",
    "impact": "What was broken, and how badly.",
    "affected": "Which users, regions or customers were affected.",
    "detection": (
        "How was it noticed: an alert, a customer, a colleague? When, and how long after it started?"
    ),
    "tried": "What was tried, including what did not help.",
    "trigger": "What set it off (a deploy, a config push, a traffic spike), apart from its root cause.",
    "resolution": "What fixed it, and how you checked that it was fixed.",
}


def lesson_check(text: str) -> str:
    if not text.strip():
        raise InvalidInput("Type the lesson first (to drop a lesson, press d on it in the list)")
    return text


class EditPostMortem(SavePostMortem):
    """The post-mortem screen's editing keys; the screen gives `show_incident(focus_id)`."""

    def show_incident(self, focus_id: str | None = None) -> None:
        raise NotImplementedError

    def edit(self, dialog: TextEntryDialog, focus_id: Callable[[], str | None] | None = None) -> None:
        """Open a text dialog (it commits its own change); then put the cursor where asked."""

        def closed(result: str | None) -> None:
            if result is not None and focus_id is not None:
                self.show_incident(focus_id())

        self.app.push_screen(dialog, closed)

    def action_add_lesson(self) -> None:
        row = self.query_one(LessonsList).row
        if row is not None and row.key in LESSON_KINDS:
            self.add_lesson(row.key)
            return

        def chosen(kind: str | None) -> None:
            if kind is not None:
                self.add_lesson(kind)

        choices = [(kind, LESSON_LABELS[kind]) for kind in LESSON_KINDS]
        self.app.push_screen(ChoiceDialog("Add a lesson to", choices), chosen)

    def add_lesson(self, kind: str) -> None:
        label = LESSON_LABELS[kind]
        done = f"Lesson added to {label.lower()}"
        dialog = self.lesson_dialog(f"Add to: {label}", lambda s, text: s.add_lesson(kind, text), done)

        def added() -> str:  # the cursor goes to the new lesson, the last of its list
            return f"lesson:{kind}:{len(getattr(self.session.incident.lessons, kind)) - 1}"

        self.edit(dialog, added)

    def edit_lesson(self, kind: str, index: int) -> None:
        text = getattr(self.session.incident.lessons, kind)[index]
        dialog = self.lesson_dialog(
            f"{LESSON_LABELS[kind]} #{index + 1}",
            lambda s, new: s.edit_lesson(kind, index, new),
            "Lesson saved",
            text,
        )
        self.edit(dialog)

    def edit_text(self, field: str) -> None:
        dialog = TextEntryDialog(
            TEXT_LABELS[field],
            lambda new: self.commit(lambda s: s.set_text(field, new), f"{TEXT_LABELS[field]} saved"),
            getattr(self.session.incident, field),
            TEXT_HINTS[field],  # no check: a free text may be cleared
            multiline=True,
            tall=True,
            ask_before_discard=True,
        )
        self.edit(dialog)

    def lesson_dialog(
        self, title: str, change: Callable[[IncidentSession, str], object], done: str, text: str = ""
    ) -> TextEntryDialog:
        """A lesson needs words (to drop one, d on it); typed words are not discarded without asking."""
        return TextEntryDialog(
            title,
            lambda new: self.commit(lambda s: change(s, new), done),
            text,
            LESSON_HINT,
            check=lesson_check,
            multiline=True,
            ask_before_discard=True,
        )

    def action_edit_row(self) -> None:
        row = self.query_one(LessonsList).row
        if row is None:
            return
        if row.what == "lesson":
            self.edit_lesson(row.key, row.index)
        elif row.what == "add":
            self.add_lesson(row.key)
        elif row.what == "text":
            self.edit_text(row.key)

    @on(OptionList.OptionSelected, "#lessons")
    def lesson_selected(self) -> None:
        self.action_edit_row()

    def action_remove_lesson(self) -> None:
        row = self.query_one(LessonsList).row
        if row is None or row.what != "lesson":
            return
        text = getattr(self.session.incident.lessons, row.key)[row.index]

        def answered(yes: bool | None) -> None:
            if yes:
                done = "Lesson removed (ctrl+z brings it back)"
                self.apply(lambda s: s.remove_lesson(row.key, row.index), done)

        question = Content.from_markup("Remove this lesson?\n\n$text", text=text)
        self.app.push_screen(ConfirmDialog(question, yes="Remove"), answered)

    def action_edit_flagged(self) -> None:
        flag = self.query_one(BlameList).flag
        if flag is None:
            return
        if not editable(flag):
            self.notify(f"{flag.where}: {ELSEWHERE.get(flag.ref.split('.')[0], '')}", markup=False)
            return
        parts = flag.ref.split(".")
        if parts[0] == "lessons":
            self.edit_lesson(parts[1], int(parts[2]))
        else:
            self.edit_text(parts[0])

    @on(OptionList.OptionSelected, "#blame")
    def flag_selected(self) -> None:
        self.action_edit_flagged()
