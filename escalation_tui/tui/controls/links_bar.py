"""The incident's links on one line under the header (L adds, changes or removes them).

Plain text, never markup or live links; long addresses are shortened here (the L dialog
and `escalation-tui show` have them in full). Hidden when there are none. With
`public_url` in config.toml it also shows the incident's stakeholder page (`serve`) in
full, and takes focus so that `y` copies that address (never for a confidential one).
"""

from textual.content import Content
from textual.reactive import var
from textual.widget import Widget

from ...domain.config import page_address
from ...domain.models import Incident
from ...domain.text import first_line
from ..clipboard import unconfirmed_delivery
from ..keys import bindings

ADDRESS_SHOWN = 48  # characters of each address; the rest is in the L dialog


class LinksBar(Widget):
    """Renders from `incident`; the screen sets it."""

    BINDINGS = bindings("links")

    incident: var[Incident | None] = var(None, always_update=True)

    def __init__(self, *, id: str | None = None, public_url: str = "") -> None:
        super().__init__(id=id)
        self.shown: tuple | None = None  # the links and page address when last refreshed
        self.public_url = public_url

    @property
    def page(self) -> str | None:
        incident = self.incident
        return page_address(self.public_url, incident.id, incident.confidential) if incident else None

    def render(self) -> Content:
        incident = self.incident
        if incident is None:
            return Content("")
        parts = []
        if self.page:
            parts.append(Content.from_markup("[b]Page[/b] $page [dim](y)[/dim]", page=self.page))
        if incident.links:
            shown = " · ".join(
                f"{link.label} {first_line(link.url, ADDRESS_SHOWN)}" for link in incident.links
            )
            parts.append(Content.from_markup("[b]Links[/b] $links  [dim](L)[/dim]", links=shown))
        return Content("  ").join(parts)

    def watch_incident(self) -> None:
        shown = (list(self.incident.links) if self.incident else [], self.page)
        if shown != self.shown:  # unchanged after most changes: no layout pass (a frame) for nothing
            self.shown = shown
            self.display = bool(shown[0] or shown[1])
            self.can_focus = bool(shown[1])
            self.refresh(layout=True)

    def action_copy_page(self) -> None:
        """Send the page address to the terminal clipboard, and say honestly what that means."""
        page = self.page
        if page is None:
            return
        self.app.copy_to_clipboard(page)
        unconfirmed = unconfirmed_delivery()
        if unconfirmed is None:
            self.app.notify(f"Page address sent to the clipboard: {page}", markup=False)
        else:
            self.app.notify(
                f"Page address sent to the terminal clipboard, but under {unconfirmed[0]} it may not "
                f"arrive ({unconfirmed[1]}). Select it on the links bar: {page}",
                markup=False,
                timeout=20,
            )
