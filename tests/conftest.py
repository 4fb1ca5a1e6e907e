"""Shared fixtures: a store in a temp folder, a clock that only moves when told."""

from datetime import UTC, datetime

import pytest

from escalation_tui.cli import main
from escalation_tui.domain.clock import FixedClock
from escalation_tui.service import IncidentService
from escalation_tui.store import IncidentStore

T0 = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path, monkeypatch):
    """Never read or write the real user's store or config."""
    monkeypatch.delenv("ESCALATION_TUI_DB", raising=False)
    monkeypatch.setenv("ESCALATION_TUI_CONFIG", str(tmp_path / "config"))


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
