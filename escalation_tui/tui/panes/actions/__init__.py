"""Pane 4: the action items."""
