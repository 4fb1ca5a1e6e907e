"""Trust nothing from outside (issue 14): one test per defect found by the adversarial pass,
named after what it protects. Files from outside are imported files, store files, config
files and output targets. The crash harness for recover and import is in
test_crash_recover_import.py; the property tests in test_outside_input_property.py and
tui/test_outside_input_tui.py.
"""

import json
import os
import stat
import subprocess
import sys
import threading
import time

import pytest
from incident_documents import control_in

from escalation_tui.cli import main
from escalation_tui.export.json_format import incident_to_json
from escalation_tui.store import SCHEMA_VERSION, IncidentStore
from escalation_tui.store.recovery import examine_one, restore

CONFIG = "ESCALATION_TUI_CONFIG"


@pytest.fixture
def cli(store_path, clock, capsysbinary):
    """main() in-process; returns (code, stdout, stderr) as the bytes written."""

    def run(*args: str) -> tuple[int, str, str]:
        try:
            code = main(["--db", str(store_path), *args], clock=clock)
        except SystemExit as exit_:
            code = exit_.code
        out, err = capsysbinary.readouterr()
        assert control_in(out) is None and control_in(err) is None, (out, err)
        return code, out.decode(), err.decode()

    return run


def one_line(err: str) -> bool:
    lines = err.strip().splitlines()
    return len(lines) == 1 and lines[0].startswith("escalation-tui: ") and "Traceback" not in err


def exported(session) -> dict:
    return json.loads(incident_to_json(session.incident))


def write_json(path, document) -> str:
    path.write_text(json.dumps(document))
    return str(path)


# -- 1, 2, 3: recovery --------------------------------------------------------------
def damage(store, incident_id, raw=b"garbage"):
    store.path_for(incident_id).write_bytes(raw)


def test_recovery_puts_the_restored_copy_in_place_before_the_damaged_one_moves(
    session, store, clock, monkeypatch
):
    """Defect 1: the damaged file is never renamed away; it gets a second name first."""
    damage(store, session.id)
    report = examine_one(store, session.id)
    renames = []
    real_replace = os.replace

    def watch(source, target):
        renames.append(
            (os.path.basename(source), os.path.basename(target), os.path.exists(store.path_for(session.id)))
        )
        return real_replace(source, target)

    monkeypatch.setattr(os, "replace", watch)
    aside = restore(store, report, clock.now())
    assert aside.read_bytes() == b"garbage"
    # one rename only: the complete restore copy over the damaged file
    assert len(renames) == 1 and ".restore-" in renames[0][0] and renames[0][1] == f"{session.id}.json"
    assert renames[0][2]  # the incident file was there right up to that rename


def test_a_complete_restore_copy_is_never_deleted_as_a_stale_temp_file(session, store, cli):
    """Defect 1: the next command deleted `.ID.json.restore.tmp`, the only complete copy."""
    restore_copy = store.incidents_dir / f".{session.id}.json.restore-abc123.tmp"
    restore_copy.write_bytes(store.path_for(session.id).read_bytes())
    store.path_for(session.id).unlink()
    old = time.time() - 3600
    os.utime(restore_copy, (old, old))
    IncidentStore(store.root)  # opening the store removes stale save temp files
    assert restore_copy.exists()
    _code, out, _ = cli("doctor")
    assert f"note: leftover {restore_copy}: a complete copy of incident {session.id}" in out
    # the incident is not lost either: its backups make it recoverable
    assert f"MISSING {store.path_for(session.id)}" in out and f"recover {session.id}" in out
    assert cli("recover", session.id, "--yes")[0] == 0
    assert IncidentStore(store.root).load(session.id).id == session.id


def test_two_recovers_in_the_same_second_keep_both_damaged_copies(session, store, cli):
    """Defect 2: aside names had one-second resolution; the second overwrote the first."""
    for raw in (b"first damage", b"second damage"):
        damage(store, session.id, raw)
        assert cli("recover", session.id, "--yes")[0] == 0  # the fixed clock: the very same second
    kept = sorted(p.read_bytes() for p in store.incidents_dir.glob(f"{session.id}.json.damaged-*"))
    assert kept == [b"first damage", b"second damage"]


