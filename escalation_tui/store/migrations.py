"""Schema versions of the incident files, and how to bring an older one up to date.

MIGRATIONS[n] turns a version-n incident document into version n+1. Files are migrated
in memory when loaded; the first save writes the new version and keeps the original
in backups/ for good.
"""

from collections.abc import Callable

SCHEMA_VERSION = 5


def _v1_to_v2(document: dict) -> dict:
    """Version 2 adds the incident's links and the `handoff` timeline kind.

    Nothing old changes meaning; the bump is there so that an older escalation-tui says
    "written by a newer escalation-tui" instead of calling a file with links damaged.
    """
    document.setdefault("links", [])
    return document


def _v2_to_v3(document: dict) -> dict:
    """Version 3 adds `problems` (the 5 Whys' problems beyond the summary).

    Every existing answer keeps its parent: a first answer (parent null) still answers the
    first problem, the summary, exactly as before; an older escalation-tui refuses the new
    file as newer instead of losing a second problem's tree.
    """
    document.setdefault("problems", [])
    return document


def _v3_to_v4(document: dict) -> dict:
    """Version 4 adds the cadence's history (`cadence_changes`) and its first-update window."""
    document.setdefault("cadence_first_minutes", None)
    document.setdefault("cadence_changes", [])
    return document


def _v4_to_v5(document: dict) -> dict:
    """Version 5 adds the outbox (`deliveries`) and the `delivery` timeline kind."""
    document.setdefault("deliveries", [])
    return document


MIGRATIONS: dict[int, Callable[[dict], dict]] = {1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4, 4: _v4_to_v5}


def migrate(document: dict, version: int) -> dict:
    for step in range(version, SCHEMA_VERSION):
        document = MIGRATIONS[step](document)
    return document
