"""Opening an incident whose saved changes were not applied (its file was edited by hand after
they were saved) says so once, at both sizes (issue 30, item 9)."""

import json

from escalation_tui.tui.screens.war_room import WarRoomScreen


async def test_opening_an_incident_with_changes_set_aside_says_so_once(
    session, store, make_app, screen_text, size
):
    for n in range(3):
        session.add_note(f"acknowledged note {n}")
    path = store.path_for(session.id)
    document = json.loads(path.read_bytes())
    document["incident"]["1"]["title"] = "Edited by hand"
    path.write_text(json.dumps(document))
    app = make_app(session.id)
    said: list[str] = []
    async with app.run_test(size=size, notifications=True, tooltips=True) as pilot:
        notify = app.notify
        app.notify = lambda message, **options: (said.append(message), notify(message, **options))[1]
        await pilot.pause()
        assert isinstance(app.screen, WarRoomScreen)
        shown = screen_text(app)  # the toast, beside the panes at 80x24
        assert f"incident {session.id}: 3 changes saved" in shown and f"recover {session.id}" in shown
        await pilot.press("escape")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WarRoomScreen)
    assert not [m for m in said if "not applied" in m]  # the second opening said nothing more
