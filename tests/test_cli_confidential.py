"""Confidential incidents, one rule for every command: contents only with --confidential-ok."""

import json

import pytest

SECRET = "Lead is burning out"
OK = "--confidential-ok"


@pytest.fixture
def secret(service, clock):
    """A people escalation (confidential by default) with an action item, beside a plain one."""
    session = service.declare(SECRET, severity=2, kind="people")
    session.add_action("Book a 1:1 about workload", "dana", clock.now().date())
    session.add_note("Talked to Alex privately")
    plain = service.declare("Checkout down", severity=1, kind="technical")
    plain.add_action("Add canary", "lee")
    return session


@pytest.mark.parametrize(
    "command",
    [
        ["show"],
        ["show", "--json"],
        ["export", "--format", "json"],
        ["export", "--format", "markdown"],
        ["export"],  # json is the default
    ],
)
def test_printing_contents_is_refused_without_consent_and_works_with_it(cli, secret, command):
    name, *rest = command
    code, out, err = cli(name, secret.id, *rest)
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and f"incident {secret.id} is confidential; add --confidential-ok" in err
    assert SECRET not in err

    code, out, err = cli(name, secret.id, *rest, OK)
    assert code == 0 and SECRET in out and "Talked to Alex privately" in out


def test_export_to_a_file_is_refused_too_and_writes_nothing(cli, secret, tmp_path):
    target = tmp_path / "out.md"
    code, _, err = cli("export", secret.id, "-f", "markdown", "-o", str(target))
    assert code == 1 and "--confidential-ok" in err and not target.exists()
    assert cli("export", secret.id, "-f", "markdown", "-o", str(target), OK)[0] == 0
    assert SECRET in target.read_text()


def test_list_marks_confidential_incidents_and_hides_their_titles(cli, secret):
    code, out, err = cli("list")
    assert code == 0 and SECRET not in out
    row = next(line for line in out.splitlines() if line.startswith(secret.id))
    assert row.endswith("[confidential incident]")
    assert "Checkout down" in out  # the other incident is listed as usual
    assert err == (
        "escalation-tui: details of 1 confidential incident were hidden; add --confidential-ok to show them\n"
    )

    code, out, err = cli("list", OK)
    row = next(line for line in out.splitlines() if line.startswith(secret.id))
    assert (code, err) == (0, "") and row.endswith(f"[confidential] {SECRET}")


def test_list_json_hides_the_title_unless_asked(cli, secret):
    code, out, err = cli("list", "--json")
    rows = {r["id"]: r for r in json.loads(out)}
    assert code == 0 and SECRET not in out and "--confidential-ok" in err
    assert rows[secret.id]["title"] is None and rows[secret.id]["confidential"] is True
    assert rows[secret.id]["seconds_until_update"] is not None  # the countdown is never secret
    assert [r["title"] for r in rows.values() if not r["confidential"]] == ["Checkout down"]

    code, out, err = cli("list", "--json", OK)
    rows = {r["id"]: r for r in json.loads(out)}
    assert (code, err) == (0, "") and rows[secret.id]["title"] == SECRET


LEFT_OUT = "escalation-tui: 1 confidential incident was left out; add --confidential-ok to list them too\n"


def test_actions_leave_confidential_incidents_items_out(cli, secret):
    """Their owners, dates and statuses are their contents too (test_confidential_oracle.py)."""
    code, out, err = cli("actions")
    assert (code, err) == (0, LEFT_OUT) and secret.id not in out and "dana" not in out
    assert "Add canary" in out
    assert cli("actions", "--owner", "dana") == (0, "no action items\n", LEFT_OUT)

    code, out, err = cli("actions", OK)
    row = next(line for line in out.splitlines() if secret.id in line)
    assert (code, err) == (0, "") and row.endswith("[confidential] Book a 1:1 about workload")


def test_actions_json_leaves_confidential_incidents_items_out(cli, secret):
    code, out, err = cli("actions", "--json")
    rows = {r["incident"]: r for r in json.loads(out)}
    assert (code, err) == (0, LEFT_OUT) and secret.id not in rows and "dana" not in out

    rows = {r["incident"]: r for r in json.loads(cli("actions", "--json", OK)[1])}
    assert rows[secret.id]["title"] == "Book a 1:1 about workload"
    assert rows[secret.id]["incident_title"] == SECRET


def test_status_never_shows_the_title(cli, secret, clock):
    clock.advance(minutes=70)  # SEV2: first update due at 60 min: overdue by 10:00
    code, out, err = cli("status", secret.id)
    assert (code, out, err) == (0, "SEV2 confidential incident | update overdue +10:00\n", "")
    # the most urgent one: the SEV1's first update (15 min) is more overdue
    assert cli("status")[1] == "SEV1 Checkout down | update overdue +55:00\n"


def test_status_without_an_id_shows_a_confidential_one_by_label_only(cli, service, clock):
    service.declare(SECRET, severity=1, kind="people")
    clock.advance(minutes=3)
    assert cli("status") == (0, "SEV1 confidential incident | update due in 12:00\n", "")


def test_a_plain_incident_needs_no_consent(cli, secret, service):
    plain = next(i for i in service.list()[0] if not i.confidential)
    code, out, err = cli("show", plain.id)
    assert (code, err) == (0, "") and "Checkout down" in out


def test_doctor_leaves_a_confidential_incidents_words_out(cli, secret, store):
    store.path_for(secret.id).write_bytes(b"{")
    code, out, _ = cli("doctor")
    assert code == 1 and "newest valid backup" in out
    assert "Talked to Alex" not in out and SECRET not in out
