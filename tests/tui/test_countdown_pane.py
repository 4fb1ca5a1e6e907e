"""Pane 2: the update countdown, its alarm, the cadence key, and logging an update with `u`.

The clock is a FixedClock: time moves only with clock.advance(), then the screen's tick.
"""

import io
import re
from contextlib import redirect_stdout
from datetime import UTC, datetime, timedelta

import pytest
from textual.widgets import Digits, Input, RadioSet, TextArea
from tui_support import notices, one_size

from escalation_tui.cli import main as cli_main
from escalation_tui.domain.cadence import Countdown
from escalation_tui.domain.enums import Audience
from escalation_tui.domain.updates import audiences, next_audience
from escalation_tui.store import IncidentStore
from escalation_tui.tui.dialogs.confirm import ConfirmDialog
from escalation_tui.tui.format import local_time
from escalation_tui.tui.panes.update.cadence_dialog import CadenceDialog
from escalation_tui.tui.panes.update.countdown import CountdownPane
from escalation_tui.tui.panes.update.countdown_alarm import OverdueAlarm
from escalation_tui.tui.panes.update.update_dialog import UpdateDialog
from escalation_tui.tui.screens.war_room import WarRoomScreen

T0 = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)  # the conftest clock's start


async def open_pane(app, pilot) -> tuple[WarRoomScreen, CountdownPane]:
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, WarRoomScreen)
    await pilot.press("2")  # at 80x24 only the active pane is on screen
    await pilot.pause()
    return screen, screen.query_one(CountdownPane)


async def tick(screen: WarRoomScreen, pilot) -> None:
    screen.tick()
    await pilot.pause()


def digits(pane: CountdownPane) -> str:
    return pane.query_one(Digits).value


def state_of(pane: CountdownPane) -> str:
    return next(
        c for c in ("-on-track", "-due-soon", "-overdue", "-stopped", "-no-cadence") if pane.has_class(c)
    )


def count_bells(app, clock) -> list:
    rung: list = []
    app.bell = lambda: rung.append(clock.now())  # app.bell() is looked up on the instance
    return rung


# -- the countdown ----------------------------------------------------------------------
async def test_before_the_first_update_it_counts_to_the_first_update_window(
    service, clock, make_app, size, screen_text
):
    session = service.declare("Checkout down", severity=1, kind="technical")
    app = make_app(session.id)
    async with app.run_test(size=size) as pilot:
        screen, pane = await open_pane(app, pilot)
        assert digits(pane) == "15:00" and state_of(pane) == "-on-track"
        text = screen_text(app)
        assert f"until the first update, due at {local_time(T0 + timedelta(minutes=15), T0)}" in text
        assert "every 30 min · first within 15 min · to internal + executive" in text
        assert "none sent yet · silent for under a minute" in text
        clock.advance(minutes=6, seconds=30)
        await tick(screen, pilot)
        assert digits(pane) == "08:30"
        assert "silent for 6 min" in screen_text(app)


async def test_after_an_update_it_counts_a_full_interval_from_that_update(
    service, clock, make_app, size, screen_text
):
    session = service.declare("Checkout down", severity=1, kind="technical")
    clock.advance(minutes=10)
    session.log_update("internal", "Investigating.\nSecond line stays out of the list")
    clock.advance(minutes=4)
    app = make_app(session.id)
    async with app.run_test(size=size) as pilot:
        _screen, pane = await open_pane(app, pilot)
        assert digits(pane) == "26:00"  # 10 + 30 - 14
        text = screen_text(app)
        assert "until the next update, due at" in text and "first within" not in text
        assert "every 30 min · to internal + executive" in text  # a major incident: executives too
        assert "1 sent · 1 of 1 on time (100%) · longest silence 10 min" in text
        sent = local_time(T0 + timedelta(minutes=10), clock.now())
        assert re.search(rf"{sent}\s+internal\s+Investigating\.\s", text)
        assert "Second line" not in text


async def test_due_soon_then_overdue_rings_at_due_and_every_five_minutes(
    service, clock, make_app, screen_text
):
    session = service.declare("Checkout down", severity=1, kind="technical")
    app = make_app(session.id)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        bells = count_bells(app, clock)
        screen, pane = await open_pane(app, pilot)
        clock.advance(minutes=12, seconds=59)
        await tick(screen, pilot)
        assert (digits(pane), state_of(pane)) == ("02:01", "-on-track")
        clock.advance(seconds=1)
        await tick(screen, pilot)
        assert (digits(pane), state_of(pane)) == ("02:00", "-due-soon")
        assert "Due soon: the first update" in screen_text(app)
        clock.advance(minutes=1, seconds=59)
        await tick(screen, pilot)
        assert digits(pane) == "00:01" and bells == []
        clock.advance(seconds=1)  # 15:00 after declaring: due now
        await tick(screen, pilot)
        assert (digits(pane), state_of(pane)) == ("+00:00", "-overdue")
        assert len(bells) == 1
        text = screen_text(app)
        assert "Overdue since" in text and "A stakeholder update is due now" in " ".join(notices(app))
        for _ in range(4):  # ticks inside the first five minutes ring no more
            clock.advance(minutes=1, seconds=10)
            await tick(screen, pilot)
        assert digits(pane) == "+04:40" and len(bells) == 1
        clock.advance(seconds=20)  # +05:00: the reminder
        await tick(screen, pilot)
        assert len(bells) == 2 and "overdue by 05:00: press u" in " ".join(notices(app))
        await tick(screen, pilot)  # the same second again (a re-render): no second ring
        assert len(bells) == 2