def test_a_newer_schema_file_is_neither_damaged_nor_rolled_back(session, store, cli):
    """Defect 3: doctor called it DAMAGED and recover --yes restored an older backup."""
    path = store.path_for(session.id)
    document = json.loads(path.read_text())
    document["meta"]["1"]["schema_version"] = SCHEMA_VERSION + 1
    document["incident"]["1"]["a_field_from_the_future"] = {"x": 1}  # newer layouts differ
    document["another_table"] = {}
    path.write_text(json.dumps(document))
    before = path.read_bytes()
    code, out, _ = cli("doctor")
    assert code == 1 and "DAMAGED" not in out
    assert f"NEWER {path}: written by a newer escalation-tui (schema {SCHEMA_VERSION + 1}" in out
    code, out, err = cli("recover", session.id, "--yes")
    assert code == 1 and one_line(err) and "upgrade escalation-tui" in err
    assert path.read_bytes() == before
    assert list(store.incidents_dir.glob("*.damaged-*")) == []


# -- 4: a store file under another name ------------------------------------------------
def test_a_copied_store_file_is_refused_not_listed_twice_or_written_through(session, store, cli):
    """Defect 4: `cp A.json zzzz99.json` listed A twice and `note zzzz99` wrote into A."""
    copy = store.incidents_dir / "zzzz99.json"
    copy.write_bytes(store.path_for(session.id).read_bytes())
    code, out, err = cli("list")
    assert code == 1 and out.count(session.id) == 1
    assert one_line(err) and f"holds incident {session.id!r}, not 'zzzz99'" in err
    code, out, err = cli("note", "zzzz99", "into which incident?")
    assert code == 1 and one_line(err)
    assert "into which incident?" not in {e.text for e in IncidentStore(store.root).load(session.id).timeline}
    code, out, _ = cli("doctor")
    assert code == 1 and f"DAMAGED {copy}: the file holds incident {session.id!r}" in out
    assert copy.exists()


# -- 5: output targets ---------------------------------------------------------------
def _symlink(folder):
    target = folder / "target.md"
    target.write_text("keep me")
    (folder / "out.md").symlink_to(target)


def _fifo(folder):
    os.mkfifo(folder / "out.md")


def _folder(folder):
    (folder / "out.md").mkdir()


def _device(folder):
    try:
        os.mknod(folder / "out.md", 0o600 | stat.S_IFCHR, os.makedev(1, 3))  # like /dev/null
    except PermissionError:
        pytest.skip("creating a device node needs root")


@pytest.mark.parametrize(
    "make", [_symlink, _fifo, _folder, _device], ids=["symlink", "fifo", "folder", "device"]
)
def test_export_force_replaces_only_a_regular_file(session, cli, tmp_path, make):
    """Defect 5: `-o X --force` renamed a new file over a device node, a FIFO or a symlink."""
    folder = tmp_path / "out"
    folder.mkdir()
    make(folder)
    target = folder / "out.md"
    before = os.lstat(target)
    code, _out, err = cli("export", session.id, "--format", "markdown", "-o", str(target), "--force")
    assert code == 1 and one_line(err) and ("nothing was written" in err or "is a folder" in err)
    after = os.lstat(target)
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)
    if (folder / "target.md").exists():
        assert (folder / "target.md").read_text() == "keep me"


def test_export_force_still_replaces_a_regular_file_and_dash_is_stdout(session, cli, tmp_path):
    target = tmp_path / "out.json"
    target.write_text("old")
    assert cli("export", session.id, "-o", str(target), "--force")[0] == 0
    assert json.loads(target.read_text())["incident"]["id"] == session.id
    code, out, _err = cli("export", session.id, "-o", "-")
    assert code == 0 and json.loads(out)["incident"]["id"] == session.id
    assert not (tmp_path / "-").exists() and not os.path.exists("-")


# -- 6: a symlinked store file -------------------------------------------------------
def test_a_symlinked_store_file_is_refused_and_never_replaced(session, store, cli, tmp_path):
    """Defect 6: the first save turned the link into a regular file, leaving its target stale."""
    path = store.path_for(session.id)
    elsewhere = tmp_path / "synced" / "incident.json"
    elsewhere.parent.mkdir()
    os.replace(path, elsewhere)
    path.symlink_to(elsewhere)
    target_before = elsewhere.read_bytes()
    code, out, err = cli("note", session.id, "through the link?")
    assert code == 1 and one_line(err) and "is a symbolic link" in err
    assert path.is_symlink() and elsewhere.read_bytes() == target_before
    code, out, _ = cli("doctor")
    assert f"REFUSED {path}: is a symbolic link" in out
    code, out, err = cli("recover", session.id, "--yes")
    assert code == 1 and path.is_symlink()


