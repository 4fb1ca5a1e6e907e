"""A table whose last column takes the width that is left and wraps.

Long text (an event, an update, an action title) is read in full at 80 columns instead of
being cut at the pane's edge. Rows are laid out when the table has a size, and again when
that size changes, so a hidden pane costs nothing until it is shown.
"""

from collections.abc import Callable, Sequence
from itertools import zip_longest

from rich.text import Text
from textual import events
from textual.timer import Timer
from textual.widgets.data_table import ColumnKey, RowKey

from ..textual_internals import (
    append_rows,
    divide_line,
    rows_to_measure,
    scroll_cursor_into_view,
    set_row_order,
)
from .nav import VimDataTable

MIN_LAST_WIDTH = 20
SCROLLBAR = 2
FIRST_ROWS = 150  # rows laid out before the first frame: more than the tallest terminal shows
FILL_ROWS = 400  # then this many per step, a frame between steps, until every row is in
FIRST_STEP_DELAY = 0.05  # seconds: the first frame (at most 1/60 s away) comes before the first step


class WrapTable(VimDataTable):
    def __init__(self, *headers: str, follow_end: bool = False, keep: Sequence[str] = (), **kwargs) -> None:
        kwargs.setdefault("cursor_type", "row")
        super().__init__(**kwargs)
        self.headers = headers
        self.keep = frozenset(keep)  # fixed columns that never wrap to make room for the last
        self.follow_end = follow_end  # keep the cursor on the newest row unless the user moved up
        self.data: list[tuple[Sequence[Text], str]] = []
        self.cursor_key: str | None = None
        self.laid_out_width = 0
        self.stale = False  # rows set while hidden (no width): lay out when shown again
        self.measured: dict[int, tuple[Sequence[Text], tuple[int, ...]]] = {}  # id(cells) -> widths
        self.natural: list[int] = []  # the fixed columns' widths before fitted_widths
        self.filled = 0  # rows of self.data in the table; the rest follow in steps (lay_out)
        self.fill_timer: Timer | None = None
        self.scroll_pending = False  # the cursor moved before the rows were sized (place_cursor)
        # Rows set while hidden after being laid out: patched in when shown at the same width
        # (re-adding thousands of rows each time the timeline opened cost most of the key).
        self.pending: tuple[list[tuple[Sequence[Text], str]], str | None] | None = None

    def set_rows(self, rows: Sequence[tuple[Sequence[Text], str]], cursor_key: str | None = None) -> None:
        """Replace the rows: (cells, row key) pairs, cells in header order; columns are keyed by header.

        When the table is laid out and no column width changes, only the rows that differ are
        touched (a change to one of thousands of rows must not re-measure them all).
        """
        rows = list(rows)
        if not self.size.width and self.laid_out_width and not self.stale:
            self.pending = (rows, cursor_key)  # hidden: the next Resize brings them in
            return
        self.pending = None
        self.complete()
        if self.patch(rows, cursor_key):
            return
        self.data = rows
        self.cursor_key = cursor_key
        self.lay_out()

    @property
    def latest(self) -> list[tuple[Sequence[Text], str]]:
        """The rows last set, shown or waiting to be (hidden)."""
        return self.pending[0] if self.pending is not None else self.data

    @property
    def pending_cursor_key(self) -> str | None:
        return self.pending[1] if self.pending is not None else None

    def fixed_widths(self, rows: Sequence[tuple[Sequence[Text], str]]) -> list[int]:
        """Each column's width but the last's: its widest cell or its header."""
        measured: dict[int, tuple[Sequence[Text], tuple[int, ...]]] = {}
        rows_widths = []
        for cells, _ in rows:
            row_widths = self.cell_widths(cells)
            measured[id(cells)] = (cells, row_widths)
            rows_widths.append(row_widths)
        self.measured = measured  # only the rows of the latest call: nothing else is kept alive
        headers = tuple(len(header) for header in self.headers[:-1])
        return [max(column) for column in zip(headers, *rows_widths, strict=True)]

    def fitted_widths(
        self, natural: list[int], width: int, rows: Sequence[tuple[Sequence[Text], str]]
    ) -> list[int]:
        """The fixed columns' widths when the last column must keep MIN_LAST_WIDTH: the widest
        fixed column gives way first, its cells wrapping at word boundaries, never narrower than
        its heading or its longest word. A title pushed past the screen's edge read as cut."""
        fitted = list(natural)
        padding = 2 * self.cell_padding
        over = sum(w + padding for w in fitted) + padding + SCROLLBAR + MIN_LAST_WIDTH - width
        if over <= 0:
            return fitted
        floors = [len(header) for header in self.headers[:-1]]
        for cells, _ in rows:
            for index, cell in enumerate(cells[:-1]):
                floors[index] = max(floors[index], longest_word(cell.plain))
        # The column with the most to spare gives all it needs to first (fewer columns wrap);
        # the kept ones only when the others cannot make room.
        spare = [(h not in self.keep, fitted[i] - floors[i], i) for i, h in enumerate(self.headers[:-1])]
        for _, room, index in sorted(spare, reverse=True):
            take = min(room, over)
            fitted[index] -= take
            over -= take
            if over <= 0:
                break
        return fitted

    def fitted(self, cells: Sequence[Text]) -> Sequence[Text]:
        """The row as shown: a fixed cell wider than its column wraps within it."""
        widths = [self.column_width(header) for header in self.headers[:-1]]
        if all(cell.cell_len <= w for cell, w in zip(cells, widths, strict=False)):
            return cells
        return [*(self.wrapped(cell, w) for cell, w in zip(cells, widths, strict=False)), cells[-1]]

    def wrapped(self, cell: Text, width: int) -> Text:
        if cell.cell_len <= width or width <= 0:
            return cell
        return Text("\n").join(cell.wrap(self.app.console, width))

    def set_cell(self, row_key: str, header: str, cell: Text) -> bool:
        """update_cell for a cell that fits its column's one line; False (nothing done) when it
        would wrap: the row's height may change, so it is added again."""
        if header != self.headers[-1] and cell.cell_len > self.column_width(header):
            return False
        self.update_cell(row_key, header, cell)
        return True

    def outgrown(self, header: str, cell: Text) -> bool:
        """A new value wider than the column was laid out for: lay out again."""
        index = self.headers.index(header)
        natural = self.natural[index] if index < len(self.natural) else 0
        return cell.cell_len > max(natural, self.column_width(header))

    def cell_widths(self, cells: Sequence[Text]) -> tuple[int, ...]:
        """The fixed cells' widths, measured once per row (rows are reused while unchanged:
        measuring thousands of cells on every change cost more than the change)."""
        if isinstance(cells, LazyRow):
            return cells.widths
        hit = self.measured.get(id(cells))
        if hit is not None and hit[0] is cells:
            return hit[1]
        return tuple(cell.cell_len for cell in cells[:-1])

    def patch(self, rows: list[tuple[Sequence[Text], str]], cursor_key: str | None) -> bool:
        """Bring the laid-out rows to `rows` by updating, adding, removing and reordering; False
        when that is not possible (not laid out, a width changed) and a full lay-out is needed."""
        width = self.size.width
        if self.stale or not width or width != self.laid_out_width or self.row_count != len(self.data):
            return False
        keys = [key for _, key in rows]
        if len(set(keys)) != len(keys):
            return False
        natural = self.fixed_widths(rows)
        if self.fitted_widths(natural, width, rows) != [self.column_width(h) for h in self.headers[:-1]]:
            return False
        self.natural = natural
        row, had_rows = self.cursor_row, self.row_count
        at_end = had_rows == 0 or row >= had_rows - 1
        old = {key: cells for cells, key in self.data}
        wanted = set(keys)
        for key in old.keys() - wanted:
            self.remove_row(key)
        kept = [key for _, key in self.data if key in wanted]
        stored_rows: list[tuple[Sequence[Text], str]] = []  # the cells the table now holds
        for cells, key in rows:
            before = old.get(key)
            if before is not None and before is not cells and before[-1].plain == cells[-1].plain:
                stored = list(before)
                for index, (header, cell, was) in enumerate(zip(self.headers, cells, before, strict=True)):
                    if not same_text(cell, was) and self.set_cell(key, header, cell):
                        stored[index] = cell
                if all(same_text(a, b) for a, b in zip(stored, cells, strict=True)):
                    cells = tuple(stored)
                else:  # a cell now wraps: the row is added again below
                    before = None
            if before is not cells:  # new, or its height may change: measured again
                if before is not None:
                    self.remove_row(key)
                    kept.remove(key)
                shown = self.fitted(cells)
                self.add_row(*shown, key=key, height=self.row_height(shown))
                kept.append(key)
            stored_rows.append((cells, key))
        if kept != keys:
            self.order_rows(keys)
        self.data = stored_rows
        self.filled = len(stored_rows)  # patched only when complete: every row is in
        if cursor_key in keys:
            self.place_cursor(keys.index(cursor_key))
        elif self.row_count:
            target = (
                self.row_count - 1 if self.follow_end and at_end else min(max(row, 0), self.row_count - 1)
            )
            self.place_cursor(target)
        return True

    def order_rows(self, keys: list[str]) -> None:
        """Show the rows in this order: what DataTable.sort does once it has sorted, given the
        order (sort builds and compares a tuple of every row's cells, on every change)."""
        set_row_order(self, keys)

    def place_cursor(self, row: int) -> None:
        """Move the cursor to `row` and keep it in view once the rows are sized.

        DataTable scrolls to the cursor after the next refresh but sizes new rows when it is
        idle; on a loaded machine the refresh can come first, scroll within the old (empty)
        table and leave a long timeline open at its top. measure_new_rows scrolls again.
        """
        self.move_cursor(row=row)
        self.scroll_pending = rows_to_measure(self)

    def row_height(self, cells: Sequence[Text], width: int | None = None) -> int | None:
        """The row's height in lines, counted the way Text.wrap breaks the last column; None
        (the table measures it by rendering) for anything unusual.

        Measuring renders the whole row, which for thousands of rows took seconds.
        """
        last = cells[-1]
        plain = last.plain
        if "\t" in plain or last.no_wrap:
            return None
        # Fixed cells hold several lines only as fitted() wrapped them, each within its column.
        fixed_lines = max((c.plain.count("\n") + 1 for c in cells[:-1]), default=1)
        if fixed_lines > 1:
            last_lines = self.row_height([last], width)
            return None if last_lines is None else max(fixed_lines, last_lines)
        if width is None:
            width = self.column_width(self.headers[-1])  # the last column's (given: many rows)
        if width <= 0 or last.overflow not in (None, "fold"):
            return None
        if last.cell_len <= width and "\n" not in plain:
            return 1
        return sum(len(divide_line(line, width, fold=True)) + 1 for line in plain.split("\n"))

    def measure_new_rows(self, new_rows) -> None:
        # DataTable measures every cell of every new row (Rich's measure: most of a 2,000-row
        # mount) for the content width that only auto-width columns use. Ours all have a width
        # (lay_out) and rows a height (row_height); else, or with a row label, measure as usual.
        rows = [self.rows.get(key) for key in new_rows]
        measured = any(row is not None and (row.auto_height or row.label is not None) for row in rows) or any(
            column.auto_width for column in self.columns.values()
        )
        super().measure_new_rows(new_rows if measured else ())
        if self.scroll_pending:
            self.scroll_pending = False
            scroll_cursor_into_view(self)

    def column_width(self, header: str) -> int:
        column = self.columns.get(ColumnKey(header))
        return column.width if column else 0

    def on_resize(self, event: events.Resize) -> None:
        if self.pending is not None:
            rows, cursor_key = self.pending
            self.set_rows(rows, cursor_key)  # shown again: a patch at the width laid out, else a lay-out
        elif event.size.width != self.laid_out_width or self.stale:
            self.lay_out()

    def lay_out(self) -> None:
        width = self.size.width
        if not width:
            self.stale = True  # a hidden pane costs nothing now; its next Resize lays it out
            return
        self.stale = False
        self.laid_out_width = width
        row, had_rows = self.cursor_row, self.row_count
        at_end = had_rows == 0 or row >= had_rows - 1
        self.natural = self.fixed_widths(self.data)
        fixed = self.fitted_widths(self.natural, width, self.data)
        padding = 2 * self.cell_padding
        spare = width - sum(w + padding for w in fixed) - padding - SCROLLBAR
        self.clear(columns=True)
        for header, column_width in zip(self.headers[:-1], fixed, strict=True):
            self.add_column(header, width=column_width, key=header)
        self.add_column(self.headers[-1], width=max(MIN_LAST_WIDTH, spare), key=self.headers[-1])
        keys = [key for _, key in self.data]
        target: int | None = None
        if self.cursor_key in keys:
            target = keys.index(self.cursor_key)
            self.cursor_key = None
        elif keys:
            target = len(keys) - 1 if self.follow_end and at_end else min(max(row, 0), len(keys) - 1)
        # Thousands of rows took longer to add than the rest of the war room to draw: the rows
        # up to the cursor and a screenful past it come now, the rest in steps after the frame.
        self.filled = 0
        self.fill_until((target or 0) + FIRST_ROWS, first=True)
        if target is not None:
            self.place_cursor(target)

    def fill_until(self, end: int, first: bool = False) -> None:
        """Add the rows of self.data up to `end`; schedule the rest (`first`: after the frame
        that shows the rows already in, which would otherwise wait for every step)."""
        if self.fill_timer is not None:
            self.fill_timer.stop()
            self.fill_timer = None
        self.append_rows(self.data[self.filled : end])
        self.filled = min(max(self.filled, end), len(self.data))
        if self.filled < len(self.data):
            delay = FIRST_STEP_DELAY if first else 0.001
            self.fill_timer = self.set_timer(delay, lambda: self.fill_until(self.filled + FILL_ROWS))

    def append_rows(self, rows: Sequence[tuple[Sequence[Text], str]]) -> None:
        """DataTable.add_row for each row, at the end, with what it does per row done once:
        it lists the columns in order and re-checks the cursor for every row, which was most
        of opening a day-long timeline the first time."""
        if not rows:
            return
        columns = self.ordered_columns
        last_width = self.column_width(self.headers[-1])

        def entries():
            for cells, key in rows:
                if len(cells) > len(columns):
                    raise ValueError("More values provided than there are columns.")
                shown = self.fitted(cells)
                by_column = {column.key: cell for column, cell in zip_longest(columns, shown)}
                yield RowKey(key), by_column, self.row_height(shown, last_width)

        append_rows(self, entries())

    def complete(self) -> None:
        """Every row in the table now: a change, or a key that moves past the rows added so far."""
        if self.filled < len(self.data) and self.laid_out_width and not self.stale:
            self.fill_until(len(self.data))

    def action_cursor_down(self) -> None:
        self.complete()
        super().action_cursor_down()

    def action_page_down(self) -> None:
        self.complete()
        super().action_page_down()

    def action_scroll_bottom(self) -> None:
        self.complete()
        super().action_scroll_bottom()


class LazyRow(Sequence[Text]):
    """A row's cells, built when first read, with its fixed cells' widths known up front.

    The columns are sized from every row, but only the rows up to a screenful past the cursor
    are added before the first frame: building the cells of thousands of rows there (two in
    five of a large incident's war-room mount) can wait for the steps that add them.
    """

    __slots__ = ("_build", "_cells", "widths")

    def __init__(self, build: Callable[[], tuple[Text, ...]], widths: tuple[int, ...]) -> None:
        self._build: Callable[[], tuple[Text, ...]] | None = build
        self._cells: tuple[Text, ...] = ()
        self.widths = widths  # cell_len of every cell but the last, as the built cells have them

    @property
    def cells(self) -> tuple[Text, ...]:
        if self._build is not None:
            self._cells, self._build = self._build(), None
        return self._cells

    def __getitem__(self, index):
        return self.cells[index]

    def __len__(self) -> int:
        return len(self.cells)


def same_text(a: Text, b: Text) -> bool:
    """Equal text and styling (Text's own == ignores the base style)."""
    return a.plain == b.plain and a.style == b.style and a.spans == b.spans


def longest_word(text: str) -> int:
    return max((len(word) for word in text.split()), default=0)
