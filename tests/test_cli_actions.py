"""escalation-tui actions: the follow-up list across incidents, overdue first."""

import json
from datetime import date, timedelta

from escalation_tui.cli import main


def test_actions_across_incidents_overdue_first(service, clock, store_path, capsys):
    today = clock.now().astimezone().date()
    first = service.declare("Checkout down", 1, "technical")
    first.add_action("Later one", "lee", today + timedelta(days=9), "P2")
    first.add_action("Overdue one", "kim", today - timedelta(days=2), "P1")
    first.add_action("No date", "")
    second = service.declare("Vendor late", 3, "process")
    second.add_action("Soon one", "lee", today + timedelta(days=1), "P3")
    second.add_action("Done already", "lee", today - timedelta(days=5))
    second.set_action_status(second.incident.actions[-1].id, "done")
    second.record_milestone("resolved")  # follow-up continues after the incident

    assert main(["--db", str(store_path), "actions"], clock=clock) == 0
    lines = capsys.readouterr().out.splitlines()
    titles = [line.rsplit("  ", 1)[-1] for line in lines[1:]]
    assert titles == ["Overdue one", "Done already", "Soon one", "Later one", "No date"]
    assert "OVERDUE" in lines[1]
    assert "OVERDUE" not in lines[2]  # done items are never overdue
    assert titles[-1] == "No date" and "no owner" in lines[-1]

    assert main(["--db", str(store_path), "actions", "--open", "--owner", "@LEE", "--json"], clock=clock) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["title"] for r in rows] == ["Soon one", "Later one"]
    assert rows[0]["incident"] == second.id and rows[0]["due"] == (today + timedelta(days=1)).isoformat()
    assert date.fromisoformat(rows[1]["due"]) == today + timedelta(days=9)
