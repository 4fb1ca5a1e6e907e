"""The real Mermaid parser under Node, for tests: installs itself once, parses many diagrams per run.

tests/mermaid/ pins mermaid and jsdom (package-lock.json); `npm ci` fills node_modules the
first time a test needs it, under a file lock so parallel workers install it only once.
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


def ensure_installed() -> None:
    if shutil.which("node") is None or shutil.which("npm") is None:
        raise RuntimeError("the Mermaid tests need Node 20 and npm on PATH")
    with open(FOLDER / ".install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (FOLDER / "node_modules" / "mermaid" / "package.json").exists():
            return
        done = subprocess.run(
            ["npm", "ci", "--prefix", str(FOLDER), "--no-audit", "--no-fund", "--loglevel=error"],
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
