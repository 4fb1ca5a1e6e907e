"""Every change the TUI makes has a sub-command (issue 31 item 7), and each takes --at.

The first test walks IncidentSession: a new change operation without a sub-command fails
it, so the README's "every change the TUI makes has a sub-command" stays true.
"""

import inspect
import re
from datetime import UTC, datetime

import pytest

from escalation_tui import cli as cli_package
from escalation_tui.cli.parser import build_parser
from escalation_tui.domain.enums import ActionStatus, EventKind, Phase, Severity
from escalation_tui.service import IncidentSession
from escalation_tui.store import IncidentStore

# IncidentSession's change operations -> the sub-command that makes each.
SUB_COMMAND = {
    "set_text": "set",
    "set_severity": "severity",
    "set_kind": "kind",
    "set_phase": "phase",
    "advance_phase": "phase",
    "set_role": "role",
    "set_roles": "role",
    "add_other_role": "role",
    "remove_other_role": "role",
    "set_confidential": "confidential",
    "record_handoff": "handoff",
    "set_link": "link",
    "remove_link": "link",
    "set_cadence": "cadence",
    "record_milestone": "milestone",
    "toggle_check": "check",
    "set_check": "check",
    "set_check_note": "check",
    "add_check": "check",
    "edit_check": "edit",
    "remove_check": "remove",
    "log_update": "update",
    "add_problem": "problem",
    "edit_problem": "edit",
    "remove_problem": "remove",
    "add_why": "why",
    "edit_why": "edit",
    "remove_why": "remove",
    "set_root_cause": "root",
    "add_action": "action",
    "edit_action": "edit",
    "set_action_status": "action",
    "remove_action": "action",
    "add_note": "note",
    "add_lesson": "lesson",
    "edit_lesson": "edit",
    "remove_lesson": "remove",
    "change_outbox": "outbox",  # `outbox send`: the delivery worker claims and records through it
}
# Public methods that change nothing, or whose CLI counterpart is named here.
NOT_CHANGES = {
    "refresh",
    "as_read",
    "poll",
    "watch",
    "handoff",  # builds the summary; record_handoff records it
    "undo",  # a window's own history: the CLI takes a change back with edit/remove/set
    # team mode's reads off the event loop (a worker fetches, the loop adopts): no change
    "fetch",
    "adopt",
    "stale",
}
# Reached by the CLI through another method (set_role calls set_roles, set_check toggle_check).
VIA = {"set_roles": "set_role", "toggle_check": "set_check", "change_outbox": "send_due"}


def _public_methods() -> set[str]:
    return {
        name
        for name, member in vars(IncidentSession).items()
        if not name.startswith("_") and inspect.isfunction(member)
    }


def _cli_source() -> str:
    folder = inspect.getfile(cli_package).rsplit("/", 1)[0]
    from pathlib import Path

    return "\n".join(p.read_text() for p in Path(folder).glob("*.py"))


def test_every_change_operation_of_the_session_has_a_sub_command():
    methods = _public_methods()
    missing = sorted(methods - set(SUB_COMMAND) - NOT_CHANGES)
    assert not missing, f"change operations without a sub-command (add one, then list it here): {missing}"
    for name in NOT_CHANGES & methods:  # none of these may save a change itself
        assert "self._change(" not in inspect.getsource(getattr(IncidentSession, name)), name
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    source = _cli_source()
    for method, command in SUB_COMMAND.items():
        assert command in commands, f"{method}: no sub-command {command!r}"
        called = VIA.get(method, method)
        assert re.search(rf"\.{called}\b|\b{called}\(", source), f"{method} is not called by the CLI"


@pytest.fixture
def incident_id(cli) -> str:
    code, out, _ = cli(
        "new", "Search down", "--severity", "2", "--kind", "technical", "--at", "2026-11-28T01:00Z"
    )
    assert code == 0
    return out.strip()


def load(store_path, incident_id):
    return IncidentStore(store_path).load(incident_id)


def at(hour: int, minute: int = 0) -> str:
    return f"2026-11-28T{hour:02d}:{minute:02d}Z"


def utc(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 28, hour, minute, tzinfo=UTC)


def event(incident, text_start: str):
    return next(e for e in incident.timeline if e.text.startswith(text_start))


