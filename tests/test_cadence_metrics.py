from datetime import UTC, datetime, timedelta

from escalation_tui.domain.cadence import countdown, next_update_due
from escalation_tui.domain.clock_text import format_clock
from escalation_tui.domain.metrics import compute_metrics

T0 = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)  # the conftest clock's start


def test_sev1_first_update_is_due_15_minutes_after_declaration(session, clock):
    assert next_update_due(session.incident) == T0 + timedelta(minutes=15)
    clock.advance(minutes=10)
    assert countdown(session.incident, clock.now()).label() == "update due in 05:00"


def test_after_an_update_the_next_is_due_one_interval_later(session, clock):
    clock.advance(minutes=12)
    session.log_update("internal", "Investigating")
    assert next_update_due(session.incident) == T0 + timedelta(minutes=42)


def test_due_soon_and_overdue_states(session, clock):
    clock.advance(minutes=14)
    state = countdown(session.incident, clock.now())
    assert state.due_soon and not state.overdue
    clock.advance(minutes=4, seconds=12)
    state = countdown(session.incident, clock.now())
    assert state.overdue and state.label() == "update overdue +03:12"


def test_severity_change_and_override_recompute_the_deadline(session):
    session.set_severity(3)
    assert next_update_due(session.incident) == T0 + timedelta(hours=4)
    session.set_cadence(10)
    assert next_update_due(session.incident) == T0 + timedelta(minutes=10)
    session.set_severity(4)
    session.set_cadence(None)
    assert next_update_due(session.incident) is None


def test_resolved_incidents_have_no_deadline(session, clock):
    clock.advance(minutes=5)
    session.record_milestone("resolved")
    assert countdown(session.incident, clock.now()).label() == "no update due"


def test_format_clock():
    assert format_clock(timedelta(minutes=7, seconds=12)) == "07:12"
    assert format_clock(timedelta(hours=1, minutes=2, seconds=3)) == "1:02:03"
    assert format_clock(timedelta(days=2, hours=3)) == "2d 03:00:00"


def test_metrics(session, clock):
    clock.advance(minutes=3)
    session.record_milestone("acknowledged")
    clock.advance(minutes=7)
    session.log_update("internal", "first")  # at +10, due +15: on time
    clock.advance(minutes=45)
    session.log_update("executive", "late")  # at +55, due +40: late
    clock.advance(minutes=5)
    session.record_milestone("resolved")  # at +60
    metrics = compute_metrics(session.incident, clock.now() + timedelta(hours=5))
    assert metrics.time_to_acknowledge == timedelta(minutes=3)
    assert metrics.time_to_resolve == timedelta(minutes=60)
    assert metrics.time_to_contain is None
    assert (metrics.updates_sent, metrics.updates_on_time) == (2, 1)
    assert metrics.longest_silence == timedelta(minutes=45)
