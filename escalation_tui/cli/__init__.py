"""The escalation-tui command: sub-commands call the same service layer as the TUI."""

import sys

from .main import main

__all__ = ["main"]

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
