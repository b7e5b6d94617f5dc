"""Fixtures for the exchange tests: upper-level databases on SQLite and on a throwaway
PostgreSQL server started here (Debian's postgresql 15 binaries), and crafted data files.

The server runs from a temporary folder on a free loopback port with its unix socket in that
folder, and is stopped at the end of the session. initdb refuses to run as root (CI runs as
root), so the server is then run as the `postgres` system user over a folder given to it.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from kh06_desktop.store.database import Database, open_database

sys.path.insert(0, str(Path(__file__).parent))

PG_BIN = Path("/usr/lib/postgresql/15/bin")
_counter = itertools.count(1)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    runuser = shutil.which("runuser")
    if runuser:
        return [runuser, "-u", "postgres", "--", *command]
    return ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(command)]


class PgServer:
    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="kh06-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(self.root, user.pw_uid, user.pw_gid)
        self.root.chmod(0o755)

    def run(self, *args: str) -> None:
        subprocess.run(_as_server_user([str(PG_BIN / args[0]), *args[1:]]), check=True, capture_output=True,
                       cwd=self.root)

    def start(self) -> None:
        self.run("initdb", "-D", str(self.data), "-U", "kh06", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
        options = f"-p {self.port} -k {self.root} -h 127.0.0.1 -F -c fsync=off -c full_page_writes=off"
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "log"), "-o", options, "-w", "start")

    def stop(self) -> None:
        try:
            self.run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://kh06@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        import psycopg

        name = f"upper_{os.getpid()}_{next(_counter)}"
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=kh06 dbname=postgres", autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    if not (PG_BIN / "initdb").exists():
        pytest.skip(f"PostgreSQL 15 binaries not found in {PG_BIN} (Debian package postgresql-15)")
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and no 'postgres' system user to run the server as")
    server = PgServer()
    try:
        server.start()
    except subprocess.CalledProcessError as exc:
        server.stop()
        pytest.fail(f"PostgreSQL did not start: {exc.stderr.decode(errors='replace')[-500:]}")
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def upper_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A new, empty database that consolidation turns into an upper-level one."""
    if request.param == "sqlite":
        database = open_database(tmp_path / "upper.db")
    else:
        server: PgServer = request.getfixturevalue("pg_server")
        database = open_database(server.create_database())
    yield database
    database.close()
