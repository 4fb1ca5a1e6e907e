"""Issue 30 item 5: the exit code says whether the change was saved.

A change that is saved and then cannot print its id (`> /dev/full`, a closed pipe) exits 3,
with one stderr line saying it was saved and naming the incident and the new id: an alert
hook that retries on 1 must not add the note twice. Checked for every sub-command that
changes the store, found by walking the parser (test_confidential_oracle.py's walk).
"""

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from confidential_stores import LATER, build, seed_ids
from test_confidential_oracle import every_command

from escalation_tui.cli import main
from escalation_tui.cli.outcome import EXIT_SAVED_NOT_PRINTED
from escalation_tui.domain.clock import FixedClock
from escalation_tui.store import IncidentStore


class FullDisk:
    """A standard output on a full disk: every write fails, as on /dev/full."""

    encoding = "utf-8"

    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


CACHES = {"summaries"}  # rebuilt from the incident files; fingerprinted by inode and time


def contents(folder: Path) -> dict[str, bytes]:
    files = (p for p in sorted(folder.rglob("*")) if p.is_file())
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in files
        if p.relative_to(folder).parts[0] not in CACHES
    }


def test_every_change_sub_command_says_saved_by_its_exit_code(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(os, "fsync", lambda fd: None)  # exit codes are checked here, not durability
    template, store_path = tmp_path / "template", tmp_path / "store"
    secret_id = build(template, monkeypatch)
    plain_id = next(i for i in IncidentStore(template).ids() if i != secret_id)
    before = contents(template)

    def run(argv: list[str], stdout=None) -> tuple[object, str, dict[str, bytes]]:
        shutil.rmtree(store_path, ignore_errors=True)
        shutil.copytree(template, store_path)
        seed_ids(monkeypatch)
        if stdout is not None:
            monkeypatch.setattr(sys, "stdout", stdout)
        try:
            code: object = main(["--db", str(store_path), *argv], clock=FixedClock(LATER))
        except SystemExit as exit_:
            code = exit_.code
        finally:
            if stdout is not None:
                monkeypatch.setattr(sys, "stdout", captured)
        err = capsys.readouterr().err
        return code, err, contents(store_path)

    captured = sys.stdout  # capsys's
    changes = set()
    for argv in every_command("probe", plain_id):
        code, _, saved = run(argv)
        if code != 0 or saved == before:
            continue  # not a change, or one these arguments do not make
        changes.add(argv[0])
        code, err, saved_now = run(argv, FullDisk())
        if saved_now == before:  # e.g. handoff prints first and records after: nothing saved
            assert code == 1, (argv, code, err)
            continue
        assert saved_now == saved, argv  # the same change, made once
        assert code in (0, EXIT_SAVED_NOT_PRINTED), (argv, code, err)
        if code == EXIT_SAVED_NOT_PRINTED:
            assert err.count("\n") == 1 and "the change was saved (incident" in err, (argv, err)
            assert "No space left on device" in err and "do not run it again" in err
    assert {"new", "note", "why", "action", "update", "role", "set", "lesson", "link", "milestone"} <= changes
    assert {"demo"} <= changes


@pytest.fixture
def real_store(tmp_path) -> tuple[Path, str]:
    folder = tmp_path / "store"
    done = _escalation(folder, "new", "Checkout down", "-s", "1", "-k", "technical", stdout=subprocess.PIPE)
    assert done.returncode == 0, done.stderr
    return folder, done.stdout.strip()


def _escalation(folder: Path, *args: str, stdout) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "escalation_tui", "--db", str(folder), *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_note_and_new_to_dev_full_exit_3_with_one_line_naming_the_change(real_store):
    folder, incident_id = real_store
    with open("/dev/full", "w") as full:
        noted = _escalation(folder, "note", incident_id, "Pool exhausted", stdout=full)
        declared = _escalation(folder, "new", "Search down", "-s", "2", "-k", "technical", stdout=full)
        listed = _escalation(folder, "list", stdout=full)
    assert noted.returncode == EXIT_SAVED_NOT_PRINTED, noted.stderr
    assert noted.stderr.count("\n") == 1 and noted.stderr.startswith(
        f"escalation-tui: the change was saved (incident {incident_id}, new id "
    )
    assert declared.returncode == EXIT_SAVED_NOT_PRINTED and declared.stderr.count("\n") == 1
    new_id = declared.stderr.split("(incident ", 1)[1].split(")", 1)[0]
    show = _escalation(folder, "show", incident_id, "--json", stdout=subprocess.PIPE)
    assert show.stdout.count("Pool exhausted") == 1  # saved, once
    noted_id = noted.stderr.split("new id ", 1)[1].split(")", 1)[0]
    assert f'"id": "{noted_id}"' in show.stdout
    assert IncidentStore(folder).exists(new_id)
    # Nothing was changed by `list`: its failed output is an error of its own
    assert (listed.returncode, listed.stderr) == (
        1,
        "escalation-tui: cannot write the output: No space left on device\n",
    )


def test_a_closed_pipe_after_a_change_says_saved_too(real_store):
    folder, incident_id = real_store
    reader, writer = os.pipe()
    os.close(reader)  # nobody reads: the first write fails with EPIPE
    with os.fdopen(writer, "w") as closed:
        noted = _escalation(folder, "note", incident_id, "Paged the DBA", stdout=closed)
        listed = _escalation(folder, "list", stdout=closed)
    assert noted.returncode == EXIT_SAVED_NOT_PRINTED and "the change was saved" in noted.stderr
    assert (listed.returncode, listed.stderr) == (0, "")  # `list | head`: no error worth a message


def test_status_from_its_snapshot_to_dev_full_says_so_in_one_line(real_store):
    """The fast path (command.py answers from the snapshot) fails like the full command."""
    folder, _ = real_store
    assert _escalation(folder, "status", stdout=subprocess.PIPE).returncode == 0  # keeps the snapshot
    with open("/dev/full", "w") as full:
        for _ in range(2):
            failed = _escalation(folder, "status", stdout=full)
            assert (failed.returncode, failed.stderr) == (
                1,
                "escalation-tui: cannot write the output: No space left on device\n",
            )
