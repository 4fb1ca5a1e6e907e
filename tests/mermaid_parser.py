"""The real Mermaid parser under Node, for tests: installs itself once, parses many diagrams per run.

tests/mermaid/ pins mermaid and jsdom (package-lock.json); `npm ci` fills node_modules once,
under a file lock so parallel workers install it only once. The suite starts it in the
background when the run begins (tests/conftest.py): it mostly waits on the network, so it
overlaps the CPU-bound tests instead of holding a worker for half a minute.
"""

import fcntl
import json
import os
import shutil
import subprocess
from pathlib import Path

FOLDER = Path(__file__).parent / "mermaid"
INSTALL_TIMEOUT = 600  # seconds; a fresh machine downloads ~40 MB
PARSE_TIMEOUT = 120


NPM_CI = ["npm", "ci", "--prefix", str(FOLDER), "--no-audit", "--no-fund", "--loglevel=error"]


def _installed() -> bool:
    return (FOLDER / "node_modules" / "mermaid" / "package.json").exists()


def install_in_background() -> None:
    """Start `npm ci` and return at once; ensure_installed() waits for it.

    The child inherits the locked file, so the lock is held until npm exits. When the install
    is there already, another run holds the lock, or node is missing, it does nothing: then
    ensure_installed() installs, or says what is missing, as before.
    """
    if _installed() or shutil.which("node") is None or shutil.which("npm") is None:
        return
    with open(FOLDER / ".install.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return
        if not _installed():
            subprocess.Popen(
                NPM_CI,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                pass_fds=(lock.fileno(),),
                start_new_session=True,  # ctrl+c on pytest does not leave half a node_modules
            )


def ensure_installed() -> None:
    if shutil.which("node") is None or shutil.which("npm") is None:
        raise RuntimeError("the Mermaid tests need Node 20 and npm on PATH")
    with open(FOLDER / ".install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # waits for a background install to end
        if _installed():
            return
        done = subprocess.run(
            NPM_CI,
            capture_output=True,
            text=True,
            timeout=INSTALL_TIMEOUT,
        )
        if done.returncode != 0:
            raise RuntimeError(f"npm ci in {FOLDER} failed: {done.stderr.strip()[-2000:]}")


def parse(diagrams: list[str]) -> list[dict]:
    """One result per diagram: {"ok": True, "type", "title", "tasks": [...]} or {"ok": False, "error"}."""
    done = subprocess.run(
        ["node", str(FOLDER / "parse.mjs")],
        input=json.dumps(diagrams),
        capture_output=True,
        text=True,
        timeout=PARSE_TIMEOUT,
        env={**os.environ, "TZ": "UTC"},  # the diagram's times are UTC without a zone
    )
    if done.returncode != 0:
        raise RuntimeError(f"node parse.mjs failed: {done.stderr.strip()[-2000:]}")
    return json.loads(done.stdout)
