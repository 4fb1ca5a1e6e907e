"""The one place that names Textual's (and Rich's) private modules, methods and attributes.

Everything else in the TUI calls the functions and hook classes here. Each private name this
module relies on is listed in RELIED_ON with the signature it expects, and
tests/test_textual_internals.py checks them all against the installed Textual before the
suite runs (tests/conftest.py): a renamed private hook would otherwise turn a patch into a
silent no-op. Each entry says in one line which upstream behaviour it works around. To move
the Textual pin, see the README ("Moving the Textual pin").

A hook class overrides a private method and hands the call to a public method of ours
(`draw_cell`, `measure_new_rows`, ...), whose default does what Textual does.
"""

import inspect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Any

from rich._wrap import divide_line
from rich.segment import Segment
from rich.style import Style
from textual import events, messages
from textual._parser import ParseEOF, ParseError, Peek1, Read1, TokenCallback
from textual._two_way_dict import TwoWayDict
from textual._xterm_parser import BRACKETED_PASTE_END, BRACKETED_PASTE_START, XTermParser
from textual.app import App
from textual.binding import BindingsMap
from textual.content import Content
from textual.dom import DOMNode
from textual.geometry import Size
from textual.keys import _character_to_key, _get_unicode_name_from_key
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, OptionList, Tree
from textual.widgets.data_table import ColumnKey, DuplicateKey, Row, RowKey

if TYPE_CHECKING:
    from markdown_it.token import Token
    from textual.widgets._markdown import MarkdownBlock, MarkdownTable, MarkdownTD, MarkdownTH

    _Screen = Screen
    _MarkdownBlock = MarkdownBlock
else:  # mixins, not DOM classes: Textual's CSS type names follow the first DOM base
    _Screen = object
    _MarkdownBlock = object

SegmentLines = list[list[Segment]]

MARKDOWN = ("MarkdownBlock", "MarkdownTD", "MarkdownTH", "MarkdownTable")  # loaded when first asked for


def __getattr__(name: str) -> Any:
    """The Markdown widget's classes, imported only when the post-mortem preview is built."""
    if name in MARKDOWN:
        return getattr(import_module("textual.widgets._markdown"), name)
    raise AttributeError(name)


__all__ = [  # re-exported: private upstream, public here
    "BRACKETED_PASTE_END",
    "BRACKETED_PASTE_START",
    "MarkdownBlock",
    "MarkdownTD",
    "MarkdownTH",
    "MarkdownTable",
    "ParseEOF",
    "ParseError",
    "Peek1",
    "Read1",
    "TokenCallback",
    "XTermParser",
    "divide_line",
]


@dataclass(frozen=True)
class Relied:
    """A private name we rely on: where it lives, its name, and the parameters we call it with
    ("" for an attribute or module)."""

    owner: str  # module, or module:Class
    name: str
    parameters: str = ""
    why: str = ""