async def test_the_alarm_rings_while_another_pane_is_on_show(service, clock, make_app, size):
    """At 80x24 pane 2 is out of view most of the time: it is still what rings for this incident."""
    session = service.declare("Checkout down", severity=1, kind="technical")
    app = make_app(session.id)
    async with app.run_test(size=size, notifications=True) as pilot:
        bells = count_bells(app, clock)
        await pilot.pause()
        screen = app.screen
        await pilot.press("1")
        clock.advance(minutes=15)  # the first update is due 15 minutes after declaring
        await tick(screen, pilot)
        assert len(bells) == 1 and "A stakeholder update is due now" in " ".join(notices(app))
        assert not app.screen.query_one(CountdownPane).has_class("-active")


async def test_a_laptop_waking_late_shows_the_right_time_and_rings_once(service, clock, make_app):
    session = service.declare("Checkout down", severity=1, kind="technical")
    app = make_app(session.id)
    async with app.run_test(size=(160, 50)) as pilot:
        bells = count_bells(app, clock)
        screen, pane = await open_pane(app, pilot)
        clock.advance(hours=2, minutes=3, seconds=12)  # no ticks while suspended
        await tick(screen, pilot)
        assert digits(pane) == "+1:48:12" and len(bells) == 1  # not one per missed reminder
        clock.advance(minutes=1)
        await tick(screen, pilot)
        assert len(bells) == 1
        clock.advance(minutes=4)  # +1:53:12 crosses the +1:50 reminder
        await tick(screen, pilot)
        assert len(bells) == 2


async def test_changing_severity_recomputes_the_deadline(service, clock, make_app, store_path):
    session = service.declare("Checkout down", severity=1, kind="technical")
    clock.advance(minutes=20)
    app = make_app(session.id)
    async with app.run_test(size=(80, 24)) as pilot:
        _screen, pane = await open_pane(app, pilot)
        assert digits(pane) == "+05:00"
        await pilot.press("S", "j", "enter")  # SEV1 -> SEV2: first update within 60 min
        await pilot.pause()
        assert digits(pane) == "40:00" and state_of(pane) == "-on-track"
        await pilot.press("S", "j", "j", "enter")  # SEV4: no regular updates
        await pilot.pause()
        assert (digits(pane), state_of(pane)) == ("--:--", "-no-cadence")
    assert IncidentStore(store_path).load(session.id).severity == "SEV4"


@one_size
async def test_resolved_stops_the_countdown_and_the_alarm(service, clock, make_app, size, screen_text):
    session = service.declare("Checkout down", severity=1, kind="technical")
    app = make_app(session.id)
    async with app.run_test(size=size) as pilot:
        bells = count_bells(app, clock)
        screen, pane = await open_pane(app, pilot)
        clock.advance(minutes=5)
        await pilot.press("R", "enter")
        await pilot.pause()
        assert (digits(pane), state_of(pane)) == ("--:--", "-stopped")
        text = screen_text(app)
        assert f"Resolved at {local_time(clock.now(), clock.now())}: countdown stopped" in text
        assert "updates were due every 30 min" in text
        assert pane.check_action("change_cadence", ()) is False  # `c` leaves the footer
        clock.advance(hours=3)
        await tick(screen, pilot)
        assert digits(pane) == "--:--" and bells == []