def test_checklist_from_the_command_line(cli, store_path, incident_id):
    first = load(store_path, incident_id).checklist[0]
    assert cli("check", incident_id, first.id[:5], "--at", at(1, 5))[0] == 0
    ticked = load(store_path, incident_id).checklist[0]
    assert ticked.done and ticked.done_at == utc(1, 5)
    code, _, err = cli("check", incident_id, first.id)
    assert code == 1 and "already done" in err  # a script run twice does not flip it back
    assert cli("check", incident_id, first.text[5:25], "--undone", "--at", at(1, 6))[0] == 0
    assert not load(store_path, incident_id).checklist[0].done
    assert cli("check", incident_id, first.id, "--note", "paged at 01:04", "--at", at(1, 7))[0] == 0
    code, out, _ = cli(
        "check", incident_id, "--add", "Freeze deploys", "--phase", "diagnose", "--at", at(1, 8)
    )
    incident = load(store_path, incident_id)
    added = incident.checklist[-1]
    assert code == 0 and out.strip() == added.id and added.phase == Phase.DIAGNOSE
    assert incident.checklist[0].note == "paged at 01:04"
    assert event(incident, "Checklist item added").at == utc(1, 8)
    assert cli("edit", incident_id, added.id, "Freeze every deploy", "--at", at(1, 9))[0] == 0
    assert cli("remove", incident_id, added.id, "--at", at(1, 10))[0] == 0
    incident = load(store_path, incident_id)
    assert all(c.id != added.id for c in incident.checklist)
    assert event(incident, "Checklist item reworded").at == utc(1, 9)
    assert event(incident, "Checklist item removed").at == utc(1, 10)


def test_phase_severity_kind_confidential_with_times(cli, store_path, incident_id):
    assert cli("phase", incident_id, "next", "--at", at(1, 20))[0] == 0
    assert cli("phase", incident_id, "resolve", "--at", at(1, 30))[0] == 0
    assert cli("severity", incident_id, "1", "--at", at(1, 10))[0] == 0
    assert cli("kind", incident_id, "process", "--at", at(1, 40))[0] == 0
    assert cli("confidential", incident_id, "yes", "--at", at(1, 41))[0] == 0
    incident = load(store_path, incident_id)
    assert (incident.phase, incident.severity, incident.kind, incident.confidential) == (
        Phase.RESOLVE,
        Severity.SEV1,
        "process",
        True,
    )
    assert event(incident, "Phase 2").at == utc(1, 20) and event(incident, "Severity SEV2 → SEV1").at == utc(
        1, 10
    )
    assert event(incident, "Kind technical → process").at == utc(1, 40)
    assert event(incident, "Marked confidential").at == utc(1, 41)
    code, _, err = cli("severity", incident_id, "1")
    assert code == 1 and "already SEV1" in err
    code, _, err = cli("phase", incident_id, "diagnose", "--at", "2999-01-01T00:00Z")
    assert code == 1 and "future" in err


def test_cadence_from_the_command_line_is_a_timeline_event(cli, store_path, incident_id):
    assert cli("cadence", incident_id, "20", "--first", "10", "--at", at(1, 5))[0] == 0
    incident = load(store_path, incident_id)
    assert (incident.cadence_minutes, incident.cadence_first_minutes) == (20, 10)
    assert event(incident, "Updates every 20 min, first within 10 min").at == utc(1, 5)
    assert cli("cadence", incident_id, "--none", "--at", at(2))[0] == 0
    assert load(store_path, incident_id).cadence_minutes == 0
    assert cli("cadence", incident_id, "--default")[0] == 0
    assert load(store_path, incident_id).cadence_minutes is None
    assert [c.minutes for c in load(store_path, incident_id).cadence_changes] == [20, 0, None]
    for bad, message in (
        (["cadence", incident_id], "give MINUTES, --none or --default"),
        (["cadence", incident_id, "--none", "--first", "5"], "--first goes with MINUTES"),
        (["cadence", incident_id, "0"], "minutes must be between"),
        (["cadence", incident_id, "soon"], "not a number of minutes"),
    ):
        code, out, err = cli(*bad)
        assert code != 0 and out == "" and message in err and len(err.strip().splitlines()) == 1


def test_whys_actions_lessons_edited_and_removed(cli, store_path, incident_id):
    why = cli("why", incident_id, "The index lost a field", "--at", at(2))[1].strip()
    child = cli("why", incident_id, "The migration dropped it", "--parent", why, "--at", at(2, 5))[1].strip()
    assert cli("root", incident_id, child, "--at", at(2, 6))[0] == 0
    assert load(store_path, incident_id).whys[1].is_root_cause
    assert cli("root", incident_id, child, "--not")[0] == 0
    assert not load(store_path, incident_id).whys[1].is_root_cause
    assert cli("edit", incident_id, why, "The index lost its synonym field", "--at", at(2, 7))[0] == 0
    action = cli("action", incident_id, "Rehearse restores @kim !p1 detect", "--at", at(2, 8))[1].strip()
    assert cli("action", incident_id, action, "--status", "in-progress", "--at", at(2, 9))[0] == 0
    assert cli("edit", incident_id, action[:5], "Rehearse every restore @lee due:2026-12-01")[0] == 0
    edited = load(store_path, incident_id).actions[0]
    assert (edited.title, edited.owner, edited.status, edited.type, str(edited.due)) == (
        "Rehearse every restore",
        "lee",
        ActionStatus.IN_PROGRESS,
        "detect",
        "2026-12-01",
    )
    assert cli("lesson", incident_id, "went-wrong", "Restores were slow", "--at", at(2, 10))[0] == 0
    assert cli("edit", incident_id, "went-wrong:1", "Restores were never rehearsed")[0] == 0
    assert load(store_path, incident_id).lessons.went_wrong == ["Restores were never rehearsed"]
    assert cli("remove", incident_id, "went-wrong:1")[0] == 0
    assert cli("remove", incident_id, action)[0] == 0
    assert cli("remove", incident_id, why)[0] == 0  # and the why below it
    incident = load(store_path, incident_id)
    assert (incident.whys, incident.actions, incident.lessons.went_wrong) == ([], [], [])
    assert event(incident, "Action in progress").at == utc(2, 9)
    assert event(incident, "Why reworded").at == utc(2, 7)
    code, _, err = cli("remove", incident_id, "went-wrong:3")
    assert code == 1 and "no lesson number 3" in err
    code, _, err = cli("action", incident_id, "zzzz9")  # not an action: a new one needs a real line
    assert code == 0


