"""Escalation TUI: a keyboard-driven war room for on-call managers."""

import os

# pydantic scans every installed distribution's entry points for plugins when the first model
# is built (a share of each command's start-up); we use none. A value the user set wins.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


def __getattr__(name: str) -> str:
    """`__version__` on first use: importlib.metadata and its search of the installed
    distributions cost every command and the TUI tens of milliseconds at start-up."""
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("escalation-tui")  # one source: pyproject.toml's [project] version
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "0+unknown"
