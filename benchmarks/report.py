"""Medians and the result table: each figure next to its yardstick, ratio, target and verdict."""

import statistics
from collections.abc import Callable
from dataclasses import dataclass


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


@dataclass
class Figure:
    name: str
    value_ms: float
    yardstick_name: str
    yardstick_ms: float | None
    target: str
    passed: bool
    unit: str = "ms"

    @property
    def ratio(self) -> str:
        if not self.yardstick_ms:
            return "-"
        return f"{self.value_ms / self.yardstick_ms:.2f}"


def ratio_target(limit: float) -> tuple[str, Callable[[float, float], bool]]:
    return f"ratio <= {limit}", lambda value, yard: value <= yard * limit


def table(figures: list[Figure]) -> str:
    head = "| figure | measured | yardstick | ratio | target | result |\n|---|---|---|---|---|---|"
    rows = []
    for f in figures:
        yard = f"{f.yardstick_ms:.1f} {f.unit} ({f.yardstick_name})" if f.yardstick_ms is not None else "-"
        verdict = "PASS" if f.passed else "MISS"
        rows.append(f"| {f.name} | {f.value_ms:.1f} {f.unit} | {yard} | {f.ratio} | {f.target} | {verdict} |")
    return "\n".join([head, *rows])
