"""A throwaway PostgreSQL server for tests: initdb + pg_ctl on loopback, in a temporary folder.

PostgreSQL refuses to run as root; as root the server runs as the ``postgres`` user (Debian's package creates
it) through ``runuser``. Skips, saying why, when the server programs are not installed (CI installs them)."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest


def _bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgServer:
    def __init__(self):
        self.bindir = _bindir()
        if self.bindir is None:
            pytest.skip("PostgreSQL server programs (initdb, pg_ctl) not installed: apt-get install postgresql")
        try:
            import psycopg  # noqa: F401
        except ImportError:
            pytest.skip("psycopg not installed: pip install 'vanban[postgres]'")
        self.root = Path(tempfile.mkdtemp(prefix="vanban-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.prefix: list[str] = []
        if os.geteuid() == 0:
            try:
                import pwd
                pwd.getpwnam("postgres")
            except KeyError:
                pytest.skip("running as root and there is no `postgres` user to run the server as")
            os.chmod(self.root, 0o755)
            shutil.chown(self.root, "postgres")
            self.prefix = ["runuser", "-u", "postgres", "--"]
        self._run("initdb", "-D", str(self.data), "-U", "vanban", "--auth=trust", "-E", "UTF8", "--no-sync")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "log"), "-w", "-o",
                  f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root} -c max_connections=100 -c fsync=off",
                  "start")
        self.url = f"postgresql://vanban@127.0.0.1:{self.port}/postgres"

    def _run(self, program: str, *args: str) -> None:
        subprocess.run([*self.prefix, str(self.bindir / program), *args], check=True, capture_output=True,
                       timeout=120)

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
