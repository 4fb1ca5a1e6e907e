"""Shared fixtures: a store in a temp folder, a clock that only moves when told."""

import os
from datetime import UTC, datetime

import mermaid_parser  # tests/mermaid_parser.py (pytest puts tests/ on sys.path)
import pytest

from escalation_tui.cli import main
from escalation_tui.domain.clock import FixedClock
from escalation_tui.service import IncidentService
from escalation_tui.store import IncidentStore

T0 = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)


def pytest_xdist_auto_num_workers(config) -> int:
    """`-n auto`: two workers per core. A Pilot test is CPU-bound but also waits for frame
    timers between keys, and a few tests wait on other processes (PostgreSQL, Node); with one
    worker per core a core idled a fifth of the run (measured: 347 s with 2 workers, 236 s
    with 4, on 2 cores)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return 2 * (cores or 1)


def pytest_configure(config) -> None:
    if not hasattr(config, "workerinput"):  # once per run, in the process that starts the workers
        textual_internals_guard()
        mermaid_parser.install_in_background()


def textual_internals_guard() -> None:
    """Before any test: every private Textual name the TUI relies on is still there, as
    expected (tests/test_textual_internals.py lists them one by one). A renamed one would turn
    its patch into a silent no-op that no other test notices."""
    from escalation_tui.tui.textual_internals import problems

    found = problems()
    if found:
        pytest.exit(
            "Textual changed what escalation_tui/tui/textual_internals.py relies on:\n  "
            + "\n  ".join(found)
            + "\nSee the README, Moving the Textual pin.",
            returncode=1,
        )


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path, monkeypatch):
    """Never read or write the real user's store, config or cache (status_snapshot.py)."""
    monkeypatch.delenv("ESCALATION_TUI_DB", raising=False)
    monkeypatch.setenv("ESCALATION_TUI_CONFIG", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(T0)


@pytest.fixture
def store_path(tmp_path):
    return tmp_path / "store"


@pytest.fixture
def store(store_path) -> IncidentStore:
    return IncidentStore(store_path)


@pytest.fixture
def cli(store_path, clock, capsys):
    """The CLI in-process on this test's store: cli(*args) -> (exit code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        try:
            code = main(["--db", str(store_path), *args], clock=clock)
        except SystemExit as exit_:  # argparse usage errors exit 2
            code = exit_.code
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def service(store, clock) -> IncidentService:
    return IncidentService(store, clock, actor="dana")


@pytest.fixture
def session(service):
    return service.declare("Checkout API returning 500s", severity=1, kind="technical")


# -- team mode: a real PostgreSQL server, started once per test process ----------------
@pytest.fixture(scope="session")
def pg_server():
    """Debian's PostgreSQL 15 on a private port and socket folder; stopped at the end."""
    from pg_server import start_local_server  # tests/pg_server.py

    server = start_local_server()
    try:
        yield server
    finally:
        server.stop()
        server.remove()


@pytest.fixture
def pg_url(pg_server) -> str:
    """An empty war room of its own on the shared server (a fresh PostgreSQL schema)."""
    return pg_server.fresh_schema()
