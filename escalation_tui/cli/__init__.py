"""The escalation-tui command: sub-commands call the same service layer as the TUI."""

from .main import main

__all__ = ["main"]
