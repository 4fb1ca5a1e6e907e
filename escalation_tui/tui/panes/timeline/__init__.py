"""The timeline pane (t)."""
