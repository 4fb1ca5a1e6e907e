"""A table whose last column takes the width that is left and wraps.

Long text (an event, an update, an action title) is read in full at 80 columns instead of
being cut at the pane's edge. Rows are laid out when the table has a size, and again when
that size changes, so a hidden pane costs nothing until it is shown.
"""

from collections.abc import Sequence

from rich.text import Text
from textual import events
from textual.widgets.data_table import ColumnKey

from .nav import VimDataTable

MIN_LAST_WIDTH = 20
SCROLLBAR = 2


class WrapTable(VimDataTable):
    def __init__(self, *headers: str, follow_end: bool = False, **kwargs) -> None:
        kwargs.setdefault("cursor_type", "row")
        super().__init__(**kwargs)
        self.headers = headers
        self.follow_end = follow_end  # keep the cursor on the newest row unless the user moved up
        self.data: list[tuple[Sequence[Text], str]] = []
        self.cursor_key: str | None = None
        self.laid_out_width = 0
        self.stale = False  # rows set while hidden (no width): lay out when shown again

    def set_rows(self, rows: Sequence[tuple[Sequence[Text], str]], cursor_key: str | None = None) -> None:
        """Replace the rows: (cells, row key) pairs, cells in header order; columns are keyed by header."""
        self.data = list(rows)
        self.cursor_key = cursor_key
        self.lay_out()

    def column_width(self, header: str) -> int:
        column = self.columns.get(ColumnKey(header))
        return column.width if column else 0

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self.laid_out_width or self.stale:
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
        fixed = [
            max([len(header), *(cells[i].cell_len for cells, _ in self.data)])
            for i, header in enumerate(self.headers[:-1])
        ]
        padding = 2 * self.cell_padding
        spare = width - sum(w + padding for w in fixed) - padding - SCROLLBAR
        self.clear(columns=True)
        for header, column_width in zip(self.headers[:-1], fixed, strict=True):
            self.add_column(header, width=column_width, key=header)
        self.add_column(self.headers[-1], width=max(MIN_LAST_WIDTH, spare), key=self.headers[-1])
        for cells, key in self.data:
            self.add_row(*cells, key=key, height=None)
        keys = [key for _, key in self.data]
        if self.cursor_key in keys:
            self.move_cursor(row=keys.index(self.cursor_key))
            self.cursor_key = None
        elif self.row_count:
            target = (
                self.row_count - 1 if self.follow_end and at_end else min(max(row, 0), self.row_count - 1)
            )
            self.move_cursor(row=target)
