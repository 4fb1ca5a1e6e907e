"""The post-mortem screen (x in the war room): lessons and write-up, blame check, preview, save.

Three parts. On a big terminal they are side by side (lessons over blame check, the
preview beside them, so an edit shows in the document at once); below 120x40 one part at
a time, with tabs. 1, 2 and 3 go to a part either way. Every change goes through the
IncidentSession, like the war room's; the saved file is exactly what `render_postmortem`
returns, the same text the preview shows.
"""

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Container, Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import var
from textual.timer import Timer
from textual.widgets import OptionList, Static, Tab, Tabs

from ...domain.blameless import BlameFlag, scan_incident
from ...domain.clock import Clock
from ...export.markdown import render_postmortem
from ...service import IncidentSession
from ..controls.confidential import ConfidentialBanner
from ..controls.key_bar import KeyBar
from ..controls.own_class import set_own_class
from ..keys import bindings
from .blame import BlameList, editable
from .edit import EditPostMortem
from .lessons import LessonsList
from .preview import PostMortemPreview

PARTS = {"lessons": "1 Lessons & write-up", "blame": "2 Blame check", "preview": "3 Preview"}
MAIN = {"lessons": "#lessons", "blame": "#blame", "preview": "#preview-part"}  # what takes focus
PREVIEW_DELAY = 0.3  # seconds after a change: quick changes (undo, undo) re-render the preview once


class PostMortemScreen(EditPostMortem):
    KEY_SCOPE = "postmortem"
    BINDINGS = bindings(KEY_SCOPE)
    PARTS = ".pm-part"

    active_part = var("lessons")

    def __init__(self, session: IncidentSession, clock: Clock) -> None:
        super().__init__(session, clock)
        self.set_reactive(PostMortemScreen.active_part, "lessons")  # compose reads it: no watcher yet
        self.preview_stale = True
        self.preview_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield ConfidentialBanner(id="pm-confidential")
        yield Static(id="pm-title")
        tabs = Tabs(*(Tab(label, id=f"tab-{part}") for part, label in PARTS.items()))
        tabs.can_focus = False  # 1, 2 and 3 switch; a focus stop here would only slow tab
        yield tabs
        with Container(id="pm-body"):  # this order places the preview beside the other two
            with Vertical(id="lessons-part", classes=self.part_classes("lessons")):
                yield LessonsList(id="lessons")
            with VerticalScroll(id="preview-part", classes=self.part_classes("preview")):
                yield PostMortemPreview(id="preview")
            with Vertical(id="blame-part", classes=self.part_classes("blame")):
                yield Static(id="blame-summary")
                yield BlameList(id="blame")
        yield KeyBar(compact=True)

    def part_classes(self, part: str) -> str:
        """Set before mounting: set after, a layout class restyles the part's every widget."""
        return "pm-part -active" if part == self.active_part else "pm-part"

    def on_mount(self) -> None:
        for part, label in PARTS.items():
            self.query_one(f"#{part}-part").border_title = Content(label)
        self.compact = self.is_compact(self.app.size)
        # The lists' Rich Text is styled from the theme: redraw them with a new one.
        self.app.theme_changed_signal.subscribe(self, lambda _: self.show_incident())
        self.show_incident()
        self.sync()
        self.query_one(LessonsList).focus()

    # -- layout (compact or wide: IncidentScreen) ----------------------------------------
    def watch_active_part(self) -> None:
        self.sync()

    def sync(self) -> None:
        """Classes and the tab bar follow the layout; a preview coming into view is brought up to date."""
        for part in PARTS:
            set_own_class(self.query_one(f"#{part}-part"), part == self.active_part, "-active")
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

    # -- actions ------------------------------------------------------------------------
    def action_show_part(self, part: str) -> None:
        self.active_part = part
        self.call_after_refresh(self.query_one(MAIN[part]).focus)

    def action_back(self) -> None:
        self.dismiss(None)
