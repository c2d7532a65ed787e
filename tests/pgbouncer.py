"""A throwaway PgBouncer in front of the test cluster (tests/pgcluster.py), in transaction mode.

docs/scaling.md puts PgBouncer between the app servers and the primary; in transaction mode a
client's next transaction may run on another server connection, which breaks whatever a client
keeps in its server session (prepared statements, session advisory locks, temporary tables).
:func:`start` runs Debian's ``pgbouncer`` (as the cluster's system user: it refuses root) on a free
loopback port with a pool of ``pool_size`` server connections, password checked (scram-sha-256).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from pgcluster import PASSWORD, Cluster, _free_port

__all__ = ["Bouncer", "PgBouncerMissing", "start"]


class PgBouncerMissing(RuntimeError):
    """No pgbouncer program on this machine."""


@dataclass
class Bouncer:
    root: str
    port: int
    process: subprocess.Popen[bytes]

    def url(self, dbname: str) -> str:
        return f"postgresql://postgres:{PASSWORD}@127.0.0.1:{self.port}/{dbname}"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.root, ignore_errors=True)


def start(cluster: Cluster, *, pool_size: int = 2) -> Bouncer:
    program = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
    if not os.path.exists(program):
        raise PgBouncerMissing(
            "PgBouncer is not installed (no pgbouncer on $PATH or in /usr/sbin): apt-get install pgbouncer"
        )
    root = tempfile.mkdtemp(prefix="termbase-pgbouncer-")
    port = _free_port()
    with open(os.path.join(root, "users.txt"), "w") as handle:
        handle.write(f'"postgres" "{PASSWORD}"\n')
    with open(os.path.join(root, "pgbouncer.ini"), "w") as handle:
        handle.write(
            "[databases]\n"
            f"* = host=127.0.0.1 port={cluster.port}\n"
            "[pgbouncer]\n"
            f"listen_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\n"
            f"auth_type = scram-sha-256\nauth_file = {root}/users.txt\n"
            f"pool_mode = transaction\ndefault_pool_size = {pool_size}\nmax_client_conn = 200\n"
            f"logfile = {root}/pgbouncer.log\n"
        )
    argv = [program, os.path.join(root, "pgbouncer.ini")]
    if cluster.user is not None:
        shutil.chown(root, cluster.user)
        for name in os.listdir(root):
            shutil.chown(os.path.join(root, name), cluster.user)
        argv = ["runuser", "-u", cluster.user, "--", *argv]
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                log = os.path.join(root, "pgbouncer.log")
                tail = Path(log).read_text()[-1000:] if os.path.exists(log) else ""
                raise RuntimeError(f"pgbouncer did not start: {tail}") from None
            time.sleep(0.05)
    return Bouncer(root, port, process)
