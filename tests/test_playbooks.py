"""The per-kind playbooks: complete, well-formed, and genuinely different."""

from __future__ import annotations

import pytest

from escalation_tui.domain.enums import Kind, Phase
from escalation_tui.domain.playbooks import (
    CAPTURE_FIELDS,
    MAX_ITEM_LENGTH,
    PLAYBOOKS,
    PlaybookItem,
    playbook_items,
)

ALL_KINDS = list(Kind)


def _texts(kind: Kind) -> list[str]:
    return [item.text for _, item in playbook_items(kind)]


def _all_text(kind: Kind) -> str:
    return " ".join(_texts(kind)).lower()


def test_every_kind_has_a_playbook():
    assert set(PLAYBOOKS) == set(Kind)


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_every_phase_present_in_order(kind):
    assert list(PLAYBOOKS[kind]) == list(Phase)
    for phase in Phase:
        assert PLAYBOOKS[kind][phase], f"{kind} {phase} is empty"


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_item_counts(kind):
    playbook = PLAYBOOKS[kind]
    assert len(playbook[Phase.ACKNOWLEDGE]) >= 5
    for phase in Phase:
        if phase is not Phase.ACKNOWLEDGE:
            assert 4 <= len(playbook[phase]) <= 6, (kind, phase)


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_one_capture_each_all_in_acknowledge(kind):
    captures = [(phase, item.captures) for phase, item in playbook_items(kind) if item.captures]
    assert sorted(field for _, field in captures) == sorted(CAPTURE_FIELDS)
    assert all(phase is Phase.ACKNOWLEDGE for phase, _ in captures)


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_item_texts_are_well_formed(kind):
    for _, item in playbook_items(kind):
        assert isinstance(item, PlaybookItem)
        text = item.text
        assert text.strip(), "empty item text"
        assert text == text.strip(), repr(text)
        assert len(text) <= MAX_ITEM_LENGTH <= 90, text
        assert "[" not in text and "]" not in text, text
        assert "\n" not in text, text
        assert text.isascii(), text


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_most_items_fit_a_narrow_pane(kind):
    texts = _texts(kind)
    short = [t for t in texts if len(t) <= 60]
    assert len(short) >= 0.9 * len(texts)


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_no_duplicate_texts_within_a_kind(kind):
    texts = [t.lower() for t in _texts(kind)]
    assert len(texts) == len(set(texts))


@pytest.mark.parametrize("kind", [Kind.PROCESS, Kind.PEOPLE])
def test_other_kinds_differ_from_technical(kind):
    technical = {t.lower() for t in _texts(Kind.TECHNICAL)}
    texts = [t.lower() for t in _texts(kind)]
    shared = [t for t in texts if t in technical]
    assert len(shared) < 0.25 * len(texts), shared


def test_people_playbook_is_about_privacy():
    text = _all_text(Kind.PEOPLE)
    assert "privacy" in text or "confidential" in text
    assert "privately" in text
    assert "personal details" in text


def test_process_playbook_is_about_dependencies_and_deadlines():
    text = _all_text(Kind.PROCESS)
    assert "dependency" in text
    assert "deadline" in text


def test_technical_playbook_covers_containment_and_5_whys():
    text = _all_text(Kind.TECHNICAL)
    assert "roll back" in text
    assert "5 whys" in text
    assert "blameless" in text


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_playbook_items_flattened_in_phase_order(kind):
    items = playbook_items(kind)
    phases = [phase for phase, _ in items]
    assert phases == sorted(phases, key=lambda p: p.number)
    expected = [(phase, item) for phase in Phase for item in PLAYBOOKS[kind][phase]]
    assert items == expected


def test_playbook_items_accepts_kind_value():
    assert playbook_items("people") == playbook_items(Kind.PEOPLE)


def test_playbook_items_returns_a_fresh_list():
    first = playbook_items(Kind.TECHNICAL)
    first.clear()
    assert playbook_items(Kind.TECHNICAL)


def test_items_are_immutable_and_captures_validated():
    item = PlaybookItem("Check the thing")
    assert item.captures is None
    with pytest.raises(AttributeError):
        item.text = "changed"  # type: ignore[misc]
    with pytest.raises(ValueError):
        PlaybookItem("Ask about it", captures="summary")
