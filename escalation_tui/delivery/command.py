"""A command channel: the program gets the update on stdin and its fields in the environment.

Exit 0: sent. Exit 75 (EX_TEMPFAIL): try again later. Anything else: failed, with the
first line it wrote to stderr.
"""

import os
import subprocess

from ..domain.outbox import Outcome
from ..domain.text import clean_text
from .payloads import Message, command_env

TRY_AGAIN = 75


def run(argv: tuple[str, ...], message: Message, timeout: float) -> Outcome:
    env = {**os.environ, **command_env(message)}
    try:
        done = subprocess.run(
            list(argv),
            input=message.plain.encode(),
            env=env,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Outcome(ok=False, detail="did not finish in time", retry=True, unknown=True)
    except OSError as error:
        return Outcome(ok=False, detail=f"cannot run {argv[0]} ({error.strerror})")
    if done.returncode == 0:
        return Outcome(ok=True, detail="exit 0")
    said = clean_text(done.stderr.decode("utf-8", "replace"), multiline=True).strip().splitlines()
    detail = f"exit {done.returncode}" + (f": {said[0][:60]}" if said else "")
    return Outcome(ok=False, detail=detail, retry=done.returncode == TRY_AGAIN)
