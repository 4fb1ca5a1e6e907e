"""Property, TUI half: an incident that `import` accepted opens in the TUI and every pane, the
timeline and the post-mortem (all three parts) show it without a crash and without a control
character on screen, in three time zones. Few examples (a Pilot run costs seconds); more in
CI (see incident_documents.py). tests/test_outside_input_property.py checks the CLI half.
"""

import asyncio
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from incident_documents import CONTROL, TUI_SETTINGS, ZONES, time_zone, valid_documents, write_document

from escalation_tui.cli import main
from escalation_tui.tui.postmortem.postmortem import PostMortemScreen
from escalation_tui.tui.screens.incident_list import IncidentListScreen
from escalation_tui.tui.screens.war_room import WarRoomScreen

SIZES = [(80, 24), (160, 50)]
COUNTS = {"examples": 0, "screens": 0}


async def walk_everything(app, size, render_screen) -> list[str]:
    """Open the incident, visit every pane, the timeline and the post-mortem; the screens seen."""
    seen = []
    async with app.run_test(size=size, notifications=True, tooltips=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WarRoomScreen)
        # (Each key costs a restyle of the whole screen, ~0.5 s of CPU: press only what shows more.)
        for pane in ("1", "2", "3", "4") if size[0] < 120 else ("3",):  # one pane at a time, or all four
            await pilot.press(pane)
            seen.append(render_screen(app))
        await pilot.press("t")
        seen.append(render_screen(app))
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, PostMortemScreen)
        for part in ("1", "2", "3"):
            await pilot.press(part)
            await pilot.pause(0.2)  # the preview parses the Markdown in a thread
            seen.append(render_screen(app))
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, IncidentListScreen)
        seen.append(render_screen(app))
        assert app.return_code is None
    return seen


@pytest.mark.parametrize("zone", ZONES)
@TUI_SETTINGS
@given(document=valid_documents(), size=st.sampled_from(SIZES))
def test_an_accepted_import_opens_in_every_pane_of_the_tui(
    zone, document, size, store_path, make_app, screen_text, capsys
):
    incident_id = document["incident"]["id"]
    source = store_path.parent / f"{incident_id}.json"
    write_document(source, json.dumps(document))
    code = main(["--db", str(store_path), "import", str(source)])
    out, err = capsys.readouterr()
    assert code == 0, err  # a valid export is accepted (the CLI half checks refusals)
    try:
        with time_zone(zone):
            screens = asyncio.run(walk_everything(make_app(incident_id), size, screen_text))
    finally:  # an empty store for the next example
        for path in store_path.rglob("*"):
            if not path.is_dir():
                path.unlink()
        capsys.readouterr()
    for text in screens:
        found = CONTROL.search(text)
        assert found is None, f"{found.group()!r} on screen in {zone}"
    COUNTS["examples"] += 1
    COUNTS["screens"] += len(screens)
    print(f"\nTUI property: {COUNTS['examples']} incidents opened, {COUNTS['screens']} screens checked")


async def test_copied_store_files_and_escapes_from_outside_never_reach_the_screen(
    service, store, tmp_path, screen_text
):
    """Defects 4 and 7 in the TUI: a copied store file killed it at start (DuplicateKey), and
    escape sequences in a store file's name or key and in config section names went to the
    screen raw in the "Skipped" and "Settings ignored" toasts."""
    from escalation_tui.store.config_files import load_settings
    from escalation_tui.tui import EscalationApp
    from escalation_tui.tui.screens.incident_list import IncidentTable

    session = service.declare("Checkout 500s", severity=1, kind="technical")
    raw = store.path_for(session.id).read_bytes()
    (store.incidents_dir / "zzzz99.json").write_bytes(raw)  # a copy under another name
    document = json.loads(raw)
    document["incident"]["1"]["\x1b]52;c;ZXZpbA==\x07"] = 1  # a key inside a store file
    (store.incidents_dir / "\x1b]0;owned\x07.json").write_text(json.dumps(document))  # and a file name
    config = tmp_path / "evil-config"
    config.mkdir()
    (config / "config.toml").write_text('[cadence."\\u001b[2Jcleared"]\nevery_minutes = 5\n')
    _, warnings = load_settings(config)
    app = EscalationApp(service, warnings=warnings)
    app.animation_level = "none"
    async with app.run_test(size=(160, 50), notifications=True, tooltips=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, IncidentListScreen)
        assert app.screen.query_one(IncidentTable).row_count == 1
        text = screen_text(app)
        assert CONTROL.search(text) is None
        messages = " ".join(n.message for n in app._notifications)
        assert "\x1b" not in messages and "\\x1b]0;owned\\x07" in messages and "\\x1b[2Jcleared" in messages
        assert "holds incident" in messages
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WarRoomScreen) and app.screen.session.id == session.id
        assert app.return_code is None
