"""escalation-tui handoff: a shift-change summary, recorded on the timeline."""

from datetime import timedelta

import pytest
from markdown_it import MarkdownIt

from escalation_tui.domain.enums import EventKind
from escalation_tui.store import IncidentStore

MD = MarkdownIt("commonmark").enable("table")


@pytest.fixture
def night(service, clock):
    """A SEV1 worked through the night: old events, recent ones, whys, actions, an update."""
    session = service.declare("Checkout API returning 500s", severity=1, kind="technical", commander="dana")
    session.add_note("Something from the very start")
    clock.advance(hours=9)
    session.set_role("comms", "sam")
    session.toggle_check(session.incident.checklist[0].id)  # done: not listed as open
    session.set_phase("diagnose")
    session.log_update("executive", "Rolled back 2.3.1; errors down to 2%.")
    top = session.add_why("Pool exhausted").whys[-1].id
    session.add_why("Config halved the pool", top)
    session.set_root_cause(session.incident.whys[-1].id)
    session.add_why("Traffic 20% above normal", top)  # a chain without a root cause: open
    today = clock.now().astimezone().date()
    session.add_action("Pin the pool size", "lee", today - timedelta(days=1), "P1", "mitigate")
    session.add_action("Alert on saturation", "kim", today + timedelta(days=3), "P2", "detect")
    session.add_action("Old and done", "kim")
    session.set_action_status(session.incident.actions[-1].id, "done")
    session.set_link("bridge", "https://meet.example.com/abc")
    clock.advance(minutes=10)
    return session


def _section(text: str, heading: str) -> str:
    return text.split(f"## {heading}", 1)[1].split("\n## ", 1)[0]


def test_the_summary_holds_what_the_next_shift_needs(cli, night):
    code, out, err = cli("handoff", night.id)
    assert code == 0 and err == ""
    assert out.startswith("# Handoff: Checkout API returning 500s\n")
    assert "SEV1 · technical · open · phase 2 of 5: Deep dive & diagnosis" in out
    assert "changes since 2026-11-28 04:10 UTC (the last 8 hours; no earlier handoff)" in out
    assert "- Commander: dana\n- Comms lead: sam\n- Scribe: —" in _section(out, "Roles")
    updates = _section(out, "Stakeholder updates")
    assert "Latest: 12:00 UTC to executive: Rolled back 2.3.1; errors down to 2%." in updates
    assert "Next: due 12:30 UTC (update due in 20:00)" in updates
    assert "bridge: `https://meet.example.com/abc`" in _section(out, "Links")
    checks = _section(out, "Open checklist items (phase 2: Deep dive & diagnosis)")
    phase2 = [c.text for c in night.incident.checklist if c.phase == "diagnose"]
    assert checks.count("\n- ") == len(phase2) and all(t in checks for t in phase2[:2])
    assert night.incident.checklist[0].text not in checks  # phase 1, and done
    actions = _section(out, "Open action items").strip().splitlines()
    assert actions[0].startswith("- **OVERDUE** P1 mitigate: Pin the pool size (@lee, due ")
    assert actions[1].startswith("- P2 detect: Alert on saturation (@kim") and len(actions) == 2
    questions = _section(out, "Open questions (5 Whys without a root cause)")
    assert "Why? Traffic 20% above normal" in questions and "Config halved" not in questions
    changes = _section(out, "What changed since 04:10 UTC")
    assert "Something from the very start" not in changes  # more than 8 hours ago
    assert "12:00 UTC role: Comms lead: sam (dana)" in changes
    assert "update: Update sent (executive): Rolled back 2.3.1" in changes


def test_each_handoff_is_recorded_and_the_next_starts_there(cli, night, store_path, clock):
    assert cli("--as", "dana", "handoff", night.id)[0] == 0
    event = IncidentStore(store_path).load(night.id).timeline[-1]
    assert (event.kind, event.by, event.at) == (EventKind.HANDOFF, "dana", clock.now())
    assert event.text == "Handoff summary for the next shift (changes since 2026-11-28 04:10 UTC)"

    clock.advance(minutes=30)
    night.refresh()
    night.add_note("Vendor confirmed the fix")
    code, out, _ = cli("--as", "lee", "handoff", night.id)
    assert code == 0 and "changes since 2026-11-28 12:10 UTC (the last handoff)" in out
    changes = _section(out, "What changed since 12:10 UTC").strip().splitlines()
    assert changes == ["- 12:40 UTC note: Vendor confirmed the fix (dana)"]
    timeline = IncidentStore(store_path).load(night.id).timeline
    assert [e.by for e in timeline if e.kind == EventKind.HANDOFF] == ["dana", "lee"]


def test_since_a_given_time_and_no_record(cli, night, store_path):
    before = len(IncidentStore(store_path).load(night.id).timeline)
    code, out, _ = cli("handoff", night.id, "--since", "2026-11-28T02:59Z", "--no-record")
    assert code == 0 and "(as asked)" in out
    assert "Something from the very start" in _section(out, "What changed since 02:59 UTC")
    assert len(IncidentStore(store_path).load(night.id).timeline) == before
    code, _, err = cli("handoff", night.id, "--since", "yesterday-ish")
    assert code == 1 and "is not a time" in err and err.count("\n") == 1


