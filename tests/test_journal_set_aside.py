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


def three_notes_then_a_hand_edit(session, store, clock) -> None:
    for n in range(3):
        clock.advance(minutes=1)
        session.add_note(f"acknowledged note {n}")
    clock.advance(minutes=1)
    path = store.path_for(session.id)
    document = json.loads(path.read_bytes())
    document["incident"]["1"]["title"] = "Checkout API 500s (edited by hand)"
    path.write_text(json.dumps(document))


def notes(store_path, incident_id: str) -> list[str]:
    return [e.text for e in IncidentStore(store_path).load(incident_id).timeline if e.kind == "note"]


def test_a_hand_edit_that_leaves_a_journal_unapplied_is_reported_by_doctor(session, store, cli, clock):
    three_notes_then_a_hand_edit(session, store, clock)
    journal_file = journal_path(store.path_for(session.id))
    code, out, _ = cli("doctor")
    assert code == 1 and "1 with a problem" in out
    assert f"SET-ASIDE {journal_file}: 3 changes saved after revision 0 were not applied" in out
    assert f"escalation-tui recover {session.id}" in out
    code, _, err = cli("note", session.id, "after the edit")  # the journal moves into backups/
    assert code == 0 and err.count("\n") == 1 and "3 changes saved earlier were not applied" in err, err
    kept = list(store.backups_dir.glob(f"{session.id}.set-aside-*.journal"))
    assert len(kept) == 1 and not journal_file.exists()
    code, out, _ = cli("doctor")
    assert code == 1 and f"SET-ASIDE {kept[0]}: 3 changes saved after revision 0 were not applied" in out


def test_a_damaged_last_record_is_reported_not_dropped_without_a_word(session, store, cli):
    for n in range(3):
        session.add_note(f"acknowledged note {n}")
    journal_file = journal_path(store.path_for(session.id))
    lines = journal_file.read_bytes().split(b"\n")
    lines[3] = lines[3].replace(b"note 2", b"note X")  # the last record: its CRC no longer matches
    journal_file.write_bytes(b"\n".join(lines))
    code, out, err = cli("show", session.id)
    assert code == 0 and "acknowledged note 1" in out and "note X" not in out
    assert err.count("\n") == 1 and "a damaged journal record was not applied" in err
    code, out, _ = cli("doctor")
    assert (
        code == 1 and f"SET-ASIDE {journal_file}: the journal's line 4 is damaged and was not applied" in out
    )
    assert cli("note", session.id, "after the damage")[0] == 0
    kept = list(store.backups_dir.glob(f"{session.id}.set-aside-*.journal"))
    assert [p.read_bytes() for p in kept] == [b"\n".join(lines)]
    code, out, _ = cli("doctor")
    assert code == 1 and f"SET-ASIDE {kept[0]}: the journal's line 4 is damaged" in out
    assert notes(store.root, session.id)[-3:] == [
        "acknowledged note 0",
        "acknowledged note 1",
        "after the damage",
    ]


def test_recover_applies_the_set_aside_notes_onto_the_hand_edited_file(session, store, cli, clock):
    three_notes_then_a_hand_edit(session, store, clock)
    assert cli("note", session.id, "after the edit")[0] == 0  # the journal is set aside now
    code, out, err = cli("recover", session.id, "--yes")
    assert code == 0, err
    assert out.count("still fits") == 3 and "applied 3 of 3" in out
    incident = IncidentStore(store.root).load(session.id)
    assert incident.title == "Checkout API 500s (edited by hand)"  # the hand edit stays
    assert notes(store.root, session.id) == [  # in time order
        "acknowledged note 0",
        "acknowledged note 1",
        "acknowledged note 2",
        "after the edit",
    ]
    code, out, _ = cli("doctor")
    assert code == 0 and "0 with a problem" in out
    assert len(list(store.backups_dir.glob(f"{session.id}.set-aside-*.journal.recovered-*"))) == 1
    code, _, err = cli("show", session.id)
    assert code == 0 and err == ""


