"""The two store backends as the contract tests see them, with the ways each can be damaged."""

import json
from collections.abc import Callable
from dataclasses import dataclass

import psycopg

from escalation_tui.store import IncidentStore, Store, open_store


@dataclass
class Backend:
    name: str
    location: str  # what --db takes
    damage: Callable[[str], None]  # make this incident unreadable
    from_the_future: Callable[[str], None]  # as if a newer escalation-tui had written it

    def open(self) -> Store:
        return open_store(self.location)


def folder_backend(path) -> Backend:
    def damage(incident_id: str) -> None:
        IncidentStore(path).path_for(incident_id).write_text(
            '{"meta": {"1": {"schema_version": 1}}, "incident"'
        )

    def future(incident_id: str) -> None:
        file = IncidentStore(path).path_for(incident_id)
        data = json.loads(file.read_text())
        data["meta"]["1"]["schema_version"] = 99
        file.write_text(json.dumps(data))

    return Backend("folder", str(path), damage, future)


def postgres_backend(url: str) -> Backend:
    def sql(statement: str, incident_id: str) -> None:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(statement, (incident_id,))

    def damage(incident_id: str) -> None:
        sql(
            "UPDATE escalation_incidents SET document = document - 'title' || '{\"severity\": 7}' "
            "WHERE id = %s",
            incident_id,
        )

    def future(incident_id: str) -> None:
        sql("UPDATE escalation_incidents SET doc_schema = 99 WHERE id = %s", incident_id)

    return Backend("postgresql", url, damage, future)
