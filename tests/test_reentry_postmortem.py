"""Re-entering a complete post-mortem through the CLI alone, after the fact, and checking
every fact in the exported Markdown, section by section.

The incident (our own, written in the style of published SEV1 write-ups): search returned
no results for most queries after an index-schema migration. Impact started 7 minutes
before anyone declared; mitigated 42 minutes after impact start (35 after the declaration);
resolved 66 minutes after impact start. Command was handed over during the response.
"""

import contextlib
import io
import re
from datetime import UTC, datetime

import mermaid_parser  # tests/mermaid_parser.py
import pytest

from escalation_tui.cli import main
from escalation_tui.domain.clock import FixedClock

NOW = datetime(2026, 10, 20, 12, 0, tzinfo=UTC)  # entered six days later
DAY = "2026-10-14"


def at(hh_mm: str) -> str:
    return f"{DAY}T{hh_mm}Z"


WHYS = [  # (text, level); the root cause is the third of five levels
    "Search queries returned no results",
    "The query rewriter expanded every term to an empty synonym set",
    "The index-schema migration dropped the synonym field without a default",
    "Migrations are reviewed for data loss, not for behaviour changes",
    "There is no staging index with production-like synonyms",
]
ACTIONS = [  # quick-add line, status, linked why level (1-based) or None
    ("Add a default for every dropped schema field @priya !p1 prevent due:2026-10-21", "done", 3),
    ("Alert when the zero-result rate doubles in 5 minutes @kim !p1 detect due:2026-10-18", "done", 1),
    ("Roll schema migrations out to one shard first @lee !p1 prevent due:2026-11-01", "in-progress", 3),
    ("Add a behaviour-change section to the migration review @dana !p2 process due:2026-10-28", "open", 4),
    ("Build a staging index with production synonyms @omar !p2 prevent due:2026-11-15", "open", 5),
    ("Dashboard for synonym-set sizes @kim !p3 detect due:2026-11-20", "open", None),
    ("Runbook: restoring the synonym field from backup @sam !p2 mitigate due:2026-10-25", "done", None),
    ("Page search on-call for zero-result spikes @kim !p2 detect due:2026-10-30", "wont-do", None),
    ("Rehearse the schema rollback every quarter @lee !p3 process due:2026-12-15", "open", None),
]


@pytest.fixture(scope="module")
def postmortem(tmp_path_factory) -> tuple[str, str]:
    """The exported Markdown and the incident id."""
    db = str(tmp_path_factory.mktemp("reentry") / "store")
    clock = FixedClock(NOW)

    def cli(*args: str) -> str:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["--db", db, "--as", "alex", *args], clock=clock)
        assert code == 0 and err.getvalue() == "", (args, err.getvalue())
        return out.getvalue().strip()

    iid = cli(
        "new",
        "Search returns no results for most queries",
        "--severity",
        "1",
        "--kind",
        "technical",
        "--summary",
        "For 66 minutes most search queries returned no results.",
        "--commander",
        "dana",
        "--at",
        at("09:19"),
    )
    cli("milestone", iid, "impact-started", "--at", at("09:12"))
    cli("role", iid, "comms", "sam")
    cli("role", iid, "scribe", "alex")
    cli("milestone", iid, "acknowledged", "--at", at("09:21"))
    cli("note", iid, "Zero-result rate jumped from 2% to 71%", "--kind", "symptom", "--at", at("09:14"))
    cli(
        "update",
        iid,
        "Investigating empty search results; next update 09:55.",
        "--audience",
        "internal",
        "--at",
        at("09:25"),
    )
    cli(
        "note",
        iid,
        "Synonym sets are empty on every shard since the migration",
        "--kind",
        "finding",
        "--at",
        at("09:33"),
    )
    cli("role", iid, "commander", "lee")  # handover, entered in order
    cli(
        "note",
        iid,
        "Restore the synonym field from the 09:00 snapshot",
        "--kind",
        "decision",
        "--at",
        at("09:45"),
    )
    cli(
        "update",
        iid,
        "Search mostly down; fix under way, ETA 10:30.",
        "--audience",
        "executive",
        "--at",
        at("09:50"),
    )
    cli("milestone", iid, "contained", "--at", at("09:54"))
    cli("note", iid, "Shards serve results again; reindexing the rest", "--at", at("10:02"))
    cli(
        "update",
        iid,
        "Search is working again for most customers.",
        "--audience",
        "customer",
        "--at",
        at("10:05"),
    )
    cli("milestone", iid, "resolved", "--at", at("10:18"))
    cli(
        "update",
        iid,
        "Resolved: all shards reindexed and verified.",
        "--audience",
        "internal",
        "--at",
        at("10:20"),
    )
    for field, text in [
        ("impact", "71% of search queries returned no results."),
        ("affected", "All customers on web and mobile, every region."),
        ("detection", "The zero-result alert fired at 09:17, five minutes after impact began."),
        ("tried", "Restarted the query service (no change); rolled back the rewriter config (no change)."),
        ("trigger", "A routine index-schema migration started at 09:10."),
        (
            "resolution",
            "Restored the synonym field from the 09:00 snapshot and reindexed; verified with canary queries.",
        ),
    ]:
        cli("set", iid, field, text)
    why_ids: list[str] = []
    for level, text in enumerate(WHYS, start=1):
        parent = ["--parent", why_ids[-1][:5]] if why_ids else []
        root = ["--root"] if level == 3 else []
        why_ids.append(cli("why", iid, text, *parent, *root))
    for line, status, level in ACTIONS:
        link = ["--why", why_ids[level - 1]] if level else []
        cli("action", iid, line, "--status", status, *link)
    for kind, text in [
        ("went-well", "The zero-result alert caught it within five minutes."),
        ("went-well", "The snapshot restore runbook worked first time."),
        ("went-wrong", "Seven minutes passed between the alert and the declaration."),
        ("went-wrong", "The migration had no rollback step."),
        ("lucky", "A snapshot had been taken twelve minutes before the migration."),
    ]:
        cli("lesson", iid, kind, text)
    cli("milestone", iid, "closed", "--at", "2026-10-16T15:00Z")
    markdown = cli("export", iid, "--format", "markdown")
    return markdown, iid


