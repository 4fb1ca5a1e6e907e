"""Recording what happened from the command line: roles, milestones with times, notes,
write-up texts, whys, actions, lessons, updates; who is typing; bad input refused whole."""

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from test_hostile_input_cli import CONTROL, HOSTILE

from escalation_tui.domain.enums import ActionStatus, EventKind, Phase
from escalation_tui.store import IncidentStore


@pytest.fixture
def incident_id(cli) -> str:
    code, out, _ = cli("--as", "dana", "new", "Search down", "--severity", "1", "--kind", "technical")
    assert code == 0
    return out.strip()


def load(store_path, incident_id):
    return IncidentStore(store_path).load(incident_id)


def test_new_at_a_past_time_and_milestones_with_times(cli, store_path, clock):
    code, out, err = cli("new", "Search down", "-s", "1", "-k", "technical", "--at", "2026-11-28T01:19Z")
    assert (code, err) == (0, "")
    incident_id = out.strip()
    assert cli("milestone", incident_id[:3], "impact-started", "--at", "2026-11-28T02:12+01:00")[0] == 0
    assert cli("milestone", incident_id, "contained", "--at", "2026-11-28T01:54:30Z")[0] == 0
    assert cli("milestone", incident_id, "resolved", "--at", "2026-11-28T02:18Z")[0] == 0
    incident = load(store_path, incident_id)
    utc = lambda h, m, s=0: datetime(2026, 11, 28, h, m, s, tzinfo=UTC)  # noqa: E731
    m = incident.milestones
    assert (m.impact_started, m.declared, m.contained, m.resolved) == (
        utc(1, 12),
        utc(1, 19),
        utc(1, 54, 30),
        utc(2, 18),
    )
    assert incident.phase == Phase.RESOLVE
    assert cli("milestone", incident_id, "closed")[0] == 0  # no --at: now
    closed = load(store_path, incident_id)
    assert closed.milestones.closed == clock.now() and closed.phase == Phase.POSTMORTEM
    # each milestone event carries the milestone's own time
    events = {e.text.split(" ")[0]: e.at for e in closed.timeline if e.kind == EventKind.MILESTONE}
    assert (
        events["Impact"] == utc(1, 12)
        and events["Contained"] == utc(1, 54, 30)
        and events["Declared"] == utc(1, 19)
    )


def test_hh_mm_means_today_in_local_time(cli, store_path, clock, incident_id):
    clock.advance(minutes=30)
    typed = (clock.now() - timedelta(minutes=20)).astimezone()
    assert cli("milestone", incident_id, "acknowledged", "--at", typed.strftime("%H:%M"))[0] == 0
    assert load(store_path, incident_id).milestones.acknowledged == typed.replace(second=0, microsecond=0)