RELIED_ON: tuple[Relied, ...] = (
    # modules and functions
    Relied("textual._two_way_dict", "TwoWayDict", why="DataTable rows reordered without sort's copies"),
    Relied("rich._wrap", "divide_line", "text, width, fold", "a row's height counted as Text.wrap breaks it"),
    Relied("textual._xterm_parser", "XTermParser", why="an ESC inside a bracketed paste read as keys"),
    Relied("textual._xterm_parser:XTermParser", "parse", "self, token_callback", "pastes read as keys"),
    Relied("textual._xterm_parser", "BRACKETED_PASTE_START", why="an ESC inside a paste read as keys"),
    Relied("textual._xterm_parser", "BRACKETED_PASTE_END", why="an ESC inside a paste read as keys"),
    Relied("textual._parser", "Read1", why="the paste read to its end, however long it takes"),
    Relied("textual._parser", "ParseError", why="a paste has no timeout"),
    Relied("textual.drivers.linux_driver", "XTermParser", why="the driver builds its parser by this name"),
    Relied("textual.keys", "_character_to_key", "character", "the harness builds keys as the driver does"),
    Relied("textual.keys", "_get_unicode_name_from_key", "key", "the harness builds keys as the driver does"),
    Relied("textual.widgets._markdown", "MarkdownTable", why="Markdown tables drawn as one Rich table"),
    Relied("textual.widgets._markdown", "MarkdownTD", why="<br> in a table cell as a line break"),
    Relied("textual.widgets._markdown", "MarkdownTH", why="<br> in a table header as a line break"),
    # methods: overridden (hooks) or called
    Relied(
        "textual.widgets:DataTable",
        "_render_cell",
        "self, row_index, column_index, base_style, width, cursor, hover",
        "every visible cell redrawn after any change to any row",
    ),
    Relied("textual.widgets:DataTable", "_update_dimensions", "self, new_rows", "every new cell measured"),
    Relied("textual.widgets:DataTable", "_clear_caches", "self", "a redraw of every cell, for the tests"),
    Relied("textual.widgets:DataTable", "_highlight_cursor", "self", "rows appended without add_row"),
    Relied("textual.widgets:DataTable", "_scroll_cursor_into_view", "self, animate", "cursor out of view"),
    Relied("textual.widgets:OptionList", "_update_lines", "self", "rows replaced in place not re-measured"),
    Relied("textual.widget:Widget", "_check_refresh", "self", "a repaint reported an idle later"),
    Relied("textual.screen:Screen", "_refresh_layout", "self, size, scroll", "a second layout a frame later"),
    Relied("textual.screen:Screen", "_compositor_refresh", "self", "a widget repainted a frame later"),
    Relied("textual.screen:Screen", "_on_update", "self, message", "a frame for what is drawn already"),
    Relied("textual.screen:Screen", "_on_screen_resume", "self, event", "a new screen styled twice"),
    Relied("textual.screen:Screen", "_binding_chain", why="a letter that only types is not held back"),
    Relied("textual.app:App", "_post_message", "self, message", "the harness posts keys as the driver"),
    Relied("textual.widgets._markdown:MarkdownTable", "_get_headers_and_rows", "self", "table cells read"),
    Relied("textual.widgets._markdown:MarkdownBlock", "_token_to_content", "self, token", "cell tokens"),
    # attributes (set in __init__)
    Relied("textual.widgets:DataTable", "_row_locations", why="rows appended and reordered in bulk"),
    Relied("textual.widgets:DataTable", "_column_locations", why="a drawn cell's key"),
    Relied("textual.widgets:DataTable", "_data", why="rows appended in bulk; a drawn cell's value"),
    Relied("textual.widgets:DataTable", "_new_rows", why="rows appended in bulk"),
    Relied("textual.widgets:DataTable", "_require_update_dimensions", why="rows appended in bulk"),
    Relied("textual.widgets:DataTable", "_update_count", why="drawn rows keyed on the table's changes"),
    Relied("textual.widgets:Tree", "_line_cache", why="a resize that keeps the width keeps the lines"),
    Relied("textual.widget:Widget", "_vertical_scrollbar", why="scrollbars repainted a frame later"),
    Relied("textual.widget:Widget", "_horizontal_scrollbar", why="scrollbars repainted a frame later"),
    Relied("textual.widget:Widget", "_repaint_regions", why="a widget repainted a frame later"),
    Relied("textual.widget:Widget", "_repaint_required", why="a widget repainted a frame later"),
    Relied("textual.screen:Screen", "_compositor", why="a widget repainted a frame later"),
    Relied("textual.reactive:Reactive", "_layout", why="a second layout a frame later"),
    Relied("textual.message:Message", "_no_default_action", why="a resize that keeps the width"),
    Relied("textual.app:App", "_exit", why="waits end when the app closes"),
    Relied("textual.app:App", "_closing", why="waits end when the app closes"),
    Relied("textual.app:App", "_exception_event", why="waits end when the app fails"),
    Relied("textual.widgets._markdown:MarkdownTable", "_headers", why="tables drawn as one Rich table"),
    Relied("textual.widgets._markdown:MarkdownTable", "_rows", why="tables drawn as one Rich table"),
)


