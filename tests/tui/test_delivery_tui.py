"""Delivery in the TUI: the dialog says where an update goes, a thread sends it (a channel
that hangs never freezes the screen), the pane shows each channel's state, r resends."""

import pytest
from delivery_servers import no_proxies, start_receiver
from textual.widgets import Digits
from tui_support import notices, one_size

from escalation_tui.domain.config import Settings, parse_channel_config
from escalation_tui.domain.enums import DeliveryState
from escalation_tui.service import IncidentService
from escalation_tui.store import IncidentStore
from escalation_tui.tui import EscalationApp


@pytest.fixture
def receiver(monkeypatch):
    no_proxies(monkeypatch)
    server = start_receiver()
    monkeypatch.setenv("OPS_SLACK_URL", server.url)
    yield server
    server.stop()  # lets a hanging request go


def app_with_channel(store_path, clock, timeout: float) -> tuple[EscalationApp, IncidentService]:
    channels = parse_channel_config(
        f'[channels.ops-slack]\ntype = "slack"\nurl_env = "OPS_SLACK_URL"\ntimeout_seconds = {timeout}\n',
        "config.toml",
    )
    service = IncidentService(
        IncidentStore(store_path),
        clock,
        "dana",
        Settings(channels=channels),
        lambda: IncidentStore(store_path),
    )
    session = service.declare("Checkout down", severity=1, kind="technical")
    app = EscalationApp(service, open_incident_id=session.id)
    app.animation_level = "none"
    return app, service


async def until(pilot, condition, tries: int = 100) -> None:
    """Let the app and the outbox thread run until condition() holds (bounded)."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.05)
    assert condition()


def delivery_state(store_path):
    (incident,) = [IncidentStore(store_path).load(i) for i in IncidentStore(store_path).ids()]
    return [d.state for d in incident.deliveries]


async def test_a_channel_that_hangs_never_freezes_the_screen(store_path, clock, receiver, size, screen_text):
    receiver.default = "hang"
    app, _ = app_with_channel(store_path, clock, timeout=3)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("2", "u", "i", *"rolled back", "ctrl+s")
        await until(pilot, lambda: delivery_state(store_path) == [DeliveryState.SENDING])
        await until(pilot, lambda: "ops-slack: sending…" in screen_text(app))  # the pane shows it
        digits = app.screen.query_one(Digits)
        before = str(digits.value)
        clock.advance(seconds=61)
        await until(pilot, lambda: str(digits.value) != before)  # the clock ticks
        await pilot.press("1")  # keys work
        assert app.screen.active_pane == "checklist"
        await pilot.press("2")
        assert delivery_state(store_path) == [DeliveryState.SENDING]  # still hanging
        await until(pilot, lambda: delivery_state(store_path) == [DeliveryState.PENDING], tries=200)
        await until(pilot, lambda: "ops-slack: pending (next try" in screen_text(app))
    assert len(receiver.received) == 1


@one_size
async def test_the_dialog_names_the_channels_and_ctrl_n_records_without_sending(
    store_path, clock, receiver, size, screen_text
):
    app, service = app_with_channel(store_path, clock, timeout=1)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("u", "i")
        await pilot.pause()
        assert "Sends to ops-slack · ctrl+n records without sending" in screen_text(app)
        await pilot.press(*"quiet one", "ctrl+n")
        await pilot.pause()
        assert "Sends to" not in screen_text(app)
    (incident,) = service.list()[0]
    assert len(incident.updates) == 1 and incident.deliveries == []
    assert receiver.received == []


@one_size
async def test_a_failed_delivery_shows_why_and_r_resends_it(store_path, clock, receiver, size, screen_text):
    receiver.answer("404")
    app, _ = app_with_channel(store_path, clock, timeout=1)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("2", "u", "e", *"all good", "ctrl+s")
        await until(pilot, lambda: delivery_state(store_path) == [DeliveryState.FAILED])
        await until(pilot, lambda: "ops-slack: failed (HTTP 404 no_service) · r resends" in screen_text(app))
        assert "executive ✗" in screen_text(app)
        await pilot.press("r")
        await until(pilot, lambda: delivery_state(store_path) == [DeliveryState.SENT])
        await until(pilot, lambda: "ops-slack: sent 03:00:00 UTC" in screen_text(app))
        assert "executive ✓" in screen_text(app)
        # the sender's saves redraw the pane; they are not "another window's" changes
        assert "Updated with changes saved in another window" not in notices(app)
    assert len(receiver.received) == 2


@one_size
async def test_a_refusal_s_words_are_shown_as_text_never_as_markup(
    store_path, clock, receiver, size, screen_text
):
    receiver.answer("404")
    receiver.error_body = b"[bold]x[/] [/ oops [@click=app.quit]q[/]"
    app, _ = app_with_channel(store_path, clock, timeout=1)
    async with app.run_test(size=size, notifications=True, tooltips=True) as pilot:
        await pilot.pause()
        await pilot.press("2", "u", "e", *"all good", "ctrl+s")
        await until(pilot, lambda: delivery_state(store_path) == [DeliveryState.FAILED])
        await until(pilot, lambda: "ops-slack: failed (HTTP 404 [bold]x[/]" in screen_text(app))
        assert app.is_running
