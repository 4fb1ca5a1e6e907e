"""Pane 1: the triage checklist."""
