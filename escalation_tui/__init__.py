"""Escalation TUI: a keyboard-driven war room for on-call managers."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("escalation-tui")  # one source: pyproject.toml's [project] version
except PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0+unknown"
