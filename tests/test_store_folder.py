"""`--db DIR` never changes a folder the user already had: read-only commands create and
change nothing, a store is made only in a new or empty folder (or one that is a store), and
an existing folder's mode is left as it is, with one warning when others can read it
(issue 30, item 8)."""

import os
import stat

import pytest

from escalation_tui.cli import main

READ_ONLY = [
    ["list"],
    ["list", "--all", "--json"],
    ["show", "k3f9"],
    ["status"],
    ["export", "k3f9"],
    ["actions"],
    ["search", "pool"],
    ["doctor"],
    ["db", "init"],
]


def snapshot(folder) -> dict:
    """Every entry under folder, with its mode and bytes: what a user would notice changing."""
    seen = {".": stat.S_IMODE(os.lstat(folder).st_mode)}
    for here, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = os.path.join(here, name)
            mode = stat.S_IMODE(os.lstat(path).st_mode)
            content = open(path, "rb").read() if name in files else None  # noqa: SIM115
            seen[os.path.relpath(path, folder)] = (mode, content)
    return seen


@pytest.fixture
def cli_on(capsys, clock):
    def go(folder, *args):
        try:
            code = main(["--db", str(folder), *args], clock=clock)
        except SystemExit as exit_:
            code = exit_.code
        out, err = capsys.readouterr()
        return code, out, err

    return go


@pytest.fixture
def shared(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    os.chmod(folder, 0o1777)
    return folder


@pytest.mark.parametrize("command", READ_ONLY, ids=" ".join)
def test_read_only_commands_leave_a_world_writable_folder_as_it_was(shared, cli_on, command):
    before = snapshot(shared)
    code, _, err = cli_on(shared, *command)
    assert snapshot(shared) == before == {".": 0o1777}
    assert err.count("open to other users (mode 1777)") == 1, err
    assert code in (0, 1) and "Traceback" not in err


def test_a_store_made_in_a_shared_folder_keeps_its_mode_and_is_private_inside(shared, cli_on):
    code, _out, err = cli_on(shared, "new", "Checkout down", "-s", "1", "-k", "technical")
    assert code == 0 and err.count("\n") == 1 and "open to other users (mode 1777)" in err
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
    assert stat.S_IMODE((shared / "incidents").stat().st_mode) == 0o700
    assert stat.S_IMODE((shared / "backups").stat().st_mode) == 0o700
    code, listed, err = cli_on(shared, "list")
    assert code == 0 and "Checkout down" in listed and err.count("\n") == 1


@pytest.mark.parametrize(
    "command",
    [*READ_ONLY, ["new", "Typo", "-s", "3", "-k", "technical"], ["import", "x.json"], ["recover", "k3f9"]],
    ids=" ".join,
)
def test_a_folder_that_is_not_a_store_is_refused_in_one_line_and_left_untouched(tmp_path, cli_on, command):
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    (folder / "src").mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    before = snapshot(folder)
    code, out, err = cli_on(folder, *command)
    assert snapshot(folder) == before
    if command == ["db", "init"]:
        return  # says only that a folder store needs no set-up
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "not an escalation-tui store; nothing was changed" in err


def test_read_only_commands_make_no_store_and_the_first_change_makes_a_private_one(tmp_path, cli_on):
    folder = tmp_path / "new" / "store"
    for command in READ_ONLY:
        cli_on(folder, *command)
    assert not (tmp_path / "new").exists()
    code, incident_id, _ = cli_on(folder, "new", "First", "-s", "2", "-k", "technical")
    assert code == 0 and stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert cli_on(folder, "show", incident_id.strip())[0] == 0


def test_an_empty_folder_becomes_a_store_without_its_mode_changing(tmp_path, cli_on):
    folder = tmp_path / "empty"
    folder.mkdir(mode=0o750)
    os.chmod(folder, 0o750)
    code, _, err = cli_on(folder, "new", "In an empty folder", "-s", "3", "-k", "technical")
    assert code == 0 and "open to other users (mode 0750)" in err
    assert stat.S_IMODE(folder.stat().st_mode) == 0o750
    os.chmod(folder, 0o700)
    assert cli_on(folder, "list")[2] == ""  # private: nothing to warn about
