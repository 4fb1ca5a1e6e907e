"""Pane 2: the next stakeholder update (countdown, cadence, logging an update)."""
