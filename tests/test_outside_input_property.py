"""Property: whatever an imported file holds, `import` refuses it with one line and a non-zero
exit, or accepts it and then every command that shows it succeeds in every time zone, with
no control character in any byte it writes. (The TUI half is tests/tui/test_outside_input_tui.py.)

The commands run in-process through cli.main with the file descriptors captured, so what
is checked is the bytes that reach fd 1 and fd 2.
"""

import json
import shutil
from itertools import count

from hypothesis import given
from incident_documents import (
    CLI_SETTINGS,
    VALID_SETTINGS,
    ZONES,
    control_in,
    outside_documents,
    time_zone,
    valid_documents,
    write_document,
)

from escalation_tui.cli import main

_RUNS = count()


def run(capfdbinary, *args) -> tuple[int, bytes, bytes]:
    capfdbinary.readouterr()
    code = main(list(args))
    out, err = capfdbinary.readouterr()
    for stream in (out, err):
        problem = control_in(stream)
        assert problem is None, f"{args}: {problem}"
    return code, out, err


def one_line(err: bytes) -> bool:
    lines = err.decode().strip().splitlines()
    return len(lines) == 1 and lines[0].startswith("escalation-tui: ") and "Traceback" not in lines[0]


def check_document(tmp_path, capfdbinary, text: str) -> bool:
    """Import text into a fresh store and check everything; True if it was accepted."""
    folder = tmp_path / f"run{next(_RUNS)}"
    folder.mkdir()
    try:
        source = folder / "incident.json"
        write_document(source, text)
        db = ["--db", str(folder / "store")]
        code, out, err = run(capfdbinary, *db, "import", str(source))
        if code != 0:
            assert code == 1 and one_line(err), (code, err)
            return False
        incident_id = out.decode().strip()
        assert err == b""
        # Commands that show local times (or today's date) run in every zone, the rest in one.
        # Documents may be confidential: every command that prints contents is given consent.
        ok = "--confidential-ok"
        local = [["list", "--all", ok], ["show", incident_id, ok], ["status", incident_id], ["actions", ok]]
        once = [
            ["list", "--all", "--json", ok],
            ["show", incident_id, "--json", ok],
            ["actions", "--json", ok],
            ["export", incident_id, "--format", "json", ok],
            ["export", incident_id, "--format", "markdown", "--confidential-ok"],
            ["doctor"],
        ]
        for zone in ZONES:
            with time_zone(zone):
                for command in local + (once if zone == ZONES[-1] else []):
                    code, out, err = run(capfdbinary, *db, *command)
                    assert code == 0, (zone, command, err)
                    if command[0] != "export":  # the post-mortem's blame check may point at sentences
                        assert err == b"", (zone, command, err)
        # what we export, we can import again
        again = folder / "again.json"
        code, out, err = run(capfdbinary, *db, "export", incident_id, "-o", str(again), ok)
        assert code == 0
        code, out, err = run(capfdbinary, *db, "import", str(again), "--new-id")
        assert code == 0, err
        return True
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@VALID_SETTINGS
@given(document=valid_documents())
def test_a_valid_file_is_accepted_and_works_everywhere(tmp_path, capfdbinary, document):
    text = json.dumps(document)  # ASCII: the lone surrogates in the text stay \ud800 escapes
    assert check_document(tmp_path, capfdbinary, text), "a valid export was refused"


@CLI_SETTINGS
@given(document=outside_documents())
def test_any_mutated_file_is_refused_in_one_line_or_works_everywhere(tmp_path, capfdbinary, document):
    text, _mutations = document
    check_document(tmp_path, capfdbinary, text)  # asserts inside: refused in one line, or works
