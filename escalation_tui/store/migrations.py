"""Schema versions of the incident files, and how to bring an older one up to date.

MIGRATIONS[n] turns a version-n incident document into version n+1. Files are migrated
in memory when loaded; the first save writes the new version and keeps the original
in backups/ for good.
"""

from collections.abc import Callable

SCHEMA_VERSION = 2


def _v1_to_v2(document: dict) -> dict:
    """Version 2 adds the incident's links and the `handoff` timeline kind.

    Nothing old changes meaning; the bump is there so that an older escalation-tui says
    "written by a newer escalation-tui" instead of calling a file with links damaged.
    """
    document.setdefault("links", [])
    return document


MIGRATIONS: dict[int, Callable[[dict], dict]] = {1: _v1_to_v2}


def migrate(document: dict, version: int) -> dict:
    for step in range(version, SCHEMA_VERSION):
        document = MIGRATIONS[step](document)
    return document
