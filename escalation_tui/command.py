"""The escalation-tui command's entry point: `status` from its snapshot, else the full CLI.

Kept apart from the cli package, whose import brings in the service, the store and pydantic:
a tmux status line runs `status` every few seconds (status_snapshot.py).
"""

import sys


def main() -> int:
    if "status" in sys.argv[1:4]:  # `[--db X] status [id]`: the other commands skip the snapshot
        from .status_snapshot import quick_status

        answered = quick_status(sys.argv[1:])
        if answered is not None:
            return answered
    from .cli import main as full_command

    return full_command()
