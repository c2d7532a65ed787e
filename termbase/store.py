"""SQLite storage: opening and creating termbase files, the versioned schema, transactions.

No business logic lives here. A termbase file is an SQLite database in WAL mode whose
``PRAGMA application_id`` marks it as ours; its schema is the SQL files in
``termbase/data/schema/`` run in name order, and its version is :data:`SCHEMA_VERSION`. A file that
starts with ``-- schema version N`` belongs to version N (files without that line to version 1); a
termbase file of an older version is migrated when opened for writing, by running the files
of the later versions in one transaction.

A file that does not exist yet is created on the first write; until then reads see an
empty in-memory termbase. Every write runs in one ``BEGIN IMMEDIATE`` transaction, so two
processes writing at once queue up (``busy_timeout``) instead of losing data.

PRAGMAs, and why: ``journal_mode = WAL`` (readers never wait for a writer; a write
transaction, however large, commits all or nothing, so a killed import leaves the file as it
was); ``synchronous = NORMAL`` (in WAL mode a power cut may lose the last commits but never
corrupts the file; a killed process loses nothing committed); ``busy_timeout`` (queue up
behind another writer); ``foreign_keys = ON`` (off for a concept import's transaction, whose rows
are right by construction: ``Store.transaction(checked=False)``); ``cache_size = -32768`` (up to 32 MB of page
cache, allocated as used: a large import touches the same index pages again and again; 128 MB
in a concept import's unchecked transaction, whose search keys land all over their index: at
100,000 concepts its system time fell from 7.9 to 3.4 s, the peak from 156 to 217 MB);
``temp_store = MEMORY`` (sorting for an index build never goes to a temporary file);
``auto_vacuum = INCREMENTAL``, set when a file is created (FTS5 merges its segments as a large
import goes, and frees the pages of the merged ones: ``Store.release_free_pages`` gives them
back to the file system instead of leaving them on the free list, so a fresh import's file is
no larger than its data).

>>> store = Store(None)
>>> with store.transaction() as conn:
...     _ = conn.execute("INSERT INTO meta VALUES ('hello', 'world')")
>>> store.conn.execute("SELECT value FROM meta WHERE key = 'hello'").fetchone()[0]
'world'
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager

from termbase.errors import InputError

__all__ = ["APPLICATION_ID", "SCHEMA_VERSION", "Store"]

SCHEMA_VERSION = 6
APPLICATION_ID = 0x54425331  # "TBS1"
_SQLITE_MAGIC = b"SQLite format 3\x00"
_BUSY_TIMEOUT_MS = 60_000
_CACHE_KIB = -32_768  # negative: KiB, not pages
_BULK_CACHE_KIB = -131_072  # a concept import's (Store.transaction(checked=False))


_VERSION_LINE = re.compile(r"-- schema version (\d+)\s*$")


def schema_file_version(text: str) -> int:
    """The schema version a schema file declares on its first line (1 when it declares none).

    >>> schema_file_version("-- schema version 2\\nCREATE TABLE t (x);"), schema_file_version("CREATE TABLE t (x);")
    (2, 1)
    """
    marked = _VERSION_LINE.match(text.partition("\n")[0])
    return int(marked.group(1)) if marked else 1


def _schema_statements(after: int = 0) -> list[str]:
    """The statements of the schema files of versions above ``after``, in file-name order."""
    from importlib import resources

    statements: list[str] = []
    folder = resources.files("termbase") / "data" / "schema"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".sql"):
            continue
        text = entry.read_text(encoding="utf-8")
        marked = _VERSION_LINE.match(text.partition("\n")[0])
        if (int(marked.group(1)) if marked else 1) <= after:
            continue
        pending = ""
        for line in text.splitlines(keepends=True):
            pending += line
            if sqlite3.complete_statement(pending):
                statements.append(pending.strip())
                pending = ""
        if pending.strip() and not all(
            ln.strip().startswith("--") or not ln.strip() for ln in pending.splitlines()
        ):
            raise RuntimeError(f"incomplete statement at the end of {entry.name}")
    return statements


def _uri_path(path: str) -> str:
    """``path`` as the path of an SQLite ``file:`` URI (only these characters are special there)."""
    absolute = os.path.abspath(path)
    return absolute.replace("%", "%25").replace("?", "%3f").replace("#", "%23")


def _connect(target: str, *, uri: bool = False) -> sqlite3.Connection:
    conn = sqlite3.connect(target, uri=uri, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA cache_size = {_CACHE_KIB}")
    conn.execute("PRAGMA temp_store = MEMORY")
    return conn


def _use_wal(conn: sqlite3.Connection) -> None:
    """WAL mode, so readers are not blocked by a writer.

    Switching needs a moment alone with the file and SQLite does not wait for it (no busy
    handler), so when another process holds the file, try again for up to the busy timeout.
    """
    deadline = time.monotonic() + _BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            break
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)
    conn.execute("PRAGMA synchronous = NORMAL")


def _migrate(conn: sqlite3.Connection) -> None:
    """Bring a file of an older schema version up to :data:`SCHEMA_VERSION`, all or nothing."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version < SCHEMA_VERSION:
            for statement in _schema_statements(after=version):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)",
                (str(SCHEMA_VERSION),),
            )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _create_schema(conn: sqlite3.Connection) -> None:
    """Run the schema in the caller's transaction, unless another process already did."""
    exists = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone()
    if exists:
        return
    for statement in _schema_statements():
        conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    from termbase._version import __version__

    conn.executemany(
        "INSERT INTO meta (key, value) VALUES (?, ?)",
        [("schema_version", str(SCHEMA_VERSION)), ("created_by", f"termbase {__version__}")],
    )


