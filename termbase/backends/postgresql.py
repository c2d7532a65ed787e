"""PostgreSQL as a termbase's store (psycopg 3; ``pip install 'termbase[postgresql]'``).

A ``postgresql://user:password@host:port/dbname`` URL as ``--db`` or ``termbase.open()`` opens
:class:`PostgresStore`. It offers what :class:`termbase.store.Store` offers (see
:mod:`termbase.backends.base`), so :mod:`termbase.termbase` runs the same SQL on both engines:

* **Dialect.** :class:`PgConnection` takes SQLite's ``?`` placeholders (rewritten to psycopg's
  ``%s`` outside string literals), ``INSERT OR IGNORE`` (rewritten to ``INSERT … ON CONFLICT
  DO NOTHING``) and ``INSERT OR REPLACE`` (an upsert on the table's primary key); upserts (``ON CONFLICT (id) DO UPDATE … excluded``) are the same SQL on both.
  ``executemany`` of a plain ``INSERT … VALUES (?, …)`` with many rows is a ``COPY`` (through a
  temporary table when conflicts are to be ignored): one round trip instead of one per row.
* **Schema.** The SQL files of ``termbase/data/schema_pg/``, numbered and versioned like
  SQLite's (``-- schema version N``; the same numbers), run in one transaction; a database of
  an older version is migrated when opened, all or nothing (PostgreSQL's DDL is transactional).
  Every text column is ``COLLATE "C"``: the order of code points, as SQLite sorts.
* **Writers.** Every write transaction first takes a transaction-scoped advisory lock, so
  writers queue up as SQLite's ``BEGIN IMMEDIATE`` makes them (ids such as the next form id are
  allocated under it) while readers never wait. The connection reads in autocommit mode (no
  idle transaction holds a snapshot).
* **Change stamp.** Each write transaction sets ``tb_state.change`` to a new value of a sequence;
  a cache built at one stamp (the word index, the recogniser) is rebuilt at another.
* **Errors.** A missing server, a refused connection, a missing database, a wrong password or
  a connection lost mid-command is one :class:`termbase.errors.DatabaseError` line naming the
  host and the database (never the password).

>>> describe_url("postgresql://tb:secret@db.example:5433/terms")
"database 'terms' on db.example:5433"
>>> translate("SELECT id FROM concept WHERE id = ? AND data LIKE '%?%'", params=True)
"SELECT id FROM concept WHERE id = %s AND data LIKE '%%?%%'"
>>> translate("INSERT OR IGNORE INTO search_key (key, level, form_id) VALUES (?, ?, ?)", params=True)
'INSERT INTO search_key (key, level, form_id) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING'
>>> translate("SELECT id FROM form WHERE lang IN () OR id NOT IN ()", params=False)
'SELECT id FROM form WHERE lang IN (SELECT NULL WHERE false) OR id NOT IN (SELECT NULL WHERE false)'
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Any

from termbase.backends import redact
from termbase.errors import DatabaseError, InputError

if TYPE_CHECKING:
    import psycopg
    from psycopg_pool import ConnectionPool

__all__ = [
    "WRITE_LOCK",
    "PgConnection",
    "PgCursor",
    "PostgresStore",
    "connect",
    "describe_url",
    "schema_statements",
    "translate",
]

WRITE_LOCK = 0x54425331  # "TBS1": the advisory lock every write transaction holds
ANALYZE_AFTER_ROWS = 1000
"""A write transaction of at least this many rows is followed by ``ANALYZE`` of termbase's tables:
until autovacuum gets to a freshly loaded table, the planner has no statistics and joins the
search keys to every form with a hash join (8 ms a lookup at 2,000 concepts instead of 0.8 ms)."""
_ANALYZED = "concept, term, form, search_key, tm_unit, tm_segment, tm_post, tm_cpost"
COPY_MIN_ROWS = 64
"""``executemany`` of a plain INSERT with at least this many rows goes through ``COPY``."""
_CONNECT_TIMEOUT = 10

_TOKENS = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|\?|%")
_OR_IGNORE = re.compile(r"^\s*INSERT\s+OR\s+IGNORE\s+INTO\b", re.IGNORECASE)
_OR_REPLACE = re.compile(
    r"^\s*INSERT\s+OR\s+REPLACE\s+INTO\s+(\w+)\s*\(([\w\s,]+)\)(.*)$", re.IGNORECASE | re.DOTALL
)
_PLAIN_INSERT = re.compile(
    r"^\s*INSERT\s+(?:OR\s+IGNORE\s+)?INTO\s+(\w+)\s*\(([\w\s,]+)\)\s*VALUES\s*\(\s*\?(?:\s*,\s*\?)*\s*\)"
    r"\s*(ON\s+CONFLICT\s+DO\s+NOTHING)?\s*$",
    re.IGNORECASE,
)
_EMPTY_IN = re.compile(r"\bIN\s*\(\s*\)", re.IGNORECASE)
_WRITE = re.compile(r"^\s*(?:INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|TRUNCATE)\b", re.IGNORECASE)


@functools.lru_cache(maxsize=1024)
def translate(sql: str, *, params: bool) -> str:
    """``sql`` written for SQLite as psycopg runs it: ``?`` → ``%s`` outside string literals and
    ``%`` → ``%%`` everywhere (only when parameters are passed: psycopg sends a query without them
    as it is), ``INSERT OR IGNORE`` → ``INSERT … ON CONFLICT DO NOTHING``."""
    ignore = bool(_OR_IGNORE.match(sql))
    if ignore:
        sql = re.sub(r"\s+OR\s+IGNORE\b", "", sql, count=1, flags=re.IGNORECASE)
        if re.search(r"\b(?:ON\s+CONFLICT|RETURNING)\b", sql, re.IGNORECASE):
            raise ValueError(f"INSERT OR IGNORE with its own conflict or returning clause: {sql}")
    if params:

        def swap(match: re.Match[str]) -> str:
            token = match.group(0)
            return "%s" if token == "?" else token.replace("%", "%%")

        sql = _TOKENS.sub(swap, sql)
    if ignore:
        sql = sql.rstrip().rstrip(";") + " ON CONFLICT DO NOTHING"
    # SQLite takes an empty list (``x IN ()`` is false, ``x NOT IN ()`` true); PostgreSQL takes an
    # empty subquery, with the same truth.
    return _EMPTY_IN.sub("IN (SELECT NULL WHERE false)", sql)


def describe_url(url: str) -> str:
    """How a message names the database of ``url``: its name, host and port (no password)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    name = parts.path.lstrip("/") or parts.username or "postgres"
    host = parts.hostname or "localhost"
    port = parts.netloc.rpartition("@")[2].rpartition("]")[2].partition(":")[2] or "5432"
    return f"database {name!r} on {host}:{port}"


