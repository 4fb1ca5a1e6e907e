"""When the overdue alarm rings: once when the update falls due, then every REPEAT overdue.

Keyed on absolute thresholds (due, due + 5 min, due + 10 min, ...) rather than on ticks, so
a laptop that wakes 20 minutes late rings once, and a slow frame never rings twice.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from ....domain.cadence import Countdown

REPEAT = timedelta(minutes=5)


@dataclass
class OverdueAlarm:
    repeat: timedelta = REPEAT
    rung: tuple[datetime, int] | None = None  # (due time, threshold number) last rung for

    def should_ring(self, state: Countdown) -> bool:
        """True the first time `state` is past a threshold not rung for yet; remembers it."""
        if not state.overdue or state.due is None or state.remaining is None:
            return False
        threshold = int(-state.remaining / self.repeat)  # 0 at due, 1 after one repeat, ...
        if self.rung is not None and self.rung[0] == state.due and self.rung[1] >= threshold:
            return False
        self.rung = (state.due, threshold)
        return True