def sections(markdown: str) -> dict[str, str]:
    parts = re.split(r"^## (.+)$", markdown, flags=re.M)
    return {title: body.strip() for title, body in zip(parts[1::2], parts[2::2], strict=False)}


def table(text: str) -> list[list[str]]:
    """The first GFM table in text, header row included, cells stripped."""
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    return [[c.strip() for c in row.strip("|").split(" | ")] for row in rows if not row.startswith("| ---")]


def test_title_and_metadata(postmortem):
    markdown, iid = postmortem
    head = markdown.split("\n## ")[0]
    assert head.startswith("# Post-mortem: Search returns no results for most queries\n")
    meta = dict(table(head)[1:])
    assert meta == {
        "Incident": f"`{iid}`",
        "Severity": "SEV1",
        "Kind": "technical",
        "Status": "closed, phase 5 of 5: Post-mortem & prevention",
        "Impact started": "2026-10-14 09:12 UTC",
        "Declared": "2026-10-14 09:19 UTC",
        "Acknowledged": "2026-10-14 09:21 UTC",
        "Contained": "2026-10-14 09:54 UTC",
        "Resolved": "2026-10-14 10:18 UTC",
        "Closed": "2026-10-16 15:00 UTC",
        "Duration": "1 h 06 min (impact start to resolved)",
        "Commander": "lee",
        "Comms": "sam",
        "Scribe": "alex",
        "Authors": "lee (commander), sam (comms), alex (scribe)",
        "Generated": "2026-10-20 12:00 UTC",
    }


def test_summary_impact_and_detection(postmortem):
    s = sections(postmortem[0])
    assert s["Summary"] == "For 66 minutes most search queries returned no results."
    assert s["Impact"].splitlines() == [
        "- **What:** 71% of search queries returned no results.",
        "- **Who is affected:** All customers on web and mobile, every region.",
        "- **How long:** 1 h 06 min from impact start to resolution (impact started 2026-10-14 09:12 UTC; "
        "declared 2026-10-14 09:19 UTC; contained after 42 min; resolved 2026-10-14 10:18 UTC)",
    ]
    assert s["Detection"].splitlines() == [
        "The zero-result alert fired at 09:17, five minutes after impact began.",
        "",
        "### Symptoms logged",
        "",
        "- 09:14 UTC (-0:05): Zero-result rate jumped from 2% to 71%",
    ]


def test_response_and_containment(postmortem):
    s = sections(postmortem[0])["Response and containment"]
    assert "Restarted the query service (no change); rolled back the rewriter config (no change)." in s
    assert "Contained at 2026-10-14 09:54 UTC, 35 min after the incident was declared." in s
    assert "- 09:45 UTC (+0:26): Restore the synonym field from the 09:00 snapshot" in s


