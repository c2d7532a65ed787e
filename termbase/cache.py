"""The cache directory: where termbase keeps what it computes once (the bundled glossary's index,
saved recognition and lookup indexes, tables built from data files), and the stamp that says
when a cached file is stale. Imports nothing of termbase's own at module level, so any module
may use it.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import zlib
from collections.abc import Callable, Iterator
from typing import Any

__all__ = ["cache_dir", "computed_once", "fallback_cache_dir", "files_stamp", "folders"]

_STAMPED_SUFFIXES = (".toml", ".py", ".sql", ".tsv", ".txt", ".json")
_PROCESS_STAMP: list[str] = []


def cache_dir() -> str:
    """Where the bundled glossary's index is cached."""
    explicit = os.environ.get("TERMBASE_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "termbase")


def fallback_cache_dir() -> str:
    """Where cached files go when the cache directory cannot be written: a folder of the temporary directory."""
    import tempfile

    return os.path.join(
        tempfile.gettempdir(), f"termbase-cache-{os.getuid() if hasattr(os, 'getuid') else 0}"
    )


def folders(name: str) -> Iterator[str]:
    """The folder ``name`` of the cache directory, then (computed only if needed) of the fallback."""
    yield os.path.join(cache_dir(), name)
    yield os.path.join(fallback_cache_dir(), name)


def files_stamp() -> str:
    """A short key for the current data and code: stat calls only, no file is read."""
    import glossary
    from termbase._version import __version__
    from termbase.store import SCHEMA_VERSION

    parts = [f"{__version__}/{SCHEMA_VERSION}"]
    roots = [os.path.dirname(os.path.abspath(__file__))]
    if glossary.__file__ is not None:
        roots.append(os.path.dirname(os.path.abspath(glossary.__file__)))
    for root in roots:
        for folder, dirs, names in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(names):
                if name.endswith(_STAMPED_SUFFIXES):
                    stat = os.stat(os.path.join(folder, name))
                    parts.append(f"{folder[len(root) :]}/{name}:{stat.st_size}:{stat.st_mtime_ns}")
    data = "\n".join(parts).encode()
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def computed_once(name: str, make: Callable[[], Any], valid: Callable[[Any], bool]) -> Any:
    """``make()``, kept in a marshal file of the cache directory for the current code
    (:func:`files_stamp`), so later processes read it instead of computing it: data of plain
    built-in types only. A file that cannot be read, or whose value ``valid`` refuses, is
    computed and written again; a cache that cannot be written only costs the computation.
    """
    import tempfile

    if not _PROCESS_STAMP:  # once per process: the code that computes is already loaded
        _PROCESS_STAMP.append(files_stamp())
    file_name = f"{name}-{zlib.crc32(_PROCESS_STAMP[0].encode()):08x}.marshal"
    for folder in folders("computed"):
        path = os.path.join(folder, file_name)
        try:
            with open(path, "rb") as handle:
                value = marshal.loads(handle.read())  # marshal.load reads a file in small pieces: 4x slower
            if valid(value):
                return value
        except Exception:  # missing, truncated or corrupt: computed again
            continue
    value = make()
    for folder in folders("computed"):
        try:
            os.makedirs(folder, exist_ok=True)
            handle_no, temp = tempfile.mkstemp(prefix=f".{name}-", suffix=".tmp", dir=folder)
            try:
                with os.fdopen(handle_no, "wb") as out:
                    marshal.dump(value, out)
                os.replace(temp, os.path.join(folder, file_name))
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(temp)
            for other in os.listdir(folder):  # the copies of other code versions
                if other.startswith(f"{name}-") and other.endswith(".marshal") and other != file_name:
                    with contextlib.suppress(OSError):
                        os.unlink(os.path.join(folder, other))
            break
        except (OSError, ValueError):
            continue
    return value
