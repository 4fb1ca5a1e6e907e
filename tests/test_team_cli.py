"""Team mode from the command line: --db postgresql://…, db init, store copy, and the
one-line messages for a server that is down, a URL we do not know, a missing psycopg."""

import sys
from pathlib import Path

import psycopg
import pytest

from escalation_tui.cli import main
from escalation_tui.demo import create_demo
from escalation_tui.export.json_format import incident_to_json
from escalation_tui.store import IncidentStore, open_store

SECRET = "hunter2-secret"


@pytest.fixture
def run(clock, capsys):
    def go(*args: str) -> tuple[int, str, str]:
        try:
            code = main(list(args), clock=clock)
        except SystemExit as exit_:
            code = exit_.code
        out, err = capsys.readouterr()
        return code, out, err

    return go


def with_password(url: str) -> str:
    """The same URL with a password in it (the test server trusts local clients anyway)."""
    return url.replace("postgresql://postgres@", f"postgresql://postgres:{SECRET}@")


def exports(store) -> dict[str, str]:
    incidents, problems = store.load_all()
    assert problems == []
    return {i.id: incident_to_json(i) for i in incidents}


def test_db_init_creates_the_tables_once_and_every_command_works_on_the_server(run, pg_url, monkeypatch):
    url = with_password(pg_url)
    code, out, err = run("--db", url, "db", "init")
    assert code == 0 and "created the tables" in out and SECRET not in out + err
    code, out, _ = run("--db", url, "db", "init")
    assert code == 0 and "already there" in out

    code, incident_id, _ = run("--db", url, "new", "Checkout 500s", "-s", "1", "-k", "technical")
    assert code == 0
    monkeypatch.setenv("ESCALATION_TUI_DB", url)  # the same store through the environment
    assert run("note", incident_id.strip()[:4], "Rolled back 2.3.1")[0] == 0
    code, out, _ = run("show", incident_id.strip())
    assert code == 0 and "Rolled back 2.3.1" in out and "Checkout 500s" in out


def test_the_tables_are_created_on_first_use_without_db_init(run, pg_url):
    code, out, err = run("--db", pg_url, "list")
    assert (code, out.strip(), err) == (0, "no open incidents", "")


def test_a_server_set_up_by_a_newer_version_is_refused_in_one_line(run, pg_url):
    assert run("--db", pg_url, "db", "init")[0] == 0
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("UPDATE escalation_meta SET value = '99' WHERE key = 'schema_version'")
    for command in (["db", "init"], ["list"]):
        code, out, err = run("--db", pg_url, *command)
        assert code == 1 and out == ""
        assert err.count("\n") == 1 and "newer escalation-tui (schema 99" in err


def test_a_server_that_is_down_gets_one_line_without_the_password(run, pg_server, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PGPASSWORD", SECRET)
    dead_port = pg_server.port + 1 if pg_server.port < 65535 else 1
    dead = f"postgresql://dana:{SECRET}@127.0.0.1:{dead_port}/war?sslmode=disable"
    code, out, err = run("--db", dead, "list")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith(
        "escalation-tui: cannot reach PostgreSQL at postgresql://dana@127.0.0.1"
    )
    assert SECRET not in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []  # the URL did not become a folder named "postgresql:"


def test_an_unknown_url_scheme_is_refused_not_made_a_folder(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = run("--db", "mysql://dana@db/war", "list")
    assert (
        code == 1
        and err
        == "escalation-tui: mysql:// is not a store this program knows; use a folder path or postgresql://…\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_without_psycopg_the_url_gets_a_clear_message(run, monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if the [postgres] extra were not installed
    for name in [m for m in sys.modules if m.startswith("escalation_tui.store.postgres")]:
        monkeypatch.delitem(sys.modules, name)
    code, _, err = run("--db", "postgresql://dana@db.example/war", "list")
    assert code == 1
    assert (
        err
        == "escalation-tui: a postgresql:// store needs psycopg 3: pip install 'escalation-tui[postgres]'\n"
    )


def test_store_copy_round_trip_keeps_every_export_byte_identical(run, pg_url, tmp_path, clock):
    folder = tmp_path / "laptop"
    store = IncidentStore(folder)
    create_demo(store, clock)
    extra = run("--db", str(folder), "new", "Ünïcödé – “quotes” [/bold] 🚒", "-s", "2", "-k", "people")[
        1
    ].strip()
    run("--db", str(folder), "note", extra, "line one\nline two\twith tab", "--kind", "finding")
    before = exports(store)
    assert len(before) == 2

    code, out, err = run("store", "copy", "--from", str(folder), "--to", with_password(pg_url))
    assert code == 0 and err == "" and "copied 2, already there 0" in out and SECRET not in out
    back = tmp_path / "back"
    code, out, _ = run("store", "copy", "--from", pg_url, "--to", str(back))
    assert code == 0 and "copied 2" in out
    assert exports(IncidentStore(back)) == before  # byte-identical JSON export after the round trip
    server = open_store(pg_url)
    assert exports(server) == before
    server.close()

    code, out, _ = run("store", "copy", "--from", str(folder), "--to", pg_url)  # again: nothing to do
    assert code == 0 and "copied 0, already there 2, replaced 0, differing and kept 0" in out


def test_store_copy_keeps_a_differing_incident_unless_asked_to_overwrite(run, pg_url, tmp_path):
    folder = str(tmp_path / "laptop")
    incident_id = run("--db", folder, "new", "Vendor API late", "-s", "3", "-k", "process")[1].strip()
    assert run("store", "copy", "--from", folder, "--to", pg_url)[0] == 0
    run("--db", pg_url, "note", incident_id, "written on the server meanwhile")

    code, out, err = run("store", "copy", "--from", folder, "--to", pg_url)
    assert code == 1 and "differing and kept 1" in out and f"{incident_id} differs" in err
    assert "written on the server meanwhile" in run("--db", pg_url, "show", incident_id)[1]

    code, out, _ = run("store", "copy", "--from", pg_url, "--to", folder, "--overwrite")
    assert code == 0 and f"replaced {incident_id}" in out
    assert "written on the server meanwhile" in run("--db", folder, "show", incident_id)[1]


def test_store_copy_to_itself_is_refused(run, tmp_path):
    code, _, err = run("store", "copy", "--from", str(tmp_path), "--to", str(tmp_path))
    assert code == 1 and "same store" in err and Path(tmp_path).exists()


def test_doctor_on_the_server_names_a_damaged_incident_and_recover_says_what_to_do(run, pg_url):
    incident_id = run("--db", pg_url, "new", "Will be damaged", "-s", "2", "-k", "technical")[1].strip()
    run("--db", pg_url, "new", "Fine", "-s", "3", "-k", "technical")
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(
            "UPDATE escalation_incidents SET document = document - 'kind' WHERE id = %s", (incident_id,)
        )
    code, out, _ = run("--db", pg_url, "doctor")
    assert code == 1 and "2 incident(s), 1 damaged" in out and f"incident {incident_id}" in out
    code, _, err = run("--db", pg_url, "recover", incident_id)
    assert code == 1 and err.count("\n") == 1 and "import a JSON export" in err
