"""Who may see the stakeholder page: tokens, cookies, audiences, throttling, headers."""

import os
import stat

import pytest
from web_pages import served, token_for

from escalation_tui.web.access import COOKIE, FAILURES_ALLOWED, Throttle
from escalation_tui.web.tokens import TOKENS_FILE, TokenFile


@pytest.fixture
def config(tmp_path):
    return tmp_path / "config"


def test_a_token_link_sets_a_strict_cookie_and_redirects_without_the_token(service, session, config):
    token = token_for(config, "executive")
    with served(service, config) as client:
        answer = client.get(f"/i/{session.incident.id}?token={token}&x=1", follow_redirects=False)
        assert answer.status_code == 303
        assert answer.headers["location"] == f"/i/{session.incident.id}?x=1"
        cookie = answer.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Secure" not in cookie
        page = client.get(f"/i/{session.incident.id}")  # the client keeps the cookie
        assert page.status_code == 200 and "Checkout API returning 500s" in page.text
        assert "executive view" in page.text
        assert token not in page.text


def test_under_tls_the_cookie_is_secure(service, session, config):
    token = token_for(config, "executive")
    with served(service, config) as client:
        answer = client.get(f"https://127.0.0.1/?token={token}", follow_redirects=False)
        assert "; Secure" in answer.headers["set-cookie"]


def test_without_a_valid_token_the_401_page_reveals_nothing(service, session, config):
    token_for(config, "internal")
    with served(service, config) as client:
        pages = [
            client.get("/"),
            client.get(f"/i/{session.incident.id}"),
            client.get("/i/nosuch"),
            client.get("/events"),
            client.get("/?token=etp_000000_wrong"),
        ]
        client.cookies.set(COOKIE, "etp_000000_wrong")
        pages.append(client.get("/"))
    assert {p.status_code for p in pages} == {401}
    assert len({p.content for p in pages}) == 1  # the same page, whatever was asked
    assert "Checkout" not in pages[0].text and session.incident.id not in pages[0].text


def test_a_revoked_token_stops_working_on_the_running_server(service, session, config):
    token = token_for(config, "internal")
    with served(service, config) as client:
        assert client.get(f"/?token={token}").status_code == 200
        TokenFile(config).revoke(token.split("_")[1])
        assert client.get("/").status_code == 401


def test_repeated_wrong_tokens_are_slowed_down(service, session, config):
    now = [1000.0]
    throttle = Throttle(clock=lambda: now[0])
    good = token_for(config, "internal")
    with served(service, config, throttle=throttle) as client:
        for _ in range(FAILURES_ALLOWED):
            assert client.get("/?token=etp_0_wrong").status_code == 401
        blocked = client.get(f"/?token={good}")  # even the right token waits now
        assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) > 0
        now[0] += 61
        assert client.get(f"/?token={good}").status_code == 200


def test_audience_limit_refuses_other_audiences_tokens(service, session, config):
    from escalation_tui.domain.enums import Audience

    executive, internal = token_for(config, "executive"), token_for(config, "internal")
    with served(service, config, only=Audience.EXECUTIVE) as client:
        assert client.get(f"/?token={internal}").status_code == 401
        assert client.get(f"/?token={executive}").status_code == 200


def test_the_token_file_keeps_only_hashes_and_is_private(config):
    tokens = TokenFile(config)
    entry, token = tokens.new("customer")
    raw = (config / TOKENS_FILE).read_text()
    assert token not in raw and entry.digest in raw
    assert stat.S_IMODE(os.stat(config / TOKENS_FILE).st_mode) == 0o600
    assert tokens.audience_for(token) == "customer"
    assert tokens.audience_for(token + "x") is None


def test_every_answer_carries_the_strict_headers(service, session, config):
    token = token_for(config, "internal")
    with served(service, config) as client:
        answers = [client.get("/"), client.get(f"/?token={token}"), client.get("/static/page.css")]
        answers.append(client.get("/i/nosuch"))
    for answer in answers:
        csp = answer.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["referrer-policy"] == "no-referrer"