@pytest.mark.parametrize(
    "args, message",
    [
        (["milestone", "{id}", "contained", "--at", "yesterday"], "time 'yesterday' is not a time"),
        (["milestone", "{id}", "contained", "--at", "2026-11-28T02:00"], "has no time zone"),
        (["milestone", "{id}", "contained", "--at", "24:10"], "is not a time of day"),
        (["milestone", "{id}", "contained", "--at", "0001-01-01T00:00Z"], "out of range"),
        (
            ["milestone", "{id}", "contained", "--at", "2026-11-28T02:00Z"],
            "Contained cannot be earlier than declared",
        ),
        (["milestone", "{id}", "resolved", "--at", "2030-01-01T00:00Z"], "is in the future"),
        (["milestone", "{id}", "closed"], "resolve the incident before closing it"),
        (["milestone", "{id}", "impact-started", "--at", "2026-11-28T03:00:00.5Z"], None),  # fine
        (["milestone", "{id}", "impact-started", "--at", "2026-11-28T02:00Z"], "already recorded"),
        (["note", "{id}", "   "], "must not be empty"),
        (["note", "{id}", "x", "--at", "2031-01-01T00:00Z"], "is in the future"),
        (["role", "{id}", "boss", ""], "no 'boss' role"),
        (["set", "{id}", "owner", "x"], "invalid choice: 'owner'"),
        (["why", "{id}", ""], "must not be empty"),
        (["why", "{id}", "Because", "--parent", "zzzz"], "no problem or why with id 'zzzz'"),
        (["action", "{id}", "@lee !p1"], "the title is empty"),
        (["action", "{id}", "Fix it due:someday"], "due date 'someday' not understood"),
        (["action", "{id}", "Fix it", "--status", "finished"], "invalid choice: 'finished'"),
        (["lesson", "{id}", "lucky", ""], "must not be empty"),
        (["update", "{id}", "Sent", "--audience", "press"], "invalid choice: 'press'"),
        (["update", "{id}", "Sent"], "the following arguments are required: --audience"),
        (["role", "nosuch", "comms", "kim"], "no incident"),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(cli, store_path, incident_id, args, message):
    if message is not None:
        cli("milestone", incident_id, "impact-started", "--at", "2026-11-28T02:00Z")
    before = load(store_path, incident_id)
    code, out, err = cli(*(a.replace("{id}", incident_id) for a in args))
    if message is None:
        assert code == 0
        return
    assert code != 0 and out == ""
    assert len(err.strip().splitlines()) == 1 and message in err and "Traceback" not in err
    assert load(store_path, incident_id) == before


def test_each_creating_command_prints_the_new_id(cli, store_path, incident_id):
    def created(*args: str) -> str:
        code, out, err = cli(*args)
        assert (code, err) == (0, ""), args
        return out

    why_id = created("why", incident_id, "Index shards were unassigned")
    child_id = created(
        "why", incident_id, "The migration dropped replicas", "--parent", why_id.strip()[:3], "--root"
    )
    action_id = created(
        "action",
        incident_id,
        "Alert on unassigned shards @kim !p1 detect due:2026-12-10",
        "--status",
        "in-progress",
        "--why",
        child_id.strip()[:4],
    )
    update_id = created(
        "update", incident_id, "Search is degraded", "--audience", "customer", "--at", "2026-11-28T02:59Z"
    )
    note_id = created(
        "note", incident_id, "Zero-result rate at 71%", "--kind", "symptom", "--at", "2026-11-28T02:58Z"
    )
    incident = load(store_path, incident_id)
    why, child = incident.whys
    assert (why.id, why.parent_id) == (why_id.strip(), None)
    assert (child.id, child.parent_id, child.is_root_cause) == (child_id.strip(), why.id, True)
    action = incident.find("actions", action_id.strip())
    assert (
        action.title,
        action.owner,
        action.priority,
        action.type,
        action.status,
        action.due.isoformat(),
        action.why_id,
    ) == (
        "Alert on unassigned shards",
        "kim",
        "P1",
        "detect",
        ActionStatus.IN_PROGRESS,
        "2026-12-10",
        child.id,
    )
    update = incident.find("updates", update_id.strip())
    assert (update.audience, update.sent_at.isoformat()) == ("customer", "2026-11-28T02:59:00+00:00")
    note = incident.find("timeline", note_id.strip())
    assert (note.kind, note.text, note.at.isoformat()) == (
        EventKind.SYMPTOM,
        "Zero-result rate at 71%",
        "2026-11-28T02:58:00+00:00",
    )


def test_ambiguous_why_prefix_is_refused(cli, store_path, incident_id):
    ids = [cli("why", incident_id, f"Cause {n}")[1].strip() for n in range(40)]
    shared = next(a[0] for a in ids if sum(b.startswith(a[0]) for b in ids) > 1)
    code, _, err = cli("why", incident_id, "Below", "--parent", shared)
    assert code == 1 and "is ambiguous" in err


def test_roles_set_and_hand_over_with_one_event_each(cli, store_path, incident_id):
    assert cli("role", incident_id, "commander", "dana")[0] == 0
    assert cli("role", incident_id, "commander", "lee")[0] == 0
    assert cli("role", incident_id, "comms", "sam")[0] == 0
    assert cli("role", incident_id, "scribe", "alex")[0] == 0
    incident = load(store_path, incident_id)
    assert (incident.roles.commander, incident.roles.comms, incident.roles.scribe) == ("lee", "sam", "alex")
    roles = [e.text for e in incident.timeline if e.kind == EventKind.ROLE]
    assert roles == ["Commander: dana", "Commander: dana → lee", "Comms lead: sam", "Scribe: alex"]
    code, _, err = cli("role", incident_id, "scribe", "alex")
    assert code == 1 and "nothing changed" in err


def test_set_every_write_up_field_and_lessons(cli, store_path, incident_id):
    fields = ("summary", "impact", "affected", "detection", "tried", "trigger", "resolution")
    for field in fields:
        assert cli("set", incident_id, field, f"The {field} text")[0] == 0
    for kind in ("went-well", "went-wrong", "lucky"):
        assert cli("lesson", incident_id, kind, f"A {kind} lesson")[0] == 0
    incident = load(store_path, incident_id)
    assert [getattr(incident, f) for f in fields] == [f"The {f} text" for f in fields]
    lessons = incident.lessons
    assert (lessons.went_well, lessons.went_wrong, lessons.got_lucky) == (
        ["A went-well lesson"],
        ["A went-wrong lesson"],
        ["A lucky lesson"],
    )


def test_who_is_typing_comes_from_as_then_environment_then_config(
    cli, store_path, incident_id, monkeypatch, tmp_path
):
    (tmp_path / "config").mkdir(exist_ok=True)
    (tmp_path / "config" / "config.toml").write_text('user = "from-config"\n')
    monkeypatch.delenv("ESCALATION_TUI_USER", raising=False)
    cli("note", incident_id, "one")
    monkeypatch.setenv("ESCALATION_TUI_USER", "from-env")
    cli("note", incident_id, "two")
    cli("--as", "kim", "note", incident_id, "three")
    incident = load(store_path, incident_id)
    assert incident.timeline[0].by == "dana"  # the declaration, typed --as dana
    assert [e.by for e in incident.timeline[-3:]] == ["from-config", "from-env", "kim"]


def test_show_lists_who_did_what_and_the_new_fields(cli, incident_id):
    cli("--as", "kim", "set", incident_id, "trigger", "Schema migration at 02:10")
    cli("role", incident_id, "scribe", "alex")
    _code, out, _ = cli("show", incident_id)
    assert "scribe: alex" in out and "Trigger:\n  Schema migration at 02:10" in out
    assert "Trigger set: Schema migration at 02:10  (kim)" in out
    shown = json.loads(cli("show", incident_id, "--json")[1])["incident"]
    assert shown["trigger"] == "Schema migration at 02:10" and shown["roles"]["scribe"] == "alex"


RECORDING = {  # command args (TEXT is the hostile text) -> where it is stored
    "role": (["role", "{id}", "scribe", "TEXT"], lambda i: i.roles.scribe),
    "set trigger": (["set", "{id}", "trigger", "TEXT"], lambda i: i.trigger),
    "why": (["why", "{id}", "TEXT"], lambda i: i.whys[-1].statement),
    "action": (["action", "{id}", "TEXT"], lambda i: i.actions[-1].title),
    "lesson": (["lesson", "{id}", "went-wrong", "TEXT"], lambda i: i.lessons.went_wrong[-1]),
    "update": (["update", "{id}", "TEXT", "--audience", "internal"], lambda i: i.updates[-1].text),
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
@pytest.mark.parametrize("command", RECORDING, ids=RECORDING.keys())
def test_hostile_text_in_every_recording_command(cli, store_path, incident_id, command, text):
    args, stored_in = RECORDING[command]
    before = load(store_path, incident_id)
    code, _out, err = cli(*(text if a == "TEXT" else a.replace("{id}", incident_id) for a in args))
    if code != 0:
        assert code == 1 and len(err.strip().splitlines()) == 1 and "Traceback" not in err
        assert re.search(r"must not be empty|is too long|title is empty|nothing changed", err), err
        assert load(store_path, incident_id) == before
        return
    stored = stored_in(load(store_path, incident_id))
    assert not CONTROL.search(stored)
    assert stored.split() == CONTROL.sub("", text).split()  # quick-add joins words with one space
