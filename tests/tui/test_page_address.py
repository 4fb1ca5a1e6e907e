"""With `public_url` in config.toml the war room shows the incident's stakeholder page, `y` copies it."""

from tui_support import notices

from escalation_tui.domain.config import Settings
from escalation_tui.service import IncidentService
from escalation_tui.store.config_files import load_settings
from escalation_tui.tui import EscalationApp
from escalation_tui.tui.controls.links_bar import LinksBar

URL = "https://status.example.com/incidents"


def _app(store, clock, public_url: str, kind: str = "technical") -> tuple[EscalationApp, str]:
    service = IncidentService(store, clock, "dana", Settings(public_url=public_url))
    session = service.declare("Checkout API returning 500s", severity=1, kind=kind)
    app = EscalationApp(service, open_incident_id=session.id)
    app.animation_level = "none"
    return app, session.id


async def test_the_links_bar_shows_the_page_and_y_copies_it(store, clock, size, screen_text):
    app, incident_id = _app(store, clock, URL)
    address = f"{URL}/i/{incident_id}"
    async with app.run_test(size=size) as pilot:
        assert f"Page {address} (y)" in screen_text(app)
        bar = app.screen.query_one(LinksBar)
        assert bar.can_focus
        bar.focus()
        await pilot.press("y")
        await pilot.pause()
        assert app.clipboard == address
        assert any(address in notice for notice in notices(app))


async def test_no_page_without_public_url_or_for_a_confidential_incident(store, clock, screen_text):
    for public_url, kind in (("", "technical"), (URL, "people")):
        app, incident_id = _app(store, clock, public_url, kind)
        async with app.run_test(size=(80, 24)):
            assert "Page " not in screen_text(app) and f"/i/{incident_id}" not in screen_text(app)
            assert not app.screen.query_one(LinksBar).can_focus


def test_public_url_is_read_from_config_toml_and_checked(tmp_path):
    (tmp_path / "config.toml").write_text(f'public_url = "{URL}/"\n')
    settings, warnings = load_settings(tmp_path)
    assert settings.public_url == URL and warnings == []
    (tmp_path / "config.toml").write_text('public_url = "javascript:alert(1)"\n')
    settings, warnings = load_settings(tmp_path)
    assert settings.public_url == "" and "public_url must be an http:// or https:// address" in warnings[0]
