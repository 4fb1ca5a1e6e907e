"""The team's own playbooks and cadence, from files in the config folder."""

from escalation_tui.cli import main
from escalation_tui.domain.config import parse_playbooks
from escalation_tui.domain.enums import Kind, Phase
from escalation_tui.domain.playbooks import PLAYBOOKS
from escalation_tui.store import IncidentStore


def _config(tmp_path):
    folder = tmp_path / "config"  # conftest points ESCALATION_TUI_CONFIG here
    folder.mkdir(exist_ok=True)
    return folder


def _declare(store_path, clock, capsys, kind="technical"):
    assert main(["--db", str(store_path), "new", "Test", "-s", "2", "-k", kind], clock=clock) == 0
    out, err = capsys.readouterr()
    return IncidentStore(store_path).load(out.strip()), err


def test_extend_adds_team_items_after_the_builtins(tmp_path, store_path, clock, capsys):
    (_config(tmp_path) / "playbooks.toml").write_text(
        '[technical.acknowledge]\nitems = ["Page the payments on-call", '
        '{ text = "Ask support for ticket count", captures = "affected" }]\n'
    )
    incident, err = _declare(store_path, clock, capsys)
    assert err == ""
    first_phase = [c for c in incident.checklist if c.phase == Phase.ACKNOWLEDGE]
    builtin = PLAYBOOKS[Kind.TECHNICAL][Phase.ACKNOWLEDGE]
    assert [c.text for c in first_phase[: len(builtin)]] == [i.text for i in builtin]
    assert [(c.text, c.captures) for c in first_phase[len(builtin) :]] == [
        ("Page the payments on-call", None),
        ("Ask support for ticket count", "affected"),
    ]


def test_replace_uses_only_the_team_items_for_that_phase(tmp_path, store_path, clock, capsys):
    (_config(tmp_path) / "playbooks.toml").write_text(
        '[process.diagnose]\nmode = "replace"\nitems = ["Call the vendor", "Read the contract"]\n'
    )
    incident, _ = _declare(store_path, clock, capsys, "process")
    assert [c.text for c in incident.checklist if c.phase == Phase.DIAGNOSE] == [
        "Call the vendor",
        "Read the contract",
    ]
    assert len([c for c in incident.checklist if c.phase == Phase.ACKNOWLEDGE]) == 8  # others untouched


def test_malformed_toml_names_the_line_and_the_builtins_are_used(tmp_path, store_path, clock, capsys):
    path = _config(tmp_path) / "playbooks.toml"
    path.write_text('[technical.acknowledge]\nitems = ["unclosed\n')
    incident, err = _declare(store_path, clock, capsys)
    assert err.startswith(f"escalation-tui: warning: {path}: not valid TOML")
    assert "line 2" in err and "using the built-in defaults meanwhile" in err
    assert len(err.strip().splitlines()) == 1
    assert len(incident.checklist) == sum(len(items) for items in PLAYBOOKS[Kind.TECHNICAL].values())


def test_semantic_errors_name_the_table(tmp_path):
    for text, message in [
        ("[cosmic.acknowledge]\nitems = []\n", "[cosmic]: unknown kind 'cosmic'"),
        ("[technical.lunch]\nitems = []\n", "[technical.lunch]: unknown phase 'lunch'"),
        ('[technical.diagnose]\nmode = "merge"\n', 'mode must be "extend" or "replace"'),
        ("[technical.diagnose]\nitems = [3]\n", "[technical.diagnose] item 1: expected a string"),
        ('[people.resolve]\nitems = [{ text = "x", captures = "salary" }]\n', "captures must be one of"),
        ('[people.resolve]\nitems = [""]\n', "text must be 1-90 characters"),
    ]:
        try:
            parse_playbooks(text, "pb.toml")
        except Exception as error:
            assert message in str(error), (text, str(error))
        else:
            raise AssertionError(f"accepted: {text!r}")


def test_playbooks_write_gives_a_file_equal_to_the_builtins(tmp_path, store_path, capsys):
    assert main(["--db", str(store_path), "playbooks"]) == 0
    assert "not there yet" in capsys.readouterr().out
    assert main(["--db", str(store_path), "playbooks", "--write"]) == 0
    path = _config(tmp_path) / "playbooks.toml"
    assert parse_playbooks(path.read_text(), str(path)) == PLAYBOOKS
    assert main(["--db", str(store_path), "playbooks", "--write"]) == 1  # never overwrites silently
    assert "already exists" in capsys.readouterr().err


def test_cadence_from_config_changes_the_countdown(tmp_path, store_path, clock, capsys):
    (_config(tmp_path) / "config.toml").write_text("[cadence.SEV2]\nevery_minutes = 20\n")
    _declare(store_path, clock, capsys)
    clock.advance(minutes=5)
    assert main(["--db", str(store_path), "status"], clock=clock) == 0
    assert capsys.readouterr().out == "SEV2 Test | update due in 15:00\n"


def test_bad_cadence_config_warns_and_uses_defaults(tmp_path, store_path, clock, capsys):
    (_config(tmp_path) / "config.toml").write_text("[cadence.SEV9]\nevery_minutes = 20\n")
    _declare(store_path, clock, capsys)
    assert main(["--db", str(store_path), "status"], clock=clock) == 0
    out, err = capsys.readouterr()
    assert out == "SEV2 Test | update due in 1:00:00\n"
    assert "[cadence.SEV9]: unknown severity" in err
