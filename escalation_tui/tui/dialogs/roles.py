"""Name or hand over the roles: commander, comms lead, scribe, and any others.

One save is one change (one timeline event, one undo), whatever was edited; a changed
name is a handover ("Commander: dana → lee").
"""

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Button, Input, Label, Static

from ...domain.models import Roles
from ...errors import InvalidInput
from .base import Dialog

SetRoles = Callable[[dict[str, str], list[tuple[str, str]] | None], object]  # IncidentSession.set_roles
FIELDS = (("commander", "Incident commander"), ("comms", "Comms lead"), ("scribe", "Scribe"))


def parse_others(text: str) -> list[tuple[str, str]]:
    """ "liaison: kim, db expert: lee" -> [("liaison", "kim"), ("db expert", "lee")]."""
    pairs = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        role, sep, name = part.partition(":")
        if not sep or not role.strip() or not name.strip():
            raise InvalidInput(f"other roles: write role: name, separated by commas (not {part!r})")
        pairs.append((role.strip(), name.strip()))
    return pairs


def format_others(roles: Roles) -> str:
    return ", ".join(f"{o.role}: {o.name}" for o in roles.others)


class RolesDialog(Dialog[object]):
    def __init__(self, roles: Roles, set_roles: SetRoles) -> None:
        super().__init__()
        self.roles = roles
        self.set_roles = set_roles

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="roles"):
            yield Static("Roles", classes="dialog-title")
            for field, label in FIELDS:
                yield Label(label)
                yield Input(
                    getattr(self.roles, field), id=f"role-{field}", compact=True, placeholder="nobody yet"
                )
            yield Label("Others (role: name, comma-separated)")
            yield Input(format_others(self.roles), id="role-others", compact=True, placeholder="liaison: kim")
            yield from self.error_and_buttons()

    def on_mount(self) -> None:
        self.query_one("#role-commander", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_submit(self) -> None:
        self.attempt(self.save)

    def save(self) -> object:
        names = {
            field: value
            for field, _ in FIELDS
            if (value := self.query_one(f"#role-{field}", Input).value.strip()) != getattr(self.roles, field)
        }
        others_text = self.query_one("#role-others", Input).value
        others = parse_others(others_text) if others_text.strip() != format_others(self.roles) else None
        if not names and others is None:
            return None  # nothing edited: close quietly
        return self.set_roles(names, others)