def test_to_a_file_and_a_refused_write_records_nothing(cli, night, store_path, tmp_path):
    target = tmp_path / "handoff.md"
    code, out, err = cli("handoff", night.id, "-o", str(target))
    assert (code, out, err) == (0, "", f"wrote {target}\n")
    assert target.read_text().startswith("# Handoff: Checkout API returning 500s")
    count = len(IncidentStore(store_path).load(night.id).timeline)
    code, _, err = cli("handoff", night.id, "-o", str(target))  # exists: needs --force
    assert code == 1 and err.count("\n") == 1
    assert len(IncidentStore(store_path).load(night.id).timeline) == count
    assert cli("handoff", night.id, "-o", str(target), "--force")[0] == 0
    assert len(IncidentStore(store_path).load(night.id).timeline) == count + 1


def test_a_confidential_incident_needs_consent_and_records_nothing_when_refused(cli, service, store_path):
    secret = service.declare("Lead is burning out", severity=2, kind="people")
    code, out, err = cli("handoff", secret.id)
    assert (code, out) == (1, "")
    assert err == (
        f"escalation-tui: incident {secret.id} is confidential; add --confidential-ok to hand it over\n"
    )
    assert IncidentStore(store_path).load(secret.id).timeline[-1].kind != EventKind.HANDOFF
    code, out, _ = cli("handoff", secret.id, "--confidential-ok")
    assert code == 0 and "Lead is burning out" in out and "· confidential ·" in out
    assert IncidentStore(store_path).load(secret.id).timeline[-1].kind == EventKind.HANDOFF


def test_hostile_text_cannot_change_the_summarys_structure(cli, service):
    session = service.declare("# Owned [x](javascript:alert(1))", severity=2, kind="technical")
    session.add_note("## fake heading\n<script>alert(1)</script>\n- [link](https://evil.example)")
    session.add_why("`code` | pipe [y](javascript:z) <b>bold</b>")
    session.set_role("commander", "[dana](https://evil.example)")
    code, out, _ = cli("handoff", session.id)
    assert code == 0
    tokens = MD.parse(out)
    html = MD.render(out)
    assert "<h1>Handoff: # Owned [x](javascript:alert(1))</h1>" in html
    headings = [tokens[n + 1].content for n, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings[1:] == [
        "Roles",
        "Stakeholder updates",
        "Open checklist items (phase 1: Acknowledge & contain)",
        "Open action items",
        "Open questions (5 Whys without a root cause)",
        "What changed since 2026-11-27 19:00 UTC",
    ]
    inline = [c for t in tokens if t.type == "inline" for c in t.children or []]
    assert not [t for t in tokens if t.type in ("html_block", "html_inline")]
    assert not [c for c in inline if c.type in ("link_open", "html_inline", "image")]


def test_the_handoff_event_reaches_the_post_mortem_and_the_json_export(cli, night, tmp_path):
    cli("handoff", night.id)
    code, doc, _ = cli("export", night.id, "-f", "markdown")
    assert code == 0 and "| handoff | Handoff summary for the next shift" in doc
    target = tmp_path / "x.json"
    assert cli("export", night.id, "-o", str(target))[0] == 0
    code, new_id, err = cli("import", str(target), "--new-id")
    assert code == 0, err
    assert "handoff   Handoff summary" in cli("show", new_id.strip())[1]


def test_a_note_back_filled_after_the_last_handoff_is_still_news(cli, night, clock):
    assert cli("handoff", night.id)[0] == 0
    clock.advance(minutes=20)
    assert cli("note", night.id, "Saw the alert at 11:00, logged late", "--at", "2026-11-28T11:00Z")[0] == 0
    code, out, _ = cli("handoff", night.id)
    changes = _section(out, "What changed since 12:10 UTC")
    assert code == 0 and "11:00 UTC note: Saw the alert at 11:00, logged late" in changes


def test_open_questions_are_the_chains_without_a_root_cause(cli, service):
    s = service.declare("Login slow", severity=2, kind="technical")
    assert "_no 5 Whys yet_" in cli("handoff", s.id, "--no-record")[1]
    top = s.add_why("DB slow").whys[-1].id
    s.add_why("Index missing", top)
    s.set_root_cause(s.incident.whys[-1].id)
    s.add_why("Deeper: nobody reviews query plans", s.incident.whys[-1].id)  # below a root cause: answered
    assert "_none: every chain reaches a root cause_" in cli("handoff", s.id, "--no-record")[1]
    s.add_why("Cache cold after deploy", top)
    questions = _section(
        cli("handoff", s.id, "--no-record")[1], "Open questions (5 Whys without a root cause)"
    )
    assert questions.strip() == "- Why? Cache cold after deploy"