# -- the cadence key ----------------------------------------------------------------------
@one_size
async def test_c_changes_the_cadence_for_this_incident(
    service, clock, make_app, store_path, size, screen_text
):
    session = service.declare("Checkout down", severity=1, kind="technical")
    app = make_app(session.id)
    async with app.run_test(size=size, notifications=True) as pilot:
        screen, pane = await open_pane(app, pilot)
        await pilot.press("c")
        assert isinstance(app.screen, CadenceDialog)
        minutes = app.screen.query_one(Input)
        assert minutes.value == ""  # the severity default
        assert "SEV1 default: every 30 min, the first within 15 min." in screen_text(app)
        for bad, message in [
            ("ten", "'ten' is not a number"),
            ("99999", "less than or equal to 10080"),
            ("-5", "greater than or equal to 0"),
        ]:
            minutes.value = bad
            await pilot.press("enter")
            assert isinstance(app.screen, CadenceDialog) and minutes.value == bad  # kept, said why
            assert message in screen_text(app)
        minutes.value = "10"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert IncidentStore(store_path).load(session.id).cadence_minutes == 10
        assert digits(pane) == "10:00"  # the first update comes no later than one interval
        assert "every 10 min (set for this incident)" in screen_text(app)
        await pilot.press("c")
        assert app.screen.query_one(Input).value == "10"
        app.screen.query_one(Input).value = "0"
        await pilot.press("enter")
        await pilot.pause()
        assert (digits(pane), state_of(pane)) == ("--:--", "-no-cadence")
        assert "No regular updates for this incident" in screen_text(app)
        await pilot.press("c")
        app.screen.query_one(Input).value = " "
        await pilot.press("enter")  # empty: back to the SEV1 default
        await pilot.pause()
        assert digits(pane) == "15:00"
        await pilot.press("c", "escape")
        assert app.screen is screen
    assert IncidentStore(store_path).load(session.id).cadence_minutes is None


# -- logging an update -----------------------------------------------------------------------
@one_size
async def test_u_logs_an_update_resets_the_countdown_and_copies_it(
    service, clock, make_app, store_path, size, screen_text
):
    session = service.declare("Checkout down", severity=1, kind="technical")
    session.set_text("impact", "Half of checkouts fail")
    clock.advance(minutes=20)  # five minutes overdue
    app = make_app(session.id)
    async with app.run_test(size=size, notifications=True) as pilot:
        copied: list[str] = []
        app.copy_to_clipboard = copied.append
        screen, pane = await open_pane(app, pilot)
        assert digits(pane) == "+05:00"
        await pilot.press("u")
        dialog = app.screen
        assert isinstance(dialog, UpdateDialog) and dialog.audience == Audience.INTERNAL
        area = dialog.query_one(TextArea)
        assert area.text.startswith("[SEV1] Checkout down — update")
        await pilot.press("right", "enter")  # executive: the short version
        await pilot.pause()
        assert dialog.audience == Audience.EXECUTIVE and app.focused is area
        assert area.text.startswith("Checkout down (SEV1): investigating.\nImpact: Half of checkouts fail")
        assert area.cursor_location == (2, len("ETA: "))  # waiting at the blank to fill in
        await pilot.press(*"20m", "space", "f", "i", "x")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        stored = IncidentStore(store_path).load(session.id)
        assert [(u.audience, u.sent_at) for u in stored.updates] == [(Audience.EXECUTIVE, clock.now())]
        assert "ETA: 20m fix\n" in stored.updates[0].text
        assert stored.timeline[-1].text.startswith("Update sent (executive): Checkout down (SEV1)")
        assert copied == [stored.updates[0].text]
        assert digits(pane) == "30:00" and state_of(pane) == "-on-track"  # reset
        text = screen_text(app)
        assert "Update to executive logged and sent to the clipboard" in " ".join(notices(app))
        assert "1 sent · 0 of 1 on time (0%)" in text  # it was five minutes late