def test_first_hour_diagram_parses_with_every_mark(postmortem):
    block = sections(postmortem[0])["The first hour"].split("```mermaid\n")[1].split("\n```")[0]
    mermaid_parser.ensure_installed()
    [result] = mermaid_parser.parse([block])
    assert result["ok"], result
    marks = [(t["name"].strip(), t["start"][11:16]) for t in result["tasks"]]
    assert marks == [
        ("First 60 minutes after declaration", "09:19"),
        ("Impact started", "09:12"),
        ("Declared", "09:19"),
        ("Acknowledged", "09:21"),
        ("Contained", "09:54"),
        ("Resolved", "10:18"),
        ("Update 1 internal - Investigating empty search...", "09:25"),
        ("Update 2 executive - Search mostly down fix under...", "09:50"),
        ("Update 3 customer - Search is working again for...", "10:05"),
        ("Finding 1 - Synonym sets are empty on...", "09:33"),
        ("Decision 1 - Restore the synonym field...", "09:45"),
    ]
    # What came after the first hour is stated, not drawn to scale.
    stated = sections(postmortem[0])["The first hour"].split("```")[-1]
    assert "**Update 4 internal** at 2026-10-14 10:20 UTC, 2 min after the resolution." in stated
    assert "**Closed** at 2026-10-16 15:00 UTC, 2 d 4 h 42 min after the resolution." in stated


def test_timeline_has_the_significant_events_once_each(postmortem):
    s = sections(postmortem[0])["Timeline"]
    rows = [(r[0], r[1], r[2], r[3]) for r in table(s)[1:]]
    assert rows == [
        ("09:12", "-0:07", "**impact started**", "Impact started"),
        ("09:14", "-0:05", "symptom", "Zero-result rate jumped from 2% to 71%"),
        (
            "09:19",
            "+0:00",
            "**declared**",
            "Declared SEV1 technical: Search returns no results for most queries",
        ),
        ("09:21", "+0:02", "**acknowledged**", "Acknowledged"),
        (
            "09:25",
            "+0:06",
            "update",
            "Update sent (internal): Investigating empty search results; next update 09:55.",
        ),
        ("09:33", "+0:14", "finding", "Synonym sets are empty on every shard since the migration"),
        ("09:45", "+0:26", "decision", "Restore the synonym field from the 09:00 snapshot"),
        (
            "09:50",
            "+0:31",
            "update",
            "Update sent (executive): Search mostly down; fix under way, ETA 10:30.",
        ),
        ("09:54", "+0:35", "**contained**", "Contained"),
        ("10:02", "+0:43", "note", "Shards serve results again; reindexing the rest"),
        ("10:05", "+0:46", "update", "Update sent (customer): Search is working again for most customers."),
        ("10:18", "+0:59", "**resolved**", "Resolved"),
        ("10:20", "+1:01", "update", "Update sent (internal): Resolved: all shards reindexed and verified."),
        ("2026-10-16 15:00", "+2d 5:41", "**closed**", "Closed"),
        # entered on 2026-10-20: the roles, the root cause and the actions were recorded then
        ("2026-10-20 12:00", "+6d 2:41", "role", "Comms lead: sam"),
        ("2026-10-20 12:00", "+6d 2:41", "role", "Scribe: alex"),
        ("2026-10-20 12:00", "+6d 2:41", "role", "Commander: dana → lee"),
        ("2026-10-20 12:00", "+6d 2:41", "why", f"Root cause: {WHYS[2]}"),
        *[
            ("2026-10-20 12:00", "+6d 2:41", "action", text)
            for text in [
                "Action added (P1 prevent, done): Add a default for every dropped schema field",
                "Action added (P1 detect, done): Alert when the zero-result rate doubles in 5 minutes",
                "Action added (P1 prevent, in progress): Roll schema migrations out to one shard first",
                "Action added (P2 process): Add a behaviour-change section to the migration review",
                "Action added (P2 prevent): Build a staging index with production synonyms",
                "Action added (P3 detect): Dashboard for synonym-set sizes",
                "Action added (P2 mitigate, done): Runbook: restoring the synonym field from backup",
                "Action added (P2 detect, won't do): Page search on-call for zero-result spikes",
                "Action added (P3 process): Rehearse the schema rollback every quarter",
            ]
        ],
    ]
    # left out: 6 write-up texts, 5 whys asked, 5 lessons
    assert s.endswith(
        f"_16 bookkeeping events (checklist ticks, edits, undo, cadence and lesson changes) left out; "
        f"`escalation-tui show {postmortem[1]}` lists every event._"
    )


