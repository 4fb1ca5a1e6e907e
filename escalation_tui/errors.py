"""Errors a user can see. Each carries one clear line; the CLI and TUI show it as is."""


class EscalationError(Exception):
    """Base for every error that is the user's to read, not a bug."""


class InvalidInput(EscalationError):
    """The change was refused; nothing was saved."""


class NotFound(EscalationError):
    pass


class Conflict(EscalationError):
    """Someone else changed the incident in a way that makes this change unsafe."""


class StoreError(EscalationError):
    """The store could not be read or written; what was saved before is intact."""


class LockBusy(StoreError):
    """Another instance holds the incident's lock and the caller asked not to wait (the TUI's
    event loop must never block). `wait_until_free` waits for it, off the UI thread."""

    def __init__(self, message: str, wait_until_free) -> None:
        super().__init__(message)
        self.wait_until_free = wait_until_free  # (stop: threading.Event, timeout: float) -> bool


class CorruptStore(StoreError):
    """A data file does not parse or validate. It is never overwritten."""

    def __init__(self, path, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(
            f"{path}: {problem}. The file was left untouched; "
            f"`escalation-tui doctor` shows how to recover it"
        )
