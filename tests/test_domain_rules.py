"""Rules the war room shows and the CLI uses, tested without a screen: action items, checklist, audiences."""

from datetime import date

from escalation_tui.domain.actions import SortOrder, arrange, is_overdue, next_status
from escalation_tui.domain.checklist import next_item, phase_items
from escalation_tui.domain.enums import ActionStatus, Audience
from escalation_tui.domain.followup import FollowUp
from escalation_tui.domain.updates import audiences, next_audience

TODAY = date(2026, 12, 1)


def test_status_cycles_through_every_status_and_round(service):
    seen = [ActionStatus.OPEN]
    for _ in range(4):
        seen.append(next_status(seen[-1]))
    assert seen == [
        ActionStatus.OPEN,
        ActionStatus.IN_PROGRESS,
        ActionStatus.DONE,
        ActionStatus.WONT_DO,
        ActionStatus.OPEN,
    ]
    assert SortOrder.ADDED.next() == SortOrder.DUE


def test_overdue_is_past_due_and_still_open_and_matches_the_follow_up_view(service):
    session = service.declare("Checkout down", severity=2, kind="technical")
    session.add_action("late", due=date(2026, 11, 30))
    session.add_action("late but done", due=date(2026, 11, 30), status=ActionStatus.DONE)
    session.add_action("due today", due=TODAY)
    session.add_action("undated")
    flags = {a.title: is_overdue(a, TODAY) for a in session.incident.actions}
    assert flags == {"late": True, "late but done": False, "due today": False, "undated": False}
    for action in session.incident.actions:
        assert FollowUp(session.incident, action).overdue(TODAY) == flags[action.title]


def test_arrange_sinks_closed_and_undated_items_and_filters_open_only(service):
    session = service.declare("Checkout down", severity=2, kind="technical")
    session.add_action("undated", priority="P1")
    session.add_action("closed early", due=date(2026, 11, 1), status=ActionStatus.DONE)
    session.add_action("later", due=date(2026, 12, 9), priority="P3")
    session.add_action("sooner", due=date(2026, 12, 2), priority="P2")
    actions = session.incident.actions
    by_due = [a.title for a in arrange(actions, SortOrder.DUE, open_only=False)]
    assert by_due == ["sooner", "later", "undated", "closed early"]
    by_priority = [a.title for a in arrange(actions, SortOrder.PRIORITY, open_only=True)]
    assert by_priority == ["undated", "sooner", "later"]
    assert [a.title for a in arrange(actions, SortOrder.ADDED, open_only=False)] == [a.title for a in actions]


def test_next_item_is_the_first_open_item_of_the_current_phase(service):
    session = service.declare("Checkout down", severity=1, kind="technical")
    incident = session.incident
    items = phase_items(incident, incident.phase)
    assert items and next_item(incident) == items[0]
    session.toggle_check(items[0].id)
    assert next_item(session.incident).id == items[1].id
    for item in items[1:]:
        session.toggle_check(item.id)
    assert next_item(session.incident) is None


def test_executives_hear_about_major_incidents_and_the_longest_waiting_audience_is_next(service, clock):
    session = service.declare("Checkout down", severity=1, kind="technical")
    assert audiences(session.incident) == [Audience.INTERNAL, Audience.EXECUTIVE]
    session.log_update("internal", "first")
    assert next_audience(session.incident) == Audience.EXECUTIVE
    minor = service.declare("Slow report", severity=4, kind="technical")
    assert audiences(minor.incident) == [Audience.INTERNAL]
