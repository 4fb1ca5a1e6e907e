"""Running a change without ever blocking the event loop on another instance's lock.

A change is tried at once with the lock taken only if it is free (the common case: no
wait, no thread). If another window holds it, a worker thread waits for the lock to come
free while the screen keeps ticking, keys stay held (escape stops the wait), and the change
is then tried again on the event loop. What was typed stays in its dialog throughout.
"""

import threading
from collections.abc import Callable
from typing import Protocol, TypeVar, runtime_checkable

from textual.app import App
from textual.dom import DOMNode

from ..errors import EscalationError, LockBusy
from ..service import no_lock_wait
from .keygate import KeyGate

T = TypeVar("T")
LOCK_WAIT_SECONDS = 120.0  # then give up with a message; the user can stop sooner with escape
WAITING = "{busy}: waiting for it to finish… (esc stops waiting; nothing you typed is lost)"
STOPPED = "Not saved: you stopped waiting for the other window. Try again when it is done."
GAVE_UP = "Not saved: the other window has held this incident for over {seconds:.0f} s. Try again."


@runtime_checkable
class ChangeRoute(Protocol):
    """The one way the TUI runs a change (the app implements it): screens and dialogs get it
    from route() and never call the app's method untyped."""

    def run_change(
        self,
        change: Callable[[], T],
        on_success: Callable[[T], object],
        on_error: Callable[[str], None] | None = None,
        on_wait: Callable[[str], None] | None = None,
    ) -> None: ...


def route(node: DOMNode) -> ChangeRoute:
    """The change route of the app `node` belongs to."""
    app = node.app
    if not isinstance(app, ChangeRoute):
        raise TypeError(f"{type(app).__name__} does not run changes (no run_change)")
    return app


def run_change(
    app: App,
    gate: KeyGate,
    change: Callable[[], T],
    on_success: Callable[[T], object],
    on_error: Callable[[str], None],
    on_wait: Callable[[str], None] | None = None,
) -> None:
    try:
        with no_lock_wait():
            result = change()
    except LockBusy as busy:
        _wait_then_retry(app, gate, busy, change, on_success, on_error, on_wait)
        return
    except EscalationError as error:
        on_error(str(error))
        return
    on_success(result)


def _wait_then_retry(app, gate, busy, change, on_success, on_error, on_wait) -> None:
    stop = threading.Event()
    message = WAITING.format(busy=str(busy).capitalize())
    if on_wait is not None:
        on_wait(message)
    else:
        app.notify(message, severity="warning", markup=False)
    gate.change_waiting(stop.set)

    def resume(free: bool) -> None:
        gate.change_waiting(None)
        if stop.is_set():
            on_error(STOPPED)
        elif not free:
            on_error(GAVE_UP.format(seconds=LOCK_WAIT_SECONDS))
        else:
            run_change(app, gate, change, on_success, on_error, on_wait)

    def wait() -> None:
        free = busy.wait_until_free(stop, LOCK_WAIT_SECONDS)
        app.call_from_thread(resume, free)

    app.run_worker(wait, thread=True, group="lock-wait", exit_on_error=False)