class Store:
    """A termbase database: a file, an immutable cache file, or (``path=None``) memory only."""

    dialect = "sqlite"

    def __init__(self, path: str | os.PathLike[str] | None, *, immutable: bool = False) -> None:
        self.path = os.fspath(path) if path is not None else None
        self.immutable = immutable
        self._conn: sqlite3.Connection | None = None
        self._on_disk = False
        self._depth = 0
        self._release = False
        if self.path is not None and os.path.exists(self.path):
            self._open_existing()

    # -- opening -------------------------------------------------------------------------
    def _open_existing(self) -> None:
        assert self.path is not None
        name = self.path
        if os.path.isdir(name):
            raise InputError("is a directory, not a termbase file", path=name)
        with open(self.path, "rb") as handle:
            head = handle.read(len(_SQLITE_MAGIC))
        if not head:
            return  # an empty file (say, from mktemp) becomes a termbase on the first write
        if head != _SQLITE_MAGIC:
            raise InputError("not a termbase file (not an SQLite database)", path=name)
        target = f"file:{_uri_path(name)}?immutable=1" if self.immutable else name
        conn = _connect(target, uri=self.immutable)
        try:
            # One statement, so one snapshot of a file another process may be creating.
            app_id, version, tables = conn.execute(
                "SELECT (SELECT application_id FROM pragma_application_id()),"
                " (SELECT user_version FROM pragma_user_version()),"
                " (SELECT count(*) FROM sqlite_master)"
            ).fetchone()
        except sqlite3.DatabaseError as error:
            conn.close()
            raise InputError(f"not a termbase file ({error})", path=name) from None
        if app_id != APPLICATION_ID:
            blank = app_id == 0 and tables == 0
            conn.close()
            if blank and not self.immutable:
                return  # another process is creating it right now: join in on the first write
            raise InputError("not a termbase file (an SQLite database of another application)", path=name)
        if version > SCHEMA_VERSION:
            conn.close()
            raise InputError(
                f"written by a newer termbase (schema {version}; this version reads up to {SCHEMA_VERSION})",
                path=name,
            )
        if not self.immutable:
            _use_wal(conn)
            if version < SCHEMA_VERSION:
                try:
                    _migrate(conn)
                except sqlite3.OperationalError as error:
                    if "readonly" not in str(error):
                        raise
        self._conn = conn
        self._on_disk = True

    def _create(self) -> sqlite3.Connection:
        """Create the file (or the in-memory database) and its schema."""
        if self.path is None:
            conn = _connect(":memory:")
        else:
            os.makedirs(os.path.dirname(os.path.abspath(self.path)), exist_ok=True)
            conn = _connect(self.path)
            conn.execute("PRAGMA auto_vacuum = INCREMENTAL")  # before the first table: see the module doc
            _use_wal(conn)
            self._on_disk = True
        conn.execute("BEGIN IMMEDIATE")
        try:
            _create_schema(conn)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return conn

    @property
    def conn(self) -> sqlite3.Connection:
        """The connection to read from: an empty in-memory termbase if the file is not created yet."""
        if self._conn is None:
            if self.path is None:
                self._conn = self._create()
            else:
                # Reading a termbase that does not exist yet: an empty one, not a new file.
                self._conn = _connect(":memory:")
                self._conn.execute("BEGIN")
                _create_schema(self._conn)
                self._conn.execute("COMMIT")
        return self._conn

    @contextmanager
    def transaction(self, *, checked: bool = True) -> Iterator[sqlite3.Connection]:
        """One write transaction (nested calls join the outer one): all or nothing.

        ``checked=False`` runs it with ``foreign_keys`` off (an outermost transaction only: the
        pragma cannot change inside one), for a bulk write whose rows are right by construction and
        that deletes what it replaces itself: SQLite then skips a parent look-up per inserted row;
        and with a larger page cache (see the module doc), given back when it ends.
        """
        if self.immutable:
            raise InputError("the bundled glossary is read-only; write to your own termbase with --db PATH")
        if self.path is not None and not self._on_disk:
            if self._conn is not None:
                self._conn.close()
            self._conn = None
            if os.path.exists(self.path):
                self._open_existing()
            if self._conn is None:
                self._conn = self._create()
        conn = self.conn
        if self._depth:
            self._depth += 1
            try:
                yield conn
            finally:
                self._depth -= 1
            return
        if not checked:
            conn.execute("PRAGMA foreign_keys = OFF")
            conn.execute(f"PRAGMA cache_size = {_BULK_CACHE_KIB}")
        conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")
            if self._release:
                self._release_free_pages(conn)
        finally:
            self._depth = 0
            self._release = False
            if not checked:
                conn.execute("PRAGMA foreign_keys = ON")
                conn.execute(f"PRAGMA cache_size = {_CACHE_KIB}")

    def release_free_pages(self) -> None:
        """After the current write transaction commits, give the file's free pages back to the
        file system (in a transaction of its own; a file created before ``auto_vacuum`` was set
        keeps them for its next writes instead)."""
        self._release = True

    def _release_free_pages(self, conn: sqlite3.Connection) -> None:
        self._release = False
        if conn.execute("PRAGMA auto_vacuum").fetchone()[0] == 2:  # incremental
            conn.executescript("PRAGMA incremental_vacuum;")  # execute() would free one page only

    @property
    def schema_version(self) -> int:
        """The schema version of the open database (:data:`SCHEMA_VERSION` once migrated)."""
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    @property
    def cache_path(self) -> str | None:
        """The file whose indexes may be saved in the cache directory (None: in memory, or not
        created yet: nothing to save)."""
        return self.path if self._on_disk else None

    def change_stamp(self) -> object:
        """A value that differs once the data may have changed: a write through this connection
        (its change count), a commit of another (``data_version``), a rollback, a new connection."""
        conn = self.conn
        version = conn.execute("PRAGMA data_version").fetchone()[0]
        return (conn, conn.total_changes, conn.in_transaction, version)

    def size_bytes(self) -> int | None:
        """The file's size with its write-ahead log (None in memory or before the first write)."""
        if self.path is None or not os.path.exists(self.path):
            return None
        return sum(os.path.getsize(f) for f in (self.path, f"{self.path}-wal") if os.path.exists(f))

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def forget_file(self) -> None:
        """After the file was deleted: read an empty termbase again, create the file on the next write."""
        self.close()
        self._on_disk = False
