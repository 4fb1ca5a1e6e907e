from datetime import timedelta

from escalation_tui.demo import create_demo
from escalation_tui.domain.enums import Phase
from escalation_tui.domain.whys import chain, children


def test_demo_is_a_checkout_outage_forty_minutes_in(store, clock):
    incident = create_demo(store, clock).incident
    assert incident == store.load(incident.id)
    assert clock.now() - incident.milestones.declared == timedelta(minutes=40)
    assert "Checkout" in incident.title and incident.severity == "SEV1"
    done = sum(c.done for c in incident.checklist)
    assert 0 < done < len(incident.checklist)
    assert len(incident.updates) == 2
    assert len(incident.actions) == 4
    assert len(incident.timeline) >= 15
    assert incident.phase == Phase.DIAGNOSE


def test_demo_has_a_five_level_why_chain_with_a_branch(store, clock):
    incident = create_demo(store, clock).incident
    root = next(w for w in incident.whys if w.is_root_cause)
    assert len(chain(incident.whys, root.id)) == 5
    assert any(len(children(incident.whys, w.id)) > 1 for w in incident.whys)
    assert any(a.why_id == root.id for a in incident.actions)
