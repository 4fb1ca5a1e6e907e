"""benchmarks/delivery_cost.py (run by hand) still measures, at a tiny scale."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import delivery_cost  # noqa: E402


def test_the_delivery_benchmark_runs_and_reports(monkeypatch):
    monkeypatch.delenv("BENCH_URL", raising=False)
    times = delivery_cost.measure(3)
    assert {name: len(values) for name, values in times.items()} == {
        "none": 3,
        "3 channels": 3,
        "3 channels, sending": 3,
    }
    assert delivery_cost.table(times).count("\n") == 4
