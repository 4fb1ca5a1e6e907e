"""Pasting a log in a real terminal (tmux, bracketed paste) into every text input.

A paste is text, whatever bytes it holds: a coloured log's ESC sequences, a window title,
cursor moves, tabs and line ends never run as keys (Textual's parser sent what followed an
ESC as key presses: `see log ESC[0m⏎R⏎` in the note dialog resolved the incident). Each case
opens an input, pastes, saves (or cancels what the field refuses) and then checks the store:
it differs from before only in the pasted field (and the timeline event the change writes),
and the field holds the text, all its lines in a long text, joined by spaces in a line.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from tmux_app import TmuxApp, needs_tmux, poll

from escalation_tui.domain.clock import SystemClock
from escalation_tui.domain.enums import Kind, Severity
from escalation_tui.service import IncidentService
from escalation_tui.store import IncidentStore

pytestmark = needs_tmux


def coloured_log(lines: int) -> str:
    """A log as a terminal shows it: SGR colours, an OSC window title, cursor moves, tabs, CR LF,
    and the key presses that once ran (a newline, then R: resolve)."""
    out = ["see log \x1b[0m\nR\n", "\x1b]0;pasted title\x07\x1b[2J\x1b[H\x1b[3A\x1b[10Cmoved\r\n"]
    for n in range(lines - 4):
        if n % 500 == 0:
            out.append(f"\x1b[1;31mERROR\x1b[0m\tline {n}\tpool exhausted: d x q\n")
        else:
            out.append("\x1b[2m.\x1b[0m\n")
    out.append("A\tC\tR q\n")
    return "".join(out)


SHORT = coloured_log(4)  # for a one-line field: its limit is far below 3,000 lines
LONG = coloured_log(3000)
OTHER = "\x1b[32mrolled back\x1b[0m\r\n\tpool\x1b]0;x\x07 size\x1b[K\n"


def sent_by_tmux(text: str) -> str:
    return text.replace("\n", "\r")  # paste-buffer without -r sends each newline as CR


def as_text(log: str) -> str:
    """The text a user pasted: the log without its escape sequences, CR ending a line."""
    sent = sent_by_tmux(log)
    plain = re.sub(r"\x1b\[[0-9;]*[A-Za-z]|\x1b\][^\x07]*\x07", "", sent)
    return plain.replace("\r", "\n").strip()


def as_line(log: str) -> str:
    lines = (line.replace("\t", " ").strip() for line in as_text(log).split("\n"))
    return " ".join(line for line in lines if line)


def test_the_logs_are_what_the_cases_need():
    assert LONG.count("\n") == 3000 and "\x1b]0;" in LONG and "\r\n" in LONG and "\t" in LONG
    assert len(as_text(LONG)) < 20_000  # a long text's limit: the whole log fits
    assert "\x1b" not in as_text(LONG) and as_line(SHORT).startswith("see log R moved")


# -- the store, before and after --------------------------------------------------------
def snapshot(store: Path, incident_id: str) -> dict:
    return IncidentStore(store).load(incident_id).model_dump(mode="json")


def changes(before: dict, after: dict) -> dict[str, object]:
    """Paths that differ (`checklist.0.note`), with their new value; new timeline events and the
    revision (written by every change) are left out."""
    found: dict[str, object] = {}

    def walk(path: str, old: object, new: object) -> None:
        if path in ("revision", "timeline"):
            return
        if isinstance(old, dict) and isinstance(new, dict):
            for key in old.keys() | new.keys():
                walk(f"{path}.{key}".lstrip("."), old.get(key), new.get(key))
        elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
            for i, (o, n) in enumerate(zip(old, new, strict=True)):
                walk(f"{path}.{i}", o, n)
        elif old != new:
            found[path] = new

    walk("", before, after)
    return found


def at(document: object, path: str) -> object:
    for part in filter(None, path.split(".")):
        document = document[int(part)] if isinstance(document, list) else document[part]  # type: ignore[index]
    return document


def new_events(before: dict, after: dict) -> list[dict]:
    return after["timeline"][len(before["timeline"]) :]


@dataclass
class Case:
    name: str
    opens: list[str]  # keys that open the input (tmux key names)
    shown: str  # on screen once the input is there
    log: str
    field: str | None  # the changed path (`updates.+.text`: a new item's); None: nothing may change
    expected: str | None = None  # the field's text; by default the log's, all lines kept
    also: str = "~"  # other paths that change with it (ticking the item a text was written for)
    then: list[str] = field(default_factory=lambda: ["Enter"])  # saves (or, refused, cancels)
    after: list[str] = field(default_factory=list)  # back to where the next case starts...
    closes: str = ""  # ...from what shows this (waited for before, and gone after)


def mismatch(case: Case, before: dict, after: dict) -> str:
    """What is wrong with the store after the case ('' if nothing)."""
    changed = {path: new for path, new in changes(before, after).items() if not path.startswith(case.also)}
    events = [event["text"] for event in new_events(before, after)]
    want = case.expected if case.expected is not None else as_text(case.log)
    if case.field is None:
        return "" if not changed and not events else f"changed: {sorted(changed)}, events: {events}"
    if case.field == "timeline":
        return "" if not changed and events == [want] else f"changed: {sorted(changed)}, events: {events}"
    if ".+" in case.field:  # a new item in a list
        items, _, key = case.field.partition(".+")
        old, new = at(before, items), at(after, items)
        if list(changed) != [items] or len(new) != len(old) + 1:
            return f"changed: {sorted(changed)}"
        value = at(new[-1], key.lstrip("."))
        return "" if value == want else f"{case.field}: {value!r}"
    return "" if changed == {case.field: want} else f"changed: {sorted(changed)}"


def run_cases(app: TmuxApp, paste_file: Path, incident_id: str, cases: list[Case]) -> None:
    for case in cases:
        run_case(app, paste_file, incident_id, case)


def run_case(app: TmuxApp, paste_file: Path, incident_id: str, case: Case) -> None:
    try:
        steps(app, paste_file, incident_id, case)
    except AssertionError as error:  # say where it went wrong, and what the terminal showed
        raise AssertionError(f"case {case.name!r}: {error}\nscreen:\n{app.screen()}") from None


def steps(app: TmuxApp, paste_file: Path, incident_id: str, case: Case) -> None:
    before = snapshot(app.store, incident_id)
    for key in case.opens:
        app.keys(key)
    app.wait_for(case.shown)
    paste_file.write_text(case.log)
    app.paste(paste_file)
    if case.expected is not None:  # a one-line field shows the joined lines
        app.wait_for(case.expected[-20:].strip())
    for key in case.then:
        app.keys(key)
    if case.field is None:  # refused: the dialog is closed without a change
        app.wait_gone(case.shown)
    problem = poll(
        lambda: mismatch(case, before, snapshot(app.store, incident_id)),
        lambda problem: problem == "",
        f"{case.name}: the store as expected",
    )
    assert problem == ""
    if case.closes:
        app.wait_for(case.closes)
    for key in case.after:
        app.keys(key)
    if case.closes:
        app.wait_gone(case.closes)


def post_mortem_cases() -> list[Case]:
    return [
        Case("lesson", ["x", "a"], "Add to: What went well", LONG, "lessons.went_well.+", then=["C-s"]),
        Case("resolution", ["End", "Enter"], "What fixed it, and how", LONG, "resolution", then=["C-s"]),
        Case("trigger", ["End", "k", "Enter"], "What set it off", OTHER, "trigger", then=["C-s"]),
        Case(
            "markdown file name",
            ["s"],
            "Save the post-mortem as Markdown",
            SHORT,
            None,
            expected=as_line(SHORT),
            then=["Escape"],
        ),
    ]


@pytest.fixture
def incident(store_path) -> str:
    service = IncidentService(IncidentStore(store_path), SystemClock())
    session = service.declare("Checkout 500s", Severity.SEV2, Kind.TECHNICAL)
    session.add_why("pool exhausted")
    return session.id


NOTE_DIALOG = "Add to the timeline"


def war_room_cases() -> list[Case]:
    short = as_line(SHORT)
    why = "pool exhausted" + short
    return [
        Case("timeline note", ["N"], NOTE_DIALOG, LONG, "timeline", then=["C-s"]),
        Case(
            "checklist note", ["1", "n"], "Leave it empty to remove", LONG, "checklist.0.note", then=["C-s"]
        ),
        Case(
            "checklist item reworded",
            ["e"],
            "Reword the item",
            SHORT,
            "checklist.0.text",
            expected="Tell the reporter you have it and are looking now" + short,
        ),
        Case(
            "impact",
            ["j", "space"],
            "Goes into the incident",
            LONG,
            "impact",
            then=["C-s"],
            also="checklist.1.",
        ),
        Case("checklist item", ["a"], "Add an item to", SHORT, "checklist.+.text", expected=short),
        Case(
            "update",
            ["u", "i", "F7"],
            "Draft: fill in the blanks",
            LONG,
            "updates.+.text",
            then=["C-s"],
            after=["Escape"],
            closes="Write to file (w)",
        ),
        Case(
            "cadence",
            ["2", "c"],
            "Minutes between updates",
            SHORT,
            None,
            expected=short,
            then=["Enter", "Escape"],
        ),
        Case("why reworded", ["3", "j", "e"], "Edit the answer", SHORT, "whys.0.statement", expected=why),
        # the cause is offered as its title, selected: the paste replaces it
        Case(
            "linked action",
            ["a"],
            "Action item for this cause",
            OTHER,
            "actions.+.title",
            expected=as_line(OTHER),
        ),
        Case(
            "walkthrough answer",
            ["w"],
            "the answer, in a few words",
            SHORT,
            "whys.+.statement",
            expected=short,
            after=["Escape"],
            closes="ctrl+r: root cause",
        ),
        Case("quick add", ["4", "a"], "Add an action item", SHORT, "actions.+.title", expected=short),
        # its title is selected when the dialog opens: the paste replaces it
        Case("action reworded", ["e"], "Edit action item", OTHER, "actions.1.title", expected=as_line(OTHER)),
        Case(
            "milestone time",
            ["M", "Enter"],
            "When? Enter for now",
            SHORT,
            None,
            expected=short,
            then=["Enter", "Escape"],
        ),
        Case("commander", ["O"], "Incident commander", SHORT, "roles.commander", expected=short),
        Case(
            "link",
            ["L"],
            "Links: bridge",
            SHORT,
            "links.+.label",
            expected=short,
            then=["Enter", "x", "Enter"],
        ),
        Case(
            "handoff file", ["H", "Tab"], "Also save to a file", SHORT, None, expected=short, then=["Escape"]
        ),
    ]


@pytest.mark.parametrize("size", [(80, 24), (160, 50)], ids=["80x24", "160x50"])
def test_pasting_a_log_into_every_war_room_input_saves_text_and_runs_no_key(
    store_path, incident, tmp_path, size
):
    with TmuxApp(store_path, size).start() as app:
        app.wait_for("Checklist")
        run_cases(app, tmp_path / "paste.txt", incident, war_room_cases())


@pytest.mark.parametrize("size", [(80, 24), (160, 50)], ids=["80x24", "160x50"])
def test_pasting_a_log_into_the_post_mortem_inputs_saves_text_and_runs_no_key(
    store_path, incident, tmp_path, size
):
    with TmuxApp(store_path, size).start() as app:
        app.wait_for("Checklist")
        run_cases(app, tmp_path / "paste.txt", incident, post_mortem_cases())


def every_incident(store: Path) -> dict[str, dict]:
    return {incident_id: snapshot(store, incident_id) for incident_id in IncidentStore(store).ids()}


@pytest.mark.parametrize("size", [(80, 24), (160, 50)], ids=["80x24", "160x50"])
def test_pasting_a_log_into_the_incident_list_inputs_saves_text_and_runs_no_key(
    store_path, incident, tmp_path, size
):
    service = IncidentService(IncidentStore(store_path), SystemClock())
    service.declare("Second", Severity.SEV3, Kind.PROCESS)  # two open: the app starts on the list
    paste_file = tmp_path / "paste.txt"
    short = as_line(SHORT)
    with TmuxApp(store_path, size).start() as app:
        app.wait_for("Incidents")
        before = every_incident(store_path)

        app.keys("/")  # search: a line, changes nothing
        app.wait_for("Search titles")
        paste_file.write_text(SHORT)
        app.paste(paste_file)
        app.wait_for(f"No incident mentions “{short}”")
        assert every_incident(store_path) == before
        app.keys("Escape")
        app.wait_gone("No incident mentions")

        app.keys("n")  # declare: a title (one line) and a summary (all of the log)
        app.wait_for("Declare an incident")
        app.paste(paste_file)
        app.wait_for(short)
        app.keys("Tab", "Tab", "Tab", "Tab")  # severity, kind, commander, summary
        paste_file.write_text(LONG)
        app.paste(paste_file)
        app.keys("C-s")
        after = poll(
            lambda: every_incident(store_path),
            lambda now: len(now) == len(before) + 1,
            "the new incident saved",
        )
    assert {k: v for k, v in after.items() if k in before} == before
    (new,) = (v for k, v in after.items() if k not in before)
    assert (new["title"], new["summary"]) == (short, as_text(LONG))
    assert all(new["milestones"][m] is None for m in ("acknowledged", "contained", "resolved", "closed"))
