"""Copying an update honestly: OSC 52 goes to the terminal, which may drop it unseen.

Textual's copy_to_clipboard writes an OSC 52 sequence and cannot learn whether it arrived.
Under tmux's default `set-clipboard external`, under GNU screen and often over SSH it does
not, so there we say that delivery is unconfirmed (with how to fix it, once per run) and
show the text in a dialog to select by hand or write to a file. Elsewhere a toast says
where it went and that `y` in pane 2 shows any update's text again.
"""

import os
from collections.abc import Mapping
from pathlib import Path

from ..domain.models import Incident, StatusUpdate
from ..domain.text import slugify

# (environment variable, what it means, how to make OSC 52 arrive)
UNCONFIRMED = (
    ("TMUX", "tmux", "To make it work, put `set -g set-clipboard on` in ~/.tmux.conf."),
    ("STY", "screen", "GNU screen often drops it: copy from the dialog instead."),
    ("SSH_CONNECTION", "SSH", "It arrives only if your local terminal accepts OSC 52."),
    ("SSH_TTY", "SSH", "It arrives only if your local terminal accepts OSC 52."),
)


def unconfirmed_delivery(environ: Mapping[str, str] | None = None) -> tuple[str, str] | None:
    """(where, how to fix) when the terminal clipboard may silently drop a copy, else None."""
    env = os.environ if environ is None else environ
    for variable, where, fix in UNCONFIRMED:
        if env.get(variable):
            return where, fix
    return None


def update_file_name(incident: Incident, update: StatusUpdate) -> str:
    return f"update-{update.sent_at:%Y%m%d-%H%M%S}-{update.audience}-{slugify(incident.title, 30)}.txt"


def working_folder() -> Path:
    try:
        return Path.cwd()
    except OSError:  # the folder was deleted under us
        return Path.home()


def sent_message(what: str, where: str | None) -> str:
    if where is None:
        return f"{what} and sent to the clipboard (y in pane 2 shows it to copy by hand)"
    return f"{what}; sent to the terminal clipboard, but under {where} it may not arrive"
