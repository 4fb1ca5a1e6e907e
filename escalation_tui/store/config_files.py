"""The team's config files under the platform config folder.

A missing file means built-ins; a malformed one means built-ins plus a warning naming
the file and line, so an escalation is never blocked by a typo in a config file.
"""

import os
from pathlib import Path

from ..domain.config import (
    Settings,
    parse_channel_config,
    parse_config,
    parse_playbooks,
    parse_public_url,
    parse_shift_hours,
    playbooks_to_toml,
)
from ..errors import InvalidInput, StoreError
from ..locations import CONFIG_FILE, PLAYBOOKS_FILE
from .files import read_user_file, write_user_file


def load_settings(folder: Path) -> tuple[Settings, list[str]]:
    """Settings from folder, and one warning line per file that had to be ignored."""
    warnings: list[str] = []
    defaults = Settings()
    cadences, user = _parse(folder / CONFIG_FILE, parse_config, (defaults.cadences, ""), warnings)
    playbooks = _parse(folder / PLAYBOOKS_FILE, parse_playbooks, defaults.playbooks, warnings)
    shift = _parse(folder / CONFIG_FILE, parse_shift_hours, defaults.commander_shift_hours, warnings)
    public_url = _parse(folder / CONFIG_FILE, parse_public_url, "", warnings)
    channels = _parse(folder / CONFIG_FILE, parse_channel_config, defaults.channels, warnings)
    settings = Settings(
        cadences=cadences,
        playbooks=playbooks,
        user=user,
        commander_shift_hours=shift,
        public_url=public_url,
        channels=channels,
    )
    return settings, warnings


def _parse(path: Path, parse, default, warnings: list[str]):
    if not os.path.lexists(path):
        return default
    try:
        return parse(read_user_file(path, regular_only=True), str(path))
    except (InvalidInput, StoreError) as error:
        warning = f"{error}; using the built-in defaults meanwhile"
        if warning not in warnings:  # config.toml is read for several settings: say a broken file once
            warnings.append(warning)
        return default


def write_builtin_playbooks(folder: Path, overwrite: bool = False) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / PLAYBOOKS_FILE
    write_user_file(path, playbooks_to_toml(), overwrite=overwrite)
    return path