def _reason(error: Exception) -> str:
    """The cause of a psycopg connection error, in a few words."""
    text = " ".join(str(error).split())
    low = text.lower()
    found = re.search(r'database "([^"]*)" does not exist', text)
    if found:
        return f"no such database (create it first: createdb {found.group(1)})"
    if "password authentication failed" in low or "no password supplied" in low:
        user = re.search(r'for user "([^"]*)"', text)
        who = f" for user {user.group(1)!r}" if user else ""
        return f"password authentication failed{who}"
    if "role" in low and "does not exist" in low:
        return "no such user (role)"
    if "connection refused" in low:
        return "connection refused (is the server running and listening there?)"
    if "could not translate host name" in low or "name or service not known" in low:
        return "unknown host"
    if "timeout expired" in low:
        return "no answer (connection timed out)"
    if "no such file or directory" in low:
        return "no server listening on that socket"
    if "terminating connection" in low or "server closed the connection" in low or "consuming input" in low:
        return "the connection was lost (the server ended it)"
    return text.split(" DETAIL:")[0][:300]


def _connect_options(url: str) -> dict[str, Any]:
    """What every connection termbase makes is given beside the URL: a connect timeout unless the
    URL sets one, and no server-side prepared statements.

    psycopg prepares a statement on the server once a connection has run it five times. Behind a
    pooler in transaction mode (PgBouncer before 1.21, or without ``max_prepared_statements``) the
    next transaction may run on another server connection, which then lacks the statement or already
    has one of that name ("prepared statement "_pg3_0" already exists"): docs/scaling.md puts PgBouncer
    in front of the primary, so termbase never prepares (as Airflow does for the same reason). What that
    costs was measured: about 0.2-0.5 ms per warm lookup on this machine's throwaway cluster.

    >>> _connect_options("postgresql://u@h/db")
    {'prepare_threshold': None, 'connect_timeout': 10}
    >>> _connect_options("postgresql://u@h/db?connect_timeout=3")
    {'prepare_threshold': None}
    """
    from urllib.parse import parse_qs, urlsplit

    options: dict[str, Any] = {"prepare_threshold": None}
    if "connect_timeout" not in parse_qs(urlsplit(url).query):
        options["connect_timeout"] = _CONNECT_TIMEOUT
    return options


