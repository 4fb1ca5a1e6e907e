"""Where the store lives: --db, then $ESCALATION_TUI_DB, then the platform data folder."""

from ..locations import APP_NAME, ENV_VAR, default_store_path, resolve_store_path

__all__ = ["APP_NAME", "ENV_VAR", "default_store_path", "resolve_store_path"]