async def test_switching_audience_redrafts_unless_edited_then_asks(service, make_app):
    session = service.declare("Checkout down", severity=2, kind="technical")
    app = make_app(session.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_pane(app, pilot)
        await pilot.press("u")
        dialog = app.screen
        area = dialog.query_one(TextArea)
        await pilot.press("right", "right", "enter")  # customer: nothing internal
        await pilot.pause()
        assert dialog.audience == Audience.CUSTOMER
        assert area.text.startswith("We are investigating a problem") and "SEV2" not in area.text
        await pilot.press("ctrl+a", *"Mine")  # the manager's own words
        await pilot.pause()
        edited = area.text
        dialog.query_one(RadioSet).focus()
        await pilot.press("left", "enter")  # executive
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")  # keep my text
        await pilot.pause()
        assert app.screen is dialog and dialog.audience == Audience.EXECUTIVE and area.text == edited
        dialog.query_one(RadioSet).focus()
        await pilot.press("left", "enter")  # internal, and this time replace
        await pilot.press("enter")
        await pilot.pause()
        assert area.text.startswith("[SEV2] Checkout down")


async def test_a_refused_save_keeps_the_dialog_and_the_text(service, make_app, store_path, screen_text):
    session = service.declare("Checkout down", severity=1, kind="technical")
    app = make_app(session.id)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        copied: list[str] = []
        app.copy_to_clipboard = copied.append
        await open_pane(app, pilot)
        await pilot.press("u")
        dialog = app.screen
        area = dialog.query_one(TextArea)
        area.load_text("x" * 20_001)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog and area.text == "x" * 20_001
        assert "text: is too long (20,001 characters; the limit is 20,000)" in screen_text(app)
        area.load_text("   ")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog and "text: must not be empty" in screen_text(app)
    assert IncidentStore(store_path).load(session.id).updates == [] and copied == []


async def test_cancelling_an_edited_update_asks_first(service, make_app, store_path):
    session = service.declare("Checkout down", severity=1, kind="technical")
    app = make_app(session.id)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, _ = await open_pane(app, pilot)
        await pilot.press("u", "escape")  # untouched draft: closes at once
        assert app.screen is screen
        await pilot.press("u", "tab", *"abc", "escape")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")  # keep editing
        assert isinstance(app.screen, UpdateDialog)
        await pilot.press("escape", "enter")  # discard
        await pilot.pause()
        assert app.screen is screen
    assert IncidentStore(store_path).load(session.id).updates == []


async def test_hostile_text_in_the_countdown_pane_and_update_dialog(service, clock, make_app, screen_text):
    session = service.declare("[@click=app.quit]x[/]", severity=1, kind="technical")
    session.set_text("impact", "a [/ b")
    session.log_update("internal", "[b]x[/b] rolled back")
    app = make_app(session.id)
    async with app.run_test(size=(160, 50), notifications=True, tooltips=True) as pilot:
        app.copy_to_clipboard = lambda text: None
        screen, _pane = await open_pane(app, pilot)
        assert "[b]x[/b] rolled back" in screen_text(app)
        await pilot.click("#updates-table", offset=(30, 1))
        await pilot.press("u")
        area = app.screen.query_one(TextArea)
        assert area.text.startswith("[@click=app.quit]x[/] (SEV1): investigating.")  # executives next
        assert "Impact: a [/ b" in area.text
        area.load_text("[red]a [/ b [@click=app.quit]x[/]")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        text = screen_text(app)
        assert "[red]a [/ b [@click=app.quit]x[/]" in text
        clock.advance(hours=1)  # overdue: the bell's toast shows too
        await tick(screen, pilot)
        assert "overdue by 30:00" in " ".join(notices(app))
    assert app.return_code is None or app.return_code == 0


# -- the same countdown everywhere ----------------------------------------------------------------
async def test_the_status_line_shows_the_same_countdown_as_the_pane(service, clock, make_app, store_path):
    session = service.declare("Checkout down", severity=1, kind="technical")
    app = make_app(session.id)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, pane = await open_pane(app, pilot)
        for step in (
            timedelta(0),
            timedelta(minutes=13, seconds=7),
            timedelta(minutes=5),
            timedelta(hours=2),
        ):
            clock.advance(seconds=step.total_seconds())
            await tick(screen, pilot)
            out = io.StringIO()  # the running app has taken over sys.stdout: capsys would see nothing
            with redirect_stdout(out):
                assert cli_main(["--db", str(store_path), "status", session.id], clock=clock) == 0
            line = out.getvalue().strip()
            word = "overdue" if digits(pane).startswith("+") else "due in"
            assert line.endswith(f"update {word} {digits(pane)}"), (line, digits(pane))


# -- pure parts -----------------------------------------------------------------------------------
def test_the_alarm_rings_once_per_threshold_of_each_deadline():
    alarm = OverdueAlarm()
    due = T0

    def at(minutes: float, deadline=due) -> bool:
        return alarm.should_ring(Countdown(due=deadline, remaining=-timedelta(minutes=minutes)))

    assert not at(-1)  # not due yet
    assert at(0) and not at(0.5) and not at(4.9)
    assert at(5) and not at(9)
    assert at(31)  # woke up late: one ring, not five
    assert not at(34)
    assert at(1, deadline=due + timedelta(hours=1))  # a new deadline (e.g. severity change) starts over
    assert not alarm.should_ring(Countdown(due=None, remaining=None))


@pytest.mark.parametrize(
    "severity, sent, expected, first",
    [
        (1, [], [Audience.INTERNAL, Audience.EXECUTIVE], Audience.INTERNAL),
        (3, [], [Audience.INTERNAL], Audience.INTERNAL),
        (3, ["customer", "internal"], [Audience.INTERNAL, Audience.CUSTOMER], Audience.CUSTOMER),
        (1, ["internal"], [Audience.INTERNAL, Audience.EXECUTIVE], Audience.EXECUTIVE),
        (2, ["executive", "internal"], [Audience.INTERNAL, Audience.EXECUTIVE], Audience.EXECUTIVE),
    ],
)
def test_audiences_kept_informed_and_who_waited_longest(service, clock, severity, sent, expected, first):
    session = service.declare("Checkout down", severity=severity, kind="technical")
    for audience in sent:
        clock.advance(minutes=1)
        session.log_update(audience, "text")
    assert audiences(session.incident) == expected
    assert next_audience(session.incident) == first
