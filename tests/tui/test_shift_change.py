"""Handoff (H) and links (L) in the war room, and the incident list's search (/)."""

from escalation_tui.domain.enums import EventKind
from escalation_tui.store import IncidentStore
from escalation_tui.tui.dialogs.confirm import ConfirmDialog
from escalation_tui.tui.dialogs.handoff import HandoffDialog
from escalation_tui.tui.dialogs.link import LinkDialog
from escalation_tui.tui.screens.incident_list import IncidentListScreen, IncidentTable
from escalation_tui.tui.screens.war_room import WarRoomScreen


def _stored(store_path, incident_id):
    return IncidentStore(store_path).load(incident_id)


async def test_h_shows_the_summary_and_handing_over_records_it(demo, make_app, size, screen_text, store_path):
    app = make_app(demo.id)
    async with app.run_test(size=size) as pilot:
        await pilot.press("H")
        assert isinstance(app.screen, HandoffDialog)
        text = screen_text(app)
        assert "Handoff summary for the next shift" in text
        assert "# Handoff: Checkout API returning 500s" in text
        assert "Hand over" in text and "Cancel" in text  # the buttons fit at 80x24 too
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WarRoomScreen)
    event = _stored(store_path, demo.id).timeline[-1]
    assert event.kind == EventKind.HANDOFF and event.text.startswith("Handoff summary for the next shift")


