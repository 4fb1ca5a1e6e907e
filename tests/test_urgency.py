"""The one urgency ordering: next update due soonest (most overdue) first."""

from escalation_tui.cli import main
from escalation_tui.domain.urgency import by_urgency, most_urgent


def test_most_overdue_first_then_no_cadence_then_closed(service, clock):
    sev1 = service.declare("Checkout down", severity=1, kind="technical")  # first update at +15 min
    sev3 = service.declare("Vendor late", severity=3, kind="process")  # first update at +4 h
    sev4 = service.declare("Typo on page", severity=4, kind="technical")  # no regular updates
    done = service.declare("Old one", severity=1, kind="technical")
    done.record_milestone("resolved")
    clock.advance(hours=5)  # both overdue now: sev1 by 4:45, sev3 by 1:00
    incidents, _ = service.list()
    ids = [i.id for i in by_urgency(incidents, clock.now())]
    assert ids == [sev1.id, sev3.id, sev4.id, done.id]
    sev1.log_update("internal", "Rolled back")  # next due in 30 min: sev3 is now the most urgent
    incidents, _ = service.list()
    assert most_urgent(incidents, clock.now()).id == sev3.id


def test_nothing_open_is_none(service, clock):
    service.declare("Old one", severity=1, kind="technical").record_milestone("resolved")
    incidents, _ = service.list()
    assert most_urgent(incidents, clock.now()) is None


def test_status_without_an_id_shows_the_most_urgent(service, clock, store_path, capsys):
    service.declare("Checkout down", severity=1, kind="technical").log_update("internal", "Looking")
    service.declare("Vendor late", severity=2, kind="process")
    clock.advance(minutes=25)  # SEV1 due in 5 min (30-min cadence); SEV2 due in 35 min
    assert main(["--db", str(store_path), "status"], clock=clock) == 0
    assert capsys.readouterr().out == "SEV1 Checkout down | update due in 05:00\n"
    clock.advance(minutes=10)  # SEV1 overdue by 05:00, SEV2 due in 25:00
    assert main(["--db", str(store_path), "status"], clock=clock) == 0
    assert capsys.readouterr().out == "SEV1 Checkout down | update overdue +05:00\n"
