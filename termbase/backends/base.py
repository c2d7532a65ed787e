"""What the termbase and its memory need from a store, whichever engine holds the data.

Two implementations: :class:`termbase.store.Store` (SQLite, the embedded default) and
:class:`termbase.backends.postgresql.PostgresStore`. Both hand out a DB-API-like connection
whose ``execute`` takes ``?`` placeholders and returns a cursor (``fetchone``, ``fetchall``,
iteration, ``rowcount``), so most SQL of :mod:`termbase.termbase` runs unchanged on both; what
differs lives in the PostgreSQL connection's dialect layer (placeholders, ``INSERT OR IGNORE``,
bulk loads through ``COPY``) and in the stores' own methods below.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any, Literal, Protocol

__all__ = ["Connection", "Cursor", "Dialect", "StoreBackend"]

Dialect = Literal["sqlite", "postgresql"]
"""The engines: the ``dialect`` of a store."""


class Cursor(Protocol):
    """The part of a DB-API cursor termbase uses."""

    @property
    def rowcount(self) -> int: ...

    @property
    def lastrowid(self) -> int | None: ...

    @property
    def description(self) -> Any: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    """The part of a DB-API connection termbase uses (``?`` placeholders on both engines)."""

    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> Cursor: ...

    def executemany(self, sql: str, parameters: Any, /) -> Cursor: ...

    @property
    def in_transaction(self) -> bool: ...


class StoreBackend(Protocol):
    """A termbase's store: a connection to read from, write transactions, and bookkeeping."""

    dialect: str
    """``sqlite`` or ``postgresql`` (:data:`Dialect`)."""
    path: str | None
    """The SQLite file (None in memory and on PostgreSQL)."""
    immutable: bool

    @property
    def conn(self) -> Connection: ...

    def transaction(self) -> AbstractContextManager[Connection]: ...

    @property
    def schema_version(self) -> int: ...

    @property
    def cache_path(self) -> str | None:
        """The SQLite file whose derived indexes may be saved in the cache directory (None on
        PostgreSQL and in memory: a process builds what it needs and keeps it)."""
        ...

    def change_stamp(self) -> object:
        """A value that differs once the concepts, terms or forms may have changed, through
        this connection or any other (a cache built at one stamp is stale at another)."""
        ...

    def release_free_pages(self) -> None:
        """After the current write transaction: give free pages back (SQLite; a no-op elsewhere)."""
        ...

    def size_bytes(self) -> int | None:
        """The bytes the database takes (None for an in-memory one)."""
        ...

    def close(self) -> None: ...

    def forget_file(self) -> None: ...
