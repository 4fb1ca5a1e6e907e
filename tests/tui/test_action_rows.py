"""Pane 4 sizes its columns from every row's widths without building the rows past the first
screenful (LazyRow): the widths it is given must be the ones the built cells have."""

from datetime import date

import pytest

from escalation_tui.domain.enums import ActionStatus, Priority
from escalation_tui.domain.models import ActionItem, Why
from escalation_tui.tui.controls.wrap_table import LazyRow
from escalation_tui.tui.panes.actions.actions_rows import RowStyles, cells, widths

TODAY = date(2026, 12, 2)
WHY = Why(statement="The pool size default changed in 2.4", is_root_cause=True)


@pytest.mark.parametrize(
    "action",
    [
        ActionItem(title="Add canary", owner="lee", due=date(2026, 12, 4)),
        ActionItem(title="No owner, no date"),
        ActionItem(title="Next year", owner="kim", due=date(2027, 1, 5), priority=Priority.P1),
        ActionItem(title="Overdue", owner="sam", due=date(2026, 11, 1), status=ActionStatus.IN_PROGRESS),
        ActionItem(title="Closed", owner="alex", due=date(2026, 11, 1), status=ActionStatus.DONE),
        ActionItem(title="Wide owner", owner="李小龍-オンコール-担当者の名前", due=date(2026, 12, 9)),
        ActionItem(title="Markup [/bold] owner", owner="[b]sam[/b]"),
        ActionItem(title="Linked", owner="lee", why_id=WHY.id),
    ],
    ids=lambda a: a.title,
)
def test_the_widths_given_up_front_are_the_built_cells_widths(action):
    styles = RowStyles("red", "dim", "bold red", "red", "italic")
    row = LazyRow(lambda: cells(action, {WHY.id: WHY}, TODAY, styles), widths(action, TODAY))
    built = row.cells
    assert row.widths == tuple(cell.cell_len for cell in built[:-1])
    assert list(row) == list(built) and row[-1].plain.startswith(action.title)
