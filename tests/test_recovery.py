"""Backups, doctor/recover, and schema migration."""

import json

import pytest

from escalation_tui.cli import main
from escalation_tui.store import IncidentStore, journal, migrations
from escalation_tui.store.journal import journal_path


def _damage(store, session, raw=b'{"meta": {"1": {"schema_ver'):
    path = store.path_for(session.id)
    path.write_bytes(raw)
    return path


def test_each_whole_write_keeps_three_rotating_backups_of_the_latest_states(session, store, monkeypatch):
    monkeypatch.setattr(journal, "worth_compacting", lambda *sizes: True)  # each save written whole
    for n in range(5):
        session.add_note(f"note {n}")
    backups = store.backups(session.id)
    assert len(backups) == 3
    newest = [store.read_file(b)[0].timeline[-1].text for b in backups]
    assert newest == ["note 4", "note 3", "note 2"]


def test_the_newest_backup_holds_every_change_appended_since(session, store):
    for n in range(5):  # appended to the journal, and to the newest backup's
        session.add_note(f"note {n}")
    newest = store.backups(session.id)[0]
    assert [e.text for e in store.read_file(newest)[0].timeline[-5:]] == [f"note {n}" for n in range(5)]


def test_doctor_and_recover_restore_the_latest_saved_state(session, store, capsys):
    session.add_note("the last thing saved")
    path = _damage(store, session)
    db = ["--db", str(store.root)]
    assert main([*db, "doctor"]) == 1
    out = capsys.readouterr().out
    assert f"DAMAGED {path}: not valid JSON" in out and f"escalation-tui recover {session.id}" in out

    assert main([*db, "recover", session.id]) == 1  # no terminal to confirm on: refuses
    out, err = capsys.readouterr()
    assert "Anything saved after that event is lost" in out and "--yes" in err
    assert path.read_bytes() == b'{"meta": {"1": {"schema_ver'

    assert main([*db, "recover", session.id, "--yes"]) == 0
    restored = IncidentStore(store.root).load(session.id)
    assert restored.timeline[-1].text == "the last thing saved"
    damaged_copies = list(store.incidents_dir.glob(f"{session.id}.json.damaged-*"))
    assert [p.read_bytes() for p in damaged_copies] == [b'{"meta": {"1": {"schema_ver']
    assert main([*db, "doctor"]) == 0


def test_recover_without_a_valid_backup_says_so(session, store, capsys):
    for backup in store.backups(session.id):
        backup.write_text("garbage")
    _damage(store, session, b"")
    assert main(["--db", str(store.root), "recover", session.id, "--yes"]) == 1
    assert "no valid backup to restore" in capsys.readouterr().err
    assert store.path_for(session.id).read_bytes() == b""


def _write_older_schema(path, tables: dict) -> bytes:
    """The file as the schema before a change laid it out (title was headline); its bytes."""
    tables["incident"]["1"]["headline"] = tables["incident"]["1"].pop("title")
    path.write_text(json.dumps(tables))
    return path.read_bytes()


def _upgrade_the_schema(monkeypatch) -> int:
    """A new schema version whose migration renames headline to title; the old version."""
    current = migrations.SCHEMA_VERSION

    def v1_to_v2(doc: dict) -> dict:
        doc["title"] = doc.pop("headline")
        return doc

    monkeypatch.setattr(migrations, "SCHEMA_VERSION", current + 1)
    monkeypatch.setitem(migrations.MIGRATIONS, current, v1_to_v2)
    return current


def test_an_older_schema_is_migrated_and_the_original_kept(session, store, monkeypatch):
    path = store.path_for(session.id)
    original = _write_older_schema(path, json.loads(path.read_text()))
    current = _upgrade_the_schema(monkeypatch)
    fresh = IncidentStore(store.root)
    incident = fresh.load(session.id)
    assert incident.title == "Checkout API returning 500s"
    assert path.read_bytes() == original  # reading alone writes nothing

    from escalation_tui.service import IncidentService

    IncidentService(fresh, session._clock).open(session.id).add_note("after migration")
    saved = json.loads(path.read_text())
    assert saved["meta"]["1"]["schema_version"] == current + 1 and "title" in saved["incident"]["1"]
    assert (store.backups_dir / f"{session.id}.schema-v{current}.json").read_bytes() == original


def test_an_older_schema_s_journal_is_applied_before_migrating_and_kept_with_the_original(
    session, store, monkeypatch
):
    session.add_note("before the upgrade")  # appended to the journal by the older version
    path = store.path_for(session.id)
    old = json.loads(store.whole_bytes(path))
    old["incident"]["1"]["timeline"].pop()  # the file as written whole, before the note
    original = _write_older_schema(path, old)
    records = journal_path(path).read_bytes().split(b"\n", 1)[1]
    journal_path(path).write_bytes(journal.header(original) + records)  # it extends this file
    current = _upgrade_the_schema(monkeypatch)
    fresh = IncidentStore(store.root)
    assert fresh.load(session.id).timeline[-1].text == "before the upgrade"

    from escalation_tui.service import IncidentService

    IncidentService(fresh, session._clock).open(session.id).add_note("after migration")
    texts = [e.text for e in IncidentStore(store.root).load(session.id).timeline]
    assert texts[-2:] == ["before the upgrade", "after migration"]
    kept = store.backups_dir / f"{session.id}.schema-v{current}.json"
    assert kept.read_bytes() == original
    assert journal_path(kept).read_bytes() == journal.header(original) + records


def test_backups_are_private(session, store):
    import stat

    assert all(stat.S_IMODE(b.stat().st_mode) == 0o600 for b in store.backups(session.id))
    assert stat.S_IMODE(store.backups_dir.stat().st_mode) == 0o700


@pytest.mark.parametrize("version", [0, "1", True])
def test_nonsense_schema_versions_are_damage(session, store, version):
    path = store.path_for(session.id)
    doc = json.loads(path.read_text())
    doc["meta"]["1"]["schema_version"] = version
    path.write_text(json.dumps(doc))
    from escalation_tui.errors import CorruptStore

    with pytest.raises(CorruptStore):
        store.load(session.id)
