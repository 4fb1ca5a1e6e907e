"""The incident's links on one line under the header (L adds, changes or removes them).

Plain text, never markup or live links; long addresses are shortened here (the L dialog
and `escalation-tui show` have them in full). Hidden when there are none.
"""

from textual.content import Content
from textual.reactive import var
from textual.widget import Widget

from ...domain.models import Incident
from ...domain.text import first_line

ADDRESS_SHOWN = 48  # characters of each address; the rest is in the L dialog


class LinksBar(Widget):
    """Renders from `incident`; the screen sets it."""

    incident: var[Incident | None] = var(None, always_update=True)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.shown: list | None = None  # the links when last refreshed

    def render(self) -> Content:
        incident = self.incident
        if incident is None or not incident.links:
            return Content("")
        shown = " · ".join(f"{link.label} {first_line(link.url, ADDRESS_SHOWN)}" for link in incident.links)
        return Content.from_markup("[b]Links[/b] $links  [dim](L)[/dim]", links=shown)

    def watch_incident(self) -> None:
        links = list(self.incident.links) if self.incident else []
        if links != self.shown:  # unchanged after most changes: no layout pass (a frame) for nothing
            self.shown = links
            self.display = bool(links)
            self.refresh(layout=True)
