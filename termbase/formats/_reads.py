"""How far the readers have read: the files they open, for an import's progress in bytes.

A reader registers each file it opens with :func:`track`; code that wants to know how many bytes
have been read wraps the reading in :func:`watching` and asks :func:`position`.

>>> import io
>>> with watching() as opened:
...     handle = track(io.BytesIO(b"abcdef"))
...     _ = handle.read(4)
...     position(opened)
4
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, TypeVar

__all__ = ["position", "track", "watching"]

_OPENED: contextvars.ContextVar[list[IO[bytes]] | None] = contextvars.ContextVar("opened", default=None)
Handle = TypeVar("Handle", bound=IO[bytes])


def track(handle: Handle) -> Handle:
    """Note a file a reader opened (if someone is watching); returns it."""
    opened = _OPENED.get()
    if opened is not None:
        opened.append(handle)
    return handle


@contextmanager
def watching() -> Iterator[list[IO[bytes]]]:
    """Collect the files readers open inside the block."""
    opened: list[IO[bytes]] = []
    token = _OPENED.set(opened)
    try:
        yield opened
    finally:
        _OPENED.reset(token)


def position(opened: list[IO[bytes]]) -> int:
    """Bytes read so far of the last file opened (0 before any, or once it is closed)."""
    if not opened:
        return 0
    handle = opened[-1]
    try:
        return handle.tell()
    except (ValueError, OSError):
        return 0
