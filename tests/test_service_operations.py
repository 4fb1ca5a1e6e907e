"""Every service operation validates, applies, writes its timeline event and persists."""

from datetime import date, timedelta

import pytest

from escalation_tui.domain.enums import ActionStatus, EventKind, Phase
from escalation_tui.errors import Conflict, InvalidInput, NotFound
from escalation_tui.service import IncidentService
from escalation_tui.store import IncidentStore


def _check_id(s, n=0):
    return s.incident.checklist[n].id


def _with_why(s):
    s.add_why("Pool exhausted")
    return s.incident.whys[-1].id


def _with_action(s):
    s.add_action("Add canary", owner="lee")
    return s.incident.actions[-1].id


# (operation, event kind it must write, what the reloaded incident must show)
OPERATIONS = [
    (
        "title",
        lambda s: s.set_text("title", "Checkout down"),
        EventKind.CHANGE,
        lambda i: i.title == "Checkout down",
    ),
    (
        "summary",
        lambda s: s.set_text("summary", "Half of requests fail"),
        EventKind.CHANGE,
        lambda i: i.summary == "Half of requests fail",
    ),
    (
        "impact",
        lambda s: s.set_text("impact", "Orders lost"),
        EventKind.CHANGE,
        lambda i: i.impact == "Orders lost",
    ),
    (
        "affected",
        lambda s: s.set_text("affected", "EU users"),
        EventKind.CHANGE,
        lambda i: i.affected == "EU users",
    ),
    (
        "tried",
        lambda s: s.set_text("tried", "Restarted pods"),
        EventKind.CHANGE,
        lambda i: i.tried == "Restarted pods",
    ),
    ("severity", lambda s: s.set_severity(2), EventKind.CHANGE, lambda i: i.severity == "SEV2"),
    ("kind", lambda s: s.set_kind("process"), EventKind.CHANGE, lambda i: i.kind == "process"),
    (
        "kind+playbook",
        lambda s: s.set_kind("people", add_playbook_items=True),
        EventKind.CHANGE,
        lambda i: len(i.checklist) > 40,
    ),
    ("phase", lambda s: s.set_phase("resolve"), EventKind.PHASE, lambda i: i.phase == Phase.RESOLVE),
    ("advance phase", lambda s: s.advance_phase(), EventKind.PHASE, lambda i: i.phase == Phase.DIAGNOSE),
    (
        "commander",
        lambda s: s.set_role("commander", "dana"),
        EventKind.ROLE,
        lambda i: i.roles.commander == "dana",
    ),
    ("comms", lambda s: s.set_role("comms", "sam"), EventKind.ROLE, lambda i: i.roles.comms == "sam"),
    ("scribe", lambda s: s.set_role("scribe", "jo"), EventKind.ROLE, lambda i: i.roles.scribe == "jo"),
    (
        "trigger",
        lambda s: s.set_text("trigger", "Config push"),
        EventKind.CHANGE,
        lambda i: i.trigger == "Config push",
    ),
    (
        "other role",
        lambda s: s.add_other_role("liaison", "kim"),
        EventKind.ROLE,
        lambda i: i.roles.others[0].name == "kim",
    ),
    ("confidential", lambda s: s.set_confidential(True), EventKind.CHANGE, lambda i: i.confidential),
    ("cadence", lambda s: s.set_cadence(20), EventKind.CHANGE, lambda i: i.cadence_minutes == 20),
    (
        "acknowledged",
        lambda s: s.record_milestone("acknowledged"),
        EventKind.MILESTONE,
        lambda i: i.milestones.acknowledged,
    ),
    (
        "contained",
        lambda s: s.record_milestone("contained"),
        EventKind.MILESTONE,
        lambda i: i.milestones.contained,
    ),
    (
        "resolved",
        lambda s: s.record_milestone("resolved"),
        EventKind.MILESTONE,
        lambda i: i.status == "resolved",
    ),
    (
        "toggle check",
        lambda s: s.toggle_check(_check_id(s)),
        EventKind.CHECK,
        lambda i: i.checklist[0].done and i.checklist[0].done_by == "dana",
    ),
    (
        "check note",
        lambda s: s.set_check_note(_check_id(s), "paged #payments"),
        EventKind.CHECK,
        lambda i: i.checklist[0].note == "paged #payments",
    ),
    (
        "add check",
        lambda s: s.add_check("diagnose", "Check the CDN"),
        EventKind.CHECK,
        lambda i: i.checklist[-1].text == "Check the CDN" and i.checklist[-1].custom,
    ),
    (
        "edit check",
        lambda s: s.edit_check(_check_id(s), "Reply to Jo"),
        EventKind.CHECK,
        lambda i: i.checklist[0].text == "Reply to Jo",
    ),
    (
        "remove check",
        lambda s: s.remove_check(_check_id(s)),
        EventKind.CHECK,
        lambda i: len(i.checklist) == 29,
    ),
    (
        "update",
        lambda s: s.log_update("executive", "Contained."),
        EventKind.UPDATE,
        lambda i: i.updates[0].audience == "executive",
    ),
    (
        "add why",
        lambda s: s.add_why("Pool exhausted"),
        EventKind.WHY,
        lambda i: i.whys[0].statement == "Pool exhausted",
    ),
    (
        "problem",
        lambda s: s.add_problem("Why did the restore take 18 hours?"),
        EventKind.WHY,
        lambda i: [p.statement for p in i.problems] == ["Why did the restore take 18 hours?"],
    ),
    (
        "why answering a problem",
        lambda s: s.add_why("Backups were cold", s.add_problem("Restore slow").problems[0].id),
        EventKind.WHY,
        lambda i: i.whys[0].parent_id == i.problems[0].id,
    ),
    (
        "edit problem",
        lambda s: s.edit_problem(s.add_problem("Restore slow").problems[0].id, "Restore took 18 h"),
        EventKind.WHY,
        lambda i: i.problems[0].statement == "Restore took 18 h",
    ),
    (
        "remove problem",
        lambda s: s.remove_problem(s.add_problem("Restore slow").problems[0].id),
        EventKind.WHY,
        lambda i: i.problems == [],
    ),
    (
        "why child",
        lambda s: s.add_why("Config halved it", _with_why(s)),
        EventKind.WHY,
        lambda i: i.whys[1].parent_id == i.whys[0].id,
    ),
    (
        "edit why",
        lambda s: s.edit_why(_with_why(s), "Pool too small"),
        EventKind.WHY,
        lambda i: i.whys[0].statement == "Pool too small",
    ),
    ("remove why", lambda s: s.remove_why(_with_why(s)), EventKind.WHY, lambda i: i.whys == []),
    (
        "root cause",
        lambda s: s.set_root_cause(_with_why(s)),
        EventKind.WHY,
        lambda i: i.whys[0].is_root_cause,
    ),
    (
        "add action",
        lambda s: s.add_action("Add canary", "lee", date(2026, 12, 3), "P1", "prevent"),
        EventKind.ACTION,
        lambda i: i.actions[0].due == date(2026, 12, 3),
    ),
    (
        "edit action",
        lambda s: s.edit_action(_with_action(s), owner="kim", due=date(2026, 12, 9)),
        EventKind.ACTION,
        lambda i: i.actions[0].owner == "kim",
    ),
    (
        "action status",
        lambda s: s.set_action_status(_with_action(s), "done"),
        EventKind.ACTION,
        lambda i: i.actions[0].status == ActionStatus.DONE,
    ),
    (
        "remove action",
        lambda s: s.remove_action(_with_action(s)),
        EventKind.ACTION,
        lambda i: i.actions == [],
    ),
    (
        "note",
        lambda s: s.add_note("Error rate 31%", "symptom"),
        EventKind.SYMPTOM,
        lambda i: i.timeline[-1].text == "Error rate 31%",
    ),
    (
        "lesson",
        lambda s: s.add_lesson("went_well", "Rollback was fast"),
        EventKind.LESSON,
        lambda i: i.lessons.went_well == ["Rollback was fast"],
    ),
    (
        "edit lesson",
        lambda s: (s.add_lesson("got_lucky", "Low traffic"), s.edit_lesson("got_lucky", 0, "Quiet night")),
        EventKind.LESSON,
        lambda i: i.lessons.got_lucky == ["Quiet night"],
    ),
    (
        "remove lesson",
        lambda s: (s.add_lesson("went_wrong", "Slow page"), s.remove_lesson("went_wrong", 0)),
        EventKind.LESSON,
        lambda i: i.lessons.went_wrong == [],
    ),
]


