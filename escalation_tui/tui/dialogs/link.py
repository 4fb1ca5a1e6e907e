"""Add, change or remove a link (L in the war room): the bridge, the channel, a dashboard.

One change, one rule: the label names the link (ignoring case); an address adds it or
points it somewhere new, an empty address removes it. The links already there are shown
in full in a read-only text area, so they can be selected and copied by hand.
"""

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, Static, TextArea

from ...domain.models import Incident, Link
from .base import Dialog

SaveLink = Callable[[str, str], Incident]  # (label, address; "" removes) -> the incident saved


def links_text(links: list[Link]) -> str:
    return "\n".join(f"{link.label}: {link.url}" for link in links) or "No links yet."


class LinkDialog(Dialog[Incident]):
    def __init__(self, links: list[Link], save: SaveLink) -> None:
        super().__init__()
        self.links = links
        self.save = save

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="link-dialog"):
            yield Static(Content("Links: bridge, channel, dashboards, runbooks"), classes="dialog-title")
            yield TextArea(links_text(self.links), read_only=True, soft_wrap=True, id="link-list")
            yield Label(Content("Label (an existing one changes or removes that link)"))
            yield Input(placeholder="bridge", id="link-label", compact=True)
            yield Label(Content("Address: URL (https, ssh, tel, slack…) or plain text; empty removes"))
            yield Input(placeholder="https://meet.example.com/abc", id="link-url", compact=True)
            yield from self.error_and_buttons()

    def on_mount(self) -> None:
        self.query_one("#link-label", Input).focus()

    @on(Input.Submitted, "#link-label")
    def label_entered(self) -> None:
        self.query_one("#link-url", Input).focus()  # enter moves on; it never removes by surprise

    @on(Input.Submitted, "#link-url")
    @on(Button.Pressed, "#save")
    def action_submit(self) -> None:
        label = self.query_one("#link-label", Input).value
        url = self.query_one("#link-url", Input).value
        self.attempt(lambda: self.save(label, url))
