"""The README's "Test it" commands are exactly what CI runs, so a green CI proves the README."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _readme_test_commands() -> list[str]:
    section = (ROOT / "README.md").read_text().split("## Test it", 1)[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip()]


def _ci_commands() -> list[str]:
    lines = (ROOT / ".ci" / "run").read_text().splitlines()
    return [line for line in lines if line.startswith((".venv/", "python3 ", "test -x ", "{ test -x "))]


def test_ci_runs_the_readme_test_commands_in_order():
    commands = _readme_test_commands()
    assert commands[-1] == ".venv/bin/python -m pytest"
    assert any("lint-imports" in c for c in commands) and any("mypy" in c for c in commands)
    # the Mermaid pictures are rendered in Debian's chromium: installed when missing
    assert any(
        c.startswith("{ test -x /usr/bin/chromium") and "apt-get install" in c and "tmux" in c
        for c in commands
    )
    assert _ci_commands() == commands
