"""A throwaway PostgreSQL cluster for the tests and benchmarks: Debian's ``initdb`` + ``pg_ctl``.

The cluster lives in a temporary folder (data and socket), listens on a free loopback port and
is stopped and deleted by :meth:`Cluster.stop`. ``initdb`` refuses to run as root, so as root
the cluster runs as the ``postgres`` system user the Debian package creates. Durability is
off (``fsync``, ``synchronous_commit``, ``full_page_writes``): nothing in it outlives the run.
Clients connect over TCP with a password (``scram-sha-256``), so a wrong password is a real
authentication failure.

Why not pytest-postgresql: it runs ``pg_ctl initdb`` as the current user, which PostgreSQL refuses
as root (its issues #341 and #455, closed without a run-as option: "create a user that's not
root"), and CI here runs as root; it would also bring two more dependencies (mirakuru, port-for)
for what is a hundred lines here.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from termbase.model import TranslationUnit
    from termbase.termbase import Termbase

__all__ = ["Cluster", "PostgresMissing", "empty_termbase", "find_bin", "same_memory"]

PASSWORD = "tb-test-secret"


class PostgresMissing(RuntimeError):
    """No PostgreSQL server programs on this machine."""


def find_bin() -> str:
    """The folder of ``initdb`` and ``pg_ctl``: ``$TERMBASE_PG_BIN``, Debian's newest version, or $PATH."""
    given = os.environ.get("TERMBASE_PG_BIN")
    if given:
        return given
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0,
    )
    if found:
        return os.path.dirname(found[-1])
    on_path = shutil.which("initdb")
    if on_path:
        return os.path.dirname(on_path)
    raise PostgresMissing(
        "PostgreSQL is not installed (no initdb in /usr/lib/postgresql/*/bin or on $PATH): "
        "apt-get install postgresql"
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Cluster:
    """A running throwaway cluster; :meth:`url` names a database in it."""

    root: str
    port: int
    bindir: str
    user: str | None  # the system user the server runs as (None: the current one)
    _made: set[str] = field(default_factory=set)

    @classmethod
    def start(cls) -> Cluster:
        bindir = find_bin()
        root = tempfile.mkdtemp(prefix="termbase-pg-")
        run_as = "postgres" if os.geteuid() == 0 else None
        data, sock = os.path.join(root, "data"), os.path.join(root, "sock")
        os.mkdir(sock)
        pwfile = os.path.join(root, "pw")
        with open(pwfile, "w") as handle:
            handle.write(PASSWORD + "\n")
        if run_as is not None:
            os.chmod(root, 0o755)
            shutil.chown(root, run_as)
            shutil.chown(sock, run_as)
            shutil.chown(pwfile, run_as)
        cluster = cls(root, _free_port(), bindir, run_as)
        cluster._run(
            "initdb", "-D", data, "-U", "postgres", "--pwfile", pwfile, "-E", "UTF8", "--locale", "C.UTF-8",
            "--auth-local", "trust", "--auth-host", "scram-sha-256", "--no-sync",
        )  # fmt: skip
        options = (
            f"-p {cluster.port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off"
            " -c synchronous_commit=off -c max_connections=60"
            " -c shared_buffers=64MB"
        )
        cluster._run("pg_ctl", "-D", data, "-o", options, "-l", os.path.join(root, "log"), "-w", "start")
        return cluster

    def standby(self) -> Cluster:
        """A streaming replica of this cluster (``pg_basebackup -R``), running on a port of its own."""
        root = tempfile.mkdtemp(prefix="termbase-pg-standby-")
        data, sock = os.path.join(root, "data"), os.path.join(root, "sock")
        os.mkdir(sock)
        if self.user is not None:
            os.chmod(root, 0o755)
            shutil.chown(root, self.user)
            shutil.chown(sock, self.user)
        replica = Cluster(root, _free_port(), self.bindir, self.user)
        source = f"host=127.0.0.1 port={self.port} user=postgres password={PASSWORD}"
        replica._run(
            "pg_basebackup", "-D", data, "-R", "-X", "stream", "-c", "fast", "--no-sync", "-d", source
        )
        options = (
            f"-p {replica.port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60"
        )
        replica._run("pg_ctl", "-D", data, "-o", options, "-l", os.path.join(root, "log"), "-w", "start")
        return replica

    def _run(self, program: str, *args: str) -> None:
        argv = [os.path.join(self.bindir, program), *args]
        if self.user is not None:
            argv = ["runuser", "-u", self.user, "--", *argv]
        done = subprocess.run(argv, capture_output=True, text=True, cwd=self.root)
        if done.returncode != 0:
            log = os.path.join(self.root, "log")
            tail = Path(log).read_text()[-2000:] if os.path.exists(log) else ""
            raise RuntimeError(f"{program} failed ({done.returncode}): {done.stderr.strip()} {tail}")

    def url(self, dbname: str = "postgres", *, password: str = PASSWORD) -> str:
        return f"postgresql://postgres:{password}@127.0.0.1:{self.port}/{dbname}"

    def admin(self) -> object:
        import psycopg

        return psycopg.connect(self.url(), autocommit=True)

    def create_database(self, name: str, template: str | None = None) -> str:
        """A new empty database (or a copy of ``template``); returns its URL."""
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        self._made.add(name)
        return self.url(name)

    def drop_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._made.discard(name)

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", os.path.join(self.root, "data"), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def empty_termbase(url: str) -> None:
    """Delete every row of the termbase at ``url`` (the terms' tables cascade from ``concept``)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "DELETE FROM concept; DELETE FROM language_name; DELETE FROM tm_segment; DELETE FROM tm_unit;"
            " DELETE FROM tm_lang; DELETE FROM tm_post; DELETE FROM tm_cpost"
        )


@contextmanager
def same_memory(url: str, units: Sequence[TranslationUnit]) -> Iterator[tuple[Termbase, Termbase]]:
    """``units`` added to a new SQLite termbase in memory and to the emptied PostgreSQL termbase at
    ``url`` (open while the block runs): (SQLite's, PostgreSQL's), to compare the two."""
    import termbase

    empty_termbase(url)
    lite = termbase.open(":memory:")
    with termbase.open(url) as tb:
        for memory in (lite.memory, tb.memory):
            memory.add_units(units)
        yield lite, tb