def _resolve(owner: str) -> Any:
    module, _, cls = owner.partition(":")
    found: Any = import_module(module)
    return getattr(found, cls) if cls else found


def _parameters(function: Any) -> str:
    names = []
    for parameter in inspect.signature(function).parameters.values():
        prefix = "*" if parameter.kind is parameter.VAR_POSITIONAL else ""
        prefix = "**" if parameter.kind is parameter.VAR_KEYWORD else prefix
        names.append(prefix + parameter.name)
    return ", ".join(names)


def _sets_attribute(cls: type, name: str) -> bool:
    """Some class in `cls`'s MRO assigns `self.<name>` (an attribute set in __init__)."""
    assignment = re.compile(rf"self\.{re.escape(name)}\s*(:[^=\n]+)?=[^=]")
    for klass in cls.__mro__:
        if klass.__module__.split(".")[0] not in ("textual", "rich"):
            continue
        try:
            if assignment.search(inspect.getsource(klass)):
                return True
        except (OSError, TypeError):
            continue
    return False


def problem(relied: Relied) -> str | None:
    """What is wrong with one private name in the installed Textual, or None."""
    where = f"{relied.owner.replace(':', '.')}.{relied.name}"
    gone = f"{where}: not found (works around: {relied.why})"
    try:
        owner = _resolve(relied.owner)
    except (ImportError, AttributeError) as error:
        return f"{where}: {relied.owner} is gone ({error})"
    if inspect.isclass(owner):
        if relied.name not in dir(owner):
            return None if not relied.parameters and _sets_attribute(owner, relied.name) else gone
    elif not hasattr(owner, relied.name):
        return gone
    if relied.parameters:
        actual = _parameters(getattr(owner, relied.name))
        if actual != relied.parameters:
            return f"{where}: parameters ({actual}), expected ({relied.parameters})"
    return None


def problems() -> list[str]:
    """Each private name in RELIED_ON that the installed Textual lacks or has changed: empty when
    every patch still reaches what it patches."""
    return [found for relied in RELIED_ON if (found := problem(relied)) is not None]


# -- reads and writes -------------------------------------------------------------------------


def report_refresh(widget: Widget) -> None:
    """What Widget's idle handler does: tell the screen now about a pending repaint or layout."""
    widget._check_refresh()


def scrollbars(widget: Widget) -> tuple[Widget | None, Widget | None]:
    return widget._vertical_scrollbar, widget._horizontal_scrollbar


def app_closing(app: App) -> bool:
    """The app is exiting, closing or has failed: it handles no more messages."""
    return bool(app._exit or app._closing or app._exception_event.is_set())


def binding_chain(screen: Screen) -> list[tuple[DOMNode, BindingsMap]]:
    """The focused widget, its ancestors, the screen and the app, with their bindings."""
    return screen._binding_chain


def default_prevented(message: Message) -> bool:
    return message._no_default_action


def grow_tree_lines(tree: Tree, height: int) -> None:
    """What Tree's resize handler does to its line cache, without its relayout."""
    tree._line_cache.grow(height)


def measure_option_lines(option_list: OptionList) -> None:
    """Count an OptionList's lines again, as adding options does (prompts replaced in place)."""
    option_list._update_lines()


def clear_table_caches(table: DataTable) -> None:
    table._clear_caches()


def cell_keys(table: DataTable, row_index: int, column_index: int) -> tuple[RowKey | None, ColumnKey | None]:
    """The keys of the cell drawn at (row_index, column_index); None for the header or a label."""
    return table._row_locations.get_key(row_index), table._column_locations.get_key(column_index)


def cell_value(table: DataTable, row_key: RowKey, column_key: ColumnKey) -> object:
    return table._data[row_key].get(column_key)


def set_row_order(table: DataTable, keys: Sequence[str]) -> None:
    """Show the rows in this order: what DataTable.sort does once it has sorted (sort builds and
    compares a tuple of every row's cells instead)."""
    table._row_locations = TwoWayDict({RowKey(key): index for index, key in enumerate(keys)})
    table._update_count += 1
    table.refresh()


