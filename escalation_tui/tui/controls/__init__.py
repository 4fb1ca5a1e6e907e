"""Widgets shared by the panes and screens: the pane base, tables, lists, tabs and the header."""
