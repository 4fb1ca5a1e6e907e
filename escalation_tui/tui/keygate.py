"""Type-ahead that lands where the user is looking.

A fast typist (or a paste, or a burst over SSH) sends `N`, then the note's letters, before
the note dialog exists. Textual hands each key to whatever has focus at that instant, so
the letters ran as pane commands (`d` deleted a checklist item). The gate lets one key
through, then holds the next until the app has settled: every widget of the screen on
top has processed what that key caused (a screen pushed, a dialog mounted and focused,
a save done or refused): the screen refreshes at least twice (focus is often set after a
refresh) and until no queue has work left. Held keys keep their order. Typing slower than
the app needs, nothing waits.

While a change waits for another instance's lock, keys stay held too (they belong to
what comes after the save), except escape, which stops the wait.

A paste is text, always (the terminal parser hands it over whole: paste_parser.py). Its escape
sequences (a coloured log's SGR, a window title, cursor moves) and other control characters
are dropped here, CR LF ends a line, and an Input that takes one line gets the lines joined
by spaces (Textual's Input would keep the first line only), unless it says it takes lines.
"""

import asyncio
import contextlib
import re
from collections import deque
from collections.abc import Awaitable, Callable

from textual import events
from textual.app import App
from textual.widgets import Input, TextArea

from .textual_internals import app_closing, binding_chain

MIN_ROUNDS = 2  # a focus set after a refresh that was itself scheduled after a refresh
MAX_ROUNDS = 8  # a message that bubbles pane → screen crosses several queues: go on while any has work
SETTLE_TIMEOUT = 30.0  # seconds: a wedged widget must not hold the keyboard for ever
BYPASS = frozenset({"ctrl+c", "ctrl+q"})  # quitting never waits behind anything

# CSI (colours, cursor moves; ESC [ or C1 CSI), strings up to BEL or ST (OSC titles and clipboard
# writes, DCS, APC, PM, SOS; a line ends one left open) and two-character ESC sequences.
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
)
_LINE_END = re.compile(r"\r\n?")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # all but tab and newline


def pasted_text(text: str) -> str:
    """What a paste holds, as text: no escape sequence or control character but tab and newline."""
    if text.isprintable():
        return text
    return _CONTROL.sub("", _LINE_END.sub("\n", _ESCAPE_SEQUENCE.sub("", text)))


def one_line(text: str) -> str:
    """Lines for a one-line field: joined by single spaces, none lost."""
    if "\n" not in text and "\t" not in text:
        return text
    return " ".join(" ".join(line.split("\t")).strip() for line in text.split("\n") if line.strip())


def pumps(app: App) -> list:
    """The app and every node of the screen on top: where a key's messages are handled."""
    try:
        return [app, *app.screen.walk_children(with_self=True)]
    except Exception:
        return [app]


async def until(app: App, done: asyncio.Event) -> None:
    """Wait for `done`, but not past the app's exit or failure: a closing app handles no more
    messages and draws no more frames."""
    while not done.is_set():
        if app_closing(app):
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(done.wait(), 0.05)


async def drained(app: App, busy: list) -> None:
    """Wait until each of `busy` has handled what it had queued when called (a marker queued
    last). Only pumps with messages waiting get one: a marker on each of the screen's widgets
    cost more than the key itself (each is a message to dispatch), twice a key or more."""
    pending = 0
    done = asyncio.Event()

    def one_done() -> None:
        nonlocal pending
        pending -= 1
        if pending == 0:
            done.set()

    for pump in busy:
        if pump.message_queue_size and pump.call_later(one_done):
            pending += 1
    if pending:
        await until(app, done)


async def refreshed(app: App) -> None:
    """The screen on top has been drawn since now."""
    done = asyncio.Event()
    try:
        scheduled = app.screen.call_after_refresh(done.set)
    except Exception:
        return
    if scheduled:
        await until(app, done)


def takes_lines(widget: object) -> bool:
    """A multi-line field, or an Input that says it grows into one (TAKES_LINES)."""
    return not isinstance(widget, Input) or getattr(widget, "TAKES_LINES", False)


class KeyGate:
    def __init__(self, app: App, dispatch: Callable[[events.Event], Awaitable[None]]) -> None:
        self.app = app
        self.dispatch = dispatch  # hands one event to Textual's own routing
        self.held: deque[events.Event] = deque()
        self.settling = False
        self.calm = asyncio.Event()  # set while `settled`: what waits for it (Pilot) wakes at once
        self.calm.set()
        self.waiting_change: Callable[[], None] | None = None  # cancels a change waiting for a lock
        self._task: asyncio.Task[None] | None = None

    @property
    def idle(self) -> bool:
        return self.settled and self.waiting_change is None

    @property
    def settled(self) -> bool:
        """No key held and nothing left to settle (a change may still wait for a lock)."""
        return not (self.settling or self.held)

    async def offer(self, event: events.Key | events.Paste) -> None:
        """A key or paste from the terminal: pass it on now, or hold it until the app settles."""
        if isinstance(event, events.Paste):
            event.text = pasted_text(event.text)
        key = getattr(event, "key", "")
        if key in BYPASS:
            await self.dispatch(event)
            return
        if self.waiting_change is not None and key == "escape":
            self.waiting_change()  # stop waiting; the dialog or pane says so
            return
        if not self.idle:
            self.held.append(event)
            self.calm.clear()
            return
        await self._pass(event)

    def change_waiting(self, cancel: Callable[[], None] | None) -> None:
        """A change is (cancel given) or no longer is (None) waiting for another instance's lock."""
        self.waiting_change = cancel
        if cancel is None:
            self._settle()

    async def _pass(self, event: events.Event) -> None:
        if isinstance(event, events.Paste) and not takes_lines(self.app.focused):
            event.text = one_line(event.text)
        await self.dispatch(event)
        if not self._only_text(event):
            self._settle()
        elif self.held:  # more letters for the same input: no need to wait in between
            self.app.call_later(self._release_one)

    def _only_text(self, event: events.Event) -> bool:
        """A letter that can only be typed into the focused input: it changes no focus or screen."""
        focused = self.app.focused
        if (
            not isinstance(event, events.Key)
            or not event.is_printable
            or not isinstance(focused, Input | TextArea)
        ):
            return False
        try:
            chain = binding_chain(self.app.screen)
        except Exception:
            return False
        return not any(event.key in bindings.key_to_bindings for _, bindings in chain)

    def _settle(self) -> None:
        if self.settling:
            return
        self.settling = True
        self.calm.clear()
        self._task = asyncio.create_task(self._settle_then_release())

    async def _settle_then_release(self) -> None:
        try:
            for round in range(1, MAX_ROUNDS + 1):
                await asyncio.wait_for(drained(self.app, pumps(self.app)), SETTLE_TIMEOUT)
                await asyncio.wait_for(refreshed(self.app), SETTLE_TIMEOUT)
                if round >= MIN_ROUNDS and self._quiet():
                    break
        except Exception:
            pass
        finally:
            self.settling = False
        if self.held and self.waiting_change is None:
            self.app.call_later(self._release_one)
        self._note_calm()

    async def _release_one(self) -> None:
        if self.held and not self.settling and self.waiting_change is None:
            try:
                await self._pass(self.held.popleft())
            finally:
                self._note_calm()

    def _note_calm(self) -> None:
        if self.settled:
            self.calm.set()

    def _quiet(self) -> bool:
        return all(pump.message_queue_size == 0 for pump in pumps(self.app))
