"""A day-long incident with two problems, re-entered through the CLI alone, checked in the
exported Markdown section by section: each problem with its own heading, root-cause chain and
contributing factor; the picture spanning the whole response with days on its axis, the
first hour on its own scale, the closing ten days later stated, not drawn; the pictures
parsed by the real mermaid parser and rendered by mermaid in headless Chromium.

The incident (ours, shaped like a published day-long outage): impact started 4 h 40 min
before the declaration; resolved 20 h 14 min after it, the next day; closed 10 days later.
"""

import contextlib
import io
import re
from datetime import UTC, datetime

import mermaid_parser  # tests/mermaid_parser.py
import mermaid_render  # tests/mermaid_render.py
import pytest

from escalation_tui.cli import main
from escalation_tui.domain.clock import FixedClock

NOW = datetime(2026, 10, 27, 12, 0, tzinfo=UTC)
SUMMARY = "Orders were unavailable for 25 hours"
SECOND = "Why did the restore take 18 hours?"


@pytest.fixture(scope="module")
def entered(tmp_path_factory) -> tuple[str, str, dict[str, str]]:
    """The Markdown, the `show` text, and the ids the CLI printed."""
    db = str(tmp_path_factory.mktemp("problems") / "store")
    clock = FixedClock(NOW)

    def cli(*args: str) -> str:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["--db", db, "--as", "alex", *args], clock=clock)
        assert code == 0 and err.getvalue() == "", (args, err.getvalue())
        return out.getvalue().strip()

    declared = ("--summary", SUMMARY, "--at", "2026-10-14T13:40Z")
    iid = cli("new", "Orders database deleted", "--severity", "1", "--kind", "technical", *declared)
    for milestone, at in (
        ("impact-started", "2026-10-14T09:00Z"),
        ("acknowledged", "2026-10-14T13:41Z"),
        ("contained", "2026-10-15T02:00Z"),
        ("resolved", "2026-10-15T09:54Z"),
        ("closed", "2026-10-25T10:00Z"),
    ):
        cli("milestone", iid, milestone, "--at", at)
    for text, kind, at in (
        ("Primary volume gone; replicas followed it", "finding", "2026-10-14T13:42Z"),
        ("Restore from backups, not from replicas", "decision", "2026-10-14T13:43Z"),
        ("Hourly snapshots are in cold storage only", "finding", "2026-10-14T18:30Z"),
        ("Open read-only mode from the old replica", "decision", "2026-10-15T01:50Z"),
    ):
        cli("note", iid, text, "--kind", kind, "--at", at)
    for text, audience, at in (
        ("Orders are down; we are restoring the database.", "internal", "2026-10-14T13:44Z"),
        ("Restore under way; next update at 21:00.", "customer", "2026-10-14T17:00Z"),
        ("Orders are back.", "customer", "2026-10-15T10:00Z"),
    ):
        cli("update", iid, text, "--audience", audience, "--at", at)

    ids = {"second": cli("problem", iid, SECOND, "--at", "2026-10-15T02:00Z")}
    ids["deleted"] = cli("why", iid, "The primary database was deleted")
    ids["ran"] = cli("why", iid, "An engineer ran the cleanup against production", "--parent", ids["deleted"])
    cli(
        "why", iid, "The cleanup script reads its host from the environment", "--parent", ids["ran"], "--root"
    )
    cli("why", iid, "Staging and production hosts share a name prefix", "--parent", ids["deleted"])
    ids["cold"] = cli("why", iid, "Backups came back from cold storage", "--parent", ids["second"][:6])
    cli("why", iid, "Restore throughput was never tested", "--parent", ids["cold"], "--root")
    cli("why", iid, "The runbook named a retired backup bucket", "--parent", ids["second"])
    markdown = cli("export", iid, "--format", "markdown")
    return markdown, cli("show", iid), ids


def blocks(markdown: str) -> list[tuple[str, str]]:
    """Every heading (any level, in order; the same heading may come twice) with its body."""
    parts = re.split(r"^(#{2,6} .*)$", markdown, flags=re.M)
    return [(parts[i].lstrip("#").strip(), parts[i + 1].strip()) for i in range(1, len(parts), 2)]


def under(markdown: str, heading: str) -> list[tuple[str, str]]:
    """The headings and bodies from `heading` to the next heading of its level or higher."""
    found = blocks(markdown)
    levels = {
        h.lstrip("#").strip(): len(h) - len(h.lstrip("#")) for h in re.findall(r"^#{2,6} .*$", markdown, re.M)
    }
    start = [h for h, _ in found].index(heading)
    out = [found[start]]
    for h, body in found[start + 1 :]:
        if levels[h] <= levels[heading]:
            break
        out.append((h, body))
    return out


def items(body: str) -> list[str]:
    return [re.sub(r"^(\d+\.|-) ", "", line) for line in body.splitlines() if re.match(r"^(\d+\.|-) ", line)]