def connect(url: str, *, autocommit: bool = True) -> psycopg.Connection[Any]:
    """A psycopg connection to ``url``; a :class:`DatabaseError` (one line) when it cannot be made."""
    try:
        import psycopg
    except ImportError:
        raise DatabaseError(
            "a postgresql:// termbase needs psycopg: pip install 'termbase[postgresql]'"
        ) from None
    try:
        return psycopg.connect(url, autocommit=autocommit, **_connect_options(url))
    except psycopg.Error as error:
        raise DatabaseError(f"cannot open {describe_url(url)}: {_reason(error)}") from None
    except ValueError as error:  # psycopg's own check of the URL (a bad port, say)
        raise DatabaseError(f"cannot open {redact(url)}: {error}") from None


class PgCursor:
    """A psycopg cursor with what termbase reads from a DB-API cursor (``lastrowid`` included:
    the value the last ``INSERT`` drew from an identity column, ``lastval()``)."""

    def __init__(self, cursor: psycopg.Cursor[Any], owner: PgConnection) -> None:
        self._cursor = cursor
        self._owner = owner

    @property
    def rowcount(self) -> int:
        return int(self._cursor.rowcount)

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def lastrowid(self) -> int:
        return int(self._owner.execute("SELECT lastval()").fetchone()[0])

    def fetchone(self) -> Any:
        return self._owner._guard(self._cursor.fetchone)

    def fetchall(self) -> list[Any]:
        rows: list[Any] = self._owner._guard(self._cursor.fetchall)
        return rows

    def __iter__(self) -> Iterator[Any]:
        return iter(self.fetchall()) if self._cursor.pgresult is not None else iter(())


