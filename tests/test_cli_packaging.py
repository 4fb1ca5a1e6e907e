"""Packaging conventions a user relies on: --version, shell completion, help on every argument
with an example per sub-command (the examples themselves parse), the licence and metadata."""

import argparse
import shlex
import shutil
import subprocess
from importlib.metadata import metadata, version
from pathlib import Path

import pytest

from escalation_tui.cli.parser import SHELLS, build_parser

ROOT = Path(__file__).resolve().parent.parent


def _sub_commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    """(path, parser) for the parser and every sub-command below it, depth first."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _sub_commands(sub, (*path, name))


ALL = [
    pytest.param(path, parser, id=" ".join(path) or "top") for path, parser in _sub_commands(build_parser())
]
SUB_COMMANDS = [param for param in ALL if param.values[0]]


def _examples(parser: argparse.ArgumentParser) -> list[str]:
    epilog = parser.epilog or ""
    return [line.strip() for line in epilog.splitlines()[1:] if line.strip()]


def test_version_is_the_installed_distributions(cli):
    code, out, err = cli("--version")
    assert (code, err) == (0, "")
    assert out.strip() == f"escalation-tui {version('escalation-tui')}"


@pytest.mark.parametrize("shell", SHELLS)
def test_completion_script_names_every_sub_command(cli, shell):
    code, out, err = cli("completion", shell)
    assert (code, err) == (0, "")
    for path, _ in (param.values for param in SUB_COMMANDS):
        assert path[-1] in out, path


def test_bash_completion_script_completes_commands_and_choices(cli, tmp_path):
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("no bash here")
    script = tmp_path / "escalation-tui.bash"
    script.write_text(cli("completion", "bash")[1])
    probe = (
        f"source {shlex.quote(str(script))}; "
        'COMP_WORDS=(escalation-tui mi); COMP_CWORD=1; _shtab_escalation_tui; echo "${COMPREPLY[*]}"; '
        'COMP_WORDS=(escalation-tui milestone k3 ""); COMP_CWORD=3; _shtab_escalation_tui; '
        'echo "${COMPREPLY[*]}"'
    )
    lines = subprocess.run(
        [bash, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert lines[0] == "milestone"
    assert lines[1].split() == ["impact-started", "acknowledged", "contained", "resolved", "closed"]


def test_completion_for_an_unknown_shell_is_one_line(cli):
    code, out, err = cli("completion", "fish")
    assert (code, out) == (2, "")
    assert len(err.strip().splitlines()) == 1 and "invalid choice" in err


@pytest.mark.parametrize("path, parser", ALL)
def test_every_argument_has_help(path, parser):
    missing = [
        action.dest
        for action in parser._actions
        if not isinstance(action, argparse._SubParsersAction) and not action.help
    ]
    assert missing == [], f"{' '.join(path) or 'escalation-tui'}: no help for {missing}"


@pytest.mark.parametrize("path, parser", SUB_COMMANDS)
def test_every_sub_command_has_an_example_that_parses(path, parser):
    examples = [e for e in _examples(parser) if e.startswith("escalation-tui ")]
    assert examples, f"{' '.join(path)}: no example in its --help"
    for example in examples:
        words = shlex.split(example.split(" > ")[0])[1:]
        try:
            args = build_parser().parse_args(words)
        except SystemExit:
            pytest.fail(f"the example does not parse: {example}")
        second = ("db_command", "store_command", "serve_command")
        chosen = [args.command, next((getattr(args, n) for n in second if getattr(args, n, None)), None)]
        chosen.append(getattr(args, "token_command", None))
        assert chosen[: len(path)] == list(path), example


def test_sub_command_help_shows_its_example(capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["why", "--help"])
    out = capsys.readouterr().out
    assert "example:\n  escalation-tui why k3f9" in out


def test_licence_and_project_metadata():
    assert "MIT License" in (ROOT / "LICENSE").read_text()
    assert "Copyright (c) 2026 Escalation TUI contributors" in (ROOT / "LICENSE").read_text()
    meta = metadata("escalation-tui")
    assert meta["License-Expression"] == "MIT"
    assert meta.get_all("Project-URL") and meta.get_all("Classifier") and meta["Keywords"]
    assert any(req.startswith("shtab") for req in meta.get_all("Requires-Dist") or [])
