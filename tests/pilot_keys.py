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

from textual.pilot import Pilot

from escalation_tui.tui import keygate
from escalation_tui.tui.textual_internals import key_event, post_from_driver

MAX_ROUNDS = 20  # queue-drain rounds a key may take (each is one hop of a message)


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
        await post_from_driver(app, key_event(key))
        await drained(pilot)
        await settled(pilot)
        await drained(pilot)
    # A letter typed into an input settles without a refresh (keygate._only_text); what it
    # changed (a filtered list shown or hidden) is on screen only once the screen is drawn.
    await refreshed(pilot)
