"""Logging an update to any audience in three keys plus the text (issue 17), and lists that
show the update's own words instead of the internal draft's generated header line."""

import pytest

from escalation_tui.domain.drafts import update_headline
from escalation_tui.domain.enums import Audience
from escalation_tui.tui.panes.update.countdown import UpdatesTable
from escalation_tui.tui.panes.update.update_dialog import UpdateDialog


@pytest.mark.parametrize("key, audience", [("i", "internal"), ("e", "executive"), ("c", "customer")])
async def test_one_key_picks_the_audience_then_typing_is_text(service, clock, make_app, size, key, audience):
    session = service.declare("Checkout down", severity=1, kind="technical")
    app = make_app(session.id)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("u", key, *"ice cream", "ctrl+s")  # i, c and e in the text stay text
        await pilot.pause()
        assert not isinstance(app.screen, UpdateDialog)
    stored = service.open(session.id).incident.updates
    assert len(stored) == 1 and stored[0].audience == Audience(audience)
    lines = stored[0].text.splitlines()
    if audience == "customer":  # its own blank, never glued onto the opening sentence (issue 34)
        assert lines[1] == "What we are doing: ice cream"
        assert lines[0].endswith("customers.")
    else:  # the "Doing now: " or "ETA: " blank, just above "Next update by …"
        assert lines[-2].endswith(": ice cream")


async def test_lists_show_the_senders_words_not_the_generated_header(
    service, clock, make_app, size, screen_text
):
    session = service.declare("Checkout down", severity=1, kind="technical")
    app = make_app(session.id)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("2", "u", "i", *"Rolling back 2.3.1", "ctrl+s")
        await pilot.pause()
        table = app.screen.query_one(UpdatesTable)
        shown = [str(cell) for cell in table.get_row_at(0)]
        assert shown[2] == "Doing now: Rolling back 2.3.1"
        assert "[SEV1]" not in screen_text(app)
    incident = service.open(session.id).incident
    assert incident.updates[0].text.startswith("[SEV1] Checkout down — update 03:00 UTC")  # stored intact
    assert incident.timeline[-1].text == "Update sent (internal): Doing now: Rolling back 2.3.1"


def test_update_headline_skips_the_generated_header():
    draft = "\n".join(
        [
            "[SEV1] Checkout down — update 20:41 UTC",
            "Status: Investigating",
            "Doing now: ",
            "Next update by 21:11.",
        ]
    )
    assert update_headline(draft) == "Status: Investigating"
    assert update_headline(draft.replace("Doing now: ", "Doing now: rollback")) == "Doing now: rollback"
    assert update_headline("All good again.\nThanks") == "All good again."
    assert update_headline("[SEV1] my own first line") == "[SEV1] my own first line"
    assert update_headline("") == ""
