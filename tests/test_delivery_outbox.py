"""The outbox end to end in one process: logging an update saves its entries, the worker
sends them to a real HTTP server on 127.0.0.1, and every outcome is on the timeline."""

from datetime import timedelta

import pytest
from delivery_servers import no_proxies, start_receiver

from escalation_tui.delivery.worker import send_due
from escalation_tui.domain.config import Settings, parse_channel_config
from escalation_tui.domain.enums import DeliveryState, EventKind
from escalation_tui.service import IncidentService
from escalation_tui.service.outbox import Outbox
from escalation_tui.store import IncidentStore


@pytest.fixture
def receiver(monkeypatch):
    no_proxies(monkeypatch)
    server = start_receiver()
    yield server
    server.stop()


def settings_for(url_env: str, kind: str = "webhook", extra: str = "") -> Settings:
    text = f"""
[channels.ops-hook]
type = "{kind}"
url_env = "{url_env}"
audiences = ["internal", "executive"]
severities = [1, 2]
timeout_seconds = 0.5
{extra}
"""
    return Settings(channels=parse_channel_config(text, "config.toml"))


@pytest.fixture
def service_with(store, clock, receiver, monkeypatch):
    monkeypatch.setenv("OPS_HOOK_URL", receiver.url)
    return IncidentService(store, clock, actor="dana", settings=settings_for("OPS_HOOK_URL"))


def events(incident) -> list[str]:
    return [e.text for e in incident.timeline if e.kind == EventKind.DELIVERY]


def test_an_update_is_saved_with_its_outbox_entry_and_sent(service_with, receiver, store_path):
    session = service_with.declare("Checkout down", severity=1, kind="technical")
    incident = session.log_update("executive", "Rolled back 2.3.1")
    saved = IncidentStore(store_path).load(session.id)
    assert [d.channel for d in saved.deliveries] == ["ops-hook"]  # on disk with the update
    assert saved.deliveries[0].update_id == incident.updates[-1].id
    assert "to ops-hook" in saved.timeline[-1].text

    results = send_due(service_with, service_with.settings)
    assert [r.delivery.state for r in results] == [DeliveryState.SENT]
    (arrived,) = receiver.received
    assert arrived.headers["idempotency-key"] == saved.deliveries[0].id
    assert arrived.json["update"]["text"] == "Rolled back 2.3.1"
    stored = service_with.open(session.id).incident
    assert events(stored) == ["Sent to ops-hook at 03:00:00 UTC"]
    assert send_due(service_with, service_with.settings) == []  # never twice


def test_audience_severity_and_no_send_choose_the_channels(service_with):
    session = service_with.declare("Checkout down", severity=3, kind="technical")
    assert session.log_update("executive", "x").deliveries == []  # SEV3: not for this channel
    session.set_severity(1)
    assert session.log_update("customer", "x").deliveries == []  # not its audience
    assert session.log_update("internal", "x", send=False).deliveries == []
    assert len(session.log_update("internal", "x").deliveries) == 1


def test_confidential_incidents_go_only_to_channels_that_opt_in(store, clock, monkeypatch, receiver):
    monkeypatch.setenv("OPS_HOOK_URL", receiver.url)
    plain = IncidentService(store, clock, settings=settings_for("OPS_HOOK_URL"))
    session = plain.declare("Someone is struggling", severity=1, kind="people")
    assert session.log_update("internal", "x").deliveries == []
    opted = IncidentService(store, clock, settings=settings_for("OPS_HOOK_URL", extra="confidential = true"))
    assert len(opted.open(session.id).log_update("internal", "x").deliveries) == 1


def test_404_fails_at_once_and_says_so(service_with, receiver):
    receiver.answer("404")
    session = service_with.declare("Checkout down", severity=1, kind="technical")
    session.log_update("internal", "x")
    (result,) = send_due(service_with, service_with.settings)
    assert result.delivery.state == DeliveryState.FAILED
    assert events(service_with.open(session.id).incident) == [
        "ops-hook refused: HTTP 404 no_service, not retried"
    ]
    assert send_due(service_with, service_with.settings) == []


def test_429_waits_as_long_as_retry_after_says(service_with, receiver, clock):
    receiver.answer("429:120")
    session = service_with.declare("Checkout down", severity=1, kind="technical")
    session.log_update("internal", "x")
    (result,) = send_due(service_with, service_with.settings)
    assert result.delivery.state == DeliveryState.PENDING
    assert result.delivery.next_try_at == clock.now() + timedelta(seconds=120)
    clock.advance(seconds=119)
    assert send_due(service_with, service_with.settings) == []  # not before
    clock.advance(seconds=1)
    (again,) = send_due(service_with, service_with.settings)
    assert again.delivery.state == DeliveryState.SENT and len(receiver.received) == 2
    texts = events(service_with.open(session.id).incident)
    assert texts == [
        "ops-hook: HTTP 429 no_service; trying again at 03:02:00 UTC",
        "Sent to ops-hook at 03:02:00 UTC",
    ]


