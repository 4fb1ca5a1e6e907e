"""Shared fixtures: a store in a temp folder, a clock that only moves when told."""

from datetime import datetime, timezone

import pytest

from escalation_tui.domain.clock import FixedClock
from escalation_tui.service import IncidentService
from escalation_tui.store import IncidentStore

T0 = datetime(2026, 11, 28, 3, 0, tzinfo=timezone.utc)


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
def service(store, clock) -> IncidentService:
    return IncidentService(store, clock, actor="dana")


@pytest.fixture
def session(service):
    return service.declare("Checkout API returning 500s", severity=1, kind="technical")
