"""The post-mortem screen (x in the war room): lessons and write-up, blame check, preview, save.

Three parts. On a big terminal they are side by side (lessons over blame check, the
preview beside them, so an edit shows in the document at once); below 120x40 one part at
a time, with tabs. 1, 2 and 3 go to a part either way. Every change goes through the
IncidentSession, like the war room's; the saved file is exactly what `render_postmortem`
returns, the same text the preview shows.
"""

from collections.abc import Callable

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Container, Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, OptionList, Static, Tab, Tabs

from ...domain.clock import Clock
from ...domain.models import LESSON_KINDS
from ...export.blameless import BlameFlag, scan_incident
from ...export.markdown import render_postmortem
from ...service import IncidentSession
from ..controls.confidential import ConfidentialBanner
from ..dialogs.choice import ChoiceDialog
from ..dialogs.confirm import ConfirmDialog
from ..keys import bindings
from .blame import ELSEWHERE, BlameList, editable
from .lesson_dialog import LessonDialog
from .lessons import LESSON_LABELS, TEXT_LABELS, LessonsList
from .preview import PostMortemPreview
from .save import SavePostMortem

PARTS = {"lessons": "1 Lessons & write-up", "blame": "2 Blame check", "preview": "3 Preview"}
MAIN = {"lessons": "#lessons", "blame": "#blame", "preview": "#preview-part"}  # what takes focus
# Below either size the parts no longer fit side by side (the war room's threshold).
WIDE_WIDTH, WIDE_HEIGHT = 120, 40
PREVIEW_DELAY = 0.3  # seconds after a change: quick changes (undo, undo) re-render the preview once
LESSON_HINT = "Say what happened and what made it possible; name systems and conditions, not people to blame."
TEXT_HINTS = {
    "summary": "What happened, in two or three sentences a stakeholder can follow.",
    "impact": "What was broken, and how badly.",
    "affected": "Which users, regions or customers were affected.",
    "detection": "How was it noticed: an alert, a customer, a colleague? When, and how long after it started?",
    "tried": "What was tried, including what did not help.",
    "trigger": "What set it off (a deploy, a config push, a traffic spike), apart from its root cause.",
    "resolution": "What fixed it, and how you checked that it was fixed.",
}


