"""Sending stakeholder updates to their channels (Slack, Mattermost, Teams, Discord, a webhook,
e-mail, a command), off the event loop, through the outbox the service keeps.

No Textual, and no store: entries are claimed and settled through service/outbox.py.
"""
