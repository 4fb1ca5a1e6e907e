"""The journal (store/journal.py): a change is appended beside the incident file instead of
rewriting it, and every crash guarantee of the whole-file write still holds. Each test reads
the store back as another process would (a fresh IncidentStore)."""

import os
from datetime import timedelta

import pytest

from escalation_tui.cli import main
from escalation_tui.domain.enums import EventKind
from escalation_tui.domain.models import TimelineEvent
from escalation_tui.errors import StoreError
from escalation_tui.service import IncidentService
from escalation_tui.store import IncidentStore, journal
from escalation_tui.store.journal import journal_path


def texts(store_path, incident_id: str) -> list[str]:
    return [e.text for e in IncidentStore(store_path).load(incident_id).timeline]


def grow(store: IncidentStore, incident_id: str, events: int) -> None:
    with store.locked(incident_id):
        incident = store.load(incident_id)
        start = incident.milestones.declared
        for n in range(events):
            incident.timeline.append(
                TimelineEvent(at=start + timedelta(seconds=n), kind=EventKind.NOTE, text=f"probe {n} " * 8)
            )
        incident.revision += 1
        store.save(incident)


def test_a_change_is_appended_and_the_file_is_left_as_it_was(session, store, store_path):
    path = store.path_for(session.id)
    before = path.read_bytes()
    session.add_note("pool resized")
    assert path.read_bytes() == before
    assert journal_path(path).stat().st_size > 0
    assert texts(store_path, session.id)[-1] == "pool resized"


def test_a_change_to_a_large_incident_appends_only_what_changed(session, store, store_path, clock):
    grow(store, session.id, 2000)
    reopened = IncidentService(store, clock, actor="dana").open(session.id)
    reopened.add_note("first")  # written whole: this instance had not written the file
    size = journal_path(store.path_for(session.id))
    before = size.stat().st_size if size.exists() else 0
    reopened.add_note("second")
    assert store.path_for(session.id).stat().st_size > 200_000
    assert size.stat().st_size - before < 2_000  # the note and the incident's own fields
    assert texts(store_path, session.id)[-2:] == ["first", "second"]


def test_the_journal_is_folded_into_the_file_once_it_outgrows_it(session, store, store_path, monkeypatch):
    monkeypatch.setattr(journal, "MIN_COMPACT_BYTES", 4_000)
    for n in range(40):
        session.add_note(f"note {n} " + "x" * 200)
    path = store.path_for(session.id)
    size = journal_path(path).stat().st_size if journal_path(path).exists() else 0
    limit = max(4_000, path.stat().st_size // 2)
    assert size <= limit  # a change that would take it past the limit is written whole instead
    assert store.backups(session.id)[0].stat().st_size > 10_000  # written whole since (40 long notes)
    assert texts(store_path, session.id)[-40:] == [f"note {n} " + "x" * 200 for n in range(40)]
    newest = store.backups(session.id)[0]
    assert store.read_file(newest)[0].timeline[-1].text == "note 39 " + "x" * 200


def test_a_record_cut_short_by_a_crash_is_ignored_and_never_appended_after(session, store_path, clock):
    for n in range(3):
        session.add_note(f"note {n}")
    path = IncidentStore(store_path).path_for(session.id)
    with open(journal_path(path), "ab") as handle:
        handle.write(b'0badc0de {"head":{"title":"half wr')  # a kill mid-write: no newline
    assert texts(store_path, session.id)[-3:] == ["note 0", "note 1", "note 2"]
    other = IncidentService(IncidentStore(store_path), clock, actor="sam").open(session.id)
    other.add_note("after the crash")
    assert texts(store_path, session.id)[-4:] == ["note 0", "note 1", "note 2", "after the crash"]
    assert b"half wr" not in (journal_path(path).read_bytes() if journal_path(path).exists() else b"")


def test_a_damaged_record_before_good_ones_is_damage_that_recover_repairs(session, store, capsys):
    for n in range(3):
        session.add_note(f"note {n}")
    path = store.path_for(session.id)
    lines = journal_path(path).read_bytes().split(b"\n")
    lines[2] = lines[2].replace(b"note 1", b"note X")  # the CRC no longer matches
    journal_path(path).write_bytes(b"\n".join(lines))
    db = ["--db", str(store.root)]
    assert main([*db, "doctor"]) == 1
    out = capsys.readouterr().out
    assert f"DAMAGED {path}" in out and "line 3 is damaged" in out
    assert main([*db, "recover", session.id, "--yes"]) == 0
    capsys.readouterr()
    assert texts(store.root, session.id)[-3:] == ["note 0", "note 1", "note 2"]  # the backup's journal
    kept = [p.name for p in path.parent.iterdir() if ".journal.damaged-" in p.name]
    assert len(kept) == 1


def test_a_journal_beside_another_file_is_never_applied_and_is_kept(
    session, store, store_path, clock, monkeypatch
):
    path = store.path_for(session.id)
    monkeypatch.setattr(journal, "worth_compacting", lambda *sizes: True)  # each save written whole
    session.add_note("whole one")
    older = path.read_bytes()
    session.add_note("whole two")
    monkeypatch.undo()
    session.add_note("appended")
    journal_file = journal_path(path)
    stale = journal_file.read_bytes()
    path.write_bytes(older)  # an outside copy of an older file put back
    assert texts(store_path, session.id)[-1] == "whole one"
    IncidentService(IncidentStore(store_path), clock).open(session.id).add_note("after the copy")
    assert texts(store_path, session.id)[-2:] == ["whole one", "after the copy"]
    kept = [p.read_bytes() for p in store.backups_dir.glob(f"{session.id}.set-aside-*.journal")]
    assert kept == [stale]


def test_two_windows_appending_in_turn_lose_nothing(session, store_path, clock):
    other = IncidentService(IncidentStore(store_path), clock, actor="sam").open(session.id)
    path = IncidentStore(store_path).path_for(session.id)
    file_bytes = path.read_bytes()
    for n in range(3):
        session.add_note(f"here {n}")
        other.add_note(f"there {n}")
        other.add_note(f"there again {n}")
    assert texts(store_path, session.id)[-9:] == [
        text for n in range(3) for text in (f"here {n}", f"there {n}", f"there again {n}")
    ]
    assert path.read_bytes() == file_bytes  # each window read the other's records and appended


def test_every_append_moves_the_stamps_other_windows_watch(session, store):
    stamps, folder_stamps = {store.stamp(session.id)}, {store.folder_stamp()}
    for n in range(5):  # back to back: faster than the file system's clock tick
        session.add_note(f"note {n}")
        stamps.add(store.stamp(session.id))
        folder_stamps.add(store.folder_stamp())
    assert len(stamps) == 6 and len(folder_stamps) == 6


def test_a_failed_append_saves_nothing_and_the_next_change_appends_cleanly(session, store_path, monkeypatch):
    session.add_note("saved")
    journal_file = journal_path(IncidentStore(store_path).path_for(session.id))
    before = journal_file.read_bytes()

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(StoreError, match="nothing was saved"):
        session.add_note("refused")
    monkeypatch.undo()
    assert journal_file.read_bytes() == before
    session.add_note("after room was made")
    assert texts(store_path, session.id)[-2:] == ["saved", "after room was made"]


def test_status_leaves_out_an_incident_resolved_by_an_append(session, store_path, clock):
    session.record_milestone("resolved")
    store = IncidentStore(store_path)
    assert journal_path(store.path_for(session.id)).exists()  # resolved in the journal, not the file
    incidents, problems = store.load_all(open_only=True)
    assert incidents == [] and problems == []