class PostMortemScreen(SavePostMortem, Screen[None]):
    KEY_SCOPE = "postmortem"
    BINDINGS = bindings(KEY_SCOPE)

    compact = var(True)
    active_part = var("lessons")

    def __init__(self, session: IncidentSession, clock: Clock) -> None:
        super().__init__()
        self.session = session
        self.clock = clock
        self.preview_stale = True
        self.preview_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield ConfidentialBanner(id="pm-confidential")
        yield Static(id="pm-title")
        tabs = Tabs(*(Tab(label, id=f"tab-{part}") for part, label in PARTS.items()))
        tabs.can_focus = False  # 1, 2 and 3 switch; a focus stop here would only slow tab
        yield tabs
        with Container(id="pm-body"):  # this order places the preview beside the other two
            with Vertical(id="lessons-part", classes="pm-part"):
                yield LessonsList(id="lessons")
            with VerticalScroll(id="preview-part", classes="pm-part"):
                yield PostMortemPreview(id="preview")
            with Vertical(id="blame-part", classes="pm-part"):
                yield Static(id="blame-summary")
                yield BlameList(id="blame")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        for part, label in PARTS.items():
            self.query_one(f"#{part}-part").border_title = Content(label)
        self.compact = self.app.size.width < WIDE_WIDTH or self.app.size.height < WIDE_HEIGHT
        # The lists' Rich Text is styled from the theme: redraw them with a new one.
        self.app.theme_changed_signal.subscribe(self, lambda _: self.show_incident())
        self.show_incident()
        self.sync()
        self.query_one(LessonsList).focus()

    # -- layout -------------------------------------------------------------------------
    def on_resize(self, event: events.Resize) -> None:
        self.compact = event.size.width < WIDE_WIDTH or event.size.height < WIDE_HEIGHT

    def watch_compact(self, compact: bool) -> None:
        self.set_class(compact, "-compact")
        self.sync()

    def watch_active_part(self) -> None:
        self.sync()

    def sync(self) -> None:
        """Classes and the tab bar follow the layout; a preview coming into view is brought up to date."""
        for part in PARTS:
            self.query_one(f"#{part}-part").set_class(part == self.active_part, "-active")
        self.query_one(Tabs).active = f"tab-{self.active_part}"
        if self.preview_shown and self.preview_stale:
            self.refresh_preview()
        self.refresh_bindings()

    @property
    def preview_shown(self) -> bool:
        return not self.compact or self.active_part == "preview"

    @on(Tabs.TabActivated)
    def tab_activated(self, event: Tabs.TabActivated) -> None:
        part = (event.tab.id or "").removeprefix("tab-")
        if part != self.active_part:
            self.action_show_part(part)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Clicking into a part makes it the active one, so the compact layout shows it."""
        for part in PARTS:
            if self.query_one(f"#{part}-part") in event.widget.ancestors_with_self:
                self.active_part = part
                return

    # -- what is shown ------------------------------------------------------------------
    def document(self) -> str:
        """The post-mortem as it would be saved right now."""
        return render_postmortem(self.session.incident, self.clock.now(), self.session.settings.cadences)

    def show_incident(self, focus_id: str | None = None) -> None:
        incident = self.session.incident
        title = Content.from_markup(
            "[b]Post-mortem[/b] · $severity · $title", severity=incident.severity, title=incident.title
        )
        if incident.confidential:
            title += Content.from_markup(" · [b $warning]confidential[/]")
        self.query_one("#pm-title", Static).update(title)
        self.query_one(ConfidentialBanner).incident = incident
        self.query_one(LessonsList).show(incident, focus_id)
        self.show_flags(scan_incident(incident))
        self.preview_stale = True
        if self.preview_shown:
            if self.preview_timer is not None:
                self.preview_timer.stop()
            self.preview_timer = self.set_timer(PREVIEW_DELAY, self.refresh_preview)
        self.refresh_bindings()

    def show_flags(self, flags: list[BlameFlag]) -> None:
        self.query_one(BlameList).show(flags)
        label = f"{PARTS['blame']} ({len(flags)})"
        self.query_one("#tab-blame", Tab).label = Content(label)
        self.query_one("#blame-part").border_title = Content(label)
        if flags:
            many = len(flags) != 1
            summary = (
                f"{len(flags)} sentence{'s' if many else ''} may read as blaming people. "
                f"Nothing is changed for you: reword {'them' if many else 'it'}, or save anyway."
            )
        else:
            summary = "No wording that blames people was found."
        self.query_one("#blame-summary", Static).update(Content(summary))

    @property
    def blame_count(self) -> int:
        return len(self.query_one(BlameList).flags)

    def refresh_preview(self) -> None:
        """Re-render only what changed: the demo's document takes over a second to lay out."""
        self.preview_stale = False
        preview = self.query_one(PostMortemPreview)
        text = self.document()
        if text != preview.source:
            preview.update(text)

    @on(OptionList.OptionHighlighted)
    def highlighted(self) -> None:
        self.refresh_bindings()  # which of e / d apply depends on the row

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.is_mounted:
            return True
        if action in ("add_lesson", "edit_row", "remove_lesson"):
            if self.compact and self.active_part != "lessons":
                return False
            row = self.query_one(LessonsList).row
            if action == "remove_lesson":
                return row is not None and row.what == "lesson"
            return action == "add_lesson" or row is not None
        if action == "edit_flagged":
            flag = self.query_one(BlameList).flag
            shown = not self.compact or self.active_part == "blame"
            return shown and flag is not None and editable(flag)
        if action == "undo":
            return self.session.can_undo
        return True

    # -- changes ------------------------------------------------------------------------
    def apply(self, change: Callable[[], object], done: str) -> None:
        self.app.run_change(change, lambda _: self.changed(done))  # type: ignore[attr-defined]

    def changed(self, done: str) -> None:
        self.show_incident()
        self.notify(done, markup=False)

    def edit(
        self, dialog: LessonDialog, done: str, focus_id: Callable[[], str | None] = lambda: None
    ) -> None:
        """Open a text dialog; once it has saved, show the result and say so."""

        def closed(result: str | None) -> None:
            if result is not None:
                self.show_incident(focus_id())
                self.notify(done, markup=False)

        self.app.push_screen(dialog, closed)

    # -- actions ------------------------------------------------------------------------
    def action_show_part(self, part: str) -> None:
        self.active_part = part
        self.call_after_refresh(self.query_one(MAIN[part]).focus)

    def action_back(self) -> None:
        self.dismiss(None)

    def action_undo(self) -> None:
        self.app.run_change(self.session.undo, lambda undone: self.changed(f"Undone: {undone}"))  # type: ignore[attr-defined]

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
        dialog = LessonDialog(
            f"Add to: {label}", lambda text: self.session.add_lesson(kind, text), hint=LESSON_HINT
        )

        def added() -> str:  # the cursor goes to the new lesson, the last of its list
            return f"lesson:{kind}:{len(getattr(self.session.incident.lessons, kind)) - 1}"

        self.edit(dialog, f"Lesson added to {label.lower()}", added)

    def edit_lesson(self, kind: str, index: int) -> None:
        text = getattr(self.session.incident.lessons, kind)[index]
        dialog = LessonDialog(
            f"{LESSON_LABELS[kind]} #{index + 1}",
            lambda new: self.session.edit_lesson(kind, index, new),
            text=text,
            hint=LESSON_HINT,
        )
        self.edit(dialog, "Lesson saved")

    def edit_text(self, field: str) -> None:
        dialog = LessonDialog(
            TEXT_LABELS[field],
            lambda new: self.session.set_text(field, new),
            text=getattr(self.session.incident, field),
            hint=TEXT_HINTS[field],
            required=False,  # a free text may be cleared
            tall=True,
        )
        self.edit(dialog, f"{TEXT_LABELS[field]} saved")

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
                remove = self.session.remove_lesson
                self.apply(lambda: remove(row.key, row.index), "Lesson removed (ctrl+z brings it back)")

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
