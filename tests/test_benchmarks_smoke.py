"""The benchmark (benchmarks/, run by hand: it takes minutes) still builds its stores and measures.

Only the cheap parts run here, at a tiny scale: the store builders, one save measurement and
the export figure, and the result table.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import run, stores  # noqa: E402
from escalation_tui.store import IncidentStore  # noqa: E402


def test_builders_make_the_incidents_the_figures_are_about(tmp_path):
    large = stores.build_large(tmp_path / "large", actions=40, events=60)
    history = stores.build_history(tmp_path / "history", past=3)
    incident = IncidentStore(large.root).load(large.incident_id)
    assert (len(incident.actions), len(incident.timeline)) == (40, 60)
    past = IncidentStore(history.root)
    assert len(past.ids()) == 4
    assert sum(i.is_open for i in past.load_all()[0]) == 1  # the past ones are closed


def test_one_cheap_measurement_runs_and_reports(tmp_path):
    built = {
        "small": stores.build_small(tmp_path / "small"),
        "large": stores.build_large(tmp_path / "large", actions=30, events=50),
    }
    figures = run.save_figures(built, repeat=1) + run.export_figures(built, repeat=1)
    assert [f.name for f in figures] == ["one durable save (note), 3,000 events", "Markdown export (large)"]
    text = run.table(figures)
    assert text.count("\n") == 3 and all(
        ("PASS" in line) != ("MISS" in line) for line in text.splitlines()[2:]
    )
    assert len(IncidentStore(built["large"].root).load(built["large"].incident_id).timeline) == 60  # 10 saves


def test_the_history_store_has_the_past_and_open_incidents_the_figures_are_about(tmp_path):
    from benchmarks import history

    built = history.build_years(tmp_path / "years", past=3, open_count=2)
    incidents, problems = IncidentStore(built.root).load_all()
    assert problems == [] and len(incidents) == 5
    assert sorted(i.is_open for i in incidents) == [False, False, False, True, True]
    assert all(i.milestones.closed for i in incidents if not i.is_open)


def test_the_web_section_runs_at_a_tiny_scale(tmp_path):
    from benchmarks import web

    figures = web.folder_figures(tmp_path, viewers=4, changes=2)
    assert figures[0].passed and figures[0].value_ms == 4  # every viewer saw every change
    assert figures[2].unit == "KB"
