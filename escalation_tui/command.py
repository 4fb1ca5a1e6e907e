"""The escalation-tui command's entry point: `status` from its snapshot, else the full CLI.

Kept apart from the cli package, whose import brings in the service, the store and pydantic:
a tmux status line runs `status` every few seconds (status_snapshot.py).
"""

import os
import sys


def main() -> int:
    if "status" in sys.argv[1:4]:  # `[--db X] status [id]`: the other commands skip the snapshot
        from .status_snapshot import quick_status

        try:
            answered = quick_status(sys.argv[1:])
            if answered is not None:
                sys.stdout.flush()
                return answered
        except OSError as error:  # its line could not be written: one line, as the full command says
            return _output_failed(error)
    from .cli import main as full_command

    return full_command()


def _output_failed(error: OSError) -> int:
    # What is still buffered goes to /dev/null: Python's flush at exit would fail again, loudly.
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, sys.stdout.fileno())
    os.close(null)
    if isinstance(error, BrokenPipeError):
        return 0  # `escalation-tui status | head -c0`: as the full command, no message
    sys.stderr.write(f"escalation-tui: cannot write the output: {error.strerror or error}\n")
    return 1
