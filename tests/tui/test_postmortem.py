"""The post-mortem screen (x): lessons and write-up, blame check, preview, save to a file."""

import tempfile

from textual.widgets import Input, Static, Tabs, TextArea
from textual.widgets._markdown import MarkdownH1, MarkdownH2
from textual.widgets._tooltip import Tooltip
from tui_support import notices, one_size

from escalation_tui.domain.enums import EventKind
from escalation_tui.export.markdown import CONFIDENTIAL_BANNER, render_postmortem
from escalation_tui.store import IncidentStore
from escalation_tui.tui.dialogs.choice import ChoiceDialog
from escalation_tui.tui.dialogs.confirm import ConfirmDialog
from escalation_tui.tui.dialogs.text_entry import TextEntryDialog
from escalation_tui.tui.keys import keys_in, split_action
from escalation_tui.tui.postmortem.blame import BlameList
from escalation_tui.tui.postmortem.export_dialog import ExportDialog
from escalation_tui.tui.postmortem.lessons import LessonsList
from escalation_tui.tui.postmortem.postmortem import PostMortemScreen
from escalation_tui.tui.postmortem.preview import PostMortemPreview, PreviewTable
from escalation_tui.tui.screens.war_room import WarRoomScreen

DEMO_FILE = "postmortem-2026-11-28-checkout-api-returning-500s.md"  # declared 02:20 UTC that day
HOSTILE = ["[b]x[/b]", "a [/ b", "[@click=app.quit]x[/]"]


async def open_postmortem(app, pilot) -> PostMortemScreen:
    await pilot.pause()
    assert isinstance(app.screen, WarRoomScreen)
    await pilot.press("x")
    await pilot.pause()
    assert isinstance(app.screen, PostMortemScreen)
    return app.screen


async def wait_for_preview(pilot, screen: PostMortemScreen) -> PostMortemPreview:
    """The Markdown widget parses in a thread and mounts in batches: wait until it shows the
    current document."""
    preview = screen.query_one(PostMortemPreview)
    for _ in range(200):
        await pilot.pause(0.05)  # it waits for changes to settle (PREVIEW_DELAY) before it renders
        if preview.source == screen.document() and preview.query(MarkdownH2) and not preview.lock.is_locked:
            return preview
    raise AssertionError("the preview never showed the document")


async def type_text(pilot, text: str) -> None:
    await pilot.press(*text)  # one key per character, brackets and spaces included


def paste(app, text: str) -> None:
    """Into the open dialog's text area at its cursor (typing costs the harness ~60 ms a key)."""
    app.screen.query_one(TextArea).insert(text)


def table_cells(preview: PostMortemPreview, table: PreviewTable | None = None) -> list[str]:
    """Every cell of every table in the preview (or of one), as shown."""
    tables = [table] if table else preview.query(PreviewTable)
    return [cell.plain for table in tables for column in table.table.columns for cell in column.cells]


def dialog_error(app) -> str:
    error = app.screen.query_one(".dialog-error", Static)
    return str(error.render()) if error.display else ""


def lessons(store_path, incident_id):
    return IncidentStore(store_path).load(incident_id).lessons


# -- opening, layout, going back ---------------------------------------------------------


def test_every_post_mortem_key_has_its_action():
    """What test_keys checks for the other scopes: each bound key's action exists where it runs."""
    for key in keys_in("postmortem"):
        _, name = split_action(key.action)
        assert callable(getattr(PostMortemScreen, f"action_{name}", None)), key
    assert {b.key for b in LessonsList.BINDINGS} >= {"a", "e", "d"}
    assert "e" in {b.key for b in BlameList.BINDINGS}


