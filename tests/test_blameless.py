"""The blameless check: flags wording that blames people, never rewrites, few false alarms."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from escalation_tui.demo import create_demo
from escalation_tui.domain.blameless import BlameFlag, find_blame, people_of, scan_incident
from escalation_tui.domain.clock import FixedClock
from escalation_tui.domain.enums import Audience, EventKind, Kind, Severity
from escalation_tui.domain.models import (
    ActionItem,
    Incident,
    Lessons,
    Milestones,
    OtherRole,
    Roles,
    StatusUpdate,
    TimelineEvent,
    Why,
)
from escalation_tui.store import IncidentStore

T0 = datetime(2026, 11, 28, 2, 20, tzinfo=UTC)

# (sentence, the phrase that must be flagged)
BLAMING = [
    ("It was Bob's fault.", "Bob's fault"),
    ("This is the intern's fault", "intern's fault"),
    ("It’s Bob’s fault.", "Bob’s fault"),
    ("Totally his fault.", "his fault"),
    ("Mark was at fault for the outage.", "was at fault"),
    ("We need to find out who is to blame.", "blame"),
    ("Bob should have checked the dashboard.", "Bob should have checked"),
    ("He should have known better.", "He should have known"),
    ("Should have tested it first.", "Should have tested"),
    ("Someone should have noticed the alert.", "Someone should have noticed"),
    ("The careless change took down checkout.", "careless"),
    ("The on-call engineer was negligent.", "negligent"),
    ("Incompetent review let this through.", "Incompetent"),
    ("Sloppy work on the release.", "Sloppy"),
    ("Dana screwed up the config.", "screwed up"),
    ("Kim dropped the ball on the rollout.", "dropped the ball"),
    ("Root cause: human error.", "human error"),
    ("Bob broke prod.", "Bob broke"),
    ("At 02:10 Bob broke prod.", "Bob broke"),
    ("He forgot to page the DBA.", "He forgot"),
    ("She failed to escalate.", "She failed to"),
    ("The on-call engineer ignored the page.", "on-call engineer ignored"),
    ("The reviewer missed the changed default.", "The reviewer missed"),
    ("The developer made a mistake in the migration.", "The developer made a mistake"),
    ("I didn't check the dashboard before deploying.", "I didn't check"),
    ("They didn't follow the runbook.", "They didn't follow"),
    ("Alice accidentally deleted the orders table.", "Alice accidentally deleted"),
    ("He fat-fingered the IP address.", "He fat-fingered"),
    ("The alert was ignored by him.", "ignored by him"),
    ("Forgot to update the runbook.", "Forgot"),
    ("The engineer who forgot to pin the pool size is new.", "who forgot"),
]

NEUTRAL = [
    "The deploy failed at 02:10.",
    "The health check failed to detect the pool exhaustion.",
    "The cron job failed to run.",
    "Failed to connect to the database from pod 7.",
    # Borderline, decided: a missing property of a system is not hindsight about a person.
    "The check should have a timeout.",
    # Counterfactuals about systems are how blameless write-ups describe the gap.
    "The alert should have fired at 02:15.",
    "The rollback, which should have taken 5 minutes, took 40.",
    # Collective "we" is the blameless way to write.
    "We rolled back release 2.3.1.",
    "We should have caught this in review.",
    "Blameless post-mortem booked for Monday.",
    "No one is to blame; the process had a gap.",
    "We don't blame anyone here.",
    "git blame shows the default changed in 4.0.",
    "It was nobody's fault.",
    "It's the network's fault.",
    "The disk was at fault.",
    "It was not human error but a missing guard.",
    "Fault tolerance of the cache was lower than expected.",
    "Disk fault on node 3.",
    # Naming who did something is a fact, not blame.
    "Bob deployed 2.3.1 at 02:10.",
    "Kubernetes restarted the pods.",
    "The pool was exhausted because traffic was 20% above normal.",
    "It broke checkout for EU customers.",
    "Everything broke at once.",
    "The migration broke the index.",
    "Payments API broke for 3 minutes.",
    "Traffic missed the cache.",
    "Redis missed its eviction target.",
    "Latency missed the SLO by 20 ms.",
    "The runbook missed a step for dependency upgrades.",
    "The page was missed because it went to email.",
    "Ignored alerts piled up in the channel.",
    "Lazy loading hid the slow query.",
    "The upgrade notes were not reviewed for changed defaults.",
    "Release 2.3.1 halved the connection pool size.",
    "Restarted two checkout pods (no change); rolled back release 2.3.1.",
]


@pytest.mark.parametrize(("sentence", "phrase"), BLAMING)
def test_blaming_sentences_are_flagged(sentence, phrase):
    flags = find_blame(sentence)
    assert [f.phrase for f in flags] == [phrase]
    flag = flags[0]
    assert flag.sentence == sentence
    assert flag.sentence[flag.start : flag.start + len(flag.phrase)] == flag.phrase
    assert flag.reason


@pytest.mark.parametrize("sentence", NEUTRAL)
def test_neutral_sentences_are_not_flagged(sentence):
    assert find_blame(sentence) == []


def test_known_people_are_recognised_without_a_capital():
    assert find_blame("dana forgot the flag.") == []  # lowercase: not a name by itself
    flags = find_blame("dana forgot the flag.", people=["Dana"])
    assert [f.phrase for f in flags] == ["dana forgot"]
    # ...but a known name used as a thing ("the dana dashboard") is not a person.
    assert find_blame("The dana dashboard missed the spike.", people=["dana"]) == []


def test_each_sentence_of_a_text_is_reported_on_its_own():
    text = "Checkout failed at 02:14. Bob broke prod!\nThen he forgot to page the DBA. The rest was fine."
    flags = find_blame(text)
    assert [(f.sentence, f.phrase) for f in flags] == [
        ("Bob broke prod!", "Bob broke"),
        ("Then he forgot to page the DBA.", "he forgot"),
    ]


def test_overlapping_matches_give_one_flag():
    flags = find_blame("He should have known better, it was his own fault.")
    assert [f.phrase for f in flags] == ["He should have known", "his own fault"]


def test_empty_text_has_no_flags():
    assert find_blame("") == []
    assert find_blame("   \n\n ") == []


def test_flags_are_frozen():
    flag = find_blame("Bob broke prod.")[0]
    with pytest.raises(AttributeError):
        flag.phrase = "x"  # type: ignore[misc]


def _incident() -> Incident:
    return Incident(
        id="blame1",
        title="Checkout down because Bob broke prod",
        kind=Kind.TECHNICAL,
        severity=Severity.SEV2,
        summary="Checkout failed for 20 minutes.",
        impact="Orders lost.",
        detection="A customer told us. Monitoring was careless about it.",
        tried="Rolled back.",
        resolution="Pinned the pool size.",
        roles=Roles(commander="dana", comms="sam", others=[OtherRole(role="scribe", name="lee")]),
        milestones=Milestones(declared=T0),
        lessons=Lessons(
            went_well=["Rollback was quick."], went_wrong=["Fast recovery.", "sam forgot the update."]
        ),
        whys=[
            Why(id="w1", statement="The pool was too small"),
            Why(id="w2", parent_id="w1", statement="Human error"),
        ],
        actions=[ActionItem(id="a1", title="Stop Kim from being sloppy", owner="kim", due=date(2026, 12, 1))],
        timeline=[
            TimelineEvent(id="e1", at=T0, kind=EventKind.NOTE, text="He should have checked the dashboard."),
            # automatic events only repeat texts from elsewhere: not scanned twice
            TimelineEvent(id="e2", at=T0, kind=EventKind.WHY, text="Why? Human error"),
        ],
        updates=[
            StatusUpdate(
                id="u1",
                sent_at=T0 + timedelta(minutes=5),
                audience=Audience.EXECUTIVE,
                text="Investigating. It was the intern's fault.",
            )
        ],
    )


def test_scan_incident_reports_where_each_flag_was_found():
    flags = scan_incident(_incident())
    found = [(f.ref, f.where, f.phrase) for f in flags]
    assert found == [
        ("title", "Title", "Bob broke"),
        ("detection", "Detection", "careless"),
        ("lessons.went_wrong.1", "Lessons › what went wrong #2", "sam forgot"),
        ("whys.w2", "5 Whys #2", "Human error"),
        ("actions.a1.title", "Action item #1", "sloppy"),
        ("timeline.e1", "Timeline 2026-11-28 02:20 UTC (note)", "He should have checked"),
        ("updates.u1", "Update 2026-11-28 02:25 UTC (executive)", "intern's fault"),
    ]
    assert all(isinstance(f, BlameFlag) for f in flags)


def test_scan_never_changes_the_incident():
    incident = _incident()
    before = incident.model_dump()
    scan_incident(incident)
    assert incident.model_dump() == before


def test_people_of_lists_role_holders_and_owners_once():
    incident = _incident()
    assert people_of(incident) == ["dana", "sam", "lee", "kim"]


def test_the_demo_incident_is_blameless(tmp_path):
    now = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)
    incident = create_demo(IncidentStore(tmp_path), FixedClock(now)).incident
    assert scan_incident(incident) == []
