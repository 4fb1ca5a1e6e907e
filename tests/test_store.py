"""The store: private files, atomic writes, and damaged files never overwritten."""

import json
import os
import stat
import time

import pytest

from escalation_tui.cli import main
from escalation_tui.errors import CorruptStore, StoreError
from escalation_tui.store import SCHEMA_VERSION, IncidentStore


def test_files_are_private_and_record_the_schema(session, store):
    path = store.path_for(session.id)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.root.stat().st_mode) == 0o700
    session.add_note("still private after a rewrite")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    document = json.loads(path.read_text())
    assert document["meta"]["1"] == {"schema_version": SCHEMA_VERSION}
    assert document["incident"]["1"]["id"] == session.id


def test_no_temp_files_are_left_after_saving(session, store):
    for n in range(5):
        session.add_note(f"note {n}")
    assert {p.name for p in store.incidents_dir.iterdir()} == {
        ".changed",  # its time tells other windows a journal grew
        f".{session.id}.lock",
        f"{session.id}.journal",
        f"{session.id}.json",
    }


def test_stale_temp_files_from_a_crash_are_removed_on_open(store_path, session):
    folder = store_path / "incidents"
    stale = folder / f".{session.id}.json.abc123.tmp"
    fresh = folder / f".{session.id}.json.def456.tmp"  # may be another instance mid-write
    stale.write_text("{half")
    fresh.write_text("{half")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    IncidentStore(store_path)
    assert not stale.exists() and fresh.exists()


DAMAGE = {
    "garbage": (b"\x00\xffnot json", "not UTF-8 text"),
    "empty": (b"", "the file is empty"),
    "truncated": (b'{"meta": {"1": {"schema_version": 1}}, "incident": {"1": {"id": "ab', "not valid JSON"),
    "wrong shape": (b"[1, 2, 3]", "expected a JSON object"),
    "no schema": (b'{"incident": {}}', "no schema_version recorded"),
    "invalid incident": (
        b'{"meta": {"1": {"schema_version": 1}}, "incident": {"1": {"id": "abcd", "title": ""}}}',
        "the incident does not validate",
    ),
}


@pytest.mark.parametrize("raw, problem", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_damaged_file_is_reported_and_left_byte_for_byte(session, store, raw, problem, capsys):
    path = store.path_for(session.id)
    path.write_bytes(raw)
    with pytest.raises(CorruptStore) as caught:
        session.add_note("this must not overwrite the damaged file")
    assert str(path) in str(caught.value) and problem in str(caught.value)
    assert path.read_bytes() == raw

    # The CLI says the same in one line, exits non-zero, and still touches nothing.
    db = ["--db", str(store.root)]
    assert main([*db, "note", session.id, "hello"]) == 1
    assert main([*db, "show", session.id]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all(str(path) in line and problem in line for line in err)
    assert path.read_bytes() == raw


def test_listing_reports_damaged_files_but_shows_the_rest(service, store, capsys):
    good = service.declare("Still readable", 2, "technical")
    bad = service.declare("Will break", 2, "technical")
    store.path_for(bad.id).write_bytes(b"")
    assert main(["--db", str(store.root), "list"]) == 1
    out, err = capsys.readouterr()
    assert good.id in out and bad.id not in out
    assert f"{store.path_for(bad.id)}: the file is empty" in err
    assert store.path_for(bad.id).read_bytes() == b""


def test_a_newer_schema_is_refused_and_not_rewritten(session, store):
    path = store.path_for(session.id)
    document = json.loads(path.read_text())
    document["meta"]["1"]["schema_version"] = SCHEMA_VERSION + 1
    path.write_text(json.dumps(document))
    before = path.read_bytes()
    with pytest.raises(StoreError, match="written by a newer escalation-tui"):
        session.add_note("x")
    assert path.read_bytes() == before


def test_a_file_as_store_folder_is_a_clear_error(tmp_path, capsys):
    not_a_folder = tmp_path / "file.json"
    not_a_folder.write_text("{}")
    assert main(["--db", str(not_a_folder), "list"]) == 1
    assert "is a file; the store is a folder" in capsys.readouterr().err
    assert not_a_folder.read_text() == "{}"


def test_read_only_store_folder_refuses_the_change_and_keeps_the_old_state(session, store):
    if os.geteuid() == 0:
        pytest.skip("root ignores folder permissions")
    before = store.path_for(session.id).read_bytes()
    store.incidents_dir.chmod(0o500)
    try:
        with pytest.raises(StoreError, match="nothing was saved"):
            session.add_note("x")
    finally:
        store.incidents_dir.chmod(0o700)
    assert store.path_for(session.id).read_bytes() == before


def test_a_failed_write_keeps_the_old_file(session, store, monkeypatch):
    """A full disk mid-write: the temp file fails, the saved state stays intact."""
    before = store.path_for(session.id).read_bytes()

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    # A full disk shows up at write() or, with delayed allocation, at fsync().
    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(StoreError, match=r"cannot write \(No space left on device\); nothing was saved"):
        session.add_note("x")
    monkeypatch.undo()
    assert store.path_for(session.id).read_bytes() == before
    assert [p for p in store.incidents_dir.iterdir() if p.suffix == ".tmp"] == []
    assert session.incident.timeline[-1].text != "x"


def test_store_env_variable_and_flag(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ESCALATION_TUI_DB", str(tmp_path / "from-env"))
    assert main(["new", "From env", "-s", "3", "-k", "technical"]) == 0
    assert main(["--db", str(tmp_path / "from-flag"), "new", "From flag", "-s", "3", "-k", "technical"]) == 0
    assert len(IncidentStore(tmp_path / "from-env").ids()) == 1
    assert len(IncidentStore(tmp_path / "from-flag").ids()) == 1


def test_a_change_rewrites_only_its_own_incident(service, store):
    """Saving cost must not grow with past incidents: other files are not touched."""
    others = [service.declare(f"Past incident {n}", 3, "technical") for n in range(20)]
    session = service.declare("Live one", 1, "technical")
    before = {p: p.stat().st_mtime_ns for p in store.root.rglob("*.json") if session.id not in p.name}
    session.add_note("only this file changes")
    after = {p: p.stat().st_mtime_ns for p in store.root.rglob("*.json") if session.id not in p.name}
    assert before == after and len(before) >= len(others)