def test_500s_back_off_then_give_up_after_30_minutes(service_with, receiver, clock):
    receiver.default = "500"
    session = service_with.declare("Checkout down", severity=1, kind="technical")
    session.log_update("internal", "x")
    waits = []
    for _ in range(20):
        (result,) = send_due(service_with, service_with.settings)
        if result.delivery.state == DeliveryState.FAILED:
            break
        waits.append((result.delivery.next_try_at - clock.now()).total_seconds())
        clock.advance(seconds=waits[-1])
    assert waits[:4] == [10, 20, 40, 80] and max(waits) == 300
    assert result.delivery.state == DeliveryState.FAILED
    assert events(service_with.open(session.id).incident)[-1].startswith("ops-hook: gave up after")


def test_a_channel_that_does_not_answer_stays_pending_and_is_marked_uncertain(service_with, receiver):
    receiver.answer("hang")
    session = service_with.declare("Checkout down", severity=1, kind="technical")
    session.log_update("internal", "x")
    (result,) = send_due(service_with, service_with.settings)
    assert result.delivery.state == DeliveryState.PENDING and result.delivery.uncertain
    assert result.delivery.last_error == "no answer in time"


def test_a_failed_entry_is_resent_with_the_same_idempotency_key(service_with, receiver):
    receiver.answer("404")
    session = service_with.declare("Checkout down", severity=1, kind="technical")
    session.log_update("internal", "x")
    (failed,) = send_due(service_with, service_with.settings)
    Outbox(service_with, "me").resend(session.id, failed.delivery.id)
    (sent,) = send_due(service_with, service_with.settings)
    assert sent.delivery.state == DeliveryState.SENT
    keys = [r.headers["idempotency-key"] for r in receiver.received]
    assert keys == [failed.delivery.id, failed.delivery.id]
    assert events(service_with.open(session.id).incident)[-2] == "Sending to ops-hook again"


def test_a_lapsed_claim_is_taken_over_and_a_service_without_a_key_may_have_got_it_twice(
    store, clock, receiver, monkeypatch
):
    monkeypatch.setenv("SLACK_URL", receiver.url)
    service = IncidentService(store, clock, settings=settings_for("SLACK_URL", kind="slack"))
    session = service.declare("Checkout down", severity=1, kind="technical")
    session.log_update("internal", "x")
    outbox = Outbox(service, "dead-process")
    incident_id, delivery_id, _ = outbox.due()[0]
    assert len(outbox.claim(incident_id, {delivery_id: 5})) == 1  # then it died
    assert send_due(service, service.settings) == []  # its claim still holds
    clock.advance(seconds=5)
    (result,) = send_due(service, service.settings)
    assert result.delivery.state == DeliveryState.SENT and result.delivery.attempts == 2
    assert "may have arrived twice" in events(service.open(session.id).incident)[-1]


def test_an_entry_for_a_channel_this_machine_does_not_know_is_left_for_one_that_does(
    service_with, store, clock, receiver
):
    session = service_with.declare("Checkout down", severity=1, kind="technical")
    session.log_update("internal", "x")
    elsewhere = IncidentService(store, clock, settings=Settings())  # another machine's config.toml
    assert send_due(elsewhere, elsewhere.settings) == []
    assert [d.state for d in elsewhere.open(session.id).incident.deliveries] == [DeliveryState.PENDING]
    assert len(send_due(service_with, service_with.settings)) == 1 and len(receiver.received) == 1


def test_a_channel_that_hangs_delays_no_other(store, clock, monkeypatch):
    no_proxies(monkeypatch)
    stuck, fine = start_receiver("hang"), start_receiver()
    try:
        monkeypatch.setenv("STUCK_URL", stuck.url)
        monkeypatch.setenv("FINE_URL", fine.url)
        text = (
            '[channels.stuck]\ntype = "webhook"\nurl_env = "STUCK_URL"\ntimeout_seconds = 1\n'
            '[channels.fine]\ntype = "webhook"\nurl_env = "FINE_URL"\ntimeout_seconds = 1\n'
        )
        service = IncidentService(store, clock, settings=Settings(channels=parse_channel_config(text, "c")))
        session = service.declare("Checkout down", severity=1, kind="technical")
        session.log_update("internal", "x")
        results = send_due(service, service.settings)
        assert [(r.delivery.channel, r.delivery.state) for r in results] == [
            ("fine", DeliveryState.SENT),  # settled first: it did not wait behind the stuck one
            ("stuck", DeliveryState.PENDING),
        ]
    finally:
        stuck.stop()
        fine.stop()