def rows_to_measure(table: DataTable) -> bool:
    """New rows wait to be measured (DataTable does that when idle)."""
    return table._require_update_dimensions


def scroll_cursor_into_view(table: DataTable) -> None:
    table._scroll_cursor_into_view()


def append_rows(table: DataTable, rows: Iterable[tuple[RowKey, dict[ColumnKey, Any], int | None]]) -> None:
    """DataTable.add_row for each (key, cells by column, height or None to measure), at the end,
    with what add_row does per row (list the columns, re-check the cursor) done once."""
    was_empty = table.row_count == 0
    for row_key, cells, height in rows:
        if row_key in table._row_locations:
            raise DuplicateKey(f"The row key {row_key!r} already exists.")
        table._row_locations[row_key] = table.row_count
        table._data[row_key] = cells
        table.rows[row_key] = Row(row_key, height or 0, None, height is None)
        table._new_rows.add(row_key)
    table._require_update_dimensions = True
    table.cursor_coordinate = table.cursor_coordinate  # as add_row: clamped, and shown
    if was_empty and table.ordered_columns and table.show_cursor and table.cursor_type != "none":
        table._highlight_cursor()
    table._update_count += 1
    table.check_idle()


def markdown_table_cells(table: "MarkdownTable") -> tuple[list[Content], list[list[Content]]]:
    """A Markdown table's header and body cells, kept on the table as its own compose keeps them."""
    headers, rows = table._get_headers_and_rows()
    table._headers, table._rows = headers, rows
    return headers, rows


def key_event(key: str) -> events.Key:
    """The event the terminal driver makes for `key` (as Textual's Pilot builds it)."""
    import unicodedata

    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    from textual.keys import REPLACED_KEYS

    original = REPLACED_KEYS.get(key, key)
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(original))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


async def post_from_driver(app: App, event: events.Event) -> None:
    """Queue `event` on the app as the driver's thread does with a key it read."""
    event.set_sender(app)
    await app._post_message(event)


# -- hooks: a private method overridden, handed to a public one of ours ------------------------


class DataTableHooks(DataTable):
    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> SegmentLines:
        return self.draw_cell(row_index, column_index, base_style, width, cursor, hover)

    def draw_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> SegmentLines:
        """One cell's lines, drawn by Textual."""
        return DataTable._render_cell(self, row_index, column_index, base_style, width, cursor, hover)

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        self.measure_new_rows(new_rows)

    def measure_new_rows(self, new_rows: Iterable[RowKey]) -> None:
        """Textual measures every cell of `new_rows` for auto widths and heights."""
        DataTable._update_dimensions(self, new_rows)


class ResumeHook(_Screen):
    """Put before the Textual screen class; `resuming` runs before Screen's own resume handler
    (Textual dispatches the handler of each class in the MRO, this one first)."""

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        self.resuming(event)

    def resuming(self, event: events.ScreenResume) -> None:
        """Override: change `event` (refresh_styles) before Screen handles it."""


class CellTokens(_MarkdownBlock):
    """Put before MarkdownTD or MarkdownTH: `cell_token` rewrites a cell's inline token first."""

    def _token_to_content(self, token: "Token") -> Content:
        return super()._token_to_content(self.cell_token(token))

    def cell_token(self, token: "Token") -> "Token":
        return token


class RepaintsJoinTheFrame(Screen):
    """A frame draws every widget waiting to repaint, and a layout asks for no second layout.

    Works around: Textual draws a widget in the frame after its repaint reaches the screen (a
    message), and a layout's own virtual-size changes ask for a second layout a frame later.
    """

    def _refresh_layout(self, size: Size | None = None, scroll: bool = False) -> None:
        # The layout gives each resized widget its new virtual size, and that assignment asks for
        # a layout (Widget.virtual_size is a layout reactive): a second pass, a frame later, that
        # finds nothing to move. Scrollbars that appear or go still ask for their own layout
        # (show_vertical_scrollbar), as do widgets that set their virtual size outside a layout.
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