def test_recover_says_which_changes_no_longer_fit(session, store, cli):
    session.add_note("a note that still fits")
    session.set_text("title", "Renamed in the app")
    path = store.path_for(session.id)
    document = json.loads(path.read_bytes())
    document["incident"]["1"]["title"] = "Renamed by hand"
    path.write_text(json.dumps(document))
    code, out, err = cli("recover", session.id, "--yes")  # straight from beside the file
    assert code == 0, err
    assert "note “a note that still fits”: still fits" in out
    assert "title was changed in the file too" in out and "applied 1 of 2" in out
    incident = IncidentStore(store.root).load(session.id)
    assert incident.title == "Renamed by hand" and incident.timeline[-1].text == "a note that still fits"
    assert cli("doctor")[0] == 0


def test_without_yes_and_no_terminal_recover_changes_nothing(session, store, cli, clock):
    three_notes_then_a_hand_edit(session, store, clock)
    before = sorted(p.name for p in store.root.rglob("*"))
    code, out, err = cli("recover", session.id)
    assert code == 1 and "nothing was changed" in err and out.count("still fits") == 3
    assert sorted(p.name for p in store.root.rglob("*")) == before


def test_recover_of_a_damaged_line_says_nothing_can_be_read_and_clears_doctor(session, store, cli):
    session.add_note("acknowledged note")
    journal_file = journal_path(store.path_for(session.id))
    journal_file.write_bytes(journal_file.read_bytes().replace(b"acknowledged", b"acknowledgeX"))
    code, out, err = cli("recover", session.id, "--yes")
    assert code == 0, err
    assert "line 2: not applied (it is damaged" in out and "applied 0 of 1" in out
    assert cli("doctor")[0] == 0


def test_without_the_file_they_were_saved_on_top_of_nothing_is_guessed(session, store, cli, clock):
    three_notes_then_a_hand_edit(session, store, clock)
    for backup in store.backups_dir.glob(f"{session.id}.*.json"):
        backup.unlink()  # the file the journal extended is gone
    code, out, err = cli("recover", session.id, "--yes")
    assert code == 0, err
    assert out.count("no longer among the backups") == 3 and "applied 0 of 3" in out
    assert IncidentStore(store.root).load(session.id).title.endswith("(edited by hand)")


def test_a_journal_left_by_a_crash_after_a_whole_write_is_no_alarm(session, store, cli, monkeypatch):
    """Killed between writing the file whole and removing the journal: its records are in the
    file already, so nothing is reported and the next save retires it as before."""
    from escalation_tui.store import journal

    for n in range(3):
        session.add_note(f"acknowledged note {n}")
    journal_file = journal_path(store.path_for(session.id))
    left = journal_file.read_bytes()
    monkeypatch.setattr(journal, "worth_compacting", lambda *sizes: True)
    session.add_note("written whole")
    monkeypatch.undo()
    assert not journal_file.exists()
    journal_file.write_bytes(left)  # as if the crash came before the journal was removed
    code, out, _ = cli("doctor")
    assert code == 0 and "0 with a problem" in out
    code, _, err = cli("note", session.id, "next")
    assert code == 0 and err == ""
    assert list(store.backups_dir.glob("*.set-aside-*")) == [] and not journal_file.exists()
    assert notes(store.root, session.id)[-2:] == ["written whole", "next"]


def test_a_set_aside_record_of_an_odd_shape_is_refused_in_words(session, store, cli, clock):
    from escalation_tui.store.journal import record_line

    three_notes_then_a_hand_edit(session, store, clock)
    journal_file = journal_path(store.path_for(session.id))
    odd = [
        b'{"head":{"revision":7},"lists":{"timeline":"x"}}',
        b'{"head":{"revision":8},"lists":{"timeline":[99,[[98,{"at":"2026-01-01T00:00"}]]]}}',
    ]
    with open(journal_file, "ab") as handle:
        for body in odd:
            handle.write(record_line(body))
    code, out, err = cli("recover", session.id, "--yes")
    assert code == 0 and "Traceback" not in err, err
    assert out.count("still fits") == 3 and "applied 3 of 5" in out
    assert cli("doctor")[0] == 0
