"""`status` from its snapshot (status_snapshot.py): the same line as the full command, until
anything it was computed from changes; then the full command runs and keeps the new answer."""

import os
import subprocess
import sys
from datetime import timedelta

import pytest

from escalation_tui.service import IncidentService
from escalation_tui.status_snapshot import Snapshot, quick_status
from escalation_tui.store import IncidentStore


@pytest.fixture
def quick(store_path, clock, capsys):
    """quick(*args, later=timedelta) -> stdout, or None when the full command must run."""

    def run(*args: str, later: timedelta = timedelta(0)) -> str | None:
        capsys.readouterr()
        code = quick_status(["--db", str(store_path), *args], now=clock.now() + later)
        out, err = capsys.readouterr()
        assert err == ""
        return None if code is None else out

    return run


def test_status_is_answered_from_its_snapshot_until_the_incident_changes(cli, quick, service, clock):
    incident = service.declare("Checkout 500s", severity=1, kind="technical")
    clock.advance(minutes=7, seconds=48)
    assert quick("status") is None  # nothing kept yet
    assert cli("status") == (0, "SEV1 Checkout 500s | update due in 07:12\n", "")
    assert quick("status") == "SEV1 Checkout 500s | update due in 07:12\n"
    assert quick("status", later=timedelta(minutes=10)) == "SEV1 Checkout 500s | update overdue +02:48\n"

    incident.log_update("internal", "Rolled back 2.3.1; errors falling")  # the countdown restarts
    assert quick("status") is None
    assert cli("status") == (0, "SEV1 Checkout 500s | update due in 30:00\n", "")
    assert quick("status") == "SEV1 Checkout 500s | update due in 30:00\n"


def test_a_new_incident_or_one_resolved_elsewhere_is_not_missed(cli, quick, service, store_path, clock):
    first = service.declare("Vendor API late", severity=3, kind="process")
    assert cli("status")[1] == quick("status") == "SEV3 Vendor API late | update due in 4:00:00\n"
    second = service.declare("Checkout 500s", severity=1, kind="technical")
    assert quick("status") is None
    assert cli("status")[1] == quick("status") == "SEV1 Checkout 500s | update due in 15:00\n"

    IncidentService(IncidentStore(store_path), clock, "sam").open(second.id).record_milestone("resolved")
    assert quick("status") is None
    assert cli("status")[1] == quick("status") == "SEV3 Vendor API late | update due in 4:00:00\n"
    assert cli("status", second.id)[1] == quick("status", second.id) == "SEV1 Checkout 500s | resolved\n"
    first.record_milestone("resolved")
    assert quick("status") is None
    assert cli("status") == (0, "", "") and quick("status") == ""  # calm: nothing at all


def test_a_cadence_changed_in_the_config_is_not_answered_from_the_snapshot(cli, quick, service, tmp_path):
    service.declare("Checkout 500s", severity=1, kind="technical")
    assert cli("status")[1] == quick("status") == "SEV1 Checkout 500s | update due in 15:00\n"
    config = tmp_path / "config"  # $ESCALATION_TUI_CONFIG (tests/conftest.py)
    config.mkdir()
    (config / "config.toml").write_text("[cadence.SEV1]\nevery_minutes = 20\nfirst_update_minutes = 5\n")
    assert quick("status") is None
    assert cli("status")[1] == quick("status") == "SEV1 Checkout 500s | update due in 05:00\n"
    (config / "config.toml").write_text("[cadence.SEV1]\nevery_minutes = oops\n")
    assert quick("status") is None
    _, out, err = cli("status")
    assert "warning" in err and out == "SEV1 Checkout 500s | update due in 15:00\n"
    assert quick("status") is None  # the warning is the full command's to repeat, every time


def test_the_snapshot_is_private_keeps_no_confidential_title_and_is_ignored_when_damaged(
    cli, quick, service, store_path
):
    service.declare("Book a 1:1 about workload", severity=2, kind="people")
    assert cli("status")[1] == quick("status") == "SEV2 confidential incident | update due in 1:00:00\n"
    snapshot = Snapshot.for_store(str(store_path))
    assert snapshot is not None and "workload" not in snapshot.path.read_text()
    assert snapshot.path.stat().st_mode & 0o777 == 0o600  # private, as the store's own files
    assert snapshot.path.parent.stat().st_mode & 0o777 == 0o700
    snapshot.path.write_text('{"fingerprint": "' + snapshot.fingerprint + '", "answers": {"": [1, 2]}}')
    assert quick("status") is None
    snapshot.path.write_bytes(b"\x00garbage")
    assert quick("status") is None
    assert cli("status")[1] == quick("status") == "SEV2 confidential incident | update due in 1:00:00\n"


@pytest.mark.parametrize(
    "args",
    [("list",), ("status", "--json"), ("status", "a", "b"), ("--as", "dana", "status"), ("status", "../x")],
)
def test_anything_but_status_takes_the_full_command(cli, quick, service, args):
    service.declare("Checkout 500s", severity=1, kind="technical")
    cli("status")
    assert quick(*args) is None


def test_a_server_store_takes_the_full_command(monkeypatch, capsys):
    assert quick_status(["--db", "postgresql://localhost/x", "status"]) is None
    monkeypatch.setenv("ESCALATION_TUI_DB", "postgres://localhost/x")
    assert quick_status(["status"]) is None
    assert capsys.readouterr() == ("", "")


def test_the_command_answers_without_loading_the_models(cli, service, store_path, tmp_path):
    """What makes it fast: the second run imports neither pydantic nor the store."""
    service.declare("Checkout 500s", severity=1, kind="technical")
    probe = (
        "import sys; sys.argv = ['escalation-tui', 'status']; from escalation_tui.command import main; "
        "code = main(); print('pydantic' in sys.modules, 'escalation_tui.store' in sys.modules, code)"
    )
    env = {
        **os.environ,
        "ESCALATION_TUI_DB": str(store_path),
        "ESCALATION_TUI_CONFIG": str(tmp_path / "config"),
    }
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    runs = [
        subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True) for _ in "ab"
    ]
    first, second = (run.stdout.splitlines() for run in runs)
    assert first[0].startswith("SEV1 Checkout 500s | update ") and second[0].startswith(
        "SEV1 Checkout 500s | "
    )
    assert first[1] == "True True 0"  # the full command, which keeps its answer
    assert second[1] == "False False 0"
