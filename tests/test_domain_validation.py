from datetime import datetime

import pytest
from pydantic import ValidationError

from escalation_tui.domain.enums import Severity
from escalation_tui.domain.fields import describe_error
from escalation_tui.domain.models import ActionItem, ChecklistItem, StatusUpdate, TimelineEvent, Why
from escalation_tui.domain.text import clean_text
from escalation_tui.errors import InvalidInput


def test_empty_and_blank_titles_are_refused(service):
    for title in ["", "   ", "\x1b\x00\t\n"]:
        with pytest.raises(InvalidInput, match="title: must not be empty"):
            service.declare(title, 1, "technical")
    assert service.store.ids() == []


def test_too_long_title_names_the_limit(service):
    with pytest.raises(InvalidInput, match=r"title: is too long \(201 characters; the limit is 200\)"):
        service.declare("x" * 201, 1, "technical")


def test_control_characters_and_bidi_overrides_are_stripped(service):
    session = service.declare("Clear\x1b[2J screen\x07 \u202eevil\u2066 \x9b31m", 2, "process")
    assert session.incident.title == "Clear[2J screen evil 31m"
    session.set_text("summary", "line one\r\nline\ttwo\x00\x1b]52;c;ZXZpbA==\x07")
    assert session.incident.summary == "line one\nline\ttwo]52;c;ZXZpbA=="


def test_one_line_text_loses_its_newlines_but_multiline_keeps_them():
    assert clean_text("a\nb\tc", multiline=False) == "a b c"
    assert clean_text("a\nb\tc", multiline=True) == "a\nb\tc"


def test_markup_is_stored_exactly_as_typed(service):
    hostile = "[/bold] [link=https://evil]boom[/link] [@click=app.quit]x[/]"
    assert service.declare(hostile, 3, "people").incident.title == hostile


def test_naive_datetimes_are_refused():
    with pytest.raises(ValidationError) as caught:
        StatusUpdate(sent_at=datetime(2026, 1, 1), audience="internal", text="x")
    assert "sent at: must include a timezone" in describe_error(caught.value)


def test_enums_refuse_unknown_values():
    with pytest.raises(ValidationError):
        ChecklistItem(phase="lunch", text="x")
    with pytest.raises(ValidationError):
        ActionItem(title="x", priority="P9")
    with pytest.raises(ValidationError):
        TimelineEvent(at=datetime.now().astimezone(), kind="gossip", text="x")


def test_severity_parse_accepts_numbers_and_names():
    assert Severity.parse(1) is Severity.SEV1
    assert Severity.parse(" sev3 ") is Severity.SEV3
    with pytest.raises(ValueError, match="severity must be 1-4"):
        Severity.parse("5")


def test_why_statement_must_not_be_empty():
    with pytest.raises(ValidationError):
        Why(statement="  ")


def test_enormous_text_is_refused_with_a_message(session):
    with pytest.raises(InvalidInput, match="summary: is too long"):
        session.set_text("summary", "x" * 100_000)
    assert session.incident.summary == ""
