"""The bundled glossary as a cached SQLite index, rebuilt when the data or the library changes.

The data files of the ``glossary`` package are read once, with their derived forms and
search keys, into ``glossary-<fingerprint>.sqlite`` in the cache directory
(``$TERMBASE_CACHE_DIR``, else ``$XDG_CACHE_HOME/termbase``, else ``~/.cache/termbase``).
The fingerprint hashes the data files, the library version and the schema version, so
a lookup never re-parses data files and a changed glossary is never served stale.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import tomllib
from collections.abc import Iterator
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

from termbase.errors import InputError
from termbase.model import Concept
from termbase.store import SCHEMA_VERSION, Store

__all__ = ["bundled_concepts", "cache_dir", "glossary_path"]


def cache_dir() -> Path:
    """Where the bundled glossary's index is cached."""
    explicit = os.environ.get("TERMBASE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "termbase"


def _data_files(folder: str) -> list[Traversable]:
    entry = resources.files("glossary") / folder
    if not entry.is_dir():
        return []
    return sorted((f for f in entry.iterdir() if f.name.endswith(".toml")), key=lambda f: f.name)


def _code_stamp() -> bytes:
    """Names, sizes and modification times of the library's own files (cheap: stat only)."""
    parts: list[str] = []
    package = Path(__file__).parent
    for folder, _dirs, names in sorted(os.walk(package)):
        for name in sorted(names):
            if name.endswith((".py", ".sql", ".tsv", ".txt", ".json")):
                stat = os.stat(os.path.join(folder, name))
                parts.append(f"{name}:{stat.st_size}:{stat.st_mtime_ns}")
    return "\n".join(parts).encode()


def _fingerprint(files: list[Traversable]) -> str:
    from termbase import __version__

    digest = hashlib.sha256(f"{__version__}/{SCHEMA_VERSION}".encode())
    digest.update(_code_stamp())
    for entry in files:
        digest.update(entry.name.encode())
        digest.update(entry.read_bytes())
    return digest.hexdigest()[:16]


def bundled_concepts() -> Iterator[Concept]:
    """Every concept of the bundled glossary, parsed from its data files."""
    for entry in _data_files("concepts"):
        yield _read_concept(entry)


def _read_concept(entry: Traversable) -> Concept:
    name = f"glossary/concepts/{entry.name}"
    try:
        data = tomllib.loads(entry.read_text(encoding="utf-8"))
        concept = Concept.from_dict(data)
    except tomllib.TOMLDecodeError as error:
        raise InputError(str(error), path=name) from None
    except (KeyError, ValueError, TypeError) as error:
        raise InputError(f"invalid concept: {error}", path=name) from None
    if concept.id != entry.name.removesuffix(".toml"):
        raise InputError(f"concept id {concept.id!r} does not match the file name", path=name)
    return concept


def _build(target: Path, fingerprint: str) -> None:
    from termbase.langtags import KNOWN_TAGS, language_name
    from termbase.termbase import Termbase

    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=".glossary-", suffix=".tmp", dir=target.parent)
    os.close(handle)
    temp = Path(temp_name)
    try:
        store = Store(temp)
        tb = Termbase(store, name="bundled glossary")
        with store.transaction() as conn:
            tb.import_concepts(bundled_concepts())
            conn.executemany(
                "INSERT OR REPLACE INTO language_name (tag, display, name) VALUES (?, ?, ?)",
                [(tag, d, language_name(tag, d)) for tag in KNOWN_TAGS for d in ("zh", "ru", "az", "en")],
            )
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('fingerprint', ?)", (fingerprint,))
            _load_bundled_memory(store)
        conn = store.conn
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("ANALYZE")
        store.close()
        os.replace(temp, target)
    finally:
        for leftover in (temp, Path(f"{temp}-wal"), Path(f"{temp}-shm")):
            if leftover.exists():
                leftover.unlink()


def _load_bundled_memory(store: Store) -> None:
    try:
        from termbase.memory import Memory, bundled_units
    except ImportError:  # pragma: no cover - while the memory module is being written
        return
    Memory(store).add_units(bundled_units())


def glossary_path() -> Path:
    """The cached index of the bundled glossary, built first if it is missing or stale."""
    fingerprint = _fingerprint([*_data_files("concepts"), *_data_files("memory")])
    target = cache_dir() / f"glossary-{fingerprint}.sqlite"
    if not target.exists():
        _build(target, fingerprint)
        for old in target.parent.glob("glossary-*.sqlite"):
            if old != target:
                with contextlib.suppress(OSError):
                    old.unlink()
    return target
