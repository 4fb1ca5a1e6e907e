"""Team mode: the store on a PostgreSQL server (needs the [postgres] extra, psycopg 3)."""

from .connection import redact
from .rows import CorruptRow
from .store import PostgresStore

__all__ = ["CorruptRow", "PostgresStore", "redact"]
