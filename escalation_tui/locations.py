"""Where the store and the config files live, with nothing heavier than platformdirs.

`status` answers from its snapshot (status_snapshot.py) before any of the store, pydantic
or the models is imported, and must find the same folders the full command would.
"""

import os
from pathlib import Path

from platformdirs import user_config_path, user_data_path

APP_NAME = "escalation-tui"
ENV_VAR = "ESCALATION_TUI_DB"
CONFIG_ENV_VAR = "ESCALATION_TUI_CONFIG"
CONFIG_FILE = "config.toml"
PLAYBOOKS_FILE = "playbooks.toml"


def default_store_path() -> Path:
    return user_data_path(APP_NAME, appauthor=False) / "store"


def resolve_store_path(cli_value: str | None) -> Path:
    """--db, then $ESCALATION_TUI_DB, then the platform data folder."""
    if cli_value:
        return Path(cli_value).expanduser()
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]).expanduser()
    return default_store_path()


def config_dir() -> Path:
    """$ESCALATION_TUI_CONFIG, else the platform config folder."""
    if os.environ.get(CONFIG_ENV_VAR):
        return Path(os.environ[CONFIG_ENV_VAR]).expanduser()
    return user_config_path(APP_NAME, appauthor=False)