class PgConnection:
    """A psycopg connection that runs termbase's SQLite-flavoured SQL (see the module docstring).

    With a ``pool`` (``termbase serve``), each statement outside a transaction borrows a
    connection from it for as long as the statement runs (the rows are fetched by then), and a
    transaction holds one connection from ``BEGIN`` to ``COMMIT`` (:meth:`pinned`).
    """

    def __init__(
        self, raw: psycopg.Connection[Any] | None, url: str, pool: ConnectionPool | None = None
    ) -> None:
        self._raw = raw
        self._borrowed: psycopg.Connection[Any] | None = None
        self.pool = pool
        self.url = url
        self.changes = 0
        """Write statements run through this connection (part of the change stamp)."""
        self.rows_written = 0
        self._replaced: dict[str, str] = {}
        """Rows written (one per statement, every row of an ``executemany``): a large write
        transaction is followed by ``ANALYZE`` (see :data:`ANALYZE_AFTER_ROWS`)."""

    @property
    def raw(self) -> psycopg.Connection[Any]:
        """The connection of the direct mode, or the one a pooled transaction holds."""
        if self._raw is None:
            raise RuntimeError("a pooled connection outside a transaction has no connection of its own")
        return self._raw

    @property
    def closed(self) -> bool:
        return self.pool.closed if self.pool is not None else self.raw.closed

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        if self._raw is None:
            return False
        return self._raw.info.transaction_status != TransactionStatus.IDLE

    @contextmanager
    def _acquire(self) -> Iterator[psycopg.Connection[Any]]:
        if self._raw is not None or self.pool is None:
            yield self.raw
            return
        from psycopg_pool import PoolTimeout

        try:
            with self.pool.connection() as raw:
                yield raw
        except PoolTimeout as error:
            raise DatabaseError(f"{describe_url(self.url)}: no connection from the pool ({error})") from None

    def _pooled_transaction(self, statement: str) -> PgCursor:
        """``BEGIN`` given as a statement (a read in one snapshot, say) holds one connection of
        the pool until ``COMMIT`` or ``ROLLBACK``, so the statements between run in it."""
        if statement == "BEGIN" and self._raw is None:
            assert self.pool is not None
            self._raw = self._borrowed = self._guard(self.pool.getconn)
        raw = self.raw
        cursor = raw.cursor()
        self._guard(cursor.execute, statement)
        if statement != "BEGIN" and self._borrowed is not None:
            self._raw, borrowed, self._borrowed = None, self._borrowed, None
            assert self.pool is not None
            self.pool.putconn(borrowed)
        return PgCursor(cursor, self)

    @contextmanager
    def pinned(self) -> Iterator[None]:
        """Hold one connection (of the pool) for a transaction."""
        if self._raw is not None or self.pool is None:
            yield
            return
        with self._acquire() as raw:
            self._raw = raw
            try:
                yield
            finally:
                self._raw = None

    def _guard(self, call: Any, *args: Any) -> Any:
        import psycopg

        try:
            return call(*args)
        except psycopg.OperationalError as error:
            if isinstance(error, psycopg.errors.QueryCanceled):
                raise
            raise DatabaseError(f"{describe_url(self.url)}: {_reason(error)}") from None
        except psycopg.errors.ReadOnlySqlTransaction:
            raise DatabaseError(
                f"{describe_url(self.url)} is read-only (a replica, or a read-only role): write to the primary"
            ) from None

    def _replacing(self, sql: str) -> str:
        """``INSERT OR REPLACE INTO t (columns) …`` as PostgreSQL's upsert on ``t``'s primary key
        (SQLite replaces the row whose key the new one takes; termbase's tables have no other
        unique key such a statement could meet)."""
        found = _OR_REPLACE.match(sql)
        if found is None:
            return sql
        done = self._replaced.get(sql)
        if done is not None:
            return done
        table, columns, rest = found.group(1), [c.strip() for c in found.group(2).split(",")], found.group(3)
        keys = [
            row[0]
            for row in self.execute(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a"
                " ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)"
                " WHERE i.indrelid = to_regclass(?) AND i.indisprimary",
                (table,),
            )
        ]
        if not keys:
            raise ValueError(f"INSERT OR REPLACE into {table}, which has no primary key")
        others = [c for c in columns if c not in keys]
        action = (
            "DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in others) if others else "DO NOTHING"
        )
        done = f"INSERT INTO {table} ({', '.join(columns)}){rest.rstrip().rstrip(';')} ON CONFLICT ({', '.join(keys)}) {action}"
        self._replaced[sql] = done
        return done

    def execute(self, sql: str, parameters: Sequence[Any] = (), /) -> PgCursor:
        statement = sql.strip().upper()
        if self.pool is not None and statement in ("BEGIN", "COMMIT", "ROLLBACK"):
            return self._pooled_transaction(statement)
        has_params = bool(parameters)
        query = translate(self._replacing(sql), params=has_params)
        if _WRITE.match(sql):
            self.changes += 1
            self.rows_written += 1
        with self._acquire() as raw:
            cursor = raw.cursor()
            self._guard(cursor.execute, query, list(parameters) if has_params else None)
        return PgCursor(cursor, self)

    def executemany(self, sql: str, parameters: Any, /) -> PgCursor:
        rows = parameters if isinstance(parameters, list) else list(parameters)
        self.changes += 1
        self.rows_written += len(rows)
        cursor = self.raw.cursor()  # writes run in a transaction: its connection
        plain = _PLAIN_INSERT.match(sql) if len(rows) >= COPY_MIN_ROWS else None
        if plain is not None:
            table, columns, ignore = plain.group(1), plain.group(2), plain.group(3) or _OR_IGNORE.match(sql)
            self._guard(self._copy, cursor, table, " ".join(columns.split()), rows, bool(ignore))
        elif rows:
            self._guard(cursor.executemany, translate(self._replacing(sql), params=True), rows)
        return PgCursor(cursor, self)

    def copy_rows(self, table: str, columns: Sequence[str], types: Sequence[str], rows: list[Any]) -> None:
        """``rows`` into ``table`` by a binary ``COPY`` (``types``: the columns' PostgreSQL types),
        in the current transaction: no text form of the values (a ``bytea`` goes as its bytes)."""
        self.changes += 1
        self.rows_written += len(rows)

        def run() -> None:
            sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN (FORMAT BINARY)"
            with self.raw.cursor() as cursor, cursor.copy(sql) as copy:
                copy.set_types(list(types))
                for row in rows:
                    copy.write_row(row)

        self._guard(run)

    def copy_data(self, table: str, columns: Sequence[str], data: bytes, rows: int) -> None:
        """A binary ``COPY`` into ``table`` of ``data`` made beforehand (header, ``rows`` rows,
        trailer: :func:`termbase.backends.pg_bulk.posting_blocks`), in the current transaction."""
        self.changes += 1
        self.rows_written += rows

        def run() -> None:
            sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN (FORMAT BINARY)"
            with self.raw.cursor() as cursor, cursor.copy(sql) as copy:
                copy.write(data)

        self._guard(run)

    def _copy(
        self, cursor: psycopg.Cursor[Any], table: str, columns: str, rows: list[Any], ignore: bool
    ) -> None:
        """``rows`` into ``table`` with ``COPY``; with ``ignore``, through a temporary table whose
        rows are inserted with ``ON CONFLICT DO NOTHING`` (as ``INSERT OR IGNORE`` would)."""
        target = table
        if ignore:
            target = f"tb_bulk_{table}"
            cursor.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS {target} ON COMMIT DROP AS SELECT {columns} FROM {table} WITH NO DATA"
            )
        with cursor.copy(f"COPY {target} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        if ignore:
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {target} ON CONFLICT DO NOTHING"
            )
            cursor.execute(f"TRUNCATE {target}")

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
        elif self._raw is not None:
            self._raw.close()


