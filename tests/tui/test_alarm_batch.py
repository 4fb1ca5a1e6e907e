"""Forty overdue incidents make one alarm toast and one bell, naming the most urgent (issue 36)."""

from textual.widgets._toast import Toast
from tui_support import notices

from escalation_tui.tui.screens.incident_list import IncidentListScreen


async def test_forty_overdue_incidents_ring_once_with_one_toast(service, clock, make_app, size, screen_text):
    for n in range(39):
        service.declare(f"Store {n} slow", severity=2, kind="technical")  # due in 60 min
    clock.advance(minutes=5)
    urgent = service.declare("Checkout down", severity=1, kind="technical")  # due in 15 min
    app = make_app()
    async with app.run_test(size=size, notifications=True) as pilot:
        rung: list = []
        app.bell = lambda: rung.append(clock.now())
        await pilot.pause()
        assert isinstance(app.screen, IncidentListScreen)
        clock.advance(minutes=70)  # every one overdue: the SEV1 by 1:00:00, the others by 15:00
        app.check_updates()
        await pilot.pause()
        assert len(rung) == 1
        shown = [t for t in app.screen.query(Toast) if t.display]
        assert len(shown) == 1
        (said,) = notices(app)
        assert said.startswith("40 stakeholder updates are due or overdue. Most urgent: SEV1 Checkout down")
        assert "Checkout down" in screen_text(app)  # the most urgent is named on screen; `g` opens it
        await pilot.press("g")
        await pilot.pause()
        assert app.screen.session.id == urgent.id
        await pilot.press("escape")
        clock.advance(minutes=1)
        app.check_updates()  # no new threshold passed: silence
        await pilot.pause()
        assert len(rung) == 1 and len([t for t in app.screen.query(Toast) if t.display]) <= 1
