"""What logging a stakeholder update costs with channels configured, against none.

    .venv/bin/python benchmarks/delivery_cost.py [--updates N]

Times IncidentSession.log_update (what ctrl+s in the update dialog waits for) on a folder
store, interleaving three set-ups so that the machine's noise falls on all alike:
- none: no channel configured;
- 3 channels: Slack, a webhook and e-mail want the update (three outbox entries saved);
- 3 channels, sending: the same while an outbox worker thread sends every entry to a
  receiver on 127.0.0.1 that answers after 50 ms (the sending shares the process), woken
  after each update as the TUI wakes it.
Sending is never on this path; the figure shows the outbox entries cost nothing noticeable.
"""

import argparse
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from delivery_servers import start_receiver

from escalation_tui.delivery.worker import run_outbox
from escalation_tui.domain.clock import SystemClock
from escalation_tui.domain.config import Settings, parse_channel_config
from escalation_tui.service import IncidentService
from escalation_tui.store import IncidentStore

THREE = """
[channels.exec-slack]
type = "slack"
url_env = "BENCH_URL"
[channels.ops-hook]
type = "webhook"
url_env = "BENCH_URL"
[channels.exec-mail]
type = "email"
smtp_host = "127.0.0.1"
smtp_port = 9
security = "none"
from = "war-room@example.com"
to = ["execs@example.com"]
audiences = ["customer"]
"""


def setups(folder: Path) -> dict[str, IncidentService]:
    three = Settings(channels=parse_channel_config(THREE, "config.toml"))
    made = {}
    for name, settings in (("none", Settings()), ("3 channels", three), ("3 channels, sending", three)):
        root = folder / name.replace(" ", "-").replace(",", "")
        made[name] = IncidentService(
            IncidentStore(root), SystemClock(), "bench", settings, lambda r=root: IncidentStore(r)
        )
    return made


def measure(updates: int) -> dict[str, list[float]]:
    import os

    receiver = start_receiver("slow:0.05")
    os.environ["BENCH_URL"] = receiver.url
    stop = threading.Event()
    try:
        with tempfile.TemporaryDirectory() as folder:
            services = setups(Path(folder))
            sessions = {name: s.declare("Benchmark", 1, "technical") for name, s in services.items()}
            sending = services["3 channels, sending"]
            sending_session = sessions["3 channels, sending"]
            wake = threading.Event()
            own = sending.another()
            assert own is not None
            worker = threading.Thread(
                target=run_outbox, args=(own, own.settings, stop), kwargs={"wake": wake}
            )
            worker.start()
            times: dict[str, list[float]] = {name: [] for name in sessions}
            audiences = ("internal", "executive", "customer")
            order = list(sessions.items())
            rng = random.Random(33)
            for n in range(updates):
                rng.shuffle(order)  # no set-up always goes first (a warm cache, a quiet moment)
                for name, session in order:
                    started = time.perf_counter()
                    session.log_update(audiences[n % 3], f"Update {n}: rolled back 2.3.1")
                    if session is sending_session:
                        wake.set()  # as the TUI does after a save: send now, not at the next poll
                    times[name].append(time.perf_counter() - started)
            stop.set()
            wake.set()
            worker.join()
            return times
    finally:
        stop.set()
        receiver.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=150)
    args = parser.parse_args()
    times = measure(args.updates)
    print(table(times))


def table(times: dict[str, list[float]]) -> str:
    """Median and p90, and the median of the differences from `none` in the same round."""
    lines = ["| set-up | median ms | p90 ms | paired difference from none, ms |", "|---|---|---|---|"]
    for name, values in times.items():
        ms = sorted(v * 1000 for v in values)
        paired = statistics.median((v - n) * 1000 for v, n in zip(values, times["none"], strict=True))
        p90 = ms[int(len(ms) * 0.9) - 1]
        lines.append(f"| {name} | {statistics.median(ms):.2f} | {p90:.2f} | {paired:+.2f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