@pytest.mark.parametrize(
    "operation, kind, check", [o[1:] for o in OPERATIONS], ids=[o[0] for o in OPERATIONS]
)
def test_operation_writes_event_and_survives_reopening(session, store_path, clock, operation, kind, check):
    before = session.incident.revision
    clock.advance(minutes=1)
    operation(session)
    reopened = IncidentService(IncidentStore(store_path), clock).open(session.id).incident
    assert reopened == session.incident
    assert check(reopened)
    assert reopened.timeline[-1].kind == kind
    assert reopened.timeline[-1].at == clock.now()
    assert reopened.revision > before


def test_declare_seeds_the_playbook_and_logs_the_declaration(service, store_path):
    session = service.declare("Release slipping", 3, "process", summary="Vendor API late")
    reopened = IncidentStore(store_path).load(session.id)
    assert reopened.checklist and all(not c.done for c in reopened.checklist)
    assert reopened.timeline[0].kind == EventKind.MILESTONE
    assert "Release slipping" in reopened.timeline[0].text
    assert not reopened.confidential
    assert service.declare("Lead is burning out", 2, "people").incident.confidential


def _file_bytes(store, session):
    return store.path_for(session.id).read_bytes()


@pytest.mark.parametrize(
    "operation, error",
    [
        (lambda s: s.set_text("title", ""), InvalidInput),
        (lambda s: s.set_text("nonsense", "x"), InvalidInput),
        (lambda s: s.set_severity(9), InvalidInput),
        (lambda s: s.set_severity(1), InvalidInput),  # unchanged
        (lambda s: s.toggle_check("nope"), NotFound),
        (lambda s: s.add_why("x", parent_id="nope"), NotFound),
        (lambda s: s.add_problem(" "), InvalidInput),
        (lambda s: s.edit_problem("nope", "x"), NotFound),
        (lambda s: s.add_why(""), InvalidInput),
        (lambda s: s.add_action("  "), InvalidInput),
        (lambda s: s.add_action("x", priority="P7"), InvalidInput),
        (lambda s: s.edit_action("nope", owner="x"), NotFound),
        (lambda s: s.log_update("press", "x"), InvalidInput),
        (lambda s: s.log_update("internal", " "), InvalidInput),
        (lambda s: s.add_note("x", "milestone"), InvalidInput),
        (lambda s: s.record_milestone("closed"), InvalidInput),  # not resolved yet
        (lambda s: s.add_lesson("meh", "x"), InvalidInput),
        (lambda s: s.set_cadence(-5), InvalidInput),
    ],
)
def test_refused_changes_leave_the_store_untouched(session, store, operation, error):
    before = _file_bytes(store, session)
    with pytest.raises(error):
        operation(session)
    assert _file_bytes(store, session) == before


