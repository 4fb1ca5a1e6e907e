"""Look after the people (issue 17): after a long stretch as commander (config.toml's
commander_shift_hours, default 4), the war room suggests a handoff once, quietly."""

from escalation_tui.domain.config import parse_shift_hours
from escalation_tui.domain.shifts import commander_since
from escalation_tui.service import IncidentService
from escalation_tui.store.config_files import load_settings


def hints(app) -> list[str]:
    return [n.message for n in app._notifications if "has been commander" in n.message]


async def test_one_quiet_suggestion_per_stretch(service, clock, make_app, size):
    session = service.declare("Checkout down", severity=2, kind="technical", commander="dana")
    app = make_app(session.id)
    async with app.run_test(size=size, notifications=True) as pilot:
        bells: list = []
        app.bell = lambda: bells.append(1)
        await pilot.pause()
        screen = app.screen
        clock.advance(hours=3, minutes=59)
        screen.tick()
        await pilot.pause()
        assert hints(app) == []
        clock.advance(minutes=1)
        screen.tick()
        screen.tick()
        await pilot.pause()
        assert hints(app) == [
            "dana has been commander for 4 h 00 min. Time to hand over? O names the next commander."
        ]
        await pilot.press("escape")  # leaving and coming back does not say it again
        app.open_incident(session.id)
        await pilot.pause()
        app.screen.tick()
        await pilot.pause()
        assert len(hints(app)) == 1
        service.open(session.id).set_role("commander", "lee")  # handed over (in another window)
        clock.advance(hours=4)
        app.screen.tick()
        await pilot.pause()
        assert hints(app)[-1].startswith("lee has been commander for 4 h 00 min")
        assert len(hints(app)) == 2


async def test_the_stretch_is_configurable(store, clock, make_app, tmp_path, monkeypatch):
    (tmp_path / "config.toml").write_text("commander_shift_hours = 1.5\n")
    settings, warnings = load_settings(tmp_path)
    assert warnings == [] and settings.commander_shift_hours == 1.5
    service = IncidentService(store, clock, actor="dana", settings=settings)
    session = service.declare("Checkout down", severity=2, kind="technical", commander="dana")
    clock.advance(hours=1, minutes=30)
    assert commander_since(session.incident) == session.incident.milestones.declared
    from escalation_tui.tui.app import EscalationApp

    app = EscalationApp(service, open_incident_id=session.id)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        app.screen.tick()
        await pilot.pause()
        assert len(hints(app)) == 1


def test_a_bad_setting_is_named():
    try:
        parse_shift_hours('commander_shift_hours = "long"', "config.toml")
    except Exception as error:
        assert "commander_shift_hours must be a number of hours" in str(error)
    else:
        raise AssertionError("accepted")