def test_an_incident_deleted_by_mistake_goes_to_the_trash_and_back(cli, store_path, incident_id):
    code, out, _ = cli("incident", "delete", incident_id[:4])
    assert code == 0 and f"incident restore {incident_id}" in out
    assert cli("list", "--all")[1].strip() == "no incidents"
    assert cli("incident", "trash")[1].split() == [incident_id]
    assert (store_path / "trash" / f"{incident_id}.json").exists()
    code, out, _ = cli("incident", "restore", incident_id)
    assert code == 0 and out.strip() == f"restored {incident_id}"
    assert incident_id in cli("list")[1]
    code, _, err = cli("incident", "restore", incident_id)
    assert code == 1 and "no deleted incident" in err


def test_a_problem_is_edited_and_removed_with_its_tree(cli, store_path, incident_id):
    problem = cli("problem", incident_id, "Why did the restore take 18 hours?", "--at", at(2))[1].strip()
    cli("why", incident_id, "Backups were never test-restored", "--parent", problem, "--at", at(2, 1))
    assert cli("edit", incident_id, problem, "Why was the restore slow?", "--at", at(2, 2))[0] == 0
    assert load(store_path, incident_id).problems[0].statement == "Why was the restore slow?"
    assert cli("remove", incident_id, problem, "--at", at(2, 3))[0] == 0
    incident = load(store_path, incident_id)
    assert (incident.problems, incident.whys) == ([], [])
    assert event(incident, "Problem removed").at == utc(2, 3)


def test_show_gives_the_ids_the_commands_take(cli, store_path, incident_id):
    why = cli("why", incident_id, "The index lost a field")[1].strip()
    action = cli("action", incident_id, "Rehearse restores")[1].strip()
    out = cli("show", incident_id)[1]
    first = load(store_path, incident_id).checklist[0]
    assert f"id {why}" in out and f"id {action}" in out and f"id {first.id}" in out
    assert EventKind.WHY  # the kinds above stay the ones the timeline records


def _recording_commands(iid: str, store_path) -> list[list[str]]:
    """One invocation of every sub-command that records something (each before its --at)."""
    incident = load(store_path, iid)
    item = incident.checklist[0].id
    return [
        ["problem", iid, "Why was it slow?"],
        ["why", iid, "A cause"],
        ["action", iid, "Do a thing @kim"],
        ["lesson", iid, "went-well", "Paging worked"],
        ["set", iid, "summary", "What happened"],
        ["role", iid, "comms", "sam"],
        ["link", iid, "bridge", "https://meet.example.com/x"],
        ["note", iid, "A note"],
        ["update", iid, "We know", "--audience", "internal"],
        ["milestone", iid, "acknowledged"],
        ["check", iid, item],
        ["phase", iid, "next"],
        ["severity", iid, "1"],
        ["kind", iid, "process"],
        ["cadence", iid, "45"],
        ["confidential", iid, "yes"],
    ]


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ("2026-11-28T01:30", "has no time zone"),
        ("2999-01-01T00:00Z", "is in the future"),
        ("soon", "not a time"),
    ],
)
def test_every_recording_command_takes_at_with_the_same_rules(cli, store_path, incident_id, when, message):
    before = load(store_path, incident_id)
    for args in _recording_commands(incident_id, store_path):
        code, out, err = cli(*args, "--at", when)
        assert code != 0 and out == "" and message in err and len(err.strip().splitlines()) == 1, args
    assert load(store_path, incident_id) == before


def test_every_recording_command_lands_at_its_at_time(cli, store_path, incident_id):
    for minute, args in enumerate(_recording_commands(incident_id, store_path), start=1):
        code, _, err = cli(*args, "--at", at(1, minute))
        assert code == 0, (args, err)
        assert load(store_path, incident_id).timeline[-1].at == utc(1, minute), args
