"""Repaints that join the frame being prepared.

Textual draws a frame as soon as the first widget reports a change to its screen (each widget
reports on its own idle). A widget that reports a moment later waits a whole frame period
(1/60 s) for a second frame: a pane key restyled the panes and the tables' scrollbars after
the first frame, and took a second frame. Reporting at once, from the code that
changed the widget, puts its repaint in the same frame as the rest.
"""

from textual.widget import Widget

from ..textual_internals import RepaintsJoinTheFrame, report_refresh, scrollbars


def report_now(widget: Widget) -> None:
    """Tell the screen now what the widget would tell it on its next idle (repaint, layout)."""
    if widget.is_attached:
        report_refresh(widget)  # it finds nothing left to report on its idle


def report_scrollbars_now(widget: Widget) -> None:
    """A focus change restyles a scrolling widget's scrollbars, which then repaint."""
    for bar in scrollbars(widget):
        if bar is not None:
            report_now(bar)


__all__ = ["RepaintsJoinTheFrame", "report_now", "report_scrollbars_now"]
