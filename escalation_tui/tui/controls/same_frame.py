"""Repaints that join the frame being prepared.

Textual draws a frame as soon as the first widget reports a change to its screen (each widget
reports on its own idle). A widget that reports a moment later waits a whole frame period
(1/60 s) for a second frame: a pane key restyled the panes and the tables' scrollbars after
the first frame, and took a second frame. Reporting at once, from the code that
changed the widget, puts its repaint in the same frame as the rest.
"""

from textual import messages
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget


def report_now(widget: Widget) -> None:
    """Tell the screen now what the widget would tell it on its next idle (repaint, layout)."""
    if widget.is_attached:
        widget._check_refresh()  # what Widget._on_idle does; it finds nothing left to report


def report_scrollbars_now(widget: Widget) -> None:
    """A focus change restyles a scrolling widget's scrollbars, which then repaint."""
    for bar in (widget._vertical_scrollbar, widget._horizontal_scrollbar):
        if bar is not None:
            report_now(bar)


class RepaintsJoinTheFrame(Screen):
    """A frame draws every widget waiting to repaint, and a layout asks for no second layout.

    Textual draws a widget in the frame after its repaint reaches the screen (a message). A
    layout resizes scrollbars and tables, which ask to repaint *during* it, and a key's
    messages can be still queued when the frame starts: each cost a frame of its own, a frame
    period (1/60 s) later, to draw what was already drawn or could have been.
    """

    def _refresh_layout(self, size: Size | None = None, scroll: bool = False) -> None:
        # The layout gives each resized widget its new virtual size, and that assignment asks for
        # a layout (Widget.virtual_size is a layout reactive): a second pass, a frame later, that
        # finds nothing to move (opening the timeline waited for it). Scrollbars that appear or
        # go still ask for their own layout (show_vertical_scrollbar), as do the widgets that set
        # their virtual size themselves outside a layout (a table given rows).
        virtual_size = Widget.virtual_size
        virtual_size._layout = False
        try:
            super()._refresh_layout(size, scroll)
        finally:
            virtual_size._layout = True

    def _compositor_refresh(self) -> None:
        waiting = {w for w in self._compositor.visible_widgets if w._repaint_regions and w is not self}
        if waiting:
            for widget in waiting:
                widget._repaint_required = False  # drawn now: its idle has nothing to report
            self._compositor.update_widgets(waiting)
        super()._compositor_refresh()

    async def _on_update(self, message: messages.Update) -> None:
        widget = message.widget
        drawn = isinstance(widget, Widget) and not widget._repaint_regions
        if drawn and widget in self._compositor.visible_widgets:
            message.stop()  # already drawn, by the frame that took its regions (above)
            message.prevent_default()  # so Screen's handler does not ask for another frame
