"""E-mail over STARTTLS and over TLS, with a login, against aiosmtpd on 127.0.0.1 holding a
certificate made for the test (openssl); the client trusts only that certificate."""

import shutil
import ssl
import subprocess
from datetime import UTC, datetime

import pytest
from delivery_servers import free_port

from escalation_tui.delivery import mail
from escalation_tui.delivery.payloads import Message
from escalation_tui.domain.config import parse_channel_config

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tls")
    key, cert = folder / "key.pem", folder / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


def server(certificate, implicit: bool):
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    cert, key = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    received, logins = [], []

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            received.append(envelope)
            return "250 OK"

    def authenticate(server, session, envelope, mechanism, auth_data):
        logins.append((auth_data.login, auth_data.password))
        return AuthResult(success=auth_data.password == b"hunter2")

    port = free_port()
    # aiosmtpd counts only STARTTLS as TLS for auth_require_tls: on implicit TLS it would hide AUTH
    options = (
        {"ssl_context": context, "auth_require_tls": False}
        if implicit
        else {"tls_context": context, "require_starttls": True, "auth_require_tls": True}
    )
    controller = Controller(Handler(), hostname="127.0.0.1", port=port, authenticator=authenticate, **options)
    controller.start()
    return controller, port, received, logins


def message() -> Message:
    at = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)
    return Message(
        "d" * 20, "mail", "k3f9ab", "Checkout down", "SEV1", "technical", "open", "u1", "executive", at, "x"
    )


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_mail_goes_over_tls_with_a_login(certificate, security):
    controller, port, received, logins = server(certificate, implicit=security == "tls")
    try:
        (channel,) = parse_channel_config(
            f'[channels.mail]\ntype = "email"\nsmtp_host = "127.0.0.1"\nsmtp_port = {port}\n'
            f'security = "{security}"\ntimeout_seconds = 1\nusername = "war-room"\npassword_env = "P"\n'
            'from = "war-room@example.com"\nto = ["execs@example.com"]',
            "config.toml",
        )
        trusting = ssl.create_default_context(cafile=str(certificate[0]))
        outcome = mail.send(channel, message(), "hunter2", context=trusting)
        assert outcome.ok, outcome
        assert logins == [(b"war-room", b"hunter2")] and len(received) == 1
        assert not mail.send(channel, message(), "wrong", context=trusting).ok
        untrusted = mail.send(channel, message(), "hunter2", context=ssl.create_default_context())
        assert not untrusted.ok and len(received) == 1  # an unverified server gets nothing
    finally:
        controller.stop()
