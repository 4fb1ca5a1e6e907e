"""Pane 4: the action items table (quick add, edit and sorting come in their own issue)."""

from rich.text import Text
from textual.app import ComposeResult

from ...domain.models import Incident
from .pane import Pane
from .wrap_table import WrapTable

# Title last: it takes the width that is left and wraps.
COLUMNS = ("P", "Type", "Owner", "Due", "Status", "Title")


class ActionsTable(WrapTable):
    COMPONENT_CLASSES = {"actions--missing", "actions--closed"}


class ActionsPane(Pane):
    pane_id = "actions"
    number = "4"
    title = "Action items"
    short = "Actions"

    def compose(self) -> ComposeResult:
        yield ActionsTable(*COLUMNS, id="actions-table", zebra_stripes=True)

    def show(self, incident: Incident) -> None:
        table = self.query_one(ActionsTable)
        missing = table.get_component_rich_style("actions--missing", partial=True)
        closed = table.get_component_rich_style("actions--closed", partial=True)
        rows = []
        for action in incident.actions:
            style = closed if action.status.closed else ""
            cells = (
                Text(action.priority, style=style),
                Text(action.type, style=style),
                Text(f"@{action.owner}", style=style) if action.owner else Text("no owner", style=missing),
                Text(f"{action.due:%Y-%m-%d}", style=style) if action.due else Text("no date", style=missing),
                Text(action.status.replace("_", " "), style=style),
                Text(action.title, style=style),
            )
            rows.append((cells, action.id))
        table.set_rows(rows)
