"""Delivery across processes and crashes, against a real HTTP server on 127.0.0.1:
- kill -9 at random moments while logging and sending: after a restart every logged update
  reaches every channel; a key-carrying webhook may see a resend but never without its key,
  and an update a keyless channel got twice is marked so on the timeline;
- two processes sending one outbox never send the same entry."""

import collections
import os
import random
import select
import signal
import time
from datetime import timedelta

import pytest
from delivery_servers import no_proxies, start_receiver

from escalation_tui.delivery.worker import send_due
from escalation_tui.domain.clock import FixedClock, SystemClock
from escalation_tui.domain.config import Settings, parse_channel_config
from escalation_tui.domain.enums import DeliveryState, EventKind
from escalation_tui.service import IncidentService
from escalation_tui.store import IncidentStore, open_store

KILLS = 25

CHANNELS = """
[channels.ops-hook]
type = "webhook"
url_env = "HOOK_URL"
timeout_seconds = 0.5

[channels.ops-slack]
type = "slack"
url_env = "SLACK_URL"
timeout_seconds = 0.5
"""


@pytest.fixture
def receivers(monkeypatch):
    no_proxies(monkeypatch)
    hook, slack = start_receiver("slow:0.02"), start_receiver("slow:0.02")
    monkeypatch.setenv("HOOK_URL", hook.url)
    monkeypatch.setenv("SLACK_URL", slack.url)
    yield hook, slack
    hook.stop()
    slack.stop()


def settings() -> Settings:
    return Settings(channels=parse_channel_config(CHANNELS, "config.toml"))


def _log_and_send_forever(root, incident_id, start, report_fd) -> None:
    """Child: log an update, report it, send it; again and again until killed."""
    service = IncidentService(IncidentStore(root), SystemClock(), "child", settings())
    n = start
    while True:
        service.open(incident_id).log_update("internal", f"u{n}")
        os.write(report_fd, f"{n}\n".encode())
        send_due(service, service.settings, only={incident_id})
        n += 1


def _run_and_kill(root, incident_id, start, rng) -> list[int]:
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child never returns
        os.close(read_fd)
        try:
            _log_and_send_forever(root, incident_id, start, write_fd)
        finally:
            os._exit(1)
    os.close(write_fd)
    ready, _, _ = select.select([read_fd], [], [], 10)
    data = os.read(read_fd, 65536) if ready else b""
    deadline = time.monotonic() + rng.uniform(0, 0.12)  # between logging and sending, or during
    while (left := deadline - time.monotonic()) > 0:
        ready, _, _ = select.select([read_fd], [], [], left)
        if ready:
            data += os.read(read_fd, 65536)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    while chunk := os.read(read_fd, 65536):
        data += chunk
    os.close(read_fd)
    return [int(line) for line in data.decode().split()]


def test_kill_9_while_logging_and_sending_loses_no_update(tmp_path, receivers):
    hook, slack = receivers
    root = tmp_path / "store"
    incident_id = IncidentService(IncidentStore(root), SystemClock()).declare("Kill test", 1, "technical").id
    rng = random.Random(33)
    reported: list[int] = []
    for _ in range(KILLS):
        reported += _run_and_kill(root, incident_id, max(reported, default=0) + 1000, rng)

    # The restart: a later process (an hour on, so every lapsed claim is free) sends what is left.
    later = FixedClock(SystemClock().now() + timedelta(hours=1))
    service = IncidentService(IncidentStore(root), later, "restart", settings())
    send_due(service, service.settings)

    incident = IncidentStore(root).load(incident_id)
    logged = {u.text for u in incident.updates}
    assert {f"u{n}" for n in reported} <= logged  # every update reported as logged is there
    assert len(incident.deliveries) == 2 * len(incident.updates)
    assert all(d.state == DeliveryState.SENT for d in incident.deliveries)

    hook_keys = collections.Counter(r.headers["idempotency-key"] for r in hook.received)
    hook_deliveries = {d.id: d for d in incident.deliveries if d.channel == "ops-hook"}
    assert set(hook_keys) == set(hook_deliveries)  # each arrived, always under its own key
    by_text = {u.id: u.text for u in incident.updates}
    slack_texts = collections.Counter(r.json["text"].rsplit("\n", 1)[-1] for r in slack.received)
    slack_deliveries = [d for d in incident.deliveries if d.channel == "ops-slack"]
    assert set(slack_texts) == {by_text[d.update_id] for d in slack_deliveries}
    for delivery in slack_deliveries:  # what arrived twice is said so on the timeline
        if slack_texts[by_text[delivery.update_id]] > 1:
            assert delivery.uncertain
    sent_events = [
        e.text for e in incident.timeline if e.kind == EventKind.DELIVERY and e.text.startswith("Sent")
    ]
    assert sum(t.startswith("Sent to ops-hook") for t in sent_events) == len(hook_deliveries)
    warned = sum("may have arrived twice" in t for t in sent_events)
    twice = sum(1 for d in slack_deliveries if slack_texts[by_text[d.update_id]] > 1)
    assert warned >= twice
    print(
        f"\n{KILLS} kills: {len(incident.updates)} updates logged, {len(reported)} reported; "
        f"webhook {sum(hook_keys.values())} requests for {len(hook_deliveries)} keys "
        f"({sum(c - 1 for c in hook_keys.values())} resends under the same key); slack "
        f"{sum(slack_texts.values())} requests for {len(slack_deliveries)} updates ({twice} twice, "
        f"{warned} marked 'may have arrived twice')"
    )


def _send_in_child(location: str) -> int:
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child never returns
        code = 1
        try:
            store = open_store(location)
            service = IncidentService(store, SystemClock(), "child", settings())
            send_due(service, service.settings)
            store.close()
            code = 0
        finally:
            os._exit(code)
    return pid


@pytest.mark.parametrize("backend", ["folder", "postgresql"])
def test_two_processes_never_send_the_same_entry(tmp_path, receivers, backend, request):
    hook, slack = receivers
    location = str(tmp_path / "store") if backend == "folder" else request.getfixturevalue("pg_url")
    store = open_store(location)
    service = IncidentService(store, SystemClock(), "dana", settings())
    for n in range(4):
        session = service.declare(f"Incident {n}", 1, "technical")
        for m in range(3):
            session.log_update("internal", f"update {n}.{m}")  # saved, not sent: both children race
    store.close()
    children = [_send_in_child(location), _send_in_child(location)]
    for pid in children:
        assert os.waitpid(pid, 0)[1] == 0

    keys = collections.Counter(r.headers["idempotency-key"] for r in hook.received)
    texts = collections.Counter(r.json["text"].rsplit("\n", 1)[-1] for r in slack.received)
    assert len(keys) == 12 and set(keys.values()) == {1}
    assert len(texts) == 12 and set(texts.values()) == {1}
    store = open_store(location)
    incidents, _ = IncidentService(store, SystemClock()).list()
    store.close()
    deliveries = [d for i in incidents for d in i.deliveries]
    assert len(deliveries) == 24 and all(d.state == DeliveryState.SENT for d in deliveries)
    assert set(keys) == {d.id for d in deliveries if d.channel == "ops-hook"}
