"""Problems in the model, the store and the JSON format: a why answers a problem by naming its
id, a why without a parent still answers the first problem (the summary), and stores and
exports written before problems existed load unchanged."""

import json

import pytest
from pydantic import ValidationError

from escalation_tui.domain.blameless import scan_incident
from escalation_tui.domain.models import Problem, Why
from escalation_tui.domain.search import search_incident
from escalation_tui.domain.whys import problem_of, problems, root_cause_chains, tree_of
from escalation_tui.store import SCHEMA_VERSION, IncidentStore
from escalation_tui.store.journal import journal_path


def _two_problems(session):
    second = session.add_problem("Why did the restore take 18 hours?").problems[0].id
    first = session.add_why("The primary was deleted").whys[-1].id
    session.add_why("No guard on the cleanup", first)
    session.set_root_cause(session.incident.whys[-1].id)
    cold = session.add_why("Backups were cold", second).whys[-1].id
    session.set_root_cause(cold)
    return second


def test_each_problem_has_its_own_tree_and_chains(session):
    second = _two_problems(session)
    incident = session.incident
    assert [(p.id, p.statement) for p in problems(incident)] == [
        (None, "Checkout API returning 500s"),  # the first problem: the summary's first line, or the title
        (second, "Why did the restore take 18 hours?"),
    ]
    assert [w.statement for w in tree_of(incident.whys, None)] == [
        "The primary was deleted",
        "No guard on the cleanup",
    ]
    assert [w.statement for w in tree_of(incident.whys, second)] == ["Backups were cold"]
    assert problem_of(incident.whys, incident.whys[1].id) is None
    assert [[w.statement for w in c] for c in root_cause_chains(incident.whys)] == [
        ["The primary was deleted", "No guard on the cleanup"]
    ]
    assert [[w.statement for w in c] for c in root_cause_chains(incident.whys, second)] == [
        ["Backups were cold"]
    ]


def test_a_problem_id_is_no_answer_id_and_parents_must_exist(session):
    incident = session.incident
    with pytest.raises(ValidationError, match="also an answer's"):
        incident.model_validate(
            {
                **incident.model_dump(),
                "problems": [{"id": "same", "statement": "x"}],
                "whys": [{"id": "same", "statement": "y"}],
            }
        )
    with pytest.raises(ValidationError, match="which is not there"):
        incident.model_validate(
            {**incident.model_dump(), "whys": [Why(statement="y", parent_id="gone").model_dump()]}
        )
    valid = incident.model_validate(
        {
            **incident.model_dump(),
            "problems": [Problem(id="p1", statement="x").model_dump()],
            "whys": [Why(id="w1", statement="y", parent_id="p1").model_dump()],
        }
    )
    assert valid.whys[0].parent_id == "p1"


def test_a_version_2_store_file_loads_and_is_written_as_version_3(session, store, store_path, cli):
    session.add_why("The primary was deleted")
    path = store.path_for(session.id)
    old = json.loads(store.whole_bytes(path))  # with the journal's changes in it
    journal_path(path).unlink(missing_ok=True)
    old["meta"]["1"]["schema_version"] = 2
    del old["incident"]["1"]["problems"]  # a file written before problems existed
    path.write_text(json.dumps(old))
    original = path.read_bytes()
    assert SCHEMA_VERSION == 5  # 3 added problems; 4 the cadence history; 5 the outbox
    code, out, _ = cli("show", session.id)
    assert code == 0 and "why 1: The primary was deleted" in out  # it answers the summary, as before
    code, problem_id, _ = cli("problem", session.id, "Why did the restore take so long?")
    assert code == 0
    saved = json.loads(path.read_text())
    assert saved["meta"]["1"]["schema_version"] == 5
    assert saved["incident"]["1"]["problems"] == [
        {"id": problem_id.strip(), "statement": "Why did the restore take so long?"}
    ]
    assert [w["parent_id"] for w in saved["incident"]["1"]["whys"]] == [None]
    assert (store.backups_dir / f"{session.id}.schema-v2.json").read_bytes() == original
    assert IncidentStore(store_path).load(session.id).problems[0].statement.startswith("Why did")


def test_a_version_2_export_imports_and_a_version_3_round_trips(session, cli, tmp_path):
    second = _two_problems(session)
    exported = tmp_path / "x.json"
    assert cli("export", session.id, "-o", str(exported))[0] == 0
    document = json.loads(exported.read_text())
    assert document["version"] == 5
    code, new_id, _ = cli("import", str(exported), "--new-id")
    assert code == 0
    again = tmp_path / "y.json"
    cli("export", new_id.strip(), "-o", str(again))
    copy = json.loads(again.read_text())["incident"]
    assert (
        copy["problems"] == document["incident"]["problems"] and copy["whys"] == document["incident"]["whys"]
    )
    assert any(w["parent_id"] == second for w in copy["whys"])

    old = json.loads(exported.read_text())
    old["version"] = 2
    old["incident"]["id"] = "oldtwo"
    old["incident"]["whys"] = [w for w in old["incident"]["whys"] if w["parent_id"] != second]
    del old["incident"]["problems"]
    exported.write_text(json.dumps(old))
    assert cli("import", str(exported)) == (0, "oldtwo\n", "")
    code, out, _ = cli("show", "oldtwo")
    assert "why 1: The primary was deleted" in out and "problem 2" not in out


def test_why_parent_takes_a_problem_or_a_why_prefix(session, cli):
    code, problem_id, _ = cli("problem", session.id, "Restore slow", "--at", "2026-11-28T02:30Z")
    problem_id = problem_id.strip()
    assert code == 0
    code, why_id, err = cli("why", session.id, "Backups were cold", "--parent", problem_id[:5])
    assert (code, err) == (0, "")
    code, _, err = cli("why", session.id, "Nobody tested restores", "--parent", why_id.strip(), "--root")
    assert (code, err) == (0, "")
    code, out, _ = cli("show", session.id)
    assert f"problem 2 ({problem_id}): Restore slow" in out
    assert "      why 2: Nobody tested restores  ★ root cause" in out
    code, _, err = cli("problem", session.id, "Later", "--at", "2099-01-01T00:00Z")
    assert code != 0 and "in the future" in err and len(err.strip().splitlines()) == 1


def test_a_problem_is_searched_and_checked_for_blame(session):
    session.add_problem("Why was human error blamed for the restore?")
    incident = session.incident
    hits = [(h.field, h.snippet) for h in search_incident(incident, "RESTORE")]
    assert [field for field, _ in hits] == ["problem"] and hits[0][1].endswith("blamed for the restore?")
    flags = [f for f in scan_incident(incident) if f.ref.startswith("problems.")]
    assert ("5 Whys problem #2", "human error") in [(f.where, f.phrase) for f in flags]
