"""The banner over a confidential incident (people escalations by default), at every size.

One row, loud, above everything else: a screen shared in a meeting or read over a shoulder
shows at once that what follows is for the people who need to know only.
"""

from textual.content import Content
from textual.reactive import var
from textual.widgets import Static

from ...domain.models import Incident

TEXT = "CONFIDENTIAL · {kind} escalation · share only with the people who need to know"


class ConfidentialBanner(Static):
    incident: var[Incident | None] = var(None, always_update=True)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="confidential-banner")
        self.display = False

    def watch_incident(self, incident: Incident | None) -> None:
        shown = incident is not None and incident.confidential
        self.display = shown
        if shown and incident is not None:
            self.update(Content(TEXT.format(kind=incident.kind.value)))