# -- 7: escape sequences from outside ------------------------------------------------
OSC_TITLE = "\x1b]0;owned\x07"
ESC_BYTES = (b"\x1b", b"\x07", b"\x9b", b"\xc2\x9b")


def test_escape_sequences_from_outside_never_reach_the_terminal(session, store, tmp_path):
    """Defect 7: an unknown import key, a config section and a store key or file name went out raw.

    A real escalation-tui process; the bytes on its stdout and stderr are checked.
    """
    config = tmp_path / "evil-config"
    config.mkdir()
    (config / "config.toml").write_text('[cadence."\\u001b]0;owned\\u0007"]\nevery_minutes = 5\n')
    (config / "playbooks.toml").write_text('["\\u001b[2Jcleared"]\nx = 1\n')
    document = exported(session)
    document["incident"][OSC_TITLE] = "value"
    evil_import = write_json(tmp_path / "evil.json", document)
    stored = json.loads(store.path_for(session.id).read_text())
    stored["incident"]["1"][OSC_TITLE] = 1  # a key inside a store file
    (store.incidents_dir / f"{OSC_TITLE}x9b\x9b.json").write_text(json.dumps(stored))  # and in a file name
    env = {**os.environ, CONFIG: str(config), "ESCALATION_TUI_DB": str(store.root)}
    seen = b""
    for args in (["import", evil_import], ["list"], ["doctor"], ["show", session.id], ["status"]):
        done = subprocess.run(
            [sys.executable, "-m", "escalation_tui", *args], capture_output=True, env=env, timeout=60
        )
        assert b"Traceback" not in done.stderr
        for stream in (done.stdout, done.stderr):
            assert not any(bad in stream for bad in ESC_BYTES), (args, stream)
            assert control_in(stream) is None
        seen += done.stdout + done.stderr
    # shown, not run: the sequences are visible as escapes
    assert b"\\x1b]0;owned\\x07" in seen and b"\\x1b[2Jcleared" in seen


# -- 8: imports that passed validation, then crashed ---------------------------------
def _dup_why(i):
    i["whys"].append(dict(i["whys"][0]))


def _self_parent(i):
    i["whys"][0]["parent_id"] = i["whys"][0]["id"]


def _why_cycle(i):
    i["whys"][0]["parent_id"] = i["whys"][1]["id"]
    i["whys"][1]["parent_id"] = i["whys"][0]["id"]


def _dup_action(i):
    i["actions"].append(dict(i["actions"][0]))


def _dup_check(i):
    i["checklist"].append(dict(i["checklist"][0]))


def _far_future(i):
    i["timeline"][0]["at"] = "9999-12-31T23:59:59-23:59"


def _year_one(i):
    i["milestones"]["acknowledged"] = "0001-01-01T00:00:00+14:00"


def _before_declared(i):
    i["milestones"]["resolved"] = "2000-01-01T00:00:00Z"


def _negative_revision(i):
    i["revision"] = -1


def _unknown_key(i):
    i["colour"] = "red"


def _number_as_time(i):
    i["timeline"][0]["at"] = 1_700_000_000


def _text_as_bool(i):
    i["confidential"] = "yes"


def _dangling_link(i):
    i["actions"][0]["why_id"] = "nowhere"


CRASHERS = {
    "duplicate why ids": (_dup_why, "whys: the id"),
    "a why that is its own parent": (_self_parent, "its own ancestor"),
    "a cycle of whys": (_why_cycle, "its own ancestor"),
    "duplicate action ids": (_dup_action, "actions: the id"),
    "duplicate checklist ids": (_dup_check, "checklist: the id"),
    "year 9999 in -23:59": (_far_future, "must be between 1970 and 2999"),
    "year 1 in +14:00": (_year_one, "must be between 1970 and 2999"),
    "resolved before declared": (_before_declared, "resolved is before declared"),
    "negative revision": (_negative_revision, "revision"),
    "unknown incident key": (_unknown_key, "unknown field 'colour'"),
    "a number as a time": (_number_as_time, "must be a date and time"),
    "text as a boolean": (_text_as_bool, "confidential"),
    "a link to no why": (_dangling_link, "which is not there"),
}


@pytest.fixture
def full_session(session):
    session.add_why("Pool exhausted")
    session.add_why("Config halved the pool", parent_id=session.incident.whys[0].id)
    session.add_action("Pin the pool size", why_id=session.incident.whys[1].id)
    return session