def schema_statements(after: int = 0) -> tuple[list[str], int]:
    """The SQL files of ``termbase/data/schema_pg/`` for versions above ``after`` (each file one
    script), and the highest version they declare."""
    from importlib import resources

    from termbase.store import schema_file_version

    scripts: list[str] = []
    top = 0
    folder = resources.files("termbase") / "data" / "schema_pg"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".sql"):
            continue
        text = entry.read_text(encoding="utf-8")
        version = schema_file_version(text)
        top = max(top, version)
        if version > after:
            scripts.append(text)
    return scripts, top


class PostgresStore:
    """A termbase in a PostgreSQL database (see the module docstring).

    ``read_only``: a replica or a role without write rights: the schema must be there already
    and :meth:`transaction` refuses. ``pool_size``: statements borrow connections from a
    psycopg_pool pool of up to this many (``termbase serve``; a connection the server ended is
    replaced on the next borrow). ``read_url``: a replica that serves every read outside a write
    transaction (reads there may lag the primary by the replication delay).
    """

    dialect = "postgresql"
    path: str | None = None
    immutable = False

    def __init__(
        self, url: str, *, read_only: bool = False, pool_size: int | None = None, read_url: str | None = None
    ) -> None:
        self.url = url
        self.name = redact(url)
        self._cache_key: str | None = None
        self.read_only = read_only
        self.pool_size = pool_size
        self._conn: PgConnection | None = None
        self._depth = 0
        self._wait_lsn: str | None = None
        self._version = -1
        _ = self._primary  # connect now: a bad URL is one line before any work starts
        self.replica = (
            PostgresStore(read_url, read_only=True, pool_size=pool_size) if read_url is not None else None
        )

    # -- opening -------------------------------------------------------------------------
    @property
    def conn(self) -> PgConnection:
        """The connection to read from: the replica's (if there is one) outside a write
        transaction, once it has replayed this store's last commit (read your own writes)."""
        if self.replica is None or self._depth:
            return self._primary
        replica = self.replica.conn
        if self._wait_lsn is not None:
            caught_up = replica.execute(
                "SELECT coalesce(pg_last_wal_replay_lsn() >= ?::pg_lsn, false)", (self._wait_lsn,)
            ).fetchone()[0]
            if not caught_up:
                return self._primary
            self._wait_lsn = None
        return replica

    @property
    def _primary(self) -> PgConnection:
        """The connection (made, and the schema checked, on first use or after it was lost)."""
        if self._conn is not None and self._conn.closed:
            self._conn = None
        if self._conn is None:
            conn = PgConnection(connect(self.url), self.url)
            try:
                if conn.execute("SELECT pg_is_in_recovery()").fetchone()[0]:
                    self.read_only = True  # a standby: it reads, and writes go to the primary
                self._check_schema(conn)
            except BaseException:
                conn.close()
                raise
            if self.pool_size:
                conn.close()
                conn = PgConnection(None, self.url, _pool(self.url, self.pool_size))
            self._conn = conn
        return self._conn

    def _check_schema(self, conn: PgConnection) -> None:
        from termbase.store import SCHEMA_VERSION

        where = describe_url(self.url)
        version = _stored_version(conn)
        if version is None:
            if self.read_only:
                raise InputError(f"{where}: no termbase there yet (a read-only database is never set up)")
            with _locked(conn):
                if _stored_version(conn) is None:
                    _create_schema(conn, where)
            return
        if version > SCHEMA_VERSION:
            raise InputError(
                f"{where}: written by a newer termbase (schema {version}; this version reads up to {SCHEMA_VERSION})"
            )
        if version < SCHEMA_VERSION and not self.read_only:
            with _locked(conn):
                _migrate(conn)

    # -- the store interface ---------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[PgConnection]:
        """One write transaction (nested calls join the outer one): all or nothing; writers queue
        up behind the advisory lock :data:`WRITE_LOCK`."""
        if self.read_only:
            raise InputError(
                f"{describe_url(self.url)} is opened read-only (a replica): writes go to the primary"
            )
        conn = self._primary
        if self._depth:
            self._depth += 1
            try:
                yield conn
            finally:
                self._depth -= 1
            return
        self._depth = 1
        try:
            with conn.pinned():
                written = conn.rows_written
                with _locked(conn):
                    conn.execute("UPDATE tb_state SET value = nextval('tb_change') WHERE key = 'change'")
                    yield conn
                if conn.rows_written - written >= ANALYZE_AFTER_ROWS:
                    conn.execute(f"ANALYZE {_ANALYZED}")
            if self.replica is not None:  # read from the primary until the replica has this commit
                # The insert position, not pg_current_wal_lsn() (the write position): with
                # synchronous_commit off the commit record may not be written yet, and a replica
                # that reached the write position could still lack the commit.
                self._wait_lsn = str(conn.execute("SELECT pg_current_wal_insert_lsn()::text").fetchone()[0])
        finally:
            self._depth = 0

    @property
    def schema_version(self) -> int:
        """The database's schema version (read once it is this code's: it is not going back)."""
        from termbase.store import SCHEMA_VERSION

        if self._version == SCHEMA_VERSION:
            return self._version
        version = _stored_version(self.conn)
        self._version = 0 if version is None else version
        return self._version

    @property
    def cache_path(self) -> str | None:
        """The key the indexes of this database are saved under in the cache directory (the word
        index, the typo keys, the recogniser: :mod:`termbase.recognize.cache`), valid only with
        the forms token read from the database itself:
        ``postgresql://<the cluster's system identifier>/<database>``, so every URL that reaches the
        same data (another host name, a pooler, a streaming replica) shares them. None when the
        server does not say its system identifier: nothing is saved then."""
        if self._cache_key is None:
            conn = self.conn
            if conn.in_transaction:
                return None  # asked first inside a transaction: a failed read would abort it
            try:
                row = conn.execute(
                    "SELECT (SELECT system_identifier FROM pg_control_system())::text, current_database()"
                ).fetchone()
            except DatabaseError:
                raise
            except Exception:  # a server or role that may not read pg_control_system()
                row = None
            self._cache_key = f"postgresql://{row[0]}/{row[1]}" if row and row[0] else ""
        return self._cache_key or None

    def change_stamp(self) -> object:
        conn = self.conn
        row = conn.execute("SELECT value FROM tb_state WHERE key = 'change'").fetchone()
        return (id(conn), int(row[0]), conn.changes)

    def release_free_pages(self) -> None:
        """Nothing to do: PostgreSQL's autovacuum reuses the space of deleted rows."""

    def size_bytes(self) -> int | None:
        return int(self.conn.execute("SELECT pg_database_size(current_database())").fetchone()[0])

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if self.replica is not None:
            self.replica.close()

    def forget_file(self) -> None:
        """Nothing to forget: a database is never deleted by a failed import (it rolls back)."""


