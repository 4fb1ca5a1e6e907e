"""A journal, or a record of it, that is not applied is never dropped without a word: doctor
reports it with the path it is kept at, opening the incident says so once, and recover
applies what still fits onto the file as it is now. A journal written by a newer version is
NEWER, never damage (issue 30, items 9 and 10)."""

import json

from escalation_tui.store import IncidentStore
from escalation_tui.store.journal import journal_path


def newer_journal(store: IncidentStore, incident_id: str) -> bytes:
    path = journal_path(store.path_for(incident_id))
    first, _, rest = path.read_bytes().partition(b"\n")
    head = json.loads(first)
    head["journal"] = 2
    path.write_bytes(json.dumps(head).encode() + b"\n" + rest)
    return path.read_bytes()


def test_a_journal_of_a_newer_format_is_newer_never_damaged_or_rolled_back(session, store, cli):
    session.add_note("noted by a newer version")
    raw = newer_journal(store, session.id)
    before = store.path_for(session.id).read_bytes()
    code, out, _ = cli("doctor")
    assert code == 1
    assert f"NEWER {journal_path(store.path_for(session.id))}" in out
    assert "journal format 2; this one knows 1" in out and "DAMAGED" not in out
    assert "recover" not in out and "never rolled back" in out
    code, _, err = cli("recover", session.id, "--yes")
    assert code == 1 and "upgrade escalation-tui" in err and err.count("\n") == 1
    code, _, err = cli("note", session.id, "from the older version")
    assert code == 1 and "newer escalation-tui" in err
    assert store.path_for(session.id).read_bytes() == before
    assert journal_path(store.path_for(session.id)).read_bytes() == raw