async def test_escape_hands_nothing_over(demo, make_app, store_path):
    before = len(_stored(store_path, demo.id).timeline)
    app = make_app(demo.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("H", "escape")
        assert isinstance(app.screen, WarRoomScreen)
    assert len(_stored(store_path, demo.id).timeline) == before


async def test_the_summary_can_be_saved_to_a_file(demo, make_app, size, tmp_path, monkeypatch, store_path):
    monkeypatch.chdir(tmp_path)
    app = make_app(demo.id)
    async with app.run_test(size=size) as pilot:
        await pilot.press("H", "tab", *"h.md", "enter")
        await pilot.pause()
        assert isinstance(app.screen, WarRoomScreen)
    assert (tmp_path / "h.md").read_text().startswith("# Handoff: Checkout API returning 500s\n")
    assert _stored(store_path, demo.id).timeline[-1].kind == EventKind.HANDOFF


async def test_a_refused_write_is_shown_and_records_nothing(
    demo, make_app, tmp_path, monkeypatch, store_path
):
    monkeypatch.chdir(tmp_path)
    before = len(_stored(store_path, demo.id).timeline)
    app = make_app(demo.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("H", "tab", *"nofolder/h.md", "enter")
        await pilot.pause()
        assert isinstance(app.screen, HandoffDialog)  # stays open, with what was typed
        assert "no such folder; nothing was written" in str(app.screen.query_one(".dialog-error").render())
    assert len(_stored(store_path, demo.id).timeline) == before


async def test_a_confidential_summary_asks_before_it_goes_into_a_file(
    service, make_app, tmp_path, monkeypatch, store_path
):
    monkeypatch.chdir(tmp_path)
    secret = service.declare("Lead is burning out", severity=2, kind="people")
    app = make_app(secret.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("H", "tab", *"h.md", "enter")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")  # not saved, nothing recorded; the summary is still there
        assert isinstance(app.screen, HandoffDialog) and not (tmp_path / "h.md").exists()
        await pilot.press("enter")
        await pilot.press("enter")  # "Save anyway"
        await pilot.pause()
        assert isinstance(app.screen, WarRoomScreen)
    assert "Lead is burning out" in (tmp_path / "h.md").read_text()
    assert _stored(store_path, secret.id).timeline[-1].kind == EventKind.HANDOFF


async def test_l_adds_a_link_shown_under_the_header_then_removes_it(
    demo, make_app, size, screen_text, store_path
):
    app = make_app(demo.id)
    async with app.run_test(size=size) as pilot:
        assert "Links" not in screen_text(app).splitlines()[1]  # none yet: no bar
        await pilot.press("L", *"bridge", "enter", *"https://meet.example.com/abc", "enter")
        await pilot.pause()
        assert isinstance(app.screen, WarRoomScreen)
        assert [(x.label, x.url) for x in _stored(store_path, demo.id).links] == [
            ("bridge", "https://meet.example.com/abc")
        ]
        assert "Links bridge https://meet.example.com/abc  (L)" in screen_text(app)

        await pilot.press("L")
        assert isinstance(app.screen, LinkDialog)
        text = screen_text(app)
        assert "bridge: https://meet.example.com/abc" in text  # in full, to copy
        assert "or plain text; empty removes" in text  # the hint fits at 80 columns
        await pilot.press(*"BRIDGE", "enter", "enter")  # an empty address removes it
        await pilot.pause()
        assert isinstance(app.screen, WarRoomScreen)
        assert _stored(store_path, demo.id).links == []
        assert "Links bridge" not in screen_text(app)


async def test_a_bad_link_is_refused_inline_and_hostile_labels_stay_text(
    demo, make_app, screen_text, store_path
):
    app = make_app(demo.id)
    async with app.run_test(size=(80, 24), notifications=True, tooltips=True) as pilot:
        await pilot.press("L", *"runbook", "enter", *"javascript:alert(1)", "enter")
        await pilot.pause()
        assert isinstance(app.screen, LinkDialog)
        assert "scheme 'javascript' is not allowed" in screen_text(app)
        await pilot.press("escape")
        app.screen.session.set_link("[b]x[/b] [@click=app.quit]q[/]", "a [/ b")
        app.screen.show_incident()
        await pilot.pause()
        assert "Links [b]x[/b] [@click=app.quit]q[/] a [/ b" in screen_text(app)


def _titles(app) -> list[str]:
    table = app.screen.query_one(IncidentTable)
    return [str(table.get_row_at(i)[-1]) for i in range(table.row_count)]


async def test_slash_filters_the_list_by_any_text_and_escape_clears_it(service, make_app, size, screen_text):
    pool = service.declare("Checkout API returning 500s", severity=1, kind="technical")
    pool.add_why("The connection POOL was halved")
    service.declare("Vendor API late", severity=3, kind="process")
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert len(_titles(app)) == 2
        await pilot.press("slash", *"pool")
        assert _titles(app) == ["Checkout API returning 500s"]
        assert "1 mention “pool”" in screen_text(app)
        await pilot.press("backspace", "backspace", "backspace", "backspace", *"zebra")
        assert _titles(app) == []
        assert "No incident mentions “zebra”. Press escape to clear the search." in screen_text(app)
        await pilot.press("escape")
        assert len(_titles(app)) == 2 and "mention" not in screen_text(app)
        await pilot.press("slash", *"vendor", "enter", "enter")  # enter keeps the filter, enter opens
        await pilot.pause()
        assert (
            isinstance(app.screen, WarRoomScreen) and app.screen.session.incident.title == "Vendor API late"
        )
        await pilot.press("escape")
        assert isinstance(app.screen, IncidentListScreen)


async def test_the_filtered_list_keeps_ticking(service, clock, make_app):
    service.declare("Checkout API returning 500s", severity=1, kind="technical")
    service.declare("Vendor API late", severity=3, kind="process")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"vendor")
        clock.advance(minutes=1)
        app.screen.tick()  # a hidden row's cells are not updated: no error
        await pilot.pause()
        assert _titles(app) == ["Vendor API late"]


async def test_help_opens_at_the_keys_of_where_you_are(demo, make_app, size, screen_text):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.press("question_mark")
        text = screen_text(app)
        assert "Incident list" in text and "Show only incidents whose text mentions" in text
        await pilot.press("escape", "enter", "question_mark")
        text = screen_text(app)
        assert "War room (whatever pane has focus)" in text and "Show or hide the timeline" in text
