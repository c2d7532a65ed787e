"""The bundled glossary as a cached SQLite index, rebuilt when the data or the library changes.

The data files of the ``glossary`` package are read once, with their derived forms, search
keys and the article's translation memory, into ``glossary-<stamp>.sqlite`` in the cache
directory (``$TERMBASE_CACHE_DIR``, else ``$XDG_CACHE_HOME/termbase``, else
``~/.cache/termbase``). The stamp covers the names, sizes and modification times of the
data files and of the library's own files, and the library and schema versions, so a
lookup never re-parses data files, a changed glossary is never served stale, and checking
costs a few ``stat`` calls.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

from termbase.cache import cache_dir
from termbase.cache import fallback_cache_dir as _fallback_cache_dir
from termbase.cache import files_stamp as _stamp
from termbase.errors import InputError
from termbase.model import Concept
from termbase.store import Store

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing slows `termbase lookup` down
if TYPE_CHECKING:
    from importlib.abc import Traversable

__all__ = ["bundled_concepts", "cache_dir", "glossary_path"]


def bundled_concepts() -> Iterator[Concept]:
    """Every concept of the bundled glossary, parsed from its data files."""
    from glossary import concept_files

    for entry in concept_files():
        yield _read_concept(entry)


def _read_concept(entry: Traversable) -> Concept:
    import tomllib

    name = f"glossary/concepts/{entry.name}"
    try:
        concept = Concept.from_dict(tomllib.loads(entry.read_text(encoding="utf-8")))
    except tomllib.TOMLDecodeError as error:
        raise InputError(str(error), path=name) from None
    except (KeyError, ValueError, TypeError) as error:
        raise InputError(f"invalid concept: {error}", path=name) from None
    if concept.id != entry.name.removesuffix(".toml"):
        raise InputError(f"concept id {concept.id!r} does not match the file name", path=name)
    return concept


def _build(target: str, stamp: str) -> None:
    """Build the index in a temporary file beside ``target``, then rename it into place."""
    import tempfile

    from termbase.langtags import KNOWN_TAGS, language_name
    from termbase.memory import Memory, bundled_units
    from termbase.termbase import Termbase

    folder = os.path.dirname(target)
    os.makedirs(folder, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=".glossary-", suffix=".tmp", dir=folder)
    os.close(handle)
    try:
        store = Store(temp)
        with store.transaction() as conn:
            Termbase(store, name="bundled glossary").import_concepts(bundled_concepts())
            Memory(store).add_units(bundled_units())
            conn.executemany(
                "INSERT OR REPLACE INTO language_name (tag, display, name) VALUES (?, ?, ?)",
                [(tag, d, language_name(tag, d)) for tag in KNOWN_TAGS for d in ("zh", "ru", "az", "en")],
            )
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('stamp', ?)", (stamp,))
        conn = store.conn
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("ANALYZE")
        store.close()
        os.replace(temp, target)
    finally:
        for leftover in (temp, f"{temp}-wal", f"{temp}-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(leftover)


_KEPT_INDEXES = 3  # other stamps' indexes kept, so two installed versions do not rebuild in turn


def _cache_folders() -> Iterator[str]:
    """The cache directory, then (computed only if needed) the fallback in the temporary directory."""
    yield cache_dir()
    yield _fallback_cache_dir()


def glossary_path() -> str:
    """The cached index of the bundled glossary, built first if it is missing or stale.

    If the cache directory cannot be written (a read-only home or file system), the index is
    built in a folder of the temporary directory instead.
    """
    stamp = _stamp()
    name = f"glossary-{stamp}.sqlite"
    for folder in _cache_folders():
        target = os.path.join(folder, name)
        if os.path.exists(target):
            return target
        try:
            _build(target, stamp)
        except OSError:  # read-only, not ours, or full: try the next folder
            continue
        _forget_old_indexes(folder, keep=name)
        return target
    raise InputError(f"cannot write the glossary index in {cache_dir()} (set TERMBASE_CACHE_DIR)")


def _forget_old_indexes(folder: str, keep: str) -> None:
    """Delete all but the most recently built indexes of other stamps."""
    others = [
        os.path.join(folder, n)
        for n in os.listdir(folder)
        if n.startswith("glossary-") and n.endswith(".sqlite") and n != keep
    ]
    others.sort(key=lambda path: os.stat(path).st_mtime, reverse=True)
    for path in others[_KEPT_INDEXES - 1 :]:
        with contextlib.suppress(OSError):
            os.unlink(path)
