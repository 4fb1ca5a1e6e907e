"""Modal dialogs shared by more than one screen. Each dismisses with its result (None when cancelled).

A pane's own dialogs live with the pane (panes/<pane>/), the post-mortem's in postmortem/.
"""
