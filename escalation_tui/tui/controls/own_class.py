"""Classes that style only the widget that carries them.

Textual restyles a widget's whole subtree when one of its classes changes, because a rule
such as `.pane.-active DataTable` could depend on it. For a pane holding a table that
restyle cost more than the rest of a pane key. The classes set here appear in our .tcss only
on the last compound of a selector (tests/tui/test_own_classes.py checks it), so restyling
the widget alone is enough.
"""

from textual.widget import Widget

from .same_frame import report_now

# Every class set_own_class may toggle; the test above reads this list.
OWN_CLASSES = ("-active", "-shown", "-holds-focus", "-behind-timeline")


def set_own_class(widget: Widget, add: bool, name: str) -> None:
    if widget.has_class(name) == add:
        return
    widget.set_class(add, name, update=False)
    if widget.is_attached:
        widget.app.stylesheet.update_nodes([widget], animate=True)
        report_now(widget)
