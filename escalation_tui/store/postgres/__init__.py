"""Team mode: the store on a PostgreSQL server (needs the [postgres] extra, psycopg 3)."""

from .connection import redact
from .store import CorruptRow, PostgresStore

__all__ = ["CorruptRow", "PostgresStore", "redact"]
