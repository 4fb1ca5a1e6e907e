"""Issue 30 item 3: no command is an oracle for a confidential incident's contents.

Two stores differ only by one word (or one owner's name) inside a confidential incident.
Every sub-command the parser knows, found by walking it (so commands added later are covered
too), runs without --confidential-ok in each, with that word as its query, owner, text or
name: stdout, stderr and the exit code must be byte-identical. Skipped: only what writes
outside the store (`-o FILE`, `playbooks --write`, `store copy` into another store).
"""

import argparse
import os
import shutil
from collections.abc import Iterator

import pytest
from confidential_stores import CASES, LATER, OWNER, WORD, build, seed_ids

from escalation_tui.cli import main
from escalation_tui.cli.parser import build_parser
from escalation_tui.domain.clock import FixedClock

CONSENT = "confidential_ok"
WRITES_FILES = {"output", "write"}  # option dests that write a file outside the store
SKIPPED_COMMANDS = {
    "store": "copies into another store: writes files outside --db",
    "serve": "runs the page server, or makes random tokens in the config folder: no incident data",
}
TIMES = {"at", "since"}
NAMES = {"owner", "commander", "name"}
MAX_CHOICES = 8


def sub_commands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> Iterator[tuple]:
    """(words, parser) for every leaf sub-command, `db init` included."""
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not actions:
        yield prefix, parser
        return
    for name, child in actions[0].choices.items():
        yield from sub_commands(child, (*prefix, name))


def value_for(action: argparse.Action, probe: str, secret_id: str) -> list[str]:
    """The values an argument is tried with: the probe wherever free text or a name goes."""
    if action.choices:
        return [str(c) for c in list(action.choices)[:MAX_CHOICES]]
    dest = action.dest
    if dest == "id":
        return [secret_id]
    if dest in TIMES:
        return ["03:05"]
    if dest == "severity":
        return ["2"]
    if dest in NAMES:
        return [probe, f"@{probe}"] if dest == "owner" else [probe]
    if dest == "line":  # a quick-add line: the probe as title and as owner
        return [f"{probe} @{probe} !p1 due:fri"]
    return [probe]


def argv_variants(words: tuple[str, ...], parser: argparse.ArgumentParser, probe: str, secret_id: str):
    """Each positional and required option filled in (every choice); then each optional alone
    on top of the first of those, and of the command without its optional positional."""
    base: list[list[str]] = [list(words)]
    shorter: list[list[str]] = []
    optional: list[argparse.Action] = []
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction) or action.dest in (CONSENT, *WRITES_FILES):
            continue
        if action.option_strings and not action.required:
            optional.append(action)
            continue
        if action.nargs == "?":  # e.g. `status [ID]`, `link ID LABEL [URL]`: also tried without it
            shorter.append(list(base[0]))
        flag = [action.option_strings[-1]] if action.option_strings else []
        base = [[*argv, *flag, value] for argv in base for value in value_for(action, probe, secret_id)]
    yield from base
    yield from shorter
    for start in (base[0], *shorter):
        for action in optional:
            flag = action.option_strings[-1]
            if action.nargs == 0:
                yield [*start, flag]
            else:
                yield from ([*start, flag, value] for value in value_for(action, probe, secret_id))


def every_command(probe: str, secret_id: str) -> list[list[str]]:
    commands: list[list[str]] = [[]]  # no sub-command: the TUI (refused without a terminal)
    for words, parser in sub_commands(build_parser()):
        if words[0] in SKIPPED_COMMANDS:
            continue
        commands += argv_variants(words, parser, probe, secret_id)
    return commands


def test_the_walk_finds_every_sub_command():
    """The walk is what keeps new sub-commands covered: it must see them all."""
    found = {words[0] for words, _ in sub_commands(build_parser())}
    for expected in ("search", "actions", "list", "show", "status", "note", "new", "export", "db"):
        assert expected in found
    assert set(SKIPPED_COMMANDS) <= found
    tried = {argv[0] for argv in every_command(WORD, "abcdef") if argv}
    assert tried == found - set(SKIPPED_COMMANDS)


@pytest.mark.parametrize("case", sorted(CASES))
def test_two_stores_differing_by_one_word_answer_every_command_alike(case, tmp_path, monkeypatch, capsys):
    store_path, cache = tmp_path / "store", tmp_path / "cache"
    monkeypatch.setattr(os, "fsync", lambda fd: None)  # what is printed is checked here, not durability
    first, second = CASES[case]
    values = {"word": WORD, "owner": OWNER}

    templates = {}
    for value in (first, second):  # built once each (a save fsyncs); copied before every command
        templates[value] = tmp_path / value
        secret_id = build(templates[value], monkeypatch, **{**values, case: value})

    def build_with(value: str) -> str:
        shutil.rmtree(store_path, ignore_errors=True)
        shutil.copytree(templates[value], store_path)
        return secret_id

    def run(argv: list[str]) -> tuple[object, str, str]:
        shutil.rmtree(cache, ignore_errors=True)  # status keeps a snapshot there
        seed_ids(monkeypatch)
        try:
            code: object = main(["--db", str(store_path), *argv], clock=FixedClock(LATER))
        except SystemExit as exit_:  # usage errors
            code = exit_.code
        out, err = capsys.readouterr()
        return code, out, err

    secret_id = build_with(first)
    commands = every_command(first, secret_id)
    answers = []
    for argv in commands:
        build_with(first)
        answers.append(run(argv))
    differing = {}
    for argv, answer in zip(commands, answers, strict=True):
        build_with(second)
        other = run(argv)
        if other != answer:
            differing[" ".join(argv)] = (answer, other)
    assert differing == {}
    # The probe really was found in the first store: the comparison is not vacuous.
    build_with(first)
    assert first in run(["search", first, "--confidential-ok"])[1]
    assert len(commands) > 60
