"""One offset format everywhere (issue 31 item 3), finished incidents in one duration format
(item 8), and updates judged against the cadence in force when each was sent (item 6)."""

from datetime import UTC, datetime, timedelta

from escalation_tui.domain.clock import FixedClock
from escalation_tui.domain.clock_text import finished_label, format_offset
from escalation_tui.domain.metrics import compute_metrics
from escalation_tui.export.markdown import render_postmortem
from escalation_tui.service import IncidentService
from escalation_tui.store import IncidentStore

T = datetime(2026, 10, 14, 10, 0, tzinfo=UTC)


def test_offsets_are_signed_hours_and_minutes_with_days_past_a_day():
    cases = {
        timedelta(seconds=17): "+0:00",
        timedelta(minutes=17): "+0:17",
        timedelta(hours=1, minutes=27): "+1:27",
        timedelta(hours=23, minutes=59, seconds=59): "+23:59",
        timedelta(days=1, minutes=14): "+1d 0:14",
        timedelta(days=10, hours=23, minutes=30): "+10d 23:30",
        -timedelta(hours=4, minutes=40): "-4:40",
        -timedelta(days=1, hours=6): "-1d 6:00",
    }
    assert {delta: format_offset(delta) for delta in cases} == cases


def test_a_finished_incident_says_when_it_was_resolved_and_closed():
    resolved = T + timedelta(hours=20, minutes=14)
    closed = resolved + timedelta(days=9, hours=3, minutes=2)
    assert finished_label(T, resolved, closed) == "resolved after 20:14, closed 9d 3:02 later"
    assert finished_label(T, resolved, None) == "resolved after 20:14"
    assert finished_label(T, None, T + timedelta(days=2)) == "closed after 2d 0:00"


def service_at(tmp_path, now: datetime) -> IncidentService:
    return IncidentService(IncidentStore(tmp_path / "store"), FixedClock(now), actor="dana")


def test_updates_sent_without_a_cadence_are_not_called_late(tmp_path):
    service = service_at(tmp_path, T + timedelta(days=3))
    session = service.declare("Quarterly report delayed", severity=4, kind="process", at=T)
    for hours in (2, 9, 30):
        session.log_update("executive", f"Still delayed ({hours} h)", at=T + timedelta(hours=hours))
    document = render_postmortem(session.incident, service.clock.now())
    assert "0 of 3" not in document
    assert "- **On time:** not judged: no update cadence was in force when the 3 updates went out" in document
    assert "| Updates on time | not judged: no update cadence was in force" in document


def test_a_severity_and_a_cadence_change_apply_from_when_they_happened(tmp_path):
    service = service_at(tmp_path, T + timedelta(days=1))
    session = service.declare("Checkout slow", severity=3, kind="technical", at=T)  # every 4 h
    session.log_update("internal", "looking", at=T + timedelta(hours=3))  # on time under SEV3
    session.set_severity(1, at=T + timedelta(hours=3, minutes=10))  # now every 30 min
    session.log_update("internal", "worse", at=T + timedelta(hours=3, minutes=35))  # due +3:30: late
    session.set_cadence(90, at=T + timedelta(hours=4))
    session.log_update("internal", "better", at=T + timedelta(hours=5))  # due +5:05: on time
    session.set_cadence(0, at=T + timedelta(hours=6))
    session.log_update("internal", "fixed", at=T + timedelta(hours=9))  # no cadence: not judged
    metrics = compute_metrics(session.incident, service.clock.now())
    assert (metrics.updates_sent, metrics.updates_judged, metrics.updates_on_time) == (4, 3, 2)
    document = render_postmortem(session.incident, service.clock.now())
    assert "2 of 3 (67%); 1 update sent while no cadence was in force" in document
    # undoing a cadence change takes it out of the history too
    session.set_cadence(15, at=T + timedelta(hours=8))
    session.undo()
    assert [c.minutes for c in session.incident.cadence_changes if c.cadence] == [90, 0]


def test_a_version_3_store_file_without_the_cadence_history_loads_and_is_upgraded(tmp_path):
    import json

    from escalation_tui.store.journal import journal_path

    service = service_at(tmp_path, T + timedelta(hours=1))
    session = service.declare("Old file", severity=2, kind="technical", at=T)
    store = IncidentStore(tmp_path / "store")
    path = store.path_for(session.id)
    old = json.loads(store.whole_bytes(path))
    journal_path(path).unlink(missing_ok=True)
    old["meta"]["1"]["schema_version"] = 3
    for field in ("cadence_changes", "cadence_first_minutes"):
        del old["incident"]["1"][field]
    path.write_text(json.dumps(old))
    reopened = service_at(tmp_path, T + timedelta(hours=1)).open(session.id)
    assert reopened.incident.cadence_changes == []
    reopened.set_cadence(20, first_minutes=5, at=T + timedelta(minutes=30))
    saved = json.loads(path.read_text())
    assert saved["meta"]["1"]["schema_version"] == 5
    assert saved["incident"]["1"]["cadence_first_minutes"] == 5
    assert (store.backups_dir / f"{session.id}.schema-v3.json").exists()


def test_the_longest_silence_counts_only_while_a_cadence_asked_for_updates(tmp_path):
    service = service_at(tmp_path, T + timedelta(days=1))
    session = service.declare("Billing export late", severity=2, kind="process", at=T)  # every 1 h
    session.log_update("internal", "looking", at=T + timedelta(minutes=40))
    session.set_cadence(0, at=T + timedelta(hours=1))  # overnight: none asked for
    session.set_cadence(None, at=T + timedelta(hours=9))  # back to every hour
    session.log_update("internal", "found it", at=T + timedelta(hours=9, minutes=50))
    session.record_milestone("resolved", at=T + timedelta(hours=10))
    metrics = compute_metrics(session.incident, service.clock.now())
    # 00:40 silent until 01:00 (20 min), nothing owed until 09:00, then 50 min until the update
    assert metrics.longest_silence == timedelta(minutes=50)
    quiet = service.declare("Reorg questions", severity=4, kind="people", at=T)
    quiet.log_update("internal", "noted", at=T + timedelta(hours=5))
    document = render_postmortem(quiet.incident, service.clock.now())
    assert "- **Longest silence:** — (no update cadence was in force)" in document
