"""A viewer that never reads its stream, against the real server: it is dropped, what the
server holds for it stays bounded, and a viewer beside it sees every change meanwhile."""

import socket
import threading

from serve_process import Serve
from web_pages import token_for

from escalation_tui.domain.clock import SystemClock
from escalation_tui.service import IncidentService
from escalation_tui.store import IncidentStore
from escalation_tui.web.access import COOKIE
from escalation_tui.web.live import QUEUE_SIZE

BOUND = 60.0  # seconds: a wait that takes longer has failed (not a timing claim)


def _open_stream(port: int, page: str, token: str, receive_buffer: int | None = None) -> socket.socket:
    sock = socket.socket()
    if receive_buffer:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
    sock.connect(("127.0.0.1", port))
    request = f"GET /events?page={page} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {COOKIE}={token}\r\n\r\n"
    sock.sendall(request.encode())
    return sock


class Reader(threading.Thread):
    """A viewer that keeps up: it reads everything and notes which changes it saw."""

    def __init__(self, sock: socket.socket) -> None:
        super().__init__(daemon=True)
        self.sock, self.tail, self.seen = sock, b"", threading.Condition()
        self.markers: set[str] = set()

    def run(self) -> None:
        while chunk := self.sock.recv(1 << 20):
            text = (self.tail + chunk).decode(errors="replace")
            self.tail = (self.tail + chunk)[-100:]
            with self.seen:
                self.markers |= {word for word in text.split("<") if word.startswith("bdi>change ")}
                self.seen.notify_all()

    def wait_for(self, marker: str) -> bool:
        with self.seen:
            return self.seen.wait_for(lambda: f"bdi>change {marker}" in self.markers, BOUND)


def _drain(sock: socket.socket) -> tuple[int, bool]:
    """Read what the server had sent; (bytes, whether the server closed the stream)."""
    sock.settimeout(BOUND)
    total = 0
    try:
        while chunk := sock.recv(1 << 20):
            total += len(chunk)
    except TimeoutError:
        return total, False
    return total, True


def test_a_viewer_that_never_reads_is_dropped_and_the_others_keep_up(tmp_path):
    db, config = tmp_path / "store", tmp_path / "config"
    service = IncidentService(IncidentStore(db), SystemClock(), actor="dana")
    session = service.declare("Checkout API returning 500s", severity=1, kind="technical")
    for n in range(100):  # a page of about 2 MB, so that a stuck reader's buffers fill quickly
        session.add_note(f"finding {n} " + "x" * 19_900, kind="finding")
    token = token_for(config, "internal")
    with Serve(str(db), config) as server:
        stuck = _open_stream(server.port, session.id, token, receive_buffer=4096)
        reader = Reader(_open_stream(server.port, session.id, token))
        reader.start()
        try:
            changes = QUEUE_SIZE * 2
            for n in range(changes):
                session.log_update("internal", f"change {n}")
                assert reader.wait_for(f"{n}"), f"the reading viewer never saw change {n}"
            received, closed = _drain(stuck)
        finally:
            stuck.close()
            reader.sock.close()
    assert closed, "the server kept a stream nobody reads"
    page = 2_000_000
    assert received < (changes // 2) * page  # far from everything: it was let go on the way