async def test_x_opens_the_post_mortem_and_every_part_is_reachable(demo, make_app, size, screen_text):
    app = make_app(demo.id)
    async with app.run_test(size=size) as pilot:
        screen = await open_postmortem(app, pilot)
        parts = {"1": "lessons-part", "2": "blame-part", "3": "preview-part"}
        for key, part_id in [*parts.items(), ("1", "lessons-part")]:
            await pilot.press(key)
            await pilot.pause()
            part = screen.query_one(f"#{part_id}")
            assert part in app.focused.ancestors_with_self, key
            shown = [p.id for p in screen.query(".pm-part") if p.region.area]
            if size == (80, 24):
                assert shown == [part_id] and screen.query_one(Tabs).display  # one at a time
            else:
                assert sorted(shown) == sorted(parts.values()) and not screen.query_one(Tabs).display
            widgets = [w for w in screen.query("#pm-title, Tabs, .pm-part, KeyBar") if w.region.area]
            for i, widget in enumerate(widgets):
                assert screen.region.contains_region(widget.region), widget
                assert not any(widget.region.overlaps(other.region) for other in widgets[i + 1 :]), widget
        text = screen_text(app)
        assert "What went well" in text and "Detection: not recorded yet" in text
        await pilot.press("escape")
        assert isinstance(app.screen, WarRoomScreen)


async def test_layout_follows_the_terminal_size(demo, make_app):
    app = make_app(demo.id)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_postmortem(app, pilot)
        assert not screen.compact
        await pilot.press("2")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert screen.compact
        assert [p.id for p in screen.query(".pm-part") if p.region.area] == [
            "blame-part"
        ]  # focus stays in view
        await pilot.click("#tab-preview")
        await pilot.pause()
        assert screen.active_part == "preview"
        assert [p.id for p in screen.query(".pm-part") if p.region.area] == ["preview-part"]


# -- lessons and the write-up ------------------------------------------------------------


async def test_add_edit_and_remove_a_lesson(demo, store_path, make_app, screen_text):
    app = make_app(demo.id)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_postmortem(app, pilot)
        await pilot.press("a")  # the cursor starts on "+ add to what went well"
        assert isinstance(app.screen, TextEntryDialog)
        await pilot.press("ctrl+s")  # nothing typed: refused inline, the dialog stays
        assert isinstance(app.screen, TextEntryDialog)
        assert "Type the lesson first" in screen_text(app)
        await type_text(pilot, "Rollback in 4 min")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert lessons(store_path, demo.id).went_well == ["Rollback in 4 min"]
        assert "• Rollback in 4 min" in screen_text(app)

        await pilot.press("e")  # the cursor is on the new lesson
        dialog = app.screen
        assert isinstance(dialog, TextEntryDialog) and dialog.query_one(TextArea).text == "Rollback in 4 min"
        await type_text(pilot, " flat")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert lessons(store_path, demo.id).went_well == ["Rollback in 4 min flat"]

        await pilot.press("d")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")  # not removed
        assert lessons(store_path, demo.id).went_well == ["Rollback in 4 min flat"]
        await pilot.press("d", "enter")
        await pilot.pause()
        assert lessons(store_path, demo.id).went_well == []
        assert "Rollback in 4 min" not in screen_text(app)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert lessons(store_path, demo.id).went_well == ["Rollback in 4 min flat"]


