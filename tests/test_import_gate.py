"""The gate every outside file goes through (an import, a hand-edited store file, a store
copy) keeps revisions in the one range both stores hold, and an import follows the rule of
--at for times (issue 30, items 11 and 12)."""

import json
from datetime import timedelta

import pytest

from escalation_tui.cli import main
from escalation_tui.export.json_format import incident_to_json
from escalation_tui.store import IncidentStore, open_store

FAR = 10**4299  # 4,300 digits: the most Python's int parser takes from a string


def export_file(session, tmp_path, change) -> str:
    document = json.loads(incident_to_json(session.incident))
    document["incident"]["id"] = "imp0rt"
    change(document["incident"])
    path = tmp_path / "in.json"
    path.write_text(json.dumps(document))
    return str(path)


def set_revision(revision: int):
    def change(incident: dict) -> None:
        incident["revision"] = revision

    return change


@pytest.mark.parametrize("revision", [FAR, 2**31, -1], ids=["4300 digits", "2**31", "negative"])
def test_an_imported_revision_out_of_range_is_refused_in_one_line(session, cli, tmp_path, store, revision):
    code, out, err = cli("import", export_file(session, tmp_path, set_revision(revision)))
    assert code == 1 and out == "" and err.count("\n") == 1, err
    assert "revision" in err and "2147483647" in err and len(err) < 300
    assert store.ids() == [session.id]


def test_the_highest_revision_imports_and_a_change_past_it_is_refused_in_one_line(session, cli, tmp_path):
    code, new_id, err = cli("import", export_file(session, tmp_path, set_revision(2**31 - 1)))
    assert code == 0, err
    code, _out, err = cli("note", new_id.strip(), "one more")
    assert code == 1 and err.count("\n") == 1 and "highest revision" in err and "2147483647" in err
    assert IncidentStore(tmp_path / "store").load(new_id.strip()).revision == 2**31 - 1


def test_a_hand_edited_store_file_with_a_revision_out_of_range_is_damage(session, store, cli):
    path = store.path_for(session.id)
    document = json.loads(store.whole_bytes(path))
    document["incident"]["1"]["revision"] = FAR
    path.write_text(json.dumps(document))
    code, _, err = cli("show", session.id)
    assert code == 1 and err.count("\n") == 1 and "revision" in err
    code, out, _ = cli("doctor")
    assert f"DAMAGED {path}" in out and "revision" in out


def test_store_copy_refuses_a_revision_postgresql_cannot_hold_and_copies_the_rest(
    pg_url, tmp_path, clock, capsys
):
    folder = tmp_path / "laptop"
    db = ["--db", str(folder)]
    assert main([*db, "new", "Fine one", "-s", "3", "-k", "technical"], clock=clock) == 0
    assert main([*db, "new", "Edited by hand", "-s", "3", "-k", "technical"], clock=clock) == 0
    fine_id, edited_id = capsys.readouterr().out.split()
    store = IncidentStore(folder)
    path = store.path_for(edited_id)
    document = json.loads(store.whole_bytes(path))
    document["incident"]["1"]["revision"] = 2**31
    path.write_text(json.dumps(document))
    code = main(["store", "copy", "--from", str(folder), "--to", pg_url], clock=clock)
    out, err = capsys.readouterr()
    assert code == 1 and "copied 1" in out and f"copied {fine_id}" in out
    assert f"not copied: {path}" in err and "revision" in err and err.count("\n") == 1
    server = open_store(pg_url)
    try:
        assert server.ids() == [fine_id]
    finally:
        server.close()
    assert main(["--db", pg_url, "note", fine_id, "still changes there"], clock=clock) == 0


def test_an_import_declared_in_the_future_is_refused_like_new_at(session, cli, tmp_path, store):
    def declared_far_ahead(incident: dict) -> None:
        incident["milestones"]["declared"] = "2999-12-31T00:00:00Z"

    code, out, err = cli("import", export_file(session, tmp_path, declared_far_ahead))
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "milestones declared: 2999-12-31 00:00 UTC is in the future" in err
    assert cli("new", "Later", "-s", "3", "-k", "technical", "--at", "2999-12-31T00:00Z")[2].count(
        "in the future"
    )
    assert store.ids() == [session.id]


def test_any_recorded_time_ahead_of_now_is_refused_but_a_minute_of_skew_is_not(session, cli, tmp_path, clock):
    def note_ahead(minutes: int):
        def change(incident: dict) -> None:
            at = clock.now() + timedelta(minutes=minutes)
            incident["timeline"][-1]["at"] = at.isoformat()

        return change

    code, _, err = cli("import", export_file(session, tmp_path, note_ahead(5)))
    assert code == 1 and "timeline 1 at:" in err and "in the future" in err
    code, _, err = cli("import", export_file(session, tmp_path, note_ahead(1)))
    assert code == 0, err
