"""The command line, run as a user would (in-process for speed; one real subprocess)."""

import json
import subprocess
import sys

import pytest

from escalation_tui.domain.enums import EventKind
from escalation_tui.store import IncidentStore


def test_new_prints_the_id_and_stores_the_incident(cli, store_path):
    code, out, err = cli(
        "new", "Checkout 500s", "--severity", "1", "--kind", "technical", "--summary", "Half fail"
    )
    assert code == 0 and err == ""
    incident = IncidentStore(store_path).load(out.strip())
    assert (incident.title, incident.severity, incident.kind, incident.summary) == (
        "Checkout 500s",
        "SEV1",
        "technical",
        "Half fail",
    )


def test_list_show_and_status(cli, clock):
    _, first, _ = cli("new", "Checkout 500s", "-s", "1", "-k", "technical")
    _, second, _ = cli("new", "Vendor API late", "-s", "3", "-k", "process")
    clock.advance(minutes=7, seconds=48)
    code, out, _ = cli("list")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["ID", "SEV", "KIND"]
    assert first.strip() in lines[1] and "update due in 07:12" in lines[1]
    assert second.strip() in lines[2]
    code, out, _ = cli("status")
    assert out == "SEV1 Checkout 500s | update due in 07:12\n"
    code, out, _ = cli("status", second.strip())
    assert out == "SEV3 Vendor API late | update due in 3:52:12\n"
    code, out, _ = cli("show", first.strip()[:4])
    assert "SEV1 · technical · Checkout 500s" in out and "Acknowledge & contain 0/8" in out


def test_status_is_silent_when_nothing_is_open(cli):
    assert cli("status") == (0, "", "")


def test_list_json_and_all(cli, store_path, clock):
    _, incident_id, _ = cli("new", "Resolved one", "-s", "2", "-k", "technical")
    service_store = IncidentStore(store_path)
    from escalation_tui.service import IncidentService

    IncidentService(service_store, clock).open(incident_id.strip()).record_milestone("resolved")
    assert json.loads(cli("list", "--json")[1]) == []
    rows = json.loads(cli("list", "--all", "--json")[1])
    assert rows[0]["id"] == incident_id.strip() and rows[0]["status"] == "resolved"


def test_note_appends_to_the_timeline(cli, store_path):
    _, incident_id, _ = cli("new", "Checkout", "-s", "2", "-k", "technical")
    assert cli("note", incident_id.strip(), "Alert: p99 > 2s", "--kind", "symptom")[0] == 0
    event = IncidentStore(store_path).load(incident_id.strip()).timeline[-1]
    assert (event.kind, event.text) == (EventKind.SYMPTOM, "Alert: p99 > 2s")


def test_json_round_trip_through_an_empty_store(cli, tmp_path, clock):
    _, demo_id, _ = cli("demo", "--no-open")
    first = tmp_path / "first.json"
    assert cli("export", demo_id.strip(), "--format", "json", "-o", str(first))[0] == 0
    other_db = ["--db", str(tmp_path / "other")]
    assert cli(*other_db, "import", str(first))[1] == demo_id
    second = tmp_path / "second.json"
    assert cli(*other_db, "export", demo_id.strip(), "-o", str(second))[0] == 0
    assert first.read_bytes() == second.read_bytes()
    # stdout export is the same text
    assert cli("export", demo_id.strip())[1].encode() == first.read_bytes()


def test_import_refuses_duplicates_unless_new_id(cli, tmp_path):
    _, demo_id, _ = cli("demo", "--no-open")
    path = tmp_path / "demo.json"
    cli("export", demo_id.strip(), "-o", str(path))
    code, _, err = cli("import", str(path))
    assert code == 1 and "already in the store; use --new-id" in err
    code, new_id, _ = cli("import", str(path), "--new-id")
    assert code == 0 and new_id.strip() != demo_id.strip()


def test_export_never_overwrites_without_force(cli, tmp_path):
    _, incident_id, _ = cli("new", "x", "-s", "4", "-k", "technical")
    target = tmp_path / "out.json"
    target.write_text("precious")
    code, _, err = cli("export", incident_id.strip(), "-o", str(target))
    assert code == 1 and "already exists" in err and target.read_text() == "precious"
    assert cli("export", incident_id.strip(), "-o", str(target), "--force")[0] == 0


ERRORS = {
    "unknown id": (["show", "nosuch"], "no incident with id 'nosuch'"),
    "bad severity": (["new", "x", "-s", "9", "-k", "technical"], "severity must be 1-4"),
    "bad kind": (["new", "x", "-s", "1", "-k", "cosmic"], "invalid choice: 'cosmic'"),
    "empty title": (["new", " ", "-s", "1", "-k", "technical"], "title: must not be empty"),
    "missing file": (["import", "/nonexistent/x.json"], "/nonexistent/x.json: no such file"),
    "bad note kind": (["note", "x", "y", "--kind", "milestone"], "invalid choice"),
}


@pytest.mark.parametrize("args, message", ERRORS.values(), ids=ERRORS.keys())
def test_errors_are_one_line_on_stderr_with_nonzero_exit(cli, args, message):
    code, out, err = cli(*args)
    assert code != 0 and out == ""
    assert len(err.strip().splitlines()) == 1 and message in err


@pytest.mark.parametrize(
    "content, message",
    [
        ("{not json", "not valid JSON (Expecting property name"),
        ('{"format": "other"}', "not an escalation-tui incident export"),
        (
            '{"format": "escalation-tui/incident", "version": 99, "incident": {}}',
            "format version 99 is newer",
        ),
        ('{"format": "escalation-tui/incident", "version": 1, "incident": {"id": "x"}}', "invalid incident"),
    ],
)
def test_import_of_invalid_json_is_one_clear_line(cli, tmp_path, content, message, store_path):
    path = tmp_path / "bad.json"
    path.write_text(content)
    code, out, err = cli("import", str(path))
    assert code == 1 and out == ""
    assert err.startswith(f"escalation-tui: {path}: ") and message in err and len(err.splitlines()) == 1
    assert IncidentStore(store_path).ids() == []


def test_real_process_errors_have_no_traceback(tmp_path):
    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "escalation_tui", "--db", str(tmp_path), *args],
            capture_output=True,
            text=True,
            timeout=60,
        )

    bad_kind = run("new", "x", "-s", "1", "-k", "cosmic")
    assert bad_kind.returncode == 2 and len(bad_kind.stderr.strip().splitlines()) == 1
    assert "Traceback" not in bad_kind.stderr
    unknown = run("show", "zzzz")
    assert unknown.returncode == 1 and unknown.stderr.strip() == (
        "escalation-tui: no incident with id 'zzzz' (see: escalation-tui list --all)"
    )
    no_tty = run()  # no terminal: a clear message instead of a broken TUI
    assert no_tty.returncode == 1 and "the TUI needs a terminal" in no_tty.stderr
