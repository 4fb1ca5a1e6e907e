"""A pane out of view (80x24 shows one at a time) is rebuilt when it comes into view, not on
every change: what changed meanwhile must be there the moment it shows."""

from tui_support import one_size

from escalation_tui.service import IncidentService
from escalation_tui.store import IncidentStore


async def test_changes_made_while_a_pane_was_out_of_view_show_when_it_comes_back(
    demo, make_app, store_path, clock, screen_text, size
):
    other = IncidentService(IncidentStore(store_path), clock, actor="sam").open(demo.id)
    app = make_app(demo.id)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("1")
        other.add_action("Rotate the pool credentials", owner="sam")  # another window's save
        other.add_why("The pool size default changed in 2.4")
        app.screen.tick()  # what the 1-second timer does
        await pilot.pause()
        await pilot.press("4")
        assert "Rotate the pool credentials" in screen_text(app)
        await pilot.press("3")
        assert "The pool size default changed in 2.4" in screen_text(app)
    saved = IncidentStore(store_path).load(demo.id)
    assert "Rotate the pool credentials" in [a.title for a in saved.actions]


@one_size
async def test_growing_the_terminal_shows_every_pane_up_to_date(
    demo, make_app, store_path, clock, screen_text, size
):
    other = IncidentService(IncidentStore(store_path), clock, actor="sam").open(demo.id)
    app = make_app(demo.id)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        other.add_action("Rotate the pool credentials", owner="sam")
        app.screen.tick()
        await pilot.pause()
        await pilot.resize_terminal(160, 50)  # all four panes now: no key pressed
        await pilot.pause()
        assert "Rotate the pool credentials" in screen_text(app)


@one_size
async def test_an_update_sent_from_pane_1_is_on_pane_2_when_shown(
    demo, make_app, store_path, screen_text, size
):
    app = make_app(demo.id)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("1", "u", "i", *"Pool pinned qx", "ctrl+s")
        await pilot.pause()
        await pilot.press("2")
        assert "Pool pinned qx" in screen_text(app)
    saved = IncidentStore(store_path).load(demo.id)
    assert "Pool pinned qx" in saved.updates[-1].text