def test_root_cause_chain_and_contributing_factors(postmortem):
    s = sections(postmortem[0])["Root cause"]
    assert "### Root-cause chain 1\n\n**Problem:** Search returns no results for most queries" in s
    assert (
        "\n".join(f"{n}. Why? {WHYS[n - 1]}" + (" — **root cause**" if n == 3 else "") for n in (1, 2, 3))
        in s
    )
    assert "### Root-cause chain 2" not in s
    factors = s.split("### Contributing factors")[1].strip().splitlines()
    assert factors == [f"- {WHYS[3]} (a cause of: {WHYS[2]})", f"- {WHYS[4]} (a cause of: {WHYS[3]})"]


def test_trigger_and_resolution(postmortem):
    s = sections(postmortem[0])
    assert s["Trigger"] == "A routine index-schema migration started at 09:10."
    resolution = s["Resolution and validation"]
    assert resolution.startswith(
        "Restored the synonym field from the 09:00 snapshot and reindexed; verified with canary queries."
    )
    assert "- **Resolved:** 2026-10-14 10:18 UTC, 59 min after declaration" in resolution
    assert "- **Closed:** 2026-10-16 15:00 UTC" in resolution


def test_lessons_of_three_kinds(postmortem):
    s = sections(postmortem[0])["Lessons"]
    assert s.split("### ")[1:] == [
        "What went well\n\n- The zero-result alert caught it within five minutes.\n"
        "- The snapshot restore runbook worked first time.\n\n",
        "What went wrong\n\n- Seven minutes passed between the alert and the declaration.\n"
        "- The migration had no rollback step.\n\n",
        "Where we got lucky\n\n- A snapshot had been taken twelve minutes before the migration.",
    ]


def test_action_items_owned_typed_with_status_and_cause(postmortem):
    s = sections(postmortem[0])["Action items"]
    assert s.startswith("9 action items: 4 open, 1 in progress, 3 done, 1 won't do.")
    rows = table(s)
    assert rows[0] == ["Priority", "Type", "Action", "Owner", "Due", "Status", "Linked cause"]
    assert rows[1:] == [
        [
            "P1",
            "prevent",
            "Add a default for every dropped schema field",
            "priya",
            "2026-10-21",
            "done",
            WHYS[2],
        ],
        [
            "P1",
            "detect",
            "Alert when the zero-result rate doubles in 5 minutes",
            "kim",
            "2026-10-18",
            "done",
            WHYS[0],
        ],
        [
            "P1",
            "prevent",
            "Roll schema migrations out to one shard first",
            "lee",
            "2026-11-01",
            "in progress",
            WHYS[2],
        ],
        [
            "P2",
            "process",
            "Add a behaviour-change section to the migration review",
            "dana",
            "2026-10-28",
            "open",
            WHYS[3],
        ],
        [
            "P2",
            "prevent",
            "Build a staging index with production synonyms",
            "omar",
            "2026-11-15",
            "open",
            WHYS[4],
        ],
        [
            "P2",
            "mitigate",
            "Runbook: restoring the synonym field from backup",
            "sam",
            "2026-10-25",
            "done",
            "—",
        ],
        ["P2", "detect", "Page search on-call for zero-result spikes", "kim", "2026-10-30", "won't do", "—"],
        ["P3", "detect", "Dashboard for synonym-set sizes", "kim", "2026-11-20", "open", "—"],
        ["P3", "process", "Rehearse the schema rollback every quarter", "lee", "2026-12-15", "open", "—"],
    ]


def test_stakeholder_updates(postmortem):
    s = sections(postmortem[0])["Stakeholder updates"]
    assert "- **Updates sent:** 4" in s
    assert "- **On time:** 4 of 4 (100%)" in s  # first within 15 min, then every 30 min
    assert "- **Longest silence:** 25 min" in s  # 09:25 to 09:50
    assert [r[:3] for r in table(s)[1:]] == [
        ["09:25", "+0:06", "internal"],
        ["09:50", "+0:31", "executive"],
        ["10:05", "+0:46", "customer"],
        ["10:20", "+1:01", "internal"],
    ]


def test_metrics_from_impact_start_and_from_declaration(postmortem):
    s = sections(postmortem[0])["Metrics"]
    assert dict(table(s)[1:]) == {
        "Impact start to declaration": "7 min",
        "Time to acknowledge (from declaration)": "2 min",
        "Time to mitigate (from impact start)": "42 min",
        "Time to mitigate (from declaration)": "35 min",
        "Time to resolve (from declaration)": "59 min",
        "Duration (from impact start)": "1 h 06 min",
        "Updates on time": "4 of 4 (100%)",
        "Longest silence between updates": "25 min",
        "Action items done": "3 of 9",
    }
