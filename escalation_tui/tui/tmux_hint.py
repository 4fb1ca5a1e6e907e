"""Under tmux, a long `escape-time` joins Escape with the next key: say once how to shorten it.

escape_joined (app.py) already takes an unbound `alt+key` as Escape then the key; the hint is
for the keys tmux holds back for half a second, and for alt+keys that do have a binding.
"""

import os
import subprocess

LIMIT_MS = 50
FIX = "set -sg escape-time 10"


def escape_time_ms() -> int | None:
    """tmux's escape-time, when running under tmux and it answers; else None. Blocks: call it
    in a worker thread."""
    if not os.environ.get("TMUX"):
        return None
    try:
        done = subprocess.run(
            ["tmux", "show", "-sv", "escape-time"], capture_output=True, text=True, timeout=2, check=False
        )
        return int(done.stdout.strip()) if done.returncode == 0 else None
    except (OSError, ValueError, subprocess.SubprocessError):
        return None


def hint(escape_time: int | None) -> str | None:
    if escape_time is None or escape_time <= LIMIT_MS:
        return None
    return (
        f"tmux holds Escape for {escape_time} ms, so Escape and the next key can arrive as one. "
        f"Add `{FIX}` to ~/.tmux.conf, then run: tmux source-file ~/.tmux.conf"
    )
