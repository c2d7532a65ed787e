"""``termbase serve``: the web page and JSON API for a desk of translators (needs ``termbase[server]``).

Binds 127.0.0.1 unless told otherwise and prints the URL it serves. Writes through the
API need a bearer token (``$TERMBASE_TOKEN`` or ``--token-file``); without one the server
is read-only.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from termbase.errors import UsageError

__all__ = ["register"]

# What `termbase serve` needs beyond termbase itself: the import name of each, for the message.
_NEEDS = ("starlette", "uvicorn", "jinja2", "multipart")  # uvloop, httptools: optional speed-ups


def register(sub: Any) -> None:
    p = sub.add_parser("serve", help="serve a web page and JSON API (needs the termbase[server] extra)")
    p.add_argument(
        "--db",
        metavar="PATH",
        action="append",
        default=None,
        help="a termbase file (repeatable; writes go to the first); default: $TERMBASE_DB, else the bundled glossary",
    )
    p.add_argument(
        "--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)"
    )
    p.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 picks a free one)")
    p.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    p.add_argument(
        "--read-db",
        metavar="URL",
        help="a read replica of the first --db (a postgresql:// URL): lookups and searches read there",
    )
    p.add_argument(
        "--pool",
        type=int,
        default=4,
        metavar="N",
        help="most connections each worker keeps to each PostgreSQL database (default 4)",
    )
    p.add_argument(
        "--token-file",
        metavar="FILE",
        help="file holding the bearer token that allows writes (default: $TERMBASE_TOKEN; none: read-only)",
    )
    p.set_defaults(func=_serve)


def missing_extra() -> str | None:
    """A one-line message when the server's libraries are not installed, else None."""
    from importlib.util import find_spec

    missing = [name for name in _NEEDS if find_spec(name) is None]
    if not missing:
        return None
    return (
        f"termbase serve needs the server extra ({', '.join(missing)} missing): "
        "pip install 'termbase[server]'"
    )


def _serve(args: argparse.Namespace) -> int:
    message = missing_extra()
    if message is not None:
        raise UsageError(message)
    if args.workers < 1:
        raise UsageError(f"--workers must be at least 1, not {args.workers}")
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port must be 0-65535, not {args.port}")
    from termbase.backends import split_targets
    from termbase.server.state import Served, ServerConfig

    dbs = args.db if args.db else split_targets(os.environ.get("TERMBASE_DB", ""))
    if args.pool < 1:
        raise UsageError(f"--pool must be at least 1, not {args.pool}")
    if args.read_db is not None:
        from termbase.backends import is_url

        if not is_url(args.read_db):
            raise UsageError(f"--read-db takes a postgresql:// URL, not {args.read_db!r}")
    config = ServerConfig(tuple(dbs), args.token_file, read_db=args.read_db, pool=args.pool)
    served = Served(config)  # fail here, with one line, on a bad --db or token file
    mode = "read-write" if served.writable else "read-only"
    served.close()
    return _run(config, args.host, args.port, args.workers, mode)


def _run(config: Any, host: str, port: int, workers: int, mode: str) -> int:
    import socket

    import uvicorn

    os.environ.update(config.to_env())
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        raise UsageError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if family == socket.AF_INET6 else host
    from termbase.backends import is_url, redact

    shown_dbs = ", ".join(redact(db) if is_url(db) else db for db in config.dbs)
    print(f"termbase: serving {shown_dbs or 'the bundled glossary'} ({mode})", file=sys.stderr)
    print(f"termbase: http://{shown}:{bound}/", flush=True)
    uv_config = uvicorn.Config(
        "termbase.server.app:create_app_from_env",
        factory=True,
        workers=workers,
        log_config=_LOG_CONFIG,
        access_log=True,
        server_header=False,
        timeout_graceful_shutdown=5,
    )
    server = uvicorn.Server(uv_config)
    if workers > 1:
        from uvicorn.supervisors import Multiprocess

        Multiprocess(uv_config, sockets=[sock]).run()
    else:
        server.run(sockets=[sock])
    return 0


# One line per request and per error, on stderr.
_LOG_CONFIG: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "line", "stream": "ext://sys.stderr"}
    },
    "loggers": {
        "uvicorn": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "uvicorn.access": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "termbase.server": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
}
