from escalation_tui.demo import create_demo
from escalation_tui.domain.drafts import draft_update


def test_internal_draft_has_the_working_detail(store, clock):
    incident = create_demo(store, clock).incident
    text = draft_update(incident, "internal", clock.now())
    assert text.splitlines()[0] == "[SEV1] Checkout API returning 500s — update 03:00 UTC"
    assert "Status: Mitigated, monitoring (phase 2: Deep dive & diagnosis)" in text
    assert "Impact: About 30% of checkout attempts fail" in text
    assert "- Decision: Roll back 2.3.1 rather than hotfix forward" in text
    assert "Root cause (so far): No checklist step covers dependency default changes" in text
    assert text.endswith("Next update by 03:30 UTC.")


def test_executive_draft_is_short(store, clock):
    incident = create_demo(store, clock).incident
    text = draft_update(incident, "executive", clock.now())
    assert len(text.splitlines()) <= 4
    assert text.startswith("Checkout API returning 500s (SEV1): mitigated, monitoring.")


def test_customer_draft_leaks_nothing_internal(store, clock):
    incident = create_demo(store, clock).incident
    text = draft_update(incident, "customer", clock.now())
    internal = [incident.title, "2.3.1", "dana", "sam", "pool", "SEV1", incident.impact[:20]]
    assert not [word for word in internal if word.lower() in text.lower()]
    assert "monitoring" in text and text.endswith("Next update by 03:30 UTC.")


def test_no_next_time_once_resolved(session, clock):
    session.record_milestone("resolved")
    text = draft_update(session.incident, "customer", clock.now())
    assert "is resolved" in text and "Next update" not in text
