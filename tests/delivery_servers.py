"""Real servers on 127.0.0.1 for the delivery tests: an HTTP receiver that records what
arrives and answers as told, and an SMTP server (aiosmtpd) that keeps every message."""

import json
import socket
import threading
from collections import deque
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> dict:
        return json.loads(self.body)


@dataclass
class Receiver:
    """Answers from `script` in turn (then `default`): 200, 404, 500, "429:SECONDS",
    "slow:SECONDS" (200 after a wait), "hang" (no answer until the server stops),
    "dedupe" (200, but a repeated Idempotency-Key is not recorded twice)."""

    script: deque = field(default_factory=deque)
    default: str = "200"
    error_body: bytes = b"no_service"  # what a refusal says (Slack's own words for a 404)
    received: list[Received] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)
    server: ThreadingHTTPServer | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def answer(self, *answers: str) -> None:
        self.script.extend(answers)

    def stop(self) -> None:
        self.stopping.set()
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()


def start_receiver(default: str = "200") -> Receiver:
    receiver = Receiver(default=default)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # quiet
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            with receiver.lock:
                answer = receiver.script.popleft() if receiver.script else receiver.default
                record = Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                key = record.headers.get("idempotency-key")
                seen = any(r.headers.get("idempotency-key") == key for r in receiver.received)
                if not (answer == "dedupe" and key and seen):
                    receiver.received.append(record)
            if answer == "hang":
                receiver.stopping.wait(30)
                return
            if answer.startswith("slow:"):
                receiver.stopping.wait(float(answer.split(":")[1]))
                answer = "200"
            status, _, after = answer.partition(":")
            status = "200" if status == "dedupe" else status
            self.send_response(int(status))
            if after:
                self.send_header("Retry-After", after)
            text = b"ok" if status == "200" else receiver.error_body
            self.send_header("Content-Length", str(len(text)))
            self.end_headers()
            self.wfile.write(text)

    class Server(ThreadingHTTPServer):
        def handle_error(self, request, client_address) -> None:
            pass  # a sender killed mid-request (the kill -9 tests): expected, not worth a traceback

    server = Server(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    receiver.server = server
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return receiver


class MailBox:
    """aiosmtpd on 127.0.0.1: `messages` holds every message as parsed."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        box = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                box.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
                box.messages.append(message_from_bytes(envelope.original_content, policy=policy.default))
                return "250 OK"

        self.port = free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()


PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")


def no_proxies(monkeypatch) -> None:
    """Requests to 127.0.0.1 go straight there, whatever proxy the machine sets."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def free_port() -> int:
    with socket.socket() as probe:  # aiosmtpd checks its own port, so it cannot take port 0
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def write_config(folder, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.toml").write_text(text)
