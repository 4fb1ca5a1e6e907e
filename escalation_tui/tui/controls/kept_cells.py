"""Table cells drawn once, not again after every change to any row.

DataTable keys each drawn cell on a count of the table's changes and on the widget's pseudo
classes, so adding one row, re-sorting, or moving focus in or out redraws every visible cell
through Rich (most of a frame for a long incident's tables: the timeline key, a pane key, a
quick-add). A cell's drawing depends only on its value, position, size and row style, so
those are the key here; the cursor's and the mouse's rows, whose styles follow focus, are
drawn as DataTable draws them. (Rows are assembled from the cells again as DataTable does:
keeping them as well measured no faster.)
"""

from rich.segment import Segment
from rich.style import Style
from textual.cache import LRUCache

from ..textual_internals import DataTableHooks, cell_keys, cell_value, clear_table_caches

KEPT_CELLS = 4000  # about four screenfuls of every table on a large terminal

SegmentLines = list[list[Segment]]


class KeepsDrawnCells(DataTableHooks):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._drawn_cells: LRUCache[tuple, tuple[object, SegmentLines]] = LRUCache(KEPT_CELLS)

    def forget_drawn(self) -> None:
        """Draw every cell afresh (the tests compare the screen with such a redraw)."""
        self._drawn_cells.clear()
        clear_table_caches(self)
        self.refresh()

    def draw_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> SegmentLines:
        row_key, column_key = cell_keys(self, row_index, column_index)  # None: header, row label
        row = self.rows.get(row_key) if row_key is not None else None
        if (
            cursor
            or hover
            or row_key is None
            or column_key is None
            or row is None
            or row.height == 0  # still to be measured
            or row_index < self.fixed_rows
            or column_index < self.fixed_columns
        ):
            return super().draw_cell(row_index, column_index, base_style, width, cursor, hover)
        value = cell_value(self, row_key, column_key)
        # The position is in the key: DataTable marks each cell's segments with it (mouse clicks).
        key = (row_key, column_key, row_index, column_index, base_style, width, row.height, self.cell_padding)
        drawn = self._drawn_cells.get(key)
        if drawn is not None and drawn[0] is value:
            return drawn[1]
        lines = super().draw_cell(row_index, column_index, base_style, width, cursor, hover)
        self._drawn_cells[key] = (value, lines)
        return lines
