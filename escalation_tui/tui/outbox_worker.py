"""The outbox worker while the TUI runs: a thread of its own sends the open incidents' pending
updates (escalation_tui/delivery/worker.py); the event loop never waits on a channel.

The thread has its own connection to the store (IncidentService.another()); what it saves
reaches the screen like another window's change (the war room's poll sees the new stamp).
"""

import contextlib
import threading

from textual.app import App

from ..delivery.worker import run_outbox
from ..service import IncidentService


class OutboxThread:
    def __init__(self, app: App, service: IncidentService) -> None:
        self.app = app
        self.service = service
        self.stop = threading.Event()
        self.wake = threading.Event()
        self.thread: threading.Thread | None = None

    def start(self) -> bool:
        """False when there is nothing to run it for (no channels) or no second connection."""
        if not self.service.settings.channels:
            return False
        own = self.service.another()
        if own is None:
            return False
        options = {"wake": self.wake, "on_error": self.report}
        self.thread = threading.Thread(
            target=run_outbox, args=(own, own.settings, self.stop), kwargs=options, name="outbox", daemon=True
        )
        self.thread.start()
        return True

    def poke(self) -> None:
        """Send now (an update was just logged), not at the next poll."""
        self.wake.set()

    def close(self) -> None:
        """Stop after the attempt in flight; never joined (a channel may take its timeout)."""
        self.stop.set()
        self.wake.set()

    def report(self, message: str) -> None:
        def say() -> None:
            self.app.notify(f"Sending updates: {message}", severity="warning", markup=False)

        with contextlib.suppress(RuntimeError):  # the app has already stopped
            self.app.call_from_thread(say)
