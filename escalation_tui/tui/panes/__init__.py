"""The war room's panes, one folder each: the pane, its rows, its dialogs and its styles."""