def test_serve_token_commands(cli, config):
    code, out, _ = cli("serve", "token", "new", "--audience", "executive")
    assert code == 0
    token = out.splitlines()[1]
    token_id = token.split("_")[1]
    assert TokenFile(config).audience_for(token) == "executive"
    code, out, _ = cli("serve", "token", "list")
    assert code == 0 and token_id in out and "executive" in out and token not in out
    assert cli("serve", "token", "revoke", token_id)[0] == 0
    code, _, err = cli("serve", "token", "revoke", token_id)
    assert code == 1 and "no token" in err and "Traceback" not in err
    assert TokenFile(config).audience_for(token) is None


def test_serve_refuses_bad_options_in_one_line(cli):
    code, _, err = cli("serve", "--certfile", "nosuch.pem")
    assert code == 1 and err.count("\n") == 1 and "--keyfile" in err
    code, _, err = cli("serve", "--port", "70000")
    assert code == 1 and "--port" in err


def test_behind_a_reverse_proxy_under_a_path(service, session, config, store_path):
    """The real server (uvicorn): --root-path prefixes what it sends; X-Forwarded-Proto from the
    proxy on 127.0.0.1 makes the cookie Secure."""
    import http.client

    from serve_process import Serve

    token = token_for(config, "internal")
    with Serve(str(store_path), config, "--root-path", "/status") as server:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        conn.request("GET", f"/i/{session.id}?token={token}", headers={"X-Forwarded-Proto": "https"})
        answer = conn.getresponse()
        answer.read()
        assert answer.status == 303 and answer.getheader("location") == f"/status/i/{session.id}"
        cookie = answer.getheader("set-cookie")
        assert "Path=/status" in cookie and "; Secure" in cookie
        conn.request("GET", f"/i/{session.id}", headers={"Cookie": f"{COOKIE}={token}"})
        page = conn.getresponse().read().decode()
        assert 'href="/status/static/page.css"' in page and "Checkout API returning 500s" in page
        conn.close()


def test_a_network_bind_without_tls_warns_in_one_line(service, config, monkeypatch, capsys):
    import uvicorn

    from escalation_tui.web import server

    started = []
    monkeypatch.setattr(uvicorn.Server, "run", lambda self: started.append(self.config.host))
    assert server.serve(service, config, "0.0.0.0", 8765, None, "", None, None) == 0
    warning = capsys.readouterr().err
    assert started == ["0.0.0.0"] and warning.count("\n") == 1 and "without TLS" in warning
    for loopback in ("127.0.0.1", "::1", "localhost"):
        server.serve(service, config, loopback, 8765, None, "", None, None)
        assert capsys.readouterr().err == ""


def test_wrong_cookies_are_slowed_down_too(service, session, config):
    now = [1000.0]
    with served(service, config, throttle=Throttle(clock=lambda: now[0])) as client:
        client.cookies.set(COOKIE, "etp_0_guess")
        assert [client.get("/").status_code for _ in range(FAILURES_ALLOWED + 1)][-2:] == [401, 429]


async def test_an_open_stream_ends_once_its_token_is_revoked(service, session, config, monkeypatch):
    import asyncio

    from escalation_tui.domain.enums import Audience
    from escalation_tui.web import app as web_app

    monkeypatch.setattr(web_app, "HEARTBEAT_SECONDS", 0.01)
    _asgi, hub = web_app.create_app(service, TokenFile(config))
    hub.refresh()
    valid = [True]
    scope = {
        "type": "http",
        "method": "GET",
        "path": "/events",
        "query_string": f"page={session.id}".encode(),
        "headers": [],
        "state": {"audience": Audience.EXECUTIVE, "still_valid": lambda: valid[0]},
    }
    sent: list[dict] = []

    async def send(message: dict) -> None:
        sent.append(message)
        if sum(1 for m in sent if b"still here" in m.get("body", b"")) == 2:
            valid[0] = False  # revoked while the page is open

    async def receive() -> dict:
        await asyncio.Event().wait()  # the browser never hangs up by itself
        return {}

    await asyncio.wait_for(web_app.EventStream(hub)(scope, receive, send), 20)
    assert sent[0]["status"] == 200 and b"event: page" in sent[1]["body"]
    assert hub.viewer_count == 0  # its place among the viewers is let go


def test_the_command_line_loads_no_web_code_until_serve_runs():
    import subprocess
    import sys

    code = (
        "import sys, escalation_tui.cli.main;"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'starlette', 'uvicorn', 'jinja2'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
