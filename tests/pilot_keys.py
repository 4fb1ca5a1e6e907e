"""Pressing keys in Textual's Pilot harness (tests, benchmarks) without wall-clock waits.

Harness code, not shipped: tests/tui/conftest.py and benchmarks/pilot_keys.py import it.

Textual's Pilot.press waits after every key until the process has used under 1 ms of CPU in
a 20 ms sleep, twice: at least 40 ms a key, whatever the key did, and on a loaded machine
it can give up (after 1 s) before the app is done. Here each key waits for what it caused
instead: the app's and the screen's queues empty (a message hops from the app to the screen
to a widget) and the app's key gate (tui/keygate.py) settled, which for
any key but a letter typed into an input also means the screen has refreshed.
"""

import asyncio
import contextlib
import unicodedata

from textual import events
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from textual.pilot import Pilot

from escalation_tui.tui import keygate

MAX_ROUNDS = 20  # queue-drain rounds a key may take (each is one hop of a message)


def key_event(key: str) -> events.Key:
    """The event the terminal driver makes for `key` (as Textual's own _press_keys builds it)."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    original = REPLACED_KEYS.get(key, key)
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(original))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


async def drained(pilot: Pilot) -> None:
    """Every queue of the app and the screen on top is empty (a few rounds: a message handled
    may post another)."""
    app = pilot.app
    for _ in range(MAX_ROUNDS):
        await asyncio.sleep(0)
        busy = [pump for pump in keygate.pumps(app) if pump.message_queue_size]
        if not busy or not app.is_running:
            return
        await keygate.drained(app, busy)


async def settled(pilot: Pilot) -> None:
    """The key gate holds no key and settles nothing (bounded: a wedged gate fails the test).

    Woken by the gate the moment it settles: polling added up to one poll period to each key that
    settles (most keys but letters), which the benchmark counted as the key's cost."""
    gate = getattr(pilot.app, "key_gate", None)
    await asyncio.sleep(0)
    if gate is None:
        return
    for _ in range(300):  # about 15 s
        if gate.settled or not pilot.app.is_running:
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(gate.calm.wait(), 0.05)  # the timeout only re-checks is_running


async def refreshed(pilot: Pilot) -> None:
    """The screen on top has been drawn since now."""
    if pilot.app.is_running:
        await keygate.refreshed(pilot.app)


async def press(pilot: Pilot, *keys: str) -> None:
    """Each key as the terminal would send it, then wait for what it caused (Pilot.press's place)."""
    app = pilot.app
    for key in keys:
        if not app.is_running:
            return
        event = key_event(key)
        event.set_sender(app)
        await app._post_message(event)  # what the driver's thread does with a key it read
        await drained(pilot)
        await settled(pilot)
        await drained(pilot)
    # A letter typed into an input settles without a refresh (keygate._only_text); what it
    # changed (a filtered list shown or hidden) is on screen only once the screen is drawn.
    await refreshed(pilot)
