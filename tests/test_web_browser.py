"""The stakeholder page in a real browser: Debian's chromium driven by Playwright.

Playwright never downloads a browser here: it is pointed at /usr/bin/chromium (TRAPS.md).
CI installs chromium with apt when it is missing; elsewhere the test is skipped without it.
"""

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from serve_process import CHROMIUM, Serve, cli
from web_pages import HOSTILE

from escalation_tui.domain.clock import SystemClock
from escalation_tui.service import IncidentService
from escalation_tui.store import IncidentStore
from escalation_tui.web.tokens import TokenFile

if not CHROMIUM.exists() and os.environ.get("CI") != "true":
    pytest.skip("needs Debian's chromium (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")

# The committed pictures are rewritten only when asked (UPDATE_SCREENSHOTS=1): their times
# are real, so every run would otherwise leave the checkout changed.
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"


def shot_path(tmp_path: Path, name: str) -> str:
    folder = SCREENSHOTS if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path
    return str(folder / name)


LIVE_WITHIN_MS = 2000  # the promise: a change shows on every open page within 2 s


@pytest.fixture
def served(tmp_path):
    db, config = tmp_path / "store", tmp_path / "config"
    service = IncidentService(IncidentStore(db), SystemClock(), actor="dana")
    with Serve(str(db), config) as server:
        yield service, server, config, str(db)


@pytest.fixture
def browser():
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            yield launched
        finally:
            launched.close()


def _checkout(service):
    """The demo's story, back-filled over the last 43 minutes so the page looks lived in."""
    now = datetime.now(UTC)

    def ago(minutes: int) -> datetime:
        return now - timedelta(minutes=minutes)

    session = service.declare(
        "Checkout API returning 500s", severity=1, kind="technical", commander="dana", at=ago(43)
    )
    session.record_milestone("impact_started", at=ago(50))
    session.record_milestone("acknowledged", at=ago(40))
    session.set_text("impact", "30% of checkout requests fail with a 500")
    session.set_text("affected", "EU web customers paying by card")
    session.set_role("comms", "kim")
    session.add_note(
        "Error rate on /checkout jumped to 30% right after the 2.3.1 deploy", "symptom", at=ago(38)
    )
    session.add_note("DB pool exhausted: 2.3.1 halved its size", "finding", at=ago(30))
    session.add_note("Roll back 2.3.1 rather than hotfix", "decision", at=ago(27))
    session.log_update("internal", "Rolling back 2.3.1; pool exhaustion is the cause.", at=ago(25))
    executive = "Checkout errors since the 2.3.1 deploy; we are rolling back a release."
    session.log_update("executive", executive, at=ago(24))
    session.record_milestone("contained", at=ago(12))
    session.set_phase("communicate")
    session.add_action("Restore 2.3.1 with the pool size pinned", owner="dana", priority="P1")
    session.add_action("Alert on pool saturation", owner="kim", priority="P2", type="detect")
    session.set_link("bridge", "https://meet.example.com/inc-checkout")
    return session


def test_a_stakeholder_sees_the_incident_live(served, browser, tmp_path):
    service, server, config, db = served
    session = _checkout(service)
    token = TokenFile(config).new("executive")[1]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    expect = sync_api.expect
    page.goto(f"{server.url}/i/{session.incident.id}?token={token}")
    assert "token" not in page.url  # exchanged for a cookie and redirected
    expect(page.locator("h1")).to_contain_text("Checkout API returning 500s")
    expect(page.locator("#live")).to_have_text("live")
    words = page.locator(".latest .words")
    expect(words).to_contain_text("we are rolling back a release")

    left = page.locator(".latest .due .left")
    before = left.inner_text()
    expect(left).not_to_have_text(before, timeout=3000)  # the countdown moves by itself

    cli(db, config, "update", session.incident.id, "--audience", "executive", "Rolled back; errors gone.")
    expect(words).to_have_text("Rolled back; errors gone.", timeout=LIVE_WITHIN_MS)  # no reload
    expect(page.locator(".timeline")).to_contain_text("Rolled back; errors gone.")

    time_el = page.locator(".meta time").first
    assert "UTC" in (time_el.get_attribute("title") or "")  # local time shown, UTC on hover

    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=shot_path(tmp_path, "stakeholder-page-phone.png"), full_page=True)
    internal = browser.new_page(viewport={"width": 1440, "height": 900})
    internal.goto(f"{server.url}/i/{session.incident.id}?token={TokenFile(config).new('internal')[1]}")
    expect(internal.locator("#live")).to_have_text("live")
    expect(internal.locator(".actions")).to_contain_text("Alert on pool saturation")  # internal only
    internal.screenshot(path=shot_path(tmp_path, "stakeholder-page-desktop.png"), full_page=True)
    internal.emulate_media(color_scheme="dark")
    internal.screenshot(path=shot_path(tmp_path, "stakeholder-page-desktop-dark.png"), full_page=True)


