"""What each service receives, checked against its documented format, with hostile text:
mentions, links and markup arrive as the characters typed and ping nobody."""

import hashlib
import hmac
import os
import re
import sys
from datetime import UTC, datetime

import pytest
from delivery_servers import MailBox, no_proxies, start_receiver

from escalation_tui.delivery import payloads
from escalation_tui.delivery.http import retry_after
from escalation_tui.delivery.secrets import SecretMissing, describe, read_secret
from escalation_tui.delivery.send import attempt
from escalation_tui.domain.channels import Secret
from escalation_tui.domain.config import parse_channel_config

HOSTILE = (
    "@channel @here <!everyone> @everyone <@U123> "
    "<https://evil.example|click> *bold* _it_ `code` [x](y) & done"
)


def message(text: str = HOSTILE, title: str = "Checkout <down> & @here") -> payloads.Message:
    return payloads.Message(
        delivery_id="d" * 20,
        channel="c",
        incident_id="k3f9ab",
        title=title,
        severity="SEV1",
        kind="technical",
        status="open",
        update_id="u1",
        audience="executive",
        sent_at=datetime(2026, 11, 28, 3, 0, tzinfo=UTC),
        text=text,
    )


def channel(kind: str, extra: str = ""):
    (found,) = parse_channel_config(f'[channels.c]\ntype = "{kind}"\n{extra}', "config.toml")
    return found


@pytest.fixture
def receiver(monkeypatch):
    no_proxies(monkeypatch)
    server = start_receiver()
    monkeypatch.setenv("HOOK_URL", server.url)
    yield server
    server.stop()


def test_slack_escapes_ampersand_and_angle_brackets_and_turns_mrkdwn_off(receiver):
    assert attempt(channel("slack", 'url_env = "HOOK_URL"'), message()).ok
    body = receiver.received[0].json
    assert body["mrkdwn"] is False and body["link_names"] is False
    assert "<" not in body["text"] and ">" not in body["text"]
    assert "&lt;!everyone&gt;" in body["text"] and "&lt;@U123&gt;" in body["text"]
    assert "&amp; done" in body["text"]
    unescaped = body["text"].replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    assert unescaped.endswith(HOSTILE)


def test_discord_allows_no_mentions_and_escapes_markdown(receiver):
    assert attempt(channel("discord", 'url_env = "HOOK_URL"'), message()).ok
    body = receiver.received[0].json
    assert body["allowed_mentions"] == {"parse": []}
    content = body["content"]
    assert re.sub(r"\\(.)", r"\1", content).endswith(HOSTILE)  # shown as typed
    assert "\\@everyone" in content and "\\<\\@U123\\>" in content and "\\*bold\\*" in content


def test_discord_cuts_long_text_within_its_limit():
    assert len(payloads.discord(message("*" * 5000))["content"]) <= payloads.DISCORD_MAX


