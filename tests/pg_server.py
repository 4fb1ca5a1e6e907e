"""A throwaway PostgreSQL 15 server for the tests and benchmarks (Debian's binaries).

The server refuses to run as root, and CI runs as root: the data and socket folders
are made under /tmp, owned by `postgres`, and initdb/pg_ctl run as that user via
runuser. Private port and socket folder, so it never meets another server.
"""

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import psycopg

PG_BIN = Path(os.environ.get("ESCALATION_TUI_PG_BIN", "/usr/lib/postgresql/15/bin"))
SERVER_USER = "postgres"


@dataclass
class LocalServer:
    root: Path
    port: int
    fast: bool = True  # fsync off: commits survive a killed server (the OS keeps the WAL), not a lost host

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def sockets(self) -> Path:
        return self.root / "sockets"

    def url(self, schema: str | None = None) -> str:
        url = f"postgresql://{SERVER_USER}@127.0.0.1:{self.port}/postgres"
        return f"{url}?options=-csearch_path%3D{schema}" if schema else url

    def fresh_schema(self) -> str:
        """A URL whose tables live in a schema of their own: one empty war room per test."""
        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {name}")
        return self.url(name)

    def init(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        self.sockets.mkdir(exist_ok=True)
        _give_to_server_user(self.root)
        _as_server_user(
            [
                str(PG_BIN / "initdb"),
                "-D",
                str(self.data),
                "--auth=trust",
                "-U",
                SERVER_USER,
                "--no-sync",
                "-E",
                "UTF8",
                "--locale=C",
            ]
        )

    def start(self) -> None:
        options = f"-p {self.port} -k {self.sockets} -c listen_addresses=127.0.0.1 -c max_connections=60"
        if self.fast:
            # a killed server keeps its commits without fsync; only a lost host would not
            options += " -c fsync=off -c full_page_writes=off"
        _as_server_user(
            [
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(self.data),
                "-o",
                options,
                "-l",
                str(self.root / "server.log"),
                "-w",
                "-t",
                "30",
                "start",
            ]
        )

    def ensure_running(self) -> None:
        if not self.running():
            self.start()

    def running(self) -> bool:
        status = [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "status"]
        return _as_server_user(status, check=False) == 0

    def stop(self) -> None:
        _as_server_user(
            [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"], check=False
        )

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def start_local_server(fast: bool = True) -> LocalServer:
    root = Path(tempfile.mkdtemp(prefix="escalation-tui-pg-", dir="/tmp"))
    server = LocalServer(root, _free_port(), fast)
    try:
        server.init()
        server.start()
    except BaseException:
        server.stop()
        server.remove()
        raise
    return server


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _give_to_server_user(folder: Path) -> None:
    if os.geteuid() != 0:
        return  # not root: we are already a user the server accepts
    shutil.chown(folder, SERVER_USER, SERVER_USER)
    for child in folder.iterdir():
        shutil.chown(child, SERVER_USER, SERVER_USER)
    folder.chmod(0o700)


def _as_server_user(command: list[str], check: bool = True) -> int:
    if os.geteuid() == 0:
        command = ["runuser", "-u", SERVER_USER, "--", *command]
    result = subprocess.run(command, capture_output=True, text=True, cwd="/")
    if check and result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {result.stdout}{result.stderr}")
    return result.returncode