def test_hostile_text_runs_nothing_and_a_confidential_id_looks_unknown(served, browser):
    service, server, config, db = served
    session = service.declare(HOSTILE[1], severity=1, kind="technical")
    for text in HOSTILE:
        session.log_update("internal", text)
        session.add_note(text, kind="finding")
        session.add_action(text[:100], owner=text[:30])
    session.set_text("impact", "\n".join(HOSTILE))
    secret = service.declare("Sensitive people matter", severity=1, kind="people")
    token = TokenFile(config).new("internal")[1]
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    expect = sync_api.expect
    page.goto(f"{server.url}/i/{session.incident.id}?token={token}")
    expect(page.locator("#live")).to_have_text("live")
    cli(db, config, "update", session.incident.id, "--audience", "internal", HOSTILE[0] + HOSTILE[7])
    expect(page.locator(".latest .words")).to_contain_text("<svg onload", timeout=LIVE_WITHIN_MS)

    injected = page.evaluate(
        """() => ({
            pwned: window.__pwned === undefined ? null : window.__pwned,
            scripts: document.scripts.length,
            foreign: document.querySelectorAll('img, svg, iframe, object, embed, form').length,
            handlers: [...document.querySelectorAll('*')].filter(
                el => [...el.attributes].some(a => a.name.startsWith('on'))).length,
            javascript: [...document.querySelectorAll('a[href]')].filter(
                a => a.href.toLowerCase().startsWith('javascript')).length,
        })"""
    )
    assert injected == {"pwned": None, "scripts": 1, "foreign": 0, "handlers": 0, "javascript": 0}
    assert dialogs == []
    expect(page.locator("h1")).to_contain_text('"><img src=x onerror=')

    confidential = page.goto(f"{server.url}/i/{secret.incident.id}")
    confidential_body = confidential.body()
    unknown = page.goto(f"{server.url}/i/q7x2m9")
    assert confidential.status == unknown.status == 404
    assert confidential_body == unknown.body()
    assert "Sensitive" not in page.content()


def test_the_page_reconnects_by_itself_after_the_server_restarts(tmp_path, browser):
    db, config = tmp_path / "store", tmp_path / "config"
    service = IncidentService(IncidentStore(db), SystemClock(), actor="dana")
    session = service.declare("Checkout API returning 500s", severity=1, kind="technical")
    token = TokenFile(config).new("executive")[1]
    expect = sync_api.expect
    server = Serve(str(db), config)
    try:
        page = browser.new_page()
        page.goto(f"{server.url}/i/{session.id}?token={token}")
        expect(page.locator("#live")).to_have_text("live")
        server.stop()
        expect(page.locator("#live")).to_have_text("reconnecting…")
        expect(page.locator("h1")).to_contain_text("Checkout API returning 500s")  # the last state stays
        server = Serve(str(db), config, port=server.port)
        expect(page.locator("#live")).to_have_text("live", timeout=20_000)
        cli(str(db), config, "update", session.id, "--audience", "executive", "Back after the restart")
        expect(page.locator(".latest .words")).to_have_text("Back after the restart", timeout=LIVE_WITHIN_MS)
    finally:
        server.stop()


def test_an_unreadable_store_shows_stale_and_keeps_the_page(served, browser):
    service, server, config, db = served
    session = _checkout(service)
    token = TokenFile(config).new("executive")[1]
    expect = sync_api.expect
    page = browser.new_page()
    page.goto(f"{server.url}/i/{session.id}?token={token}")
    expect(page.locator("#live")).to_have_text("live")
    path = Path(db) / "incidents" / f"{session.id}.json"
    good = path.read_bytes()
    path.write_bytes(b"{not json")
    service.store.incidents_dir.joinpath(".changed").touch()  # as a save would mark it
    expect(page.locator("#live")).to_contain_text("stale since", timeout=10_000)
    expect(page.locator(".latest .words")).to_contain_text("we are rolling back a release")
    path.write_bytes(good)
    expect(page.locator("#live")).to_have_text("live", timeout=10_000)
