"""Hostile text through every CLI text field: stored exactly (once cleaned) or refused
with one line; never a crash, never a control sequence stored."""

import re

import pytest

from escalation_tui.cli import main
from escalation_tui.store import IncidentStore

HOSTILE = {
    "markup": "[/bold] [link=https://evil]boom[/link] [@click=app.quit]x[/] a [/ b",
    "ansi clear": "before\x1b[2J\x1b[Hafter",
    "osc52 clipboard": "\x1b]52;c;ZXZpbA==\x07copied",
    "nul, del and c1": "a\x00b\x9bc\x7fd",
    "rtl override": "\u202eevil\u202c txt",
    "wide and emoji": "障害 対応中 🔥🧯 ＳＥＶ１",
    "arabic": "انقطاع الخدمة",
    "100 KB": "x" * 100_000,
    "empty": "",
    "only spaces": "   ",
}
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def cli(store_path, clock, capsys):
    def run(*args):
        code = main(["--db", str(store_path), *args], clock=clock)
        return code, *capsys.readouterr()

    return run


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
@pytest.mark.parametrize("field", ["title", "--summary", "--commander", "note"])
def test_hostile_text_in_every_cli_field(cli, store_path, field, text):
    if field == "note":
        _, incident_id, _ = cli("new", "Base", "-s", "2", "-k", "technical")
        args = ["note", incident_id.strip(), text]
    elif field == "title":
        args = ["new", text, "-s", "2", "-k", "technical"]
    else:
        args = ["new", "Base", "-s", "2", "-k", "technical", field, text]
    code, out, err = cli(*args)
    store = IncidentStore(store_path)
    if code != 0:
        assert code == 1 and len(err.strip().splitlines()) == 1 and "Traceback" not in err
        assert re.search(r"must not be empty|is too long", err)
        return
    incident = store.load(store.ids()[0])
    stored = {
        "title": incident.title,
        "--summary": incident.summary,
        "--commander": incident.roles.commander,
        "note": incident.timeline[-1].text,
    }[field]
    assert not CONTROL.search(stored)
    visible = CONTROL.sub("", text).strip()
    assert stored == visible
    # and it reads back out through list/show without damage
    code, out, err = cli("show", incident.id)
    assert code == 0 and not CONTROL.search(out.replace("\n", ""))
