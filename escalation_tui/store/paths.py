"""Where the store lives: --db, then $ESCALATION_TUI_DB, then the platform data folder."""

import os
from pathlib import Path

from platformdirs import user_data_path

ENV_VAR = "ESCALATION_TUI_DB"
APP_NAME = "escalation-tui"


def default_store_path() -> Path:
    return user_data_path(APP_NAME, appauthor=False) / "store"


def resolve_store_path(cli_value: str | None) -> Path:
    if cli_value:
        return Path(cli_value).expanduser()
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]).expanduser()
    return default_store_path()
