"""Clicking a pane tab: the war room decides which pane shows, the tab bar only follows it
(controls/pane_tabs.py). Textual's own Tabs activates a clicked tab itself; if it still did,
the bar would show the clicked tab before the screen had chosen it: two owners."""

from textual.widgets import Tab, Tabs

from escalation_tui.tui.controls.pane_tabs import PaneTabs
from escalation_tui.tui.screens.war_room import TABBED, WarRoomScreen


def shown_tab(screen: WarRoomScreen) -> str:
    """The tab the screen's reactives say is on show."""
    return "tab-timeline" if screen.show_timeline and screen.compact else f"tab-{screen.active_pane}"


async def test_every_pane_tab_click_is_decided_by_the_screen_alone(demo, make_app, size, monkeypatch):
    not_the_screens: list[tuple[str, str]] = []  # (tab the bar activated, tab the screen shows)

    def watch_active(self: PaneTabs, previously_active: str, active: str) -> None:
        screen = self.screen
        if isinstance(screen, WarRoomScreen) and active != shown_tab(screen):
            not_the_screens.append((active, shown_tab(screen)))
        Tabs.watch_active(self, previously_active, active)

    monkeypatch.setattr(PaneTabs, "watch_active", watch_active, raising=False)
    app = make_app(demo.id)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WarRoomScreen)
        bar = screen.query_one(PaneTabs)
        compact = size[0] < 120
        assert bar.display == compact  # all four panes on screen: no tab bar to click
        for pane in (*reversed(TABBED), *TABBED):
            tab = bar.query_one(f"#tab-{pane.pane_id}", Tab)
            if compact:
                await pilot.click(tab)
            else:  # hidden: what a click on it would send
                tab.post_message(Tab.Clicked(tab))
            await pilot.pause()
            if pane.pane_id == "timeline":
                assert screen.show_timeline
            else:
                assert screen.active_pane == pane.pane_id
                assert not (compact and screen.show_timeline)  # the pane itself is on show
            assert bar.active == shown_tab(screen)
        assert not_the_screens == []