@pytest.mark.parametrize("break_it, message", CRASHERS.values(), ids=CRASHERS.keys())
def test_imports_that_used_to_crash_later_are_refused_in_one_line(
    full_session, cli, tmp_path, store, break_it, message
):
    """Defect 8: each of these was imported, then `show`, export or the TUI crashed on it."""
    document = exported(full_session)
    document["incident"]["id"] = "brok3n"
    break_it(document["incident"])
    code, _out, err = cli("import", write_json(tmp_path / "in.json", document))
    assert code == 1 and one_line(err) and message in err, err
    assert store.ids() == [full_session.id]


@pytest.mark.parametrize("envelope", [{"version": True}, {"version": -1}, {"version": "1"}, {"comment": "x"}])
def test_the_export_envelope_is_exact(session, cli, tmp_path, envelope):
    """Defect 8: `"version": true` and unknown top-level keys were accepted."""
    document = {**exported(session), **envelope}
    document["incident"]["id"] = "envl0p"
    code, _out, err = cli("import", write_json(tmp_path / "in.json", document))
    assert code == 1 and one_line(err)


def test_a_store_file_meets_the_same_rules_as_an_import(full_session, store, cli):
    """The one gate: a store file with a why cycle is damage (doctor, list), never a crash."""
    path = store.path_for(full_session.id)
    document = json.loads(store.whole_bytes(path))  # with the changes in its journal
    _why_cycle(document["incident"]["1"])
    path.write_text(json.dumps(document))
    code, out, err = cli("show", full_session.id)
    assert code == 1 and one_line(err) and "its own ancestor" in err
    code, out, _ = cli("doctor")
    assert f"DAMAGED {path}" in out and f"recover {full_session.id}" in out


