"""Secrets are read when a message is sent: from an environment variable or a private file.

Nothing here returns a secret in a message: errors name the variable or the file only.
"""

import os
import stat
from pathlib import Path
from urllib.parse import urlsplit

from ..domain.channels import HTTP_TYPES, Channel, Secret

MAX_SECRET_BYTES = 64 * 1024


class SecretMissing(Exception):
    """The secret cannot be read here (unset, unreadable, or a file others can read)."""


def read_secret(secret: Secret) -> str:
    if secret.env:
        value = os.environ.get(secret.env, "").strip()
        if not value:
            raise SecretMissing(f"${secret.env} is not set")
        return value
    path = Path(secret.file).expanduser()
    try:
        with open(path, "rb") as handle:
            mode = os.fstat(handle.fileno()).st_mode
            if not stat.S_ISREG(mode):
                raise SecretMissing(f"{path} is not a regular file")
            if mode & 0o077:
                raise SecretMissing(f"{path} can be read by others: chmod 600 it")
            raw = handle.read(MAX_SECRET_BYTES + 1)
    except OSError as error:
        raise SecretMissing(f"{path}: cannot read ({error.strerror})") from None
    value = raw.decode("utf-8", "replace").strip()
    if not value or len(raw) > MAX_SECRET_BYTES:
        raise SecretMissing(f"{path} holds no secret")
    return value


def host(channel: Channel) -> str:
    """Where a channel sends, fit to print: a host name, never a path, token or password."""
    if channel.type == "email":
        return f"{channel.smtp_host}:{channel.smtp_port}"
    if channel.type == "command":
        return f"command {Path(channel.command[0]).name}"
    if channel.type in HTTP_TYPES:
        try:
            return urlsplit(read_secret(channel.url)).hostname or "?"
        except (SecretMissing, ValueError):
            return f"(URL from {channel.url.describe()}, not readable here)"
    return "?"


def describe(channel: Channel) -> str:
    return f"{channel.name} ({channel.type}, {host(channel)})"
