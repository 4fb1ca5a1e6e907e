"""Schema versions of the incident files, and how to bring an older one up to date.

MIGRATIONS[n] turns a version-n incident document into version n+1. Files are migrated
in memory when loaded; the first save writes the new version and keeps the original
in backups/ for good.
"""

from collections.abc import Callable

SCHEMA_VERSION = 1

MIGRATIONS: dict[int, Callable[[dict], dict]] = {}


def migrate(document: dict, version: int) -> dict:
    for step in range(version, SCHEMA_VERSION):
        document = MIGRATIONS[step](document)
    return document