# -- 9: text and numbers that no encoder or parser takes ---------------------------------
def test_lone_surrogates_from_the_command_line_are_stored_as_replacement_characters(session, store):
    """Defect 9: `note ID $'\\xff'` ended in UnicodeEncodeError (a real process: argv is bytes)."""
    env = {**os.environ, "ESCALATION_TUI_DB": str(store.root)}
    done = subprocess.run(
        [sys.executable, "-m", "escalation_tui", "note", session.id.encode(), b"bad byte \xff here"],
        capture_output=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert IncidentStore(store.root).load(session.id).timeline[-1].text == "bad byte \ufffd here"
    shown = subprocess.run(
        [sys.executable, "-m", "escalation_tui", "show", session.id], capture_output=True, env=env, timeout=60
    )
    assert shown.returncode == 0 and "bad byte \ufffd here" in shown.stdout.decode()


@pytest.mark.parametrize(
    "text, message",
    [
        ('"\\ud800 lone"', None),  # accepted: the surrogate becomes U+FFFD
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ("9" * 5000, "too many digits"),
    ],
    ids=["json surrogate", "100k-deep nesting", "5000-digit integer"],
)
def test_surrogates_deep_nesting_and_huge_numbers_in_json_end_in_one_line(
    session, cli, tmp_path, text, message
):
    """Defect 9: these ended in "unexpected error" (exit 70)."""
    raw = incident_to_json(session.incident).replace('"revision": 0', '"revision": 0, "summary": ' + text)
    raw = raw.replace(f'"id": "{session.id}"', '"id": "s0rr0g"', 1)
    source = tmp_path / "in.json"
    source.write_text(raw)
    code, _out, err = cli("import", str(source))
    if message is None:
        assert code == 0, err
        assert IncidentStore(tmp_path / "store").load("s0rr0g").summary == "\ufffd lone"
        assert cli("show", "s0rr0g")[0] == 0
    else:
        assert code == 1 and one_line(err) and message in err


# -- 10: the import cap ---------------------------------------------------------------
def test_the_import_cap_counts_bytes_read_from_dev_zero(cli, monkeypatch):
    """Defect 10: the 50 MB cap checked st_size, which is 0 for /dev/zero: read without limit."""
    from escalation_tui.store import files

    monkeypatch.setattr(files, "MAX_IMPORT_BYTES", 1024 * 1024)
    code, _out, err = cli("import", "/dev/zero")
    assert code == 1 and one_line(err) and "larger than 1 MB" in err


def test_the_import_cap_counts_bytes_read_from_a_fifo(cli, tmp_path, monkeypatch):
    from escalation_tui.store import files

    monkeypatch.setattr(files, "MAX_IMPORT_BYTES", 1024 * 1024)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    stop = threading.Event()

    def writer():
        try:
            with open(fifo, "wb") as handle:
                while not stop.is_set():
                    handle.write(b" " * 65536)
        except BrokenPipeError:
            pass

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    code, _out, err = cli("import", str(fifo))
    stop.set()
    assert code == 1 and one_line(err) and "larger than 1 MB" in err
    thread.join(5)


# -- 11: leftovers, missing backups, doctor's lines ------------------------------------
def test_stale_backup_temp_files_are_removed_on_open(session, store):
    """Defect 11: a kill left `.ID.backup.tmp` in backups/ for good."""
    stale = store.backups_dir / f".{session.id}.backup.tmp"
    stale.write_bytes(b"{half")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    IncidentStore(store.root)
    assert not stale.exists()


def test_doctor_reports_leftover_temp_files_and_incidents_without_backup(session, store, cli):
    """Defect 11: doctor said nothing of either."""
    for backup in store.backups(session.id):
        backup.unlink()
    young = store.backups_dir / f".{session.id}.backup.tmp"
    young.write_bytes(b"{half")
    code, out, _ = cli("doctor")
    assert code == 0
    assert f"note: {session.id} has no backup yet" in out
    assert f"note: leftover {young}: a backup of {session.id}" in out


def test_doctor_names_each_path_once(session, store, cli):
    """Defect 11: some doctor lines said "path: path: …"."""
    damage(store, session.id)
    store.path_for("nonreg").mkdir()  # a folder where a file should be: unreadable, not damaged
    _code, out, _ = cli("doctor")
    for line in out.splitlines():
        for path in (store.path_for(session.id), store.path_for("nonreg")):
            assert line.count(str(path)) <= 1, line
    assert f"DAMAGED {store.path_for(session.id)}: not valid JSON" in out


# -- the one gate for config files ----------------------------------------------------
CONFIG_TRAPS = {
    "100k-deep nesting": "a = " + "[" * 100_000 + "]" * 100_000 + "\n",
    "5000-digit integer": "a = " + "9" * 5000 + "\n",
    "a cadence no clock can add": "[cadence.SEV1]\nevery_minutes = 1000000000000000\n",
}


@pytest.mark.parametrize("text", CONFIG_TRAPS.values(), ids=CONFIG_TRAPS.keys())
def test_a_config_file_that_parses_badly_is_a_warning_not_a_crash(session, cli, tmp_path, monkeypatch, text):
    config = tmp_path / "config"
    config.mkdir(exist_ok=True)
    (config / "config.toml").write_text(text)
    monkeypatch.setenv(CONFIG, str(config))
    for command in (["list"], ["status"], ["show", session.id]):
        code, _out, err = cli(*command)
        assert code == 0 and one_line(err) and "using the built-in defaults" in err, err


def test_a_fifo_as_config_file_does_not_hang_every_command(session, cli, tmp_path, monkeypatch):
    config = tmp_path / "config"
    config.mkdir(exist_ok=True)
    os.mkfifo(config / "playbooks.toml")  # nobody ever writes to it
    monkeypatch.setenv(CONFIG, str(config))
    code, _out, err = cli("list")
    assert code == 0 and one_line(err) and "not a regular file" in err


def test_the_5_whys_are_bounded_in_depth_so_no_view_runs_out_of_stack(session, cli, tmp_path):
    """Every view walks the tree recursively: a 2,000-deep chain ended in RecursionError."""
    from escalation_tui.domain.integrity import MAX_WHY_DEPTH

    document = exported(session)
    incident = document["incident"]
    for depth in (MAX_WHY_DEPTH, MAX_WHY_DEPTH + 1, 2000):
        incident["id"] = f"deep{depth}"
        incident["whys"] = [
            {
                "id": f"w{n}",
                "parent_id": f"w{n - 1}" if n else None,
                "statement": f"why {n}",
                "is_root_cause": False,
            }
            for n in range(depth)
        ]
        code, _out, err = cli("import", write_json(tmp_path / "deep.json", document))
        if depth == MAX_WHY_DEPTH:
            assert code == 0, err
            for command in (["show", incident["id"]], ["export", incident["id"], "--format", "markdown"]):
                assert cli(*command)[0] == 0
        else:
            assert code == 1 and one_line(err) and f"at most {MAX_WHY_DEPTH} deep" in err
