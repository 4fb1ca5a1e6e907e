"""Issue 30 item 3 in the TUI: the incident list, its search, and the follow-ups view with its
owner filter show the same screen whether a confidential incident holds a word (or an owner's
name) or not; the list shows no confidential title. The stores: tests/confidential_stores.py."""

from datetime import timedelta

import pytest
from confidential_stores import CASES, OWNER, T0, WORD, build
from conftest import render_screen

from escalation_tui.domain.clock import FixedClock
from escalation_tui.service import IncidentService
from escalation_tui.store import IncidentStore
from escalation_tui.tui import EscalationApp
from escalation_tui.tui.screens.follow_ups import FollowUpsScreen
from escalation_tui.tui.screens.incident_list import IncidentListScreen


async def screens_seen(path, probe: str, size: tuple[int, int]) -> list[str]:
    """The list, the list searching for probe, the follow-ups, the follow-ups narrowed to probe."""
    store = IncidentStore(path)
    # Before any update falls due: the update alarm ('g Go to due') would come at its own moment.
    app = EscalationApp(IncidentService(store, FixedClock(T0 + timedelta(minutes=5)), actor="dana"))
    app.animation_level = "none"
    seen = []
    try:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, IncidentListScreen)
            seen.append(render_screen(app))
            await pilot.press("slash", *probe)
            await pilot.pause()
            seen.append(render_screen(app))
            await pilot.press("escape", "f")
            await pilot.pause()
            assert isinstance(app.screen, FollowUpsScreen)
            seen.append(render_screen(app))
            await pilot.press("o", *probe)
            await pilot.pause()
            seen.append(render_screen(app))
    finally:
        store.close()
    return seen


@pytest.mark.parametrize("case", sorted(CASES))
async def test_list_and_follow_ups_look_the_same_whatever_a_confidential_incident_holds(
    case, size, tmp_path, monkeypatch
):
    first, second = CASES[case]
    values = {"word": WORD, "owner": OWNER}
    path = tmp_path / "store"
    build(path, monkeypatch, **{**values, case: first})
    with_it = await screens_seen(path, first, size)
    build(path, monkeypatch, **{**values, case: second})
    without_it = await screens_seen(path, first, size)
    for index, (one, other) in enumerate(zip(with_it, without_it, strict=True)):
        assert one == other, (index, one, other)
    listed, searching, follow_ups, narrowed = with_it
    assert first not in listed and first not in follow_ups  # typed, it shows only where typed
    assert not any("Complaint" in shown for shown in with_it)
    assert "CONFIDENTIAL" in listed and "Checkout" in listed
    assert "(confidential ones are not searched)" in searching
    assert "1 confidential left out" in follow_ups and "Add canary for pool size" in follow_ups
    assert "1 confidential left out" in narrowed and "No open action items" in narrowed
