"""Pane 3: the 5 Whys tree and walkthrough."""
