"""What every screen that edits an incident shares: the session, apply/commit, undo, layout.

The war room and the post-mortem screen both derive from it. It implements IncidentEditor
(editor.py), the one route for a change: panes and dialogs are handed changes that end here.
"""

from collections.abc import Callable
from typing import ClassVar, Concatenate, ParamSpec, TypeVar

from textual import events
from textual.geometry import Size
from textual.reactive import Reactive, var
from textual.screen import Screen
from textual.widget import Widget

from ...domain.clock import Clock
from ...service import IncidentSession
from .. import changes
from .editor import Change, D
from .own_class import set_own_class
from .same_frame import RepaintsJoinTheFrame
from .styled_once import StyledOnce

P = ParamSpec("P")
T = TypeVar("T")
# Below either size the parts no longer fit side by side: one at a time, with tabs.
WIDE_WIDTH, WIDE_HEIGHT = 120, 40


class IncidentScreen(RepaintsJoinTheFrame, StyledOnce, Screen[None]):
    compact = var(True)
    # Screen repaints its every line when the focus moves (a large incident's tables: a frame
    # of its own on each pane key); the widgets gaining and losing focus restyle themselves.
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    PARTS: ClassVar[str] = ""  # selector of the screen's parts; the one holding the focus is marked

    def __init__(self, session: IncidentSession, clock: Clock) -> None:
        super().__init__()
        self.session = session
        self.clock = clock
        # Layout classes set before the children exist: set after, they restyle every widget.
        compact = self.is_compact(self.app.size)
        self.set_reactive(IncidentScreen.compact, compact)
        self.set_class(compact, "-compact", update=False)
        self.kept: dict[str, Screen] = {}  # dialogs shown again and again (push_kept)

    # -- layout ------------------------------------------------------------------------
    @staticmethod
    def is_compact(size: Size) -> bool:
        return size.width < WIDE_WIDTH or size.height < WIDE_HEIGHT

    def on_resize(self, event: events.Resize) -> None:
        self.compact = self.is_compact(event.size)

    def watch_compact(self, compact: bool) -> None:
        self.set_class(compact, "-compact")
        self.sync()

    def sync(self) -> None:
        """Classes and tabs follow the layout reactives (each screen says how)."""

    # -- focus -----------------------------------------------------------------------------
    def set_focus(self, widget: Widget | None, *args: object, **kwargs: object) -> None:
        """The part holding the focus is marked by a class of its own, not `:focus-within`, which
        restyles both parts' every widget on each focus change."""
        super().set_focus(widget, *args, **kwargs)  # type: ignore[arg-type]
        self.mark_focused_part()

    def mark_focused_part(self) -> None:
        if not self.PARTS:
            return
        within = set(self.focused.ancestors_with_self) if self.focused is not None else set()
        for part in self.query(self.PARTS):
            set_own_class(part, part in within, "-holds-focus")

    # -- dialogs opened again and again --------------------------------------------------
    def push_kept(self, name: str, make: Callable[[], D], reset: Callable[[D], None]) -> None:
        """Show a dialog made once (installed, so closing it keeps it), `reset` to as new each
        time after the first: a note or a quick-add, the keys pressed most in an incident.
        A new dialog was composed, mounted and laid out three times, each time it opened."""
        dialog = self.kept.get(name)
        if dialog is None:
            dialog = self.kept[name] = make()
            self.app.install_screen(dialog, name=f"{name}-{id(self)}")
        else:
            reset(dialog)  # type: ignore[arg-type]  # the one `make` made
        self.app.push_screen(dialog)

    def on_unmount(self) -> None:
        for dialog in self.kept.values():
            if dialog not in self.app.screen_stack:  # (still open as the app exits: it goes with it)
                self.app.uninstall_screen(dialog)

    # -- changes -----------------------------------------------------------------------
    def apply(self, change: Change[object], done: str | None = None) -> None:
        """Run one change through the session; show its error, or what was done."""
        changes.route(self).run_change(lambda: change(self.session), lambda _: self.changed(done))

    def commit(self, change: Change[T], done: str | None = None) -> T:
        """Run one change through the session and show it; a refusal is raised, for a dialog to show."""
        result = change(self.session)
        self.changed(done)
        return result

    def saving(
        self, operation: Callable[Concatenate[IncidentSession, P], T], done: str | None = None
    ) -> Callable[P, T]:
        """A session operation as a dialog's save: `saving(IncidentSession.add_note)(text, kind)`
        commits it on this screen's session."""

        def save(*args: P.args, **kwargs: P.kwargs) -> T:
            return self.commit(lambda session: operation(session, *args, **kwargs), done)

        return save

    def changed(self, done: str | None = None) -> None:
        self.show_incident()
        if done:
            self.notify(done, markup=False)

    def show_incident(self) -> None:
        """Redraw from the session's incident (after any change)."""

    def action_undo(self) -> None:
        changes.route(self).run_change(self.session.undo, lambda undone: self.changed(f"Undone: {undone}"))
