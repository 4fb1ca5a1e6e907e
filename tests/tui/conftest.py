"""Fixtures for the TUI tests: the app on a temp store with a fixed clock, and screen text.

The store, clock and service fixtures come from tests/conftest.py; these build on them.
"""

import io
import shutil
from collections.abc import Callable

import pilot_keys  # tests/pilot_keys.py: the key-press harness, shared with the benchmark
import pytest
from rich.console import Console
from shared_css import share_parsed_css
from textual.app import App
from textual.pilot import Pilot
from tui_support import SIZES

from escalation_tui.demo import create_demo
from escalation_tui.domain.clock import FixedClock
from escalation_tui.service import IncidentService, IncidentSession
from escalation_tui.store import IncidentStore
from escalation_tui.store.journal import journal_path
from escalation_tui.tui import EscalationApp, fewer_collections

share_parsed_css()
fewer_collections()  # as run_tui does: the garbage collector's share of a Pilot test as in use


@pytest.fixture(autouse=True)
def keys_settle(monkeypatch):
    """Pilot's press waits for what each key caused, not for wall-clock idleness
    (pilot_keys.py); its pause also waits for the app's key gate (tui/keygate.py) to let every
    held key through: tests read what the keys did."""
    pause = Pilot.pause

    async def settling_pause(self: Pilot, delay: float | None = None) -> None:
        await pilot_keys.settled(self)
        await pause(self, delay)

    monkeypatch.setattr(Pilot, "press", pilot_keys.press)
    monkeypatch.setattr(Pilot, "pause", settling_pause)


@pytest.fixture(autouse=True)
def toasts_last_the_test(monkeypatch):
    """Toasts expire on the wall clock (5 s by default): a test that reads one after a slow
    step under load would find it gone. In tests every notification lasts an hour; tests read
    what was said with `tui_support.notices`, not from a moment on screen."""
    notify = App.notify

    def lasting(self: App, message, *, title="", severity="information", timeout=None, markup=True):
        notify(self, message, title=title, severity=severity, timeout=3600, markup=markup)

    monkeypatch.setattr(App, "notify", lasting)


@pytest.fixture(autouse=True)
def local_terminal(monkeypatch):
    """As if not under tmux, screen or SSH (tests may run there): copying an update then shows
    no dialog; the clipboard tests set these variables themselves."""
    for name in ("TMUX", "STY", "SSH_CONNECTION", "SSH_TTY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(params=SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def size(request) -> tuple[int, int]:
    return request.param


@pytest.fixture(scope="session")
def demo_stores(tmp_path_factory) -> dict:
    """Demo stores already built, by clock time: building one costs ~30 saves, copying one file does not."""
    return {"root": tmp_path_factory.mktemp("demo-stores")}


@pytest.fixture
def demo(store, clock, service, demo_stores) -> IncidentSession:
    """The sample checkout outage, 40 minutes in (one open incident), in this test's store."""
    now = clock.now()
    if now not in demo_stores:
        built = IncidentStore(demo_stores["root"] / str(len(demo_stores)))
        demo_stores[now] = (built, create_demo(built, FixedClock(now)).id)
    built, incident_id = demo_stores[now]
    for source in (built.path_for(incident_id), journal_path(built.path_for(incident_id))):
        if source.exists():  # the file and the changes appended since it was written whole
            shutil.copy2(source, store.incidents_dir / source.name)
    return service.open(incident_id)


@pytest.fixture
def make_app(service: IncidentService) -> Callable[..., EscalationApp]:
    def make(open_incident_id: str | None = None) -> EscalationApp:
        app = EscalationApp(service, open_incident_id=open_incident_id)
        app.animation_level = "none"  # a tab underline sliding costs each key press ~0.4 s of waiting
        return app

    return make


def render_screen(app: App) -> str:
    """What the terminal shows right now, as plain text (dialogs and toasts included)."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


@pytest.fixture
def screen_text() -> Callable[[App], str]:
    """screen_text(app): what the terminal shows right now, as plain text."""
    return render_screen
