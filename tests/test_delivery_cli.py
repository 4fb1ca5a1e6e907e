"""The CLI's side of delivery: update sends (or --no-send), outbox, outbox send, channels."""

import json

import pytest
from delivery_servers import no_proxies, start_receiver, write_config

from escalation_tui.domain.enums import DeliveryState
from escalation_tui.store import IncidentStore

SECRET_URL_PART = "T000/B000/XXXXSECRET"


@pytest.fixture
def receiver(monkeypatch, tmp_path):
    no_proxies(monkeypatch)
    server = start_receiver()
    monkeypatch.setenv("EXEC_HOOK", f"{server.url}/{SECRET_URL_PART}")
    monkeypatch.setenv("OPS_HOOK", server.url)
    write_config(
        tmp_path / "config",
        """
[channels.exec-slack]
type = "slack"
url_env = "EXEC_HOOK"
audiences = ["executive"]
timeout_seconds = 0.5

[channels.ops-hook]
type = "webhook"
url_env = "OPS_HOOK"
timeout_seconds = 0.5

[channels.nowhere]
type = "discord"
url_env = "UNSET_DISCORD_URL"
severities = [4]
""",
    )
    yield server
    server.stop()


def test_update_sends_to_every_channel_for_its_audience(cli, receiver, store_path):
    assert cli("new", "Checkout down", "-s", "1", "-k", "technical")[0] == 0
    incident_id = IncidentStore(store_path).ids()[0]
    code, out, err = cli("update", incident_id, "@channel rolled back", "--audience", "executive")
    assert code == 0
    update_id = out.strip()
    assert "exec-slack: sent" in err and "ops-hook: sent" in err
    assert sorted(r.path for r in receiver.received) == ["/hook", f"/hook/{SECRET_URL_PART}"]
    incident = IncidentStore(store_path).load(incident_id)
    assert {d.channel: d.state for d in incident.deliveries} == {
        "exec-slack": DeliveryState.SENT,
        "ops-hook": DeliveryState.SENT,
    }
    assert all(d.update_id == update_id for d in incident.deliveries)
    assert SECRET_URL_PART not in out + err


def test_no_send_records_only(cli, receiver, store_path):
    cli("new", "Checkout down", "-s", "1", "-k", "technical")
    incident_id = IncidentStore(store_path).ids()[0]
    code, _, err = cli("update", incident_id, "quiet", "--audience", "internal", "--no-send")
    assert code == 0 and err == ""
    assert receiver.received == [] and IncidentStore(store_path).load(incident_id).deliveries == []


def test_outbox_lists_what_waits_and_outbox_send_delivers_it(cli, receiver, store_path, clock):
    cli("new", "Checkout down", "-s", "1", "-k", "technical")
    incident_id = IncidentStore(store_path).ids()[0]
    receiver.answer("500")  # the first try fails: it stays in the outbox
    code, _, err = cli("update", incident_id, "first", "--audience", "internal")
    assert code == 0 and "ops-hook: pending (next try 03:00:10 UTC; HTTP 500 no_service)" in err
    code, out, _ = cli("outbox")
    assert code == 0 and f"{incident_id}  ops-hook  pending (next try 03:00:10 UTC" in out
    assert "internal: first" in out
    clock.advance(seconds=10)
    code, out, _ = cli("outbox", "send")
    assert code == 0 and out.strip() == f"{incident_id}  ops-hook  sent 03:00:10 UTC"
    assert cli("outbox")[1].strip() == "Nothing waiting: every update reached its channels."


def test_channels_list_shows_name_type_and_host_never_the_secret(cli, receiver):
    code, out, _ = cli("channels", "list")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith(
        "exec-slack (slack, 127.0.0.1)  audiences: executive  severities: SEV1,SEV2,SEV3,SEV4"
    )
    assert lines[0].endswith("ready")
    assert lines[2].endswith("not ready: $UNSET_DISCORD_URL is not set")
    assert SECRET_URL_PART not in out


def test_channels_test_answers_in_one_line(cli, receiver):
    code, out, _ = cli("channels", "test", "ops-hook")
    assert (code, out) == (0, "ops-hook (webhook, 127.0.0.1): sent (HTTP 200)\n")
    receiver.answer("404")
    code, out, _ = cli("channels", "test", "exec-slack")
    assert (code, out) == (1, "exec-slack (slack, 127.0.0.1): failed: HTTP 404 no_service\n")
    code, _, err = cli("channels", "test", "nope")
    assert code == 1 and err.count("\n") == 1 and "no channel 'nope'" in err


def test_a_broken_channel_table_is_one_warning_and_nothing_is_sent(cli, tmp_path, store_path):
    write_config(tmp_path / "config", '[channels.x]\ntype = "slack"\nurl = "https://hooks.slack.com/x"\n')
    code, out, err = cli("channels", "list")
    assert code == 0 and "unknown key 'url' for a slack channel" in err and "hooks.slack.com/x" not in err
    assert out.startswith("No channels")


def test_a_store_error_while_sending_keeps_exit_0_the_update_is_saved(cli, receiver, store_path, monkeypatch):
    from escalation_tui.cli import record
    from escalation_tui.errors import StoreError

    def broken(service, incident_id):
        raise StoreError("the store's lock was held for over 10 s")

    monkeypatch.setattr(record, "send_due_for", broken)
    cli("new", "Checkout down", "-s", "1", "-k", "technical")
    incident_id = IncidentStore(store_path).ids()[0]
    code, out, err = cli("update", incident_id, "saved anyway", "--audience", "internal")
    assert code == 0 and out.strip()  # a hook that retries on failure would log it twice
    assert "warning: not sent yet (the store's lock was held for over 10 s); it waits in the outbox" in err
    assert [d.state for d in IncidentStore(store_path).load(incident_id).deliveries] == [
        DeliveryState.PENDING
    ]


def test_outbox_json_for_scripts(cli, receiver, store_path):
    cli("new", "Checkout down", "-s", "1", "-k", "technical")
    incident_id = IncidentStore(store_path).ids()[0]
    cli("update", incident_id, "quiet", "--audience", "internal", "--no-send")
    receiver.answer("404")
    cli("update", incident_id, "loud", "--audience", "internal")
    code, out, _ = cli("outbox", "--json")
    (entry,) = json.loads(out)
    assert code == 0 and entry["incident"] == incident_id and entry["channel"] == "ops-hook"
    assert entry["state"] == "failed" and entry["last_error"] == "HTTP 404 no_service"
    code, out, _ = cli("outbox", "send", "--json")
    assert (code, json.loads(out)) == (0, [])  # a failed entry waits for r, not for cron


def test_outbox_retry_sends_an_incident_s_failed_entries_again(cli, receiver, store_path):
    cli("new", "Checkout down", "-s", "1", "-k", "technical")
    incident_id = IncidentStore(store_path).ids()[0]
    receiver.answer("404")
    cli("update", incident_id, "loud", "--audience", "internal")
    code, out, _ = cli("outbox", "retry", incident_id)
    assert code == 0 and out.strip() == f"{incident_id}  ops-hook  sent 03:00:00 UTC"
    code, _, err = cli("outbox", "retry", incident_id)
    assert code == 1 and "nothing to retry" in err
    assert cli("outbox", "send", incident_id)[0] == 1
    keys = {r.headers["idempotency-key"] for r in receiver.received}
    assert len(receiver.received) == 2 and len(keys) == 1  # the same entry, the same key