def test_milestone_twice_is_refused(session):
    session.record_milestone("acknowledged")
    with pytest.raises(InvalidInput, match="already recorded"):
        session.record_milestone("acknowledged")


def test_removing_a_why_removes_its_subtree_and_unlinks_actions(session):
    session.add_why("A")
    a = session.incident.whys[-1].id
    session.add_why("B", a)
    session.add_why("C", session.incident.whys[-1].id)
    session.add_why("Sibling")
    session.add_action("Fix C", why_id=session.incident.whys[2].id)
    session.remove_why(a)
    assert [w.statement for w in session.incident.whys] == ["Sibling"]
    assert session.incident.actions[0].why_id is None
    assert "and 2 below it" in session.incident.timeline[-1].text


def test_undo_restores_the_state_and_logs_itself(session, store_path):
    session.add_why("Pool exhausted")
    session.toggle_check(_check_id(session))
    assert session.undo().startswith("Done: ")
    assert session.undo() == "Why? Pool exhausted"
    reopened = IncidentStore(store_path).load(session.id)
    assert reopened.whys == [] and not reopened.checklist[0].done
    assert [e.kind for e in reopened.timeline[-2:]] == [EventKind.UNDO, EventKind.UNDO]
    assert "Why? Pool exhausted" in [e.text for e in reopened.timeline]  # the log keeps history
    with pytest.raises(InvalidInput, match="nothing to undo"):
        session.undo()


def test_undoing_a_typed_note_removes_the_note(session):
    session.add_note("Wrong incident, sorry")
    session.undo()
    texts = [e.text for e in session.incident.timeline]
    assert "Wrong incident, sorry" not in texts and texts[-1] == "Undid: Wrong incident, sorry"


def test_two_sessions_see_each_others_changes_and_undo_refuses_to_clobber(service, session, clock):
    other = service.open(session.id)
    session.add_why("From the commander")
    other.add_note("From the comms lead")  # other loads the latest state under the lock
    assert [w.statement for w in other.incident.whys] == ["From the commander"]
    with pytest.raises(Conflict):
        session.undo()
    assert session.refresh() is True
    assert session.incident.timeline[-1].text == "From the comms lead"


def test_closing_needs_resolution_first(session, clock):
    clock.advance(minutes=30)
    session.record_milestone("resolved")
    session.record_milestone("closed")
    assert session.incident.status == "closed"
    assert session.incident.milestones.resolved == session.incident.milestones.declared + timedelta(
        minutes=30
    )


def test_list_orders_open_incidents_by_severity_then_closed(service, clock):
    low = service.declare("Minor", 4, "technical")
    clock.advance(minutes=1)
    high = service.declare("Major", 1, "technical")
    done = service.declare("Done", 1, "technical")
    done.record_milestone("resolved")
    incidents, problems = service.list()
    assert [i.id for i in incidents] == [high.id, low.id, done.id]
    assert problems == []
    assert [i.id for i in service.list(include_closed=False)[0]] == [high.id, low.id]


def test_poll_sees_another_instances_change_with_one_stat(service, session):
    other = service.open(session.id)
    assert session.poll() is False  # nothing changed: no reload
    other.add_note("from the comms lead")
    assert session.poll() is True
    assert session.incident.timeline[-1].text == "from the comms lead"
    assert session.poll() is False
    session.add_note("mine")  # our own save is not "changed elsewhere"
    assert session.poll() is False