def test_teams_gets_an_adaptive_card_whose_text_is_never_markdown(receiver):
    assert attempt(channel("teams", 'url_env = "HOOK_URL"'), message()).ok
    body = receiver.received[0].json
    assert body["type"] == "message"
    (attachment,) = body["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.4"
    runs = [inline for block in card["body"] for inline in block["inlines"]]
    assert all(block["type"] == "RichTextBlock" for block in card["body"])
    assert all(run["type"] == "TextRun" for run in runs)  # TextRun text is not Markdown
    assert runs[1]["text"] == HOSTILE


def test_mattermost_text_is_a_code_block_even_when_it_holds_fences(receiver):
    text = HOSTILE + "\n```\n@all\n````"
    assert attempt(channel("mattermost", 'url_env = "HOOK_URL"'), message(text)).ok
    body = receiver.received[0].json["text"]
    fence = body.split("text\n", 1)[0]
    assert fence == "`````" and body.endswith("\n" + fence)
    assert text in body


def test_the_generic_webhook_follows_its_schema_and_is_signed(receiver, monkeypatch):
    monkeypatch.setenv("HOOK_SECRET", "s3cret")
    hook = channel("webhook", 'url_env = "HOOK_URL"\nsecret_env = "HOOK_SECRET"')
    assert attempt(hook, message()).ok
    arrived = receiver.received[0]
    assert arrived.headers["idempotency-key"] == "d" * 20
    assert arrived.headers["content-type"] == "application/json; charset=utf-8"
    assert arrived.json == {
        "schema": "escalation-tui/update",
        "version": 1,
        "delivery_id": "d" * 20,
        "channel": "c",
        "incident": {
            "id": "k3f9ab",
            "title": "Checkout <down> & @here",
            "severity": "SEV1",
            "kind": "technical",
            "status": "open",
        },
        "update": {"id": "u1", "audience": "executive", "sent_at": "2026-11-28T03:00:00Z", "text": HOSTILE},
    }
    stamp, digest = re.fullmatch(
        r"t=(\d+),sha256=([0-9a-f]{64})", arrived.headers["x-escalation-signature"]
    ).groups()
    expected = hmac.new(b"s3cret", stamp.encode() + b"." + arrived.body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(digest, expected)


def test_an_email_is_utf8_plain_text_and_no_header_can_be_injected():
    box = MailBox()
    try:
        mail = channel(
            "email",
            f'smtp_host = "127.0.0.1"\nsmtp_port = {box.port}\nsecurity = "none"\n'
            'from = "war-room@example.com"\nto = ["execs@example.com", "ops@example.com"]',
        )
        text = "Ünïcode ✓ @channel\r\nBcc: victim@example.com\n\nbody"
        outcome = attempt(mail, message(text, title="Checkout down\r\nBcc: evil@example.com"))
        assert outcome.ok, outcome
        (received,) = box.messages
        assert box.envelopes == [("war-room@example.com", ["execs@example.com", "ops@example.com"])]
        assert received.get_all("Bcc") is None
        assert received["Subject"] == "[SEV1] Checkout down Bcc: evil@example.com: executive update"
        assert received.get_content_type() == "text/plain"
        assert received.get_content_charset() == "utf-8"
        assert "Ünïcode ✓ @channel" in received.get_content()
        assert "d" * 20 in received["Message-ID"]
    finally:
        box.stop()


def test_email_addresses_that_could_carry_a_header_are_refused():
    from escalation_tui.errors import InvalidInput

    with pytest.raises(InvalidInput, match="not a plain e-mail address"):
        channel("email", 'smtp_host = "smtp.example.com"\nfrom = "a@b.c\\nBcc: x@y.z"\nto = ["x@y.z"]')
    with pytest.raises(InvalidInput, match="only allowed for a relay on this machine"):
        channel("email", 'smtp_host = "smtp.example.com"\nsecurity = "none"\nfrom = "a@b.c"\nto = ["x@y.z"]')


def test_a_command_gets_the_update_on_stdin_and_its_fields_in_the_environment(tmp_path):
    out = tmp_path / "out"
    script = (
        f"import os,sys; open({str(out)!r},'w')"
        ".write(os.environ['ESCALATION_DELIVERY_ID']+'|'+sys.stdin.read())"
    )
    command = channel("command", f"command = [{sys.executable!r}, '-c', {script!r}]")
    assert attempt(command, message("hello $(rm -rf /) `x`")).ok
    assert out.read_text().endswith("hello $(rm -rf /) `x`")
    assert out.read_text().startswith("d" * 20 + "|[SEV1]")


def test_a_command_that_asks_to_be_tried_again_or_fails():
    retry = channel("command", f"command = [{sys.executable!r}, '-c', 'import sys; sys.exit(75)']")
    assert attempt(retry, message()).retry
    fail = channel("command", f"command = [{sys.executable!r}, '-c', 'import sys; sys.exit(\"boom\")']")
    outcome = attempt(fail, message())
    assert not outcome.ok and not outcome.retry and outcome.detail == "exit 1: boom"


def test_secrets_come_from_a_private_file_or_the_environment_and_are_never_described(tmp_path, monkeypatch):
    secret = tmp_path / "url"
    secret.write_text("https://hooks.slack.com/services/T000/B000/XXXXSECRET\n")
    os.chmod(secret, 0o644)
    with pytest.raises(SecretMissing, match="chmod 600"):
        read_secret(Secret(file=str(secret)))
    os.chmod(secret, 0o600)
    assert read_secret(Secret(file=str(secret))).endswith("XXXXSECRET")
    slack = channel("slack", f'url_file = "{secret}"')
    assert describe(slack) == "c (slack, hooks.slack.com)"
    monkeypatch.delenv("NOT_SET_URL", raising=False)
    unset = channel("slack", 'url_env = "NOT_SET_URL"')
    outcome = attempt(unset, message())
    assert outcome.retry and outcome.detail == "$NOT_SET_URL is not set"


def test_retry_after_reads_seconds_and_http_dates():
    assert retry_after("120") == 120
    assert (
        retry_after("Sat, 28 Nov 2026 03:02:00 GMT", now=datetime(2026, 11, 28, 3, 0, tzinfo=UTC).timestamp())
        == 120
    )
    assert retry_after("soon") is None and retry_after(None) is None
