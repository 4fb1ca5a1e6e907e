"""Issue 30 items 4 and 13: what the CLI prints never carries a password or a raw path.

Item 4: whatever psycopg or libpq say about a malformed PostgreSQL URL, the password in it
(as typed, percent-decoded, or given as ?password=) never reaches stderr.
Item 13: a file or folder name is printed through the same sanitiser as data: a newline in
it shows as an escape, and every message stays one line.
"""

import pytest

from escalation_tui.cli.redaction import Redactor, secrets_in

PASSWORD = "S3cr3tPW"
MALFORMED = [
    f"postgresql://dana:{PASSWORD}@[::1/esc",  # libpq quotes the whole URL
    "postgresql://dana:S3cr%zztPW@localhost/esc",  # ... or the bad token
    "postgresql://dana@localhost/esc?password=S3cr%zztPW",
    "postgresql://dana@localhost/esc?password=x%zz",
    f"postgresql://dana:{PASSWORD}@localhost:99999/esc",
    f"postgres://dana:{PASSWORD}@127.0.0.1:1/esc?sslmode=bogus",
    f"postgresql://dana:{PASSWORD}@localhost/esc?password={PASSWORD}&connect_timeout=x",
]


def _secret_forms(url: str) -> set[str]:
    found = {secret for secret in (PASSWORD, "S3cr%zztPW", "x%zz") if secret in url}
    assert found and found <= secrets_in(url)
    return found


@pytest.mark.parametrize("url", MALFORMED)
def test_a_malformed_url_never_shows_its_password(url, cli_anywhere):
    for argv in (["--db", url, "list"], ["--db", url, "note", "k3f9", "x"], [f"--db={url}", "doctor"]):
        code, out, err = cli_anywhere(*argv)
        assert code == 1 and out == "" and err.count("\n") == 1, err
        for secret in _secret_forms(url):
            assert secret not in err, (url, err)
        assert "dana" in err or "PostgreSQL URL" in err  # the line still says which store


@pytest.mark.parametrize("url", MALFORMED[:3])
def test_from_the_environment_and_in_store_copy_too(url, cli_anywhere, monkeypatch, tmp_path):
    monkeypatch.setenv("ESCALATION_TUI_DB", url)
    code, _, err = cli_anywhere("list")
    assert code == 1 and not any(secret in err for secret in _secret_forms(url)), err
    monkeypatch.delenv("ESCALATION_TUI_DB")
    code, _, err = cli_anywhere("store", "copy", "--from", url, "--to", str(tmp_path / "folder"))
    assert code == 1 and not any(secret in err for secret in _secret_forms(url)), err


def test_whatever_a_library_quotes_the_redactor_takes_the_secret_out(monkeypatch):
    monkeypatch.setenv("PGPASSWORD", "fromEnv!")
    url = "postgresql://dana:p%40ss%2Fw0rd@db.example:5432/war?sslpassword=k3y&application_name=x"
    redactor = Redactor.for_command(["--db", url, "list"])
    messages = [
        f'invalid URI query parameter: "{url}"',  # the whole string
        'invalid percent-encoded token: "p%40ss%2Fw0rd"',  # the token as typed
        "password authentication failed: p@ss/w0rd",  # decoded
        "could not parse 'p@ss/w0rd'",  # repr-quoted
        "host=db.example password=p@ss/w0rd sslpassword='k3y'",  # a conninfo string
        "PGPASSWORD fromEnv! was refused",
        "postgresql://someone:0th3rPW@h/db is another URL",  # a password we were not told about
    ]
    for message in messages:
        shown = redactor.redact(message)
        for secret in ("p%40ss%2Fw0rd", "p@ss/w0rd", "k3y", "fromEnv!", "0th3rPW"):
            assert secret not in shown, (message, shown)
    # the rest of the line survives, and a password like "postgres" does not eat the scheme
    weak = Redactor.for_command(["--db", "postgresql://dana:postgres@h/db"])
    assert weak.redact("at postgresql://dana:postgres@h/db: refused") == "at postgresql://dana@h/db: refused"
    assert weak.redact("token: postgres") == "token: ***"


def test_a_newline_in_an_output_path_is_shown_as_an_escape(cli, session, tmp_path, monkeypatch):
    target = tmp_path / "new\nline.md"
    code, out, err = cli("export", session.id, "-f", "markdown", "-o", str(target))
    assert code == 0 and target.exists() and err.endswith(f"wrote {tmp_path}/new\\nline.md\n")
    assert err.count("\n") == 1

    handoff = tmp_path / "hand\x1b[2Joff.md"
    code, _, err = cli("handoff", session.id, "-o", str(handoff))
    assert code == 0 and err == f"wrote {tmp_path}/hand\\x1b[2Joff.md\n"

    monkeypatch.setenv("ESCALATION_TUI_CONFIG", str(tmp_path / "conf\nig"))
    for argv in (["playbooks"], ["playbooks", "--write"]):
        code, out, err = cli(*argv)
        assert code == 0 and out.count("\n") == 1 and "conf\\nig" in out, out


def test_doctor_and_recover_print_a_strange_store_folder_on_one_line(tmp_path, clock, capsys):
    from escalation_tui.cli import main

    folder = tmp_path / "st\nore"
    assert main(["--db", str(folder), "new", "Checkout down", "-s", "1", "-k", "technical"], clock=clock) == 0
    incident_id = capsys.readouterr().out.strip()
    assert main(["--db", str(folder), "doctor"], clock=clock) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith(f"{tmp_path}/st\\nore: 1 incident(s)")
    assert main(["--db", str(folder), "recover", incident_id], clock=clock) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "st\\nore" in out


@pytest.fixture
def cli_anywhere(tmp_path, clock, capsys, monkeypatch):
    """The CLI in-process with the arguments exactly as given (no --db added)."""
    from escalation_tui.cli import main

    monkeypatch.chdir(tmp_path)

    def run(*args: str) -> tuple[object, str, str]:
        try:
            code: object = main(list(args), clock=clock)
        except SystemExit as exit_:
            code = exit_.code
        out, err = capsys.readouterr()
        return code, out, err

    return run
