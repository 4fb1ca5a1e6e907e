"""Two stores that differ only by one word, or one owner's name, inside a confidential incident.

The confidential-oracle tests (test_confidential_oracle.py, tui/test_confidential_oracle_tui.py)
build one, look at what the program shows, build the other in the same folder, and compare:
the answers must be identical. Ids come from a seeded generator, so both stores (and every
id a command prints) are the same byte for byte apart from the word.
"""

import random
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

from escalation_tui.domain import fields
from escalation_tui.domain.clock import FixedClock
from escalation_tui.service import IncidentService
from escalation_tui.store import IncidentStore

T0 = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)
LATER = T0 + timedelta(days=3, minutes=7)  # the commands run then: the action item is overdue

# case -> (store A's value, store B's value); the other value is the same in both stores
CASES = {"word": ("harassment", "lateness"), "owner": ("bob", "evelyn")}
WORD, OWNER = "harassment", "bob"


def seed_ids(monkeypatch) -> None:
    """The same ids in the same order from here on (fields.new_id draws from `secrets`)."""
    monkeypatch.setattr(fields, "secrets", random.Random(30))


def build(path: Path, monkeypatch, word: str = WORD, owner: str = OWNER) -> str:
    """A fresh store at path: a plain incident and a confidential one holding word and owner."""
    if path.exists():
        shutil.rmtree(path)
    seed_ids(monkeypatch)
    store = IncidentStore(path)
    try:
        service = IncidentService(store, FixedClock(T0), actor="dana")
        plain = service.declare("Checkout down", severity=1, kind="technical")
        plain.add_action("Add canary for pool size", owner="lee", due=T0.date() + timedelta(days=5))
        plain.add_note("Pool exhausted at 03:02")
        secret = service.declare(f"Complaint about {word} in the team", severity=2, kind="people")
        secret.add_note(f"{word.capitalize()} reported by a teammate")
        secret.add_action(
            f"Talk about the {word} with HR", owner=owner, due=T0.date() + timedelta(days=1), priority="P1"
        )
        secret.add_action("Weekly check-in", owner=owner, status="in_progress")
        secret.set_role("scribe", owner)
        secret.set_link(word, f"https://wiki.example/{word}")
        secret.add_why(f"Nobody acted on the {word} reports")
        secret.add_lesson("went_wrong", f"The {word} went unreported for weeks")
        secret.log_update("internal", f"HR is looking into the {word}")
        return secret.id
    finally:
        store.close()