async def test_add_asks_which_list_when_the_cursor_is_on_the_write_up(demo, store_path, make_app):
    app = make_app(demo.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_postmortem(app, pilot)
        await pilot.press("end", "a")  # last row: Resolution and validation
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("j", "enter")  # what went wrong
        assert isinstance(app.screen, TextEntryDialog)
        paste(app, "No alert on pool size")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert lessons(store_path, demo.id).went_wrong == ["No alert on pool size"]


async def test_escape_with_typed_text_asks_before_discarding(demo, store_path, make_app):
    app = make_app(demo.id)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_postmortem(app, pilot)
        await pilot.press("a")
        await type_text(pilot, "half")
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")  # keep editing
        assert isinstance(app.screen, TextEntryDialog)
        assert app.screen.query_one(TextArea).text == "half"
        await pilot.press("escape", "enter")  # discard
        assert app.screen is screen
    assert lessons(store_path, demo.id).went_well == []


async def test_detection_and_resolution_are_edited_in_a_text_dialog(demo, store_path, make_app):
    app = make_app(demo.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_postmortem(app, pilot)
        await pilot.press("end", "enter")  # Resolution and validation
        assert isinstance(app.screen, TextEntryDialog)
        paste(app, "Rolled back; errors at 0.1% for 30 min")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("k", "k", "k", "e")  # Trigger, What was tried, then Detection
        paste(app, "Error-rate alert at 02:14")
        await pilot.press("enter")  # a new line: this is a multi-line text
        paste(app, "Paged within 1 min")
        await pilot.press("ctrl+s")
        await pilot.pause()
    stored = IncidentStore(store_path).load(demo.id)
    assert stored.resolution == "Rolled back; errors at 0.1% for 30 min"
    assert stored.detection == "Error-rate alert at 02:14\nPaged within 1 min"


# -- blame check ---------------------------------------------------------------------------


@one_size
async def test_blaming_lesson_is_flagged_edited_from_the_flag_and_never_rewritten(
    demo, store_path, clock, service, make_app, size, screen_text, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    demo.add_lesson("went_well", "Rollback was quick")
    demo.add_lesson("went_wrong", "Bob forgot to page the on-call")
    app = make_app(demo.id)
    async with app.run_test(size=size, notifications=True) as pilot:
        screen = await open_postmortem(app, pilot)
        await pilot.press("2")
        await pilot.pause()
        text = screen_text(app)
        assert "Blame check (1)" in text
        assert "Lessons › what went wrong #1" in text
        assert "Bob forgot to page the on-call" in text
        assert "makes a person the cause of the error" in text
        await pilot.press("e")
        dialog = app.screen
        assert isinstance(dialog, TextEntryDialog)
        assert (
            dialog.query_one(TextArea).text == "Bob forgot to page the on-call"
        )  # the flagged lesson, as written
        await pilot.press("escape")
        await pilot.press("s")
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        assert "flagged 1 sentence" in screen_text(app)
        await pilot.press("enter")  # export anyway
        await pilot.pause()
        assert app.screen is screen
    stored = IncidentStore(store_path).load(demo.id)
    assert stored.lessons.went_wrong == ["Bob forgot to page the on-call"]
    saved = (tmp_path / DEMO_FILE).read_text()
    assert "- Bob forgot to page the on-call\n" in saved
    assert saved == render_postmortem(stored, clock.now(), service.settings.cadences)


async def test_rewording_a_flagged_text_clears_its_flag(demo, store_path, make_app):
    demo.set_text("detection", "The on-call engineer ignored the alert")
    app = make_app(demo.id)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_postmortem(app, pilot)
        assert [f.ref for f in screen.query_one("#blame").flags] == ["detection"]
        await pilot.press("2", "enter")
        await pilot.press("f7", "delete")  # TextArea's select all
        paste(app, "The alert fired but paged a retired rota")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert screen.query_one("#blame").flags == []
    assert IncidentStore(store_path).load(demo.id).detection == "The alert fired but paged a retired rota"


async def test_flags_outside_this_screen_say_where_to_edit_them(demo, make_app, screen_text):
    demo.add_why("Bob broke prod")
    app = make_app(demo.id)
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        screen = await open_postmortem(app, pilot)
        await pilot.press("2")
        await pilot.pause()
        assert screen.query_one("#blame").flag.ref.startswith("whys.")
        assert screen.check_action("edit_flagged", ()) is False  # e is not offered
        assert "5 Whys pane (3)" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen  # no dialog; it says where
        assert "5 Whys pane (3)" in " ".join(notices(app))


# -- preview ---------------------------------------------------------------------------


@one_size
async def test_preview_shows_the_document_with_its_headings(demo, clock, service, make_app, size):
    demo.add_note("line one\nline two", EventKind.NOTE)  # a table cell with a line break
    app = make_app(demo.id)
    async with app.run_test(size=size) as pilot:
        screen = await open_postmortem(app, pilot)
        await pilot.press("3")
        preview = await wait_for_preview(pilot, screen)
        expected = render_postmortem(demo.incident, clock.now(), service.settings.cadences)
        assert preview.source == expected
        assert [str(h._content) for h in preview.query(MarkdownH1)] == [
            "Post-mortem: Checkout API returning 500s"
        ]
        headings = [str(h._content) for h in preview.query(MarkdownH2)]
        assert headings[:3] == ["Summary", "Impact", "Detection"]
        assert {"Timeline", "Root cause", "Lessons", "Action items", "Metrics"} <= set(headings)
        # <br> in a cell shows as a line break in the preview; the document keeps it
        assert "line one<br>line two" in preview.source
        assert "line one\nline two" in table_cells(preview)


async def test_preview_follows_changes_side_by_side(demo, store_path, make_app):
    app = make_app(demo.id)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_postmortem(app, pilot)
        await wait_for_preview(pilot, screen)  # side by side: shown from the start
        await pilot.press("a")
        paste(app, "Canary caught nothing")
        await pilot.press("ctrl+s")
        preview = await wait_for_preview(pilot, screen)
        assert "- Canary caught nothing" in preview.source
        await pilot.press("d", "enter")
        await pilot.pause()
        assert lessons(store_path, demo.id).went_well == []
        preview = await wait_for_preview(pilot, screen)
        assert "Canary caught nothing" not in preview.source


async def test_hovering_a_table_cell_with_brackets_does_not_crash(service, make_app, screen_text):
    """textual #6642: upstream gives each table cell its text as a str tooltip, parsed as markup on hover."""
    session = service.declare("Queue backlog", severity=2, kind="technical")
    for text in HOSTILE:
        session.add_note(text, EventKind.FINDING)
    app = make_app(session.id)
    app.TOOLTIP_DELAY = 0.001  # a tooltip would show on the next timer tick, not after half a second
    async with app.run_test(size=(80, 24), notifications=True, tooltips=True) as pilot:
        screen = await open_postmortem(app, pilot)
        await pilot.press("3")
        preview = await wait_for_preview(pilot, screen)
        assert set(HOSTILE) <= set(table_cells(preview))
        timeline = next(t for t in preview.query(PreviewTable) if "a [/ b" in table_cells(preview, t))
        timeline.scroll_visible(animate=False, immediate=True)
        await pilot.pause()
        shown = screen_text(app)
        for text in HOSTILE:
            assert text in shown  # as typed, in its cell
            row = next(y for y, line in enumerate(shown.splitlines()) if text in line)
            column = shown.splitlines()[row].index(text)
            await pilot.hover(offset=(column + 1, row))
            await pilot.pause(0.05)  # harness time for a tooltip timer to fire, if anything set one
            await pilot.click(offset=(column + 1, row))  # an [@click=...] would act here
            await pilot.pause()
        assert not app.screen.query_one(Tooltip).display
        assert app.screen is screen
    assert app.return_code in (None, 0)


# -- saving ----------------------------------------------------------------------------


@one_size
async def test_save_writes_exactly_the_document_and_says_where(
    demo, store_path, clock, service, make_app, size, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    app = make_app(demo.id)
    async with app.run_test(size=size, notifications=True) as pilot:
        await open_postmortem(app, pilot)
        await pilot.press("s")
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        assert dialog.query_one(Input).value == DEMO_FILE
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PostMortemScreen)
        assert f"Post-mortem saved to {tmp_path / DEMO_FILE}" in " ".join(notices(app))
    stored = IncidentStore(store_path).load(demo.id)
    assert (tmp_path / DEMO_FILE).read_text() == render_postmortem(
        stored, clock.now(), service.settings.cadences
    )


async def test_an_existing_file_is_replaced_only_after_asking(demo, make_app, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    existing = tmp_path / DEMO_FILE
    existing.write_text("my notes")
    app = make_app(demo.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_postmortem(app, pilot)
        await pilot.press("s", "enter")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")  # keep it
        assert isinstance(app.screen, ExportDialog) and app.focused is app.screen.query_one(Input)
        assert existing.read_text() == "my notes"
        await pilot.press("enter", "enter")  # asked again; replace
        await pilot.pause()
        assert isinstance(app.screen, PostMortemScreen)
    assert existing.read_text().startswith("# Post-mortem: Checkout API returning 500s")


async def test_confidential_incident_needs_a_confirmation(
    service, clock, make_app, screen_text, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    session = service.declare("Team lead burning out", severity=3, kind="people")
    assert session.incident.confidential
    app = make_app(session.id)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_postmortem(app, pilot)
        await pilot.press("s")
        assert isinstance(app.screen, ConfirmDialog)
        assert "confidential" in screen_text(app)
        await pilot.press("escape")
        assert app.screen is screen
        await pilot.press("s", "enter")  # save anyway
        assert isinstance(app.screen, ExportDialog)
        await pilot.press("enter")
        await pilot.pause()
    saved = (tmp_path / "postmortem-2026-11-28-team-lead-burning-out.md").read_text()
    assert saved.startswith(CONFIDENTIAL_BANNER)


async def test_save_errors_are_shown_in_the_dialog_with_the_path_kept(demo, make_app, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app(demo.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_postmortem(app, pilot)
        await pilot.press("s")
        path = app.screen.query_one(Input)
        path.value = ""
        await pilot.press("enter")
        assert dialog_error(app).startswith("Type a file name")

        path.value = "nosuch/pm.md"
        await pilot.press("enter")
        assert isinstance(app.screen, ExportDialog) and path.value == "nosuch/pm.md"
        assert dialog_error(app) == f"{tmp_path / 'nosuch'}: no such folder; nothing was written"

        def refuse(*args, **kwargs):
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(tempfile, "mkstemp", refuse)  # as root, chmod cannot refuse a write
        path.value = "pm.md"
        await pilot.press("enter")
        assert isinstance(app.screen, ExportDialog) and path.value == "pm.md"
        assert dialog_error(app) == f"{tmp_path}: cannot write (Permission denied); nothing was saved"
        assert not (tmp_path / "pm.md").exists()


# -- user text is data -------------------------------------------------------------------


@one_size
async def test_hostile_lesson_text_renders_literally(demo, store_path, make_app, size, screen_text):
    app = make_app(demo.id)
    async with app.run_test(size=size, notifications=True, tooltips=True) as pilot:
        screen = await open_postmortem(app, pilot)
        for text in HOSTILE:
            await pilot.press("a")
            if text == "a [/ b":
                await type_text(pilot, text)  # brackets typed as keys, like a user would
            else:
                paste(app, text)
            await pilot.press("ctrl+s")
            await pilot.pause()
        assert lessons(store_path, demo.id).went_well == HOSTILE
        await pilot.click("#lessons", offset=(6, 3))  # a live [@click=app.quit] would quit here
        await pilot.press("escape")  # the edit dialog the click opened
        text = screen_text(app)
        for hostile in HOSTILE:
            assert f"• {hostile}" in text
        await pilot.press("3")
        preview = await wait_for_preview(pilot, screen)
        assert "- \\[b\\]x\\[/b\\]" in preview.source  # escaped in the document...
        shown = [str(item._content) for item in preview.query("MarkdownParagraph")]
        assert set(HOSTILE) <= set(shown)  # ...and shown as typed
        assert app.screen is screen
    assert app.return_code in (None, 0)


async def test_palette_offers_what_applies_here(demo, make_app):
    from escalation_tui.tui.commands import EscalationCommands

    app = make_app(demo.id)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_postmortem(app, pilot)
        actions = {key.action for key, _ in EscalationCommands(screen).applicable()}
        assert {"save", "back", "screen.add_lesson", "screen.edit_row"} <= actions
        assert "screen.remove_lesson" not in actions  # the cursor is on "+ add", not a lesson
        assert "screen.edit_flagged" not in actions  # the blame check is not shown
        await pilot.press("3")
        await pilot.pause()
        assert "screen.add_lesson" not in {key.action for key, _ in EscalationCommands(screen).applicable()}
