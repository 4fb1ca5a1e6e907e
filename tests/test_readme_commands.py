"""The README's one test command is what CI runs, and it runs the whole gate and the suite, so
a green CI proves the README."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECK = ROOT / "scripts" / "check"


def _readme_test_commands() -> list[str]:
    section = (ROOT / "README.md").read_text().split("## Test it", 1)[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip()]


def _commands(path: Path) -> list[str]:
    return [line for line in path.read_text().splitlines() if line and not line.startswith(("#", "set "))]


def test_the_readme_gives_one_test_command_and_ci_runs_exactly_it():
    assert _readme_test_commands() == ["./scripts/check"]
    assert _commands(ROOT / ".ci" / "run") == ['exec "$(dirname "$0")/../scripts/check"']
    assert os.access(CHECK, os.X_OK) and os.access(ROOT / ".ci" / "run", os.X_OK)


def test_the_check_sets_up_then_runs_the_gate_then_the_suite():
    commands = _commands(CHECK)
    assert commands[0] == 'cd "$(dirname "$0")/.."'
    setup, chromium, *gate, suite = commands[1:]
    assert setup.startswith("python3 -m venv .venv") and "--group test" in setup
    # the Mermaid pictures are rendered in Debian's chromium: installed when missing
    assert chromium.startswith("{ test -x /usr/bin/chromium") and "apt-get install" in chromium
    assert "tmux" in chromium  # the paste and Escape tests drive the app in a real terminal
    joined = " ".join(gate)
    for tool in ("ruff check .", "ruff format --check .", "mypy", "lint-imports"):
        assert tool in joined
    assert suite == '.venv/bin/python -m pytest "$@"'
    assert "set -euo pipefail" in CHECK.read_text()  # any failing step fails the check
