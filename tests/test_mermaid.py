"""The post-mortem's first-hour diagram, parsed by the real mermaid package under Node.

Hostile titles and update texts must neither break the diagram nor add, drop or rename
anything in it: each parses to the same sections and tasks as a plain incident.
"""

import re
from datetime import UTC, datetime, timedelta

import mermaid_parser  # tests/mermaid_parser.py (pytest puts tests/ on sys.path)
import pytest

from escalation_tui.domain.enums import Audience, Kind, Severity
from escalation_tui.domain.models import Incident, Milestones, StatusUpdate
from escalation_tui.export.markdown import render_postmortem
from escalation_tui.export.mermaid import first_hour_diagram, mermaid_text

T0 = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)

HOSTILE = [
    "Quotes \"double\" and 'single'",
    "Colon: semicolon; hash # and %% comment",
    "Brackets [x] (y) {z} <b>bold</b> <br> --> ==>",
    "Line one\nsection Injected\nInjected task :milestone, x1, 2026-11-28 02:00:00, 0m",
    "%%{init: {'theme': 'dark'}}%% directive",
    "#quot; #35; &amp; entities",
    "title Evil : crit, done, after m1, 5m",
    'click m1 href "javascript:alert(1)"',
    "Backticks ``` end the fence ```",
    "Fullwidth colon： and semicolon； and hash＃",
    "Ünïcödé 検索 停止 — em dash · dot",
    "a" * 200,
]


def _incident(title: str, update_text: str) -> Incident:
    declared = T0
    return Incident(
        id="hostile1",
        title=title,
        kind=Kind.TECHNICAL,
        severity=Severity.SEV1,
        milestones=Milestones(
            impact_started=declared - timedelta(minutes=7),
            declared=declared,
            acknowledged=declared + timedelta(minutes=3),
            contained=declared + timedelta(minutes=35),
            resolved=declared + timedelta(minutes=59),
        ),
        updates=[
            StatusUpdate(
                sent_at=declared + timedelta(minutes=12), audience=Audience.INTERNAL, text=update_text
            ),
            StatusUpdate(sent_at=declared + timedelta(minutes=40), audience=Audience.CUSTOMER, text="Fixed"),
        ],
    )


@pytest.fixture(scope="module")
def parsed_hostile():
    mermaid_parser.ensure_installed()
    plain = first_hour_diagram(_incident("Search is down", "Investigating"))
    incidents = [_incident(text, text) for text in HOSTILE]
    results = mermaid_parser.parse([plain, *(first_hour_diagram(i) for i in incidents)])
    return results[0], list(zip(incidents, results[1:], strict=True))


def _shape(result: dict) -> list[tuple]:
    return [(t["section"], t["milestone"], t["start"]) for t in result["tasks"]]


def test_plain_diagram_parses_with_every_milestone_and_update_in_place(parsed_hostile):
    plain, _ = parsed_hostile
    assert plain["ok"], plain
    assert plain["type"] == "gantt"
    assert plain["title"] == "Response to Search is down (UTC)"
    names = [(t["section"], t["name"].strip(), t["start"]) for t in plain["tasks"]]
    assert names == [
        ("First hour", "First 60 minutes after declaration", "2026-11-28T03:00:00.000Z"),
        ("Milestones", "Impact started", "2026-11-28T02:53:00.000Z"),
        ("Milestones", "Declared", "2026-11-28T03:00:00.000Z"),
        ("Milestones", "Acknowledged", "2026-11-28T03:03:00.000Z"),
        ("Milestones", "Contained", "2026-11-28T03:35:00.000Z"),
        ("Milestones", "Resolved", "2026-11-28T03:59:00.000Z"),
        ("Updates", "Update 1 internal - Investigating", "2026-11-28T03:12:00.000Z"),
        ("Updates", "Update 2 customer - Fixed", "2026-11-28T03:40:00.000Z"),
    ]


@pytest.mark.parametrize("index", range(len(HOSTILE)))
def test_hostile_text_neither_breaks_nor_alters_the_diagram(parsed_hostile, index):
    plain, hostile = parsed_hostile
    incident, result = hostile[index]
    assert result["ok"], f"{incident.title!r}: {result.get('error')}"
    assert _shape(result) == _shape(plain)  # same sections, tasks, kinds and times
    assert result["title"] == f"Response to {mermaid_text(incident.title)} (UTC)"
    first_line = incident.updates[0].text.splitlines()[0]
    assert result["tasks"][6]["name"].strip() == f"Update 1 internal - {mermaid_text(first_line, 32)}"


def test_mermaid_text_keeps_words_and_drops_syntax():
    assert mermaid_text('Checkout: "500s"; see #12 [prod]') == "Checkout 500s see 12 prod"
    assert mermaid_text("Ünïcödé 検索") == "Ünïcödé 検索"
    for text in HOSTILE:
        assert not re.search(r"[:;#%\"`\[\]{}<>\n]", mermaid_text(text))
    assert len(mermaid_text("x" * 500)) == 48


def test_the_post_mortem_carries_the_diagram_in_a_mermaid_fence(service, clock):
    session = service.declare("Search: down; #1 [prod]", severity=1, kind="technical")
    session.log_update("internal", "Looking")
    doc = render_postmortem(session.incident, clock.now())
    block = doc.split("```mermaid\n", 1)[1].split("\n```", 1)[0]
    assert block == first_hour_diagram(session.incident)
    assert "title Response to Search down 1 prod (UTC)" in block


def test_hostile_diagrams_render_in_chromium_with_every_label_and_nothing_injected(parsed_hostile):
    """Drawn by mermaid in a real browser: each task's label as written in the source, no two
    marks' boxes overlapping, and no link, script or markup from the user's text."""
    import mermaid_render  # tests/mermaid_render.py: only this test needs a browser

    _, hostile = parsed_hostile
    sources = [first_hour_diagram(incident) for incident, _ in hostile]
    with mermaid_render.renderer() as render:
        for source in [first_hour_diagram(_incident("Search is down", "Investigating")), *sources]:
            drawn = render(source)
            written = [line.strip().split(" :", 1)[0] for line in source.splitlines() if " :" in line]
            assert sorted(t["label"] for t in drawn.tasks) == sorted(written)
            boxes = drawn.boxes()
            for i, (label, box) in enumerate(boxes):
                for other, other_box in boxes[i + 1 :]:
                    assert not mermaid_render.overlap(box, other_box), (label, other)
            assert not re.search(r"<a[\s>]|\shref=|<script|<b>|\son\w+=", drawn.svg)
