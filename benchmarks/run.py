"""Run every benchmark of issue 15 and print one table.

    .venv/bin/python -m benchmarks [--repeat N] [--only launch,cli,save,keys,mount,export]

Builds its stores in a temp folder (small incident; 2,000 actions + 3,000 events; 500
past incidents), then prints each figure as a median over repeated runs next to its
yardstick, measured in the same run, with the ratio, the target and PASS/MISS.
"""

import argparse
import compileall
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from escalation_tui.domain.clock import SystemClock
from escalation_tui.domain.config import Settings
from escalation_tui.service import IncidentService
from escalation_tui.store import IncidentStore

from . import history, stores
from .launch import launch
from .minimal_app import MARKER
from .report import Figure, median_ms, table

SECTIONS = ("launch", "cli", "save", "keys", "mount", "export", "history", "web")
WAR_ROOM_MARKER = "Action items"  # a pane title only the war room draws
# The CLI's yardstick: the stack it needs, loaded. `import pydantic` alone loads almost nothing
# (pydantic imports lazily); BaseModel brings in what every model needs.
FLOOR_IMPORT = "from pydantic import BaseModel; import tinydb, platformdirs"
# Keys and mounts in the Pilot harness wait for Textual's frame timer (0-33 ms a frame): a
# median of a few samples moved by tens of ms between runs. They are cheap: take more.
PILOT_SAMPLES = 3


def compile_package() -> None:
    """Byte-compile escalation_tui, as `pip install .` (the README's install) does for users.

    This checkout is an editable install: where PYTHONDONTWRITEBYTECODE is set (CI, the
    sandbox) every launch and CLI run compiled our ~150 modules from source, while the
    yardsticks' packages (installed with --compile-bytecode) were compiled already."""
    import escalation_tui

    compileall.compile_dir(Path(escalation_tui.__file__).parent, quiet=1)


def _env(folder: Path) -> dict[str, str]:
    env = dict(os.environ)
    config, cache = folder / "config", folder / "cache"  # never the user's own (status snapshots)
    env.update(ESCALATION_TUI_CONFIG=str(config), ESCALATION_TUI_USER="bench", XDG_CACHE_HOME=str(cache))
    env.pop("ESCALATION_TUI_DB", None)
    return env


def _tui(store: stores.BuiltStore) -> list[str]:
    return [sys.executable, "-m", "escalation_tui", "--db", str(store.root)]


