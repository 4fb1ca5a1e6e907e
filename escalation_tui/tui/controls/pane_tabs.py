"""The compact war room's tab bar: it shows which pane is on show and never decides it.

A plain Tabs activates a clicked tab itself and reports every activation, including the
ones the screen makes; the screen reacting to those as well made two owners of "which
pane" that drove each other for ever. Here a click only asks, and the screen answers by
setting its reactive, which the bar then shows.
"""

from dataclasses import dataclass

from textual.message import Message
from textual.widgets import Tab, Tabs


class PaneTabs(Tabs):
    @dataclass
    class Chosen(Message):
        """A tab was clicked: show `target` (a pane id, or "timeline")."""

        target: str

    async def on_tab_clicked(self, event: Tab.Clicked) -> None:
        event.stop()
        event.prevent_default()  # else Tabs' own handler, next in the MRO, activates the tab too
        self.post_message(self.Chosen((event.tab.id or "").removeprefix("tab-")))
