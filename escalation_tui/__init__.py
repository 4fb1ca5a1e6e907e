"""Escalation TUI: a keyboard-driven war room for on-call managers."""

__version__ = "0.1.0"