def _timed_run(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - started


def launch_figures(built: dict, env: dict, repeat: int) -> list[Figure]:
    minimal = [sys.executable, str(Path(__file__).with_name("minimal_app.py"))]
    figures = []
    yard = [launch(minimal, MARKER, env) for _ in range(repeat)]
    yard_ms = median_ms([r.seconds for r in yard])
    for name in ("small", "history"):
        runs = [launch(_tui(built[name]), WAR_ROOM_MARKER, env) for _ in range(repeat)]
        value = median_ms([r.seconds for r in runs])
        figures.append(
            Figure(
                f"launch -> war room ({name})",
                value,
                "minimal app",
                yard_ms,
                "ratio <= 1.3",
                value <= 1.3 * yard_ms,
            )
        )
    large = [
        launch(_tui(built["large"]), WAR_ROOM_MARKER, env, settle=1.0) for _ in range(max(1, repeat // 2))
    ]
    value = median_ms([r.seconds for r in large])
    figures.append(
        Figure(
            "launch -> war room (large)",
            value,
            "minimal app",
            yard_ms,
            "ratio <= 1.3",
            value <= 1.3 * yard_ms,
        )
    )
    rss = max(r.peak_rss_mb for r in large)
    yard_rss = max(r.peak_rss_mb for r in yard)
    figures.append(
        Figure("peak RSS, TUI with large open", rss, "minimal app", yard_rss, "<= 150 MB", rss <= 150, "MB")
    )
    return figures


def cli_figures(built: dict, env: dict, repeat: int) -> list[Figure]:
    floor = median_ms([_timed_run([sys.executable, "-c", FLOOR_IMPORT], env) for _ in range(repeat)])
    runs = {
        "status (500 past + 1 open)": [*_tui(built["history"]), "status"],
        "status <id> (large)": [*_tui(built["large"]), "status", built["large"].incident_id],
        "note (small)": [*_tui(built["small"]), "note", built["small"].incident_id, "bench note"],
        "note (large)": [*_tui(built["large"]), "note", built["large"].incident_id, "bench note"],
    }
    figures = []
    for name, argv in runs.items():
        value = median_ms([_timed_run(argv, env) for _ in range(repeat)])
        figures.append(
            Figure(f"CLI {name}", value, "stack imports", floor, "ratio <= 1.5", value <= 1.5 * floor)
        )
    # The first `status` after any save reads the store; the ones after, until the next save,
    # answer from its snapshot (status_snapshot.py). The figures above are those; these are
    # the first ones, measured with the snapshots removed before each run.
    cache = Path(env["XDG_CACHE_HOME"])
    for name in ("status (500 past + 1 open)", "status <id> (large)"):
        times = []
        for _ in range(repeat):
            shutil.rmtree(cache, ignore_errors=True)
            times.append(_timed_run(runs[name], env))
        value = median_ms(times)
        figures.append(
            Figure(
                f"CLI {name}, first after a save",
                value,
                "stack imports",
                floor,
                "ratio <= 1.5",
                value <= 1.5 * floor,
            )
        )
    return figures


def _save_times(store: stores.BuiltStore, count: int) -> list[float]:
    session = IncidentService(IncidentStore(store.root), SystemClock(), "bench").open(store.incident_id)
    times = []
    for n in range(count):
        started = time.perf_counter()
        session.add_note(f"save benchmark {n}")
        times.append(time.perf_counter() - started)
    return times


def save_figures(built: dict, repeat: int) -> list[Figure]:
    count = max(10, repeat * 6)
    small = median_ms(_save_times(built["small"], count))
    large = median_ms(_save_times(built["large"], count))
    return [
        Figure(
            "one durable save (note), 3,000 events",
            large,
            "small incident",
            small,
            "<= 15 ms and ratio <= 2",
            large <= 15 and large <= 2 * small,
        )
    ]


def key_figures(built: dict, repeat: int) -> list[Figure]:
    from .pilot_keys import key_costs

    samples, floors = key_costs(built["large"], repeat * PILOT_SAMPLES)
    figures = []
    for name, times in samples.items():
        value, floor = median_ms(times), median_ms(floors[name])
        figures.append(
            Figure(
                f"key: {name}",
                value,
                "same keys, empty Input",
                floor,
                "<= floor + 50 ms",
                value <= floor + 50,
            )
        )
    return figures


def mount_figures(built: dict, repeat: int) -> list[Figure]:
    from .pilot_keys import mount_times

    # Small and large take turns, a few samples each (after one opening not timed: the app's
    # first war room also parses its styles). Measured one after the other, a machine whose
    # speed drifts over the minute (a shared host) moved the ratio by 0.3 between runs.
    small_times: list[float] = []
    large_times: list[float] = []
    for _ in range(repeat):
        small_times += mount_times(built["small"], PILOT_SAMPLES, warm_up=1)
        large_times += mount_times(built["large"], PILOT_SAMPLES, warm_up=1)
    small, large = median_ms(small_times), median_ms(large_times)
    return [
        Figure("war room mount (large)", large, "small incident", small, "ratio <= 1.5", large <= 1.5 * small)
    ]


def export_figures(built: dict, repeat: int) -> list[Figure]:
    from escalation_tui.export.markdown import render_postmortem

    def timed(store: stores.BuiltStore) -> float:
        incident = IncidentStore(store.root).load(store.incident_id)
        cadences, now = Settings().cadences, SystemClock().now()
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            render_postmortem(incident, now, cadences)
            times.append(time.perf_counter() - started)
        return median_ms(times)

    small, large = timed(built["small"]), timed(built["large"])
    return [Figure("Markdown export (large)", large, "small incident", small, "<= 200 ms", large <= 200)]


def build_all(folder: Path) -> dict[str, stores.BuiltStore]:
    return {
        "small": stores.build_small(folder / "small"),
        "large": stores.build_large(folder / "large"),
        "history": stores.build_history(folder / "history"),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (median); default 5")
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated: {','.join(SECTIONS)}")
    args = parser.parse_args(argv)
    wanted = [s for s in args.only.split(",") if s]
    unknown = sorted(set(wanted) - set(SECTIONS))
    if unknown:
        parser.error(f"unknown section {unknown[0]!r}")
    if {"launch", "cli"} & set(wanted):
        compile_package()
    with tempfile.TemporaryDirectory(prefix="escalation-bench-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        built = build_all(folder) if set(wanted) - {"history", "web"} else {}  # these build their own
        print(f"stores built in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        env = _env(folder)
        figures: list[Figure] = []
        for section in SECTIONS:
            if section not in wanted:
                continue
            print(f"measuring {section} ...", file=sys.stderr)
            if section == "launch":
                figures += launch_figures(built, env, args.repeat)
            elif section == "cli":
                figures += cli_figures(built, env, args.repeat)
            elif section == "save":
                figures += save_figures(built, args.repeat)
            elif section == "keys":
                figures += key_figures(built, args.repeat)
            elif section == "mount":
                figures += mount_figures(built, args.repeat)
            elif section == "export":
                figures += export_figures(built, args.repeat)
            elif section == "history":
                figures += history.history_figures(folder, env, args.repeat)
            elif section == "web":
                from .web import web_figures  # needs the [web] extra

                figures += web_figures(folder)
    print(table(figures))
    missed = sum(not f.passed for f in figures)
    print(f"\n{len(figures) - missed} of {len(figures)} targets met (medians of {args.repeat} runs)")
