"""escalation-tui demo: opens the demo incident made before; --new makes another."""

from escalation_tui.cli import main
from escalation_tui.store import IncidentStore


def _demo(store_path, clock, capsys, *extra: str) -> tuple[int, str, str]:
    code = main(["--db", str(store_path), "demo", "--no-open", *extra], clock=clock)
    out, err = capsys.readouterr()
    return code, out.strip(), err


def test_demo_twice_reuses_the_one_incident(store_path, clock, capsys):
    code, first, err = _demo(store_path, clock, capsys)
    assert code == 0 and err == ""
    clock.advance(minutes=5)
    code, again, err = _demo(store_path, clock, capsys)
    assert (code, again) == (0, first)
    assert err == f"escalation-tui: opening the demo incident made before ({first}); --new makes another\n"
    assert [i.id for i in IncidentStore(store_path).load_all()[0]] == [first]


def test_new_makes_another_and_the_open_one_is_preferred(store_path, clock, capsys, service):
    _, first, _ = _demo(store_path, clock, capsys)
    code, second, err = _demo(store_path, clock, capsys, "--new")
    assert code == 0 and err == "" and second != first
    assert len(IncidentStore(store_path).load_all()[0]) == 2
    service.open(second).record_milestone("resolved")  # the older one is still open: reopen that
    assert _demo(store_path, clock, capsys)[1] == first


def test_a_real_incident_with_another_summary_is_not_taken_for_the_demo(store_path, clock, capsys, service):
    real = service.declare("Checkout API returning 500s", severity=1, kind="technical", summary="Real one")
    code, demo_id, err = _demo(store_path, clock, capsys)
    assert code == 0 and demo_id != real.id and err == ""