def _pool(url: str, size: int) -> ConnectionPool:
    """A pool of up to ``size`` autocommit connections to ``url`` (checked when borrowed)."""
    from psycopg_pool import ConnectionPool

    return ConnectionPool(
        url,
        min_size=1,
        max_size=size,
        kwargs={"autocommit": True, **_connect_options(url)},
        check=ConnectionPool.check_connection,
        name=redact(url),
        timeout=_CONNECT_TIMEOUT,
        open=True,
    )


def _stored_version(conn: PgConnection) -> int | None:
    """The schema version of the database, or None when it holds no termbase yet; an
    :class:`InputError` for a database that holds other tables."""
    has_meta, tables = conn.execute(
        "SELECT to_regclass('meta') IS NOT NULL,"
        " (SELECT count(*) FROM pg_tables WHERE schemaname = current_schema())"
    ).fetchone()
    if not has_meta:
        if tables:
            raise InputError(
                f"{describe_url(conn.url)}: not a termbase database (it holds {tables} other tables)"
            )
        return None
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    app = conn.execute("SELECT value FROM meta WHERE key = 'application'").fetchone()
    if row is None or app is None or app[0] != "termbase":
        raise InputError(f"{describe_url(conn.url)}: not a termbase database (its meta table is another's)")
    return int(row[0])