def test_each_problem_has_its_heading_chain_and_contributing_factor(entered):
    markdown, _, _ = entered
    section = under(markdown, "Root cause")
    assert [h for h, _ in section] == [
        "Root cause",
        f"Problem 1: {SUMMARY}",
        "Root-cause chain 1",
        "Contributing factors",
        "Problem 2: Why did the restore take 18 hours?",
        "Root-cause chain 1",
        "Contributing factors",
    ]
    bodies = [items(body) for _, body in section]
    assert bodies[2] == [
        "Why? The primary database was deleted",
        "Why? An engineer ran the cleanup against production",
        "Why? The cleanup script reads its host from the environment — **root cause**",
    ]
    assert bodies[3] == [
        "Staging and production hosts share a name prefix (a cause of: The primary database was deleted)"
    ]
    assert bodies[5] == [
        "Why? Backups came back from cold storage",
        "Why? Restore throughput was never tested — **root cause**",
    ]
    assert bodies[6] == ["The runbook named a retired backup bucket (a cause of the problem itself)"]
    first_problem = "\n".join(body for _, body in section[1:4])
    assert "cold storage" not in first_problem and "throughput" not in first_problem
    assert "**Problem:**" not in markdown  # no problem text repeated above another's chain


def test_show_lists_each_problem_with_its_tree(entered):
    _, shown, ids = entered
    whys = shown.split("5 Whys:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    whys = [re.sub(r" · id \w+$", "", line) for line in whys]  # the ids edit and remove take
    assert whys == [
        f"  problem 1 (the summary): {SUMMARY}",
        "    why 1: The primary database was deleted",
        "      why 2: An engineer ran the cleanup against production",
        "        why 3: The cleanup script reads its host from the environment  ★ root cause",
        "      why 2: Staging and production hosts share a name prefix",
        f"  problem 2 ({ids['second']}): {SECOND}",
        "    why 1: Backups came back from cold storage",
        "      why 2: Restore throughput was never tested  ★ root cause",
        "    why 1: The runbook named a retired backup bucket",
    ]


def _fences(body: str) -> list[str]:
    return re.findall(r"```mermaid\n(.*?)\n```", body, flags=re.S)


def test_the_picture_spans_the_response_with_days_and_states_the_closing(entered):
    markdown, _, _ = entered
    section = dict(under(markdown, "The response"))
    [whole] = _fences(section["The response"])
    [hour] = _fences(section["The first hour"])
    assert "Timeline" not in section  # the next section ends it
    mermaid_parser.ensure_installed()
    whole_parsed, hour_parsed = mermaid_parser.parse([whole, hour])
    assert whole_parsed["ok"] and hour_parsed["ok"], (whole_parsed, hour_parsed)
    assert whole_parsed["axisFormat"] == "%d %b %H:%M" and hour_parsed["axisFormat"] == "%H:%M"
    marks = {t["name"].strip(): t["start"][:16] for t in whole_parsed["tasks"] if t["milestone"]}
    assert marks == {
        "Impact started": "2026-10-14T09:00",
        "Declared, Acknowledged": "2026-10-14T13:40",
        "Contained": "2026-10-15T02:00",
        "Resolved": "2026-10-15T09:54",
        "Update 1 internal - Orders are down we are...": "2026-10-14T13:44",
        "Update 2 customer - Restore under way next update...": "2026-10-14T17:00",
        "Finding 1, Decision 1": "2026-10-14T13:42",
        "Finding 2 - Hourly snapshots are in cold...": "2026-10-14T18:30",
        "Decision 2 - Open read-only mode from the...": "2026-10-15T01:50",
    }
    hour_marks = [t["name"].strip() for t in hour_parsed["tasks"] if t["milestone"]]
    # A minute apart is 15 px of 900 on the hour's scale: too close to tell apart, so grouped.
    assert hour_marks == [
        "Declared, Acknowledged",
        "Update 1 internal - Orders are down we are...",
        "Finding 1, Decision 1",
    ]
    stated = items(section["The first hour"].rsplit("```", 1)[1])
    assert stated == [
        "Not drawn to scale: **Update 3 customer** at 2026-10-15 10:00 UTC, 6 min after the resolution.",
        "Not drawn to scale: **Closed** at 2026-10-25 10:00 UTC, 10 d 0 h 06 min after the resolution.",
    ]


def test_the_pictures_render_in_chromium_with_every_label_and_no_overlap(entered):
    markdown, _, _ = entered
    pictures = _fences(markdown)
    assert len(pictures) == 2
    with mermaid_render.renderer() as render:
        for source in pictures:
            drawn = render(source)
            labels = [
                name.split(" :", 1)[0].strip()
                for name in re.findall(r"^    (.+ :(?:milestone|active).*)$", source, re.M)
            ]
            assert sorted(task["label"] for task in drawn.tasks) == sorted(labels)
            for label in labels:
                for name in label.split(", "):
                    assert name.split(" - ")[0] in drawn.svg
            boxes = drawn.boxes()
            for i, (label, box) in enumerate(boxes):
                assert drawn.bounds[0] <= box[0] and box[2] <= drawn.bounds[2], label  # inside the picture
                for other, other_box in boxes[i + 1 :]:
                    assert not mermaid_render.overlap(box, other_box), (label, other)
            if source is pictures[0]:
                days = {tick.split()[0] for tick in drawn.ticks}
                assert {"14", "15"} <= days, drawn.ticks
