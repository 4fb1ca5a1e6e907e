"""escalation-tui search: plain, case-insensitive text across every incident."""

import json

import pytest

from escalation_tui.domain.search import incident_matches


@pytest.fixture
def past(service):
    """A resolved incident with the word "pool" in every kind of field, and one without it."""
    s = service.declare("Connection POOL exhausted", severity=1, kind="technical")
    s.set_text("summary", "Checkout failed: the database pool was too small after 2.3.1.")
    s.add_note("Pool size is 10 instead of 20 (regex chars: .* and (a|b))", "finding")
    s.log_update("internal", "Pool resized; watching.")
    why = s.add_why("The pool default changed in the client upgrade").whys[-1]
    s.add_action("Alert on pool saturation", "kim")
    s.add_lesson("went_wrong", "Nobody read the pool changelog")
    s.set_check_note(s.incident.checklist[0].id, "pool alarm paged dana")
    s.set_link("pool dashboard", "https://grafana.example.com/d/pool")
    s.set_root_cause(why.id)
    s.record_milestone("resolved")
    other = service.declare("Vendor API late", severity=3, kind="process")
    other.add_note("Nothing about connections here")
    return s


def test_every_kind_of_text_is_searched_once_ignoring_case(cli, past):
    code, out, err = cli("search", "pool", "--json")
    assert code == 0 and err == ""
    rows = json.loads(out)
    assert {r["incident"] for r in rows} == {past.id}
    assert [r["field"] for r in rows] == [
        "title",
        "summary",
        "finding",
        "internal update",
        "why",
        "action",
        "went wrong",
        "checklist note",
        "link",
    ]  # automatic timeline entries ("Why? …", "Action added …") would only repeat these
    assert rows[0] == {
        "incident": past.id,
        "title": "Connection POOL exhausted",
        "confidential": False,
        "status": "resolved",
        "field": "title",
        "snippet": "Connection POOL exhausted",
    }


def test_text_output_groups_by_incident_with_snippets(cli, past):
    code, out, _ = cli("search", "DATABASE POOL")
    assert code == 0
    assert out == (
        f"{past.id}  SEV1  resolved  Connection POOL exhausted\n"
        "  summary: Checkout failed: the database pool was too small after 2.3.1.\n"
    )
    code, out, _ = cli("search", "pool")
    lines = out.splitlines()
    assert len(lines) == 1 + 5 + 1 and lines[-1] == "  … and 4 more (--json lists them all)"


def test_long_text_is_cut_around_the_match(cli, service):
    s = service.declare("Long", severity=3, kind="technical")
    s.set_text("summary", "a" * 100 + " needle " + "b" * 100)
    _, out, _ = cli("search", "needle")
    assert out.splitlines()[1] == "  summary: …" + "a" * 29 + " needle " + "b" * 29 + "…"


@pytest.mark.parametrize("query", [".*", "(a|b)", "[", "\\d+"])
def test_the_query_is_plain_text_never_a_pattern(cli, past, query):
    code, out, err = cli("search", query, "--json")
    assert code == 0 and err == ""
    rows = json.loads(out)
    assert [r["field"] for r in rows] == (["finding"] if query in (".*", "(a|b)") else [])


def test_casefolding_finds_the_right_place(cli, service):
    s = service.declare("Ausfall in der Hauptstraße", severity=2, kind="technical")
    rows = json.loads(cli("search", "STRASSE", "--json")[1])
    assert [(r["incident"], r["snippet"]) for r in rows] == [(s.id, "Ausfall in der Hauptstraße")]


def test_no_matches_and_bad_queries(cli, past):
    assert cli("search", "zebra") == (0, "no matches for 'zebra'\n", "")
    assert json.loads(cli("search", "zebra", "--json")[1]) == []
    for query in ("", "   ", "\x1b\x07"):
        code, out, err = cli("search", query)
        assert code == 1 and out == "" and err == "escalation-tui: search text must not be empty\n"
    code, _, err = cli("search", "x" * 501)
    assert code == 1 and "too long" in err


def test_confidential_incidents_are_not_searched_unless_asked(cli, past, service):
    """A "1 match" would tell whether the incident holds the word (tests/test_confidential_oracle.py)."""
    secret = service.declare("Lead is burning out", severity=2, kind="people")
    secret.add_note("Talked about the on-call pool rota")
    left_out = (
        "escalation-tui: 1 confidential incident was left out; add --confidential-ok to search them too\n"
    )
    code, out, err = cli("search", "pool")
    assert (code, err) == (0, left_out) and secret.id not in out and "rota" not in out
    assert cli("search", "zebra") == (0, "no matches for 'zebra'\n", left_out)  # the same line
    rows = json.loads(cli("search", "pool", "--json")[1])
    assert rows and secret.id not in {r["incident"] for r in rows}

    code, out, err = cli("search", "pool", "--confidential-ok")
    assert (code, err) == (0, "")
    shown = f"{secret.id}  SEV2  open  [confidential] Lead is burning out\n"
    assert shown + "  note: Talked about the on-call pool rota" in out


def test_the_matcher_filters_a_list_as_the_user_types(past, service):
    incidents, _ = service.list()
    assert [i.id for i in incidents if incident_matches(i, "CHANGELOG")] == [past.id]
    assert len([i for i in incidents if incident_matches(i, "")]) == 2  # empty: everything
    assert [i.title for i in incidents if incident_matches(i, "connections")] == ["Vendor API late"]
