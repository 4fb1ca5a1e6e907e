from datetime import date

import pytest

from escalation_tui.domain.enums import ActionType, Priority
from escalation_tui.domain.quickadd import parse_due, parse_quick_add

TODAY = date(2026, 11, 28)  # a Saturday


def test_the_example_line():
    parsed = parse_quick_add("Add canary for pool size @lee !p1 prevent due:2026-12-03", TODAY)
    assert (parsed.title, parsed.owner, parsed.priority, parsed.type, parsed.due, parsed.errors) == (
        "Add canary for pool size",
        "lee",
        Priority.P1,
        ActionType.PREVENT,
        date(2026, 12, 3),
        [],
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        ("+7d", date(2026, 12, 5)),
        ("+2w", date(2026, 12, 12)),
        ("today", TODAY),
        ("tomorrow", date(2026, 11, 29)),
        ("fri", date(2026, 12, 4)),
        ("Friday", date(2026, 12, 4)),
        ("sat", date(2026, 12, 5)),  # today is Saturday: the next one
        ("12-03", date(2026, 12, 3)),
        ("01-15", date(2027, 1, 15)),
        ("2027-02-01", date(2027, 2, 1)),
    ],
)
def test_due_forms(text, expected):
    assert parse_due(text, TODAY) == expected


@pytest.mark.parametrize("bad", ["2026-02-30", "13-01", "someday", "fri5", "+d"])
def test_bad_dates_give_a_message_not_a_crash(bad):
    parsed = parse_quick_add(f"Fix it due:{bad}", TODAY)
    assert parsed.due is None and len(parsed.errors) == 1 and repr(bad) in parsed.errors[0]
    assert parsed.title == "Fix it"


def test_at_bang_and_colon_that_are_not_tokens_stay_in_the_title():
    line = "Email ops@example.com re: ratio 3:1 wow! @ !p9 !P2x type: due:"
    parsed = parse_quick_add(line, TODAY)
    assert parsed.title == line
    assert (parsed.owner, parsed.priority, parsed.type, parsed.due, parsed.errors) == (
        "",
        None,
        None,
        None,
        [],
    )


def test_type_words_before_any_token_belong_to_the_title():
    parsed = parse_quick_add("Fix the deploy process @kim detect", TODAY)
    assert parsed.title == "Fix the deploy process" and parsed.type == ActionType.DETECT
    assert parse_quick_add("Improve the process", TODAY).type is None


def test_explicit_type_token_and_unknown_type():
    assert parse_quick_add("Page faster type:process", TODAY).type == ActionType.PROCESS
    parsed = parse_quick_add("Page faster type:vibes", TODAY)
    assert parsed.type is None and "unknown type 'vibes'" in parsed.errors[0]


def test_empty_title_is_an_error():
    parsed = parse_quick_add("@lee !p1", TODAY)
    assert parsed.errors and "title is empty" in parsed.errors[0]


def test_preview_line():
    parsed = parse_quick_add("Add alert @kim due:+7d", TODAY)
    assert (
        parsed.preview() == "title: Add alert · owner: kim · priority: P2 · type: prevent · due: 2026-12-05"
    )
