"""`store copy`: move incidents between any two stores (folder ↔ PostgreSQL), idempotently.

Each incident is written exactly as it is (no timeline event is added: it is a move, not
a change). One already in the destination with the same content is left alone; one
that differs is reported and kept, unless overwrite is asked for.
"""

from dataclasses import dataclass, field

from ..errors import EscalationError
from ..export.json_format import incident_to_json
from .base import Store


@dataclass
class CopyReport:
    copied: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    differing: list[str] = field(default_factory=list)  # kept as they were in the destination
    problems: list[str] = field(default_factory=list)  # one line each: unreadable in the source, or refused

    @property
    def ok(self) -> bool:
        return not (self.differing or self.problems)


def copy_incidents(source: Store, target: Store, overwrite: bool = False) -> CopyReport:
    report = CopyReport()
    incidents, problems = source.load_all()
    report.problems.extend(p.message for p in problems)
    for incident in incidents:
        try:
            if not target.exists(incident.id):
                target.create(incident)
                report.copied.append(incident.id)
                continue
            with target.locked(incident.id):
                there = target.load(incident.id)
                if incident_to_json(there) == incident_to_json(incident):
                    report.unchanged.append(incident.id)
                elif overwrite:
                    target.save(incident)
                    report.replaced.append(incident.id)
                else:
                    report.differing.append(incident.id)
        except EscalationError as error:
            report.problems.append(f"{incident.id}: {error}")
    return report
