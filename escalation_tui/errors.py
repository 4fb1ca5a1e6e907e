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


class FileProblem(StoreError):
    """One file cannot be used. `problem` says why without the path (doctor prints both)."""

    def __init__(self, path, problem: str, advice: str = "") -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}" + (f". {advice}" if advice else ""))


class CorruptStore(FileProblem):
    """A data file does not parse or validate. It is never overwritten."""

    def __init__(self, path, problem: str) -> None:
        super().__init__(
            path, problem, "The file was left untouched; `escalation-tui doctor` shows how to recover it"
        )


class NewerSchema(FileProblem):
    """Written by a newer escalation-tui: not damaged, only not ours to read or change."""

    def __init__(self, path, version: int, known: int, what: str = "schema") -> None:
        self.version = version
        shown = version if version < 1_000_000 else "≥ 1000000"
        super().__init__(
            path,
            f"written by a newer escalation-tui ({what} {shown}; this one knows {known})",
            "Upgrade escalation-tui; the file was left untouched",
        )


class RefusedFile(FileProblem):
    """Not a regular file (a symbolic link, a FIFO, a device): the store never follows or replaces one."""