@contextmanager
def _locked(conn: PgConnection) -> Iterator[None]:
    """One transaction holding the write lock; committed on success, rolled back on any error."""
    import psycopg

    conn._guard(conn.raw.execute, "BEGIN")
    try:
        conn.execute("SELECT pg_advisory_xact_lock(?)", (WRITE_LOCK,))
        yield
    except BaseException:
        if not conn.raw.closed and not conn.raw.broken:
            with suppress(psycopg.OperationalError):
                conn.raw.execute("ROLLBACK")
        raise
    conn._guard(conn.raw.execute, "COMMIT")


def _create_schema(conn: PgConnection, where: str) -> None:
    """The whole schema, in the caller's transaction."""
    import psycopg

    from termbase import __version__

    scripts, top = schema_statements()
    try:
        for script in scripts:
            conn.execute(script)
    except psycopg.errors.InsufficientPrivilege as error:
        raise DatabaseError(f"{where}: cannot create the termbase's tables ({_reason(error)})") from None
    conn.executemany(
        "INSERT INTO meta (key, value) VALUES (?, ?)",
        [
            ("application", "termbase"),
            ("schema_version", str(top)),
            ("created_by", f"termbase {__version__}"),
        ],
    )


def _migrate(conn: PgConnection) -> None:
    """Run the schema files of the versions after the stored one, in the caller's transaction."""
    version = _stored_version(conn)
    assert version is not None
    scripts, top = schema_statements(after=version)
    if version >= top:
        return
    for script in scripts:
        conn.execute(script)
    conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(top),))
