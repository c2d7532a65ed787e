"""Recognition indexes saved between processes, so a new process does not rebuild its automaton.

A termbase file's :class:`~termbase.recognize.automaton.Index` of one kind of text is saved,
once built, as a small SQLite file in ``<cache dir>/recognize/`` (the bundled glossary's
cache directory, :func:`termbase.cache.cache_dir`, else a folder of the temporary
directory), named by the termbase file's real path, the kind of text and the choice of
forms. It holds the automaton (pyahocorasick's own byte form, with a checksum), each group's
length and entries, and the glossary word codes; a new process reads the automaton and asks
the file for the codes of the text's words and the entries of the matched groups only.

A saved index is used only if it was made by the same code (:func:`code_stamp`) from the same
forms: the termbase's *forms token* (:func:`forms_token`, a random value every write of
concepts stores in the termbase's ``meta`` table, with the highest form id) must equal the one
it was built from. Anything else (another token, another stamp, a truncated or corrupt file,
a cache folder that cannot be written) means the index is built as before, never an error.

>>> import os, tempfile, termbase
>>> from termbase.model import Concept, Term
>>> path = os.path.join(tempfile.mkdtemp(), "t.tb")
>>> tb = termbase.open(path)
>>> tb.add(Concept("baku", "city", [Term("Baku", "en")]))
>>> [r.concept_id for r in tb.recognize("From Baku", "en")]
['baku']
>>> [r.concept_id for r in termbase.open(path).recognize("Baku's port", "en")]  # read from the cache
['baku']
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sqlite3
import zlib
from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from termbase.recognize.automaton import Entry, Index
from termbase.recognize.modes import Morphology

if TYPE_CHECKING:
    from termbase.backends.base import Connection

__all__ = ["IndexCache", "code_stamp", "forms_token", "read_snapshot"]

FORMAT = 1
"""The layout of a saved index; part of :func:`code_stamp`."""

_TOKEN_KEY = "forms_token"


@contextlib.contextmanager
def read_snapshot(conn: Connection) -> Iterator[bool]:
    """Reads inside the block see one state of the termbase: a read transaction opened here
    (yielding True: what was read may be saved, nothing uncommitted can be in it), or the
    caller's own transaction (yielding False)."""
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN")
    try:
        yield own
    finally:
        if own:
            conn.execute("COMMIT")


def forms_token(conn: Connection) -> str | None:
    """The termbase's forms token: changes whenever its forms change (None for a file that has
    none yet, written before tokens were kept)."""
    row = conn.execute(
        "SELECT (SELECT value FROM meta WHERE key = ?), (SELECT max(id) FROM form)", (_TOKEN_KEY,)
    ).fetchone()
    return None if row[0] is None else f"{row[0]}:{row[1]}"


def new_forms_token(conn: Connection) -> None:
    """Record that the forms changed (in the caller's write transaction)."""
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (_TOKEN_KEY, os.urandom(12).hex()))


_STAMP: list[str] = []


def code_stamp() -> str:
    """The code and data a saved index depends on (the bundled index's stamp, and :data:`FORMAT`)."""
    if not _STAMP:
        from termbase.cache import files_stamp

        _STAMP.append(f"{FORMAT}/{files_stamp()}")
    return _STAMP[0]


def _folders() -> Iterator[str]:
    from termbase.cache import folders

    return folders("recognize")


class _Codes(Mapping[str, str]):
    """Glossary word key → code, read from the saved file as text words ask for them."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.known: dict[str, str | None] = {}

    def _get(self, key: str) -> str | None:
        if key in self.known:
            return self.known[key]
        row = self.conn.execute("SELECT code FROM code WHERE key = ?", (key,)).fetchone()
        found = self.known[key] = None if row is None else str(row[0])
        return found

    def __getitem__(self, key: str) -> str:
        found = self._get(key)
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._get(key) is not None

    def __iter__(self) -> Iterator[str]:
        return (str(row[0]) for row in self.conn.execute("SELECT key FROM code"))

    def __len__(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM code").fetchone()[0])


class _Groups(Sequence[list[Entry]]):
    """Group number → its entries, read from the saved file for the groups a text matched."""

    def __init__(self, conn: sqlite3.Connection, size: int) -> None:
        self.conn = conn
        self.size = size
        self.read: dict[int, list[Entry]] = {}

    def __len__(self) -> int:
        return self.size

    def __getitem__(self, gid: Any) -> Any:
        if not isinstance(gid, int):
            raise TypeError("groups are read one at a time")
        found = self.read.get(gid)
        if found is None:
            rows = self.conn.execute(
                "SELECT concept_id, lang, text, status, scheme FROM entry WHERE gid = ? ORDER BY n", (gid,)
            )
            found = self.read[gid] = [Entry(*row) for row in rows]
        return found


class IndexCache:
    """Where the indexes of one termbase file are saved, and the forms token they must match."""

    def __init__(self, termbase_path: str, token: str) -> None:
        self.name = cache_key(termbase_path)
        self.source = _source(termbase_path)
        self.token = token
        self.skip_load = False
        self.skip_save = False

    def _file(self, folder: str, kind: str, all_forms: bool) -> str:
        safe = kind.replace(":", "_").replace(os.sep, "_")
        return os.path.join(folder, f"{self.name}-{safe}-{int(all_forms)}.sqlite")

    def load(
        self, kind: str, all_forms: bool, morphology: Morphology | None, rank: Callable[[Entry, str], int]
    ) -> Index | None:
        """The saved index, if there is one for this token and code; None otherwise (never raises)."""
        if self.skip_load:
            return None
        for folder in _folders():
            path = self._file(folder, kind, all_forms)
            if not os.path.exists(path):
                continue
            try:
                return self._read(path, kind, morphology, rank)
            except Exception:  # corrupt, truncated or unreadable: built again (and saved over it)
                continue
        return None

    def _read(
        self, path: str, kind: str, morphology: Morphology | None, rank: Callable[[Entry, str], int]
    ) -> Index | None:
        conn = sqlite3.connect(f"file:{_uri(path)}?mode=ro", uri=True, check_same_thread=False)
        try:
            pages, page_size = conn.execute(
                "SELECT (SELECT page_count FROM pragma_page_count()), (SELECT page_size FROM pragma_page_size())"
            ).fetchone()
            if pages * page_size != os.path.getsize(path):
                raise ValueError("truncated")
            meta = dict(conn.execute("SELECT key, value FROM meta"))
            if (
                meta.get("stamp") != code_stamp()
                or meta.get("token") != self.token
                or meta.get("mode") != kind
            ):
                conn.close()
                return None
            blob = meta["automaton"]
            lengths_blob = meta["lengths"]
            if not isinstance(blob, bytes) or not isinstance(lengths_blob, bytes):
                raise ValueError("not a saved index")
            parts = [row[0] for row in conn.execute("SELECT data FROM automaton_part ORDER BY n")]
            crc = 0
            for part in parts:
                crc = zlib.crc32(part, crc)
            if crc != int(meta["crc"]) or zlib.crc32(lengths_blob) != int(meta["lengths_crc"]):
                raise ValueError("checksum mismatch")
            import ahocorasick

            count, *rest = marshal.loads(blob)
            if count is None:  # saved whole: the one part is the marshalled arguments
                automaton = ahocorasick.Automaton(*marshal.loads(parts[0]))
            elif count == len(parts):
                automaton = ahocorasick.Automaton(parts, *rest)
            else:
                raise ValueError("parts missing")
            lengths = array("q")
            lengths.frombytes(lengths_blob)
        except BaseException:
            conn.close()
            raise
        return Index.restored(
            kind,
            morphology,
            rank,
            automaton=automaton,
            lengths=lengths,
            word_count=int(meta["word_count"]),
            codes=_Codes(conn),
            groups=_Groups(conn, len(lengths)),
            empty=bool(int(meta["empty"])),
        )

    def save(self, kind: str, all_forms: bool, index: Index) -> None:
        """Save ``index`` for later processes, atomically; silently not where nothing can be written."""
        import tempfile

        # pyahocorasick's byte form is a list of buffers (16 MB each) and a few numbers: the buffers
        # are written as they are, piece by piece into blobs (SQLite would copy a bound value
        # twice, and marshal once more: 100 MB more at the peak of a 100,000-concept termbase's
        # first recognition). Another form is saved whole, marshalled, as one part.
        arguments = index.automaton.__reduce__()[1]
        parts: list[bytes]
        if arguments and isinstance(arguments[0], list) and all(isinstance(p, bytes) for p in arguments[0]):
            parts, blob = arguments[0], marshal.dumps((len(arguments[0]), *arguments[1:]))
        else:
            parts, blob = [marshal.dumps(arguments)], marshal.dumps((None,))
        del arguments
        crc = 0
        for part in parts:
            crc = zlib.crc32(part, crc)
        lengths = array("q", index.lengths).tobytes()
        for folder in _folders():
            try:
                os.makedirs(folder, exist_ok=True)
                handle, temp = tempfile.mkstemp(prefix=".recognize-", suffix=".tmp", dir=folder)
            except OSError:
                continue
            os.close(handle)
            try:
                conn = sqlite3.connect(temp)
                try:
                    conn.execute("PRAGMA journal_mode = OFF")
                    conn.execute("PRAGMA synchronous = OFF")
                    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID")
                    conn.execute("CREATE TABLE code (key TEXT PRIMARY KEY, code TEXT NOT NULL) WITHOUT ROWID")
                    conn.execute("CREATE TABLE automaton_part (n INTEGER PRIMARY KEY, data BLOB NOT NULL)")
                    for n, part in enumerate(parts):
                        conn.execute("INSERT INTO automaton_part VALUES (?, zeroblob(?))", (n, len(part)))
                        with conn.blobopen("automaton_part", "data", n) as out:
                            view = memoryview(part)
                            for start in range(0, len(view), 1 << 20):
                                out.write(view[start : start + (1 << 20)])
                    conn.execute(
                        "CREATE TABLE entry (gid INTEGER NOT NULL, n INTEGER NOT NULL, concept_id TEXT NOT NULL,"
                        " lang TEXT NOT NULL, text TEXT NOT NULL, status TEXT NOT NULL, scheme TEXT,"
                        " PRIMARY KEY (gid, n)) WITHOUT ROWID"
                    )
                    conn.executemany(
                        "INSERT INTO meta VALUES (?, ?)",
                        [
                            ("stamp", code_stamp()),
                            ("token", self.token),
                            ("source", self.source),
                            ("mode", kind),
                            ("automaton", blob),
                            ("crc", str(crc)),
                            ("lengths", lengths),
                            ("lengths_crc", str(zlib.crc32(lengths))),
                            ("word_count", str(index.word_count)),
                            ("empty", str(int(index.empty))),
                        ],
                    )
                    codes = index.codes  # in key order, without a list of 100,000s of pairs
                    conn.executemany("INSERT INTO code VALUES (?, ?)", ((k, codes[k]) for k in sorted(codes)))
                    conn.executemany(
                        "INSERT INTO entry VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (
                            (gid, n, e.concept_id, e.lang, e.text, e.status, e.scheme)
                            for gid, group in enumerate(index.groups)
                            for n, e in enumerate(group)
                        ),
                    )
                    conn.commit()
                finally:
                    conn.close()
                os.replace(temp, self._file(folder, kind, all_forms))
                sweep(folder)
                return
            except (OSError, sqlite3.Error):
                continue
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(temp)


def _uri(path: str) -> str:
    absolute = os.path.abspath(path)
    return absolute.replace("%", "%25").replace("?", "%3f").replace("#", "%23")


def cache_key(termbase_path: str) -> str:
    """The name under which a termbase's indexes are saved: a hash of the file's real path, or of a
    database's key as its store gives it (``postgresql://<system identifier>/<database>``: the same
    for every URL, pooler or replica that reaches that database).

    >>> cache_key("postgresql://7312/terms") == cache_key("postgresql://7312/terms") != cache_key("postgresql://7312/other")
    True
    """
    real = termbase_path if "://" in termbase_path else os.path.realpath(termbase_path)
    return hashlib.sha256(real.encode("utf-8", "surrogatepass")).hexdigest()[:24]


def _source(termbase_path: str) -> str:
    """What a saved file records as its termbase: the file's real path (or a database's key)."""
    return termbase_path if "://" in termbase_path else os.path.realpath(termbase_path)


def _file_name(termbase_path: str, name: str) -> str:
    return f"{cache_key(termbase_path)}-{name}.sqlite"


def open_saved(
    termbase_path: str, name: str, token: str, writable: bool = False
) -> sqlite3.Connection | None:
    """A connection to the saved file ``name`` of a termbase, if it was written by this code for
    the forms of ``token`` and is whole; None otherwise (never raises). Read-only, unless
    ``writable`` (for an index that is completed as lookups need it: then None too where the
    file cannot be written)."""
    for folder in _folders():
        path = os.path.join(folder, _file_name(termbase_path, name))
        if not os.path.exists(path):
            continue
        try:
            conn = sqlite3.connect(
                f"file:{_uri(path)}?mode={'rw' if writable else 'ro'}", uri=True, check_same_thread=False
            )
        except sqlite3.Error:
            continue
        try:
            if writable:  # its first read rolls back what a killed writer left half done
                conn.execute("PRAGMA busy_timeout = 10000")
            pages, page_size = conn.execute(
                "SELECT (SELECT page_count FROM pragma_page_count()), (SELECT page_size FROM pragma_page_size())"
            ).fetchone()
            meta = dict(conn.execute("SELECT key, value FROM meta"))
            if (
                pages * page_size == os.path.getsize(path)
                and meta.get("stamp") == code_stamp()
                and meta.get("token") == token
            ):
                return conn
        except Exception:  # corrupt, truncated or not writable: written again
            pass
        conn.close()
    return None


@contextlib.contextmanager
def saving(termbase_path: str, name: str, token: str) -> Iterator[sqlite3.Connection | None]:
    """A connection to a new saved file ``name`` of a termbase, to fill inside the block (None
    where no cache folder can be written: the caller builds its index elsewhere). The file takes
    its place atomically when the block ends without an error; an error leaves no file."""
    import tempfile

    for folder in _folders():
        try:
            os.makedirs(folder, exist_ok=True)
            handle, temp = tempfile.mkstemp(prefix=".saved-", suffix=".tmp", dir=folder)
        except OSError:
            continue
        os.close(handle)
        try:
            conn = sqlite3.connect(temp, check_same_thread=False)
            conn.execute("PRAGMA journal_mode = OFF")
            conn.execute("PRAGMA synchronous = OFF")
            conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID")
            conn.executemany(
                "INSERT INTO meta VALUES (?, ?)",
                [("stamp", code_stamp()), ("token", token), ("source", _source(termbase_path))],
            )
        except (OSError, sqlite3.Error):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)
            continue
        try:
            yield conn
            conn.commit()
            conn.close()
            os.replace(temp, os.path.join(folder, _file_name(termbase_path, name)))
            sweep(folder)
        finally:
            conn.close()
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)
        return
    yield None


def write_saved(
    termbase_path: str, name: str, token: str, fill: Callable[[sqlite3.Connection], None]
) -> None:
    """Write the saved file ``name`` of a termbase (``fill`` creates and fills its tables) atomically,
    in the first cache folder that can be written; silently nowhere if none can."""
    try:
        with saving(termbase_path, name, token) as conn:
            if conn is not None:
                fill(conn)
    except (OSError, sqlite3.Error):
        pass


SWEEP_AGE = 7 * 24 * 3600
"""Seconds a saved file is left untouched before :func:`sweep` asks whether its termbase still exists."""

_SWEPT: set[str] = set()


def sweep(folder: str, now: float | None = None) -> list[str]:
    """Remove the saved files in ``folder`` that no termbase will read again; returns their names.

    Once per process and folder, after a save: a file not written for :data:`SWEEP_AGE` seconds
    goes if the termbase file it was saved for (its ``source``) no longer exists, or if it names
    none (saved by an older version); an unfinished temporary file of a killed process goes after
    the same age. A database's files (``postgresql://…``) and every younger file stay. Never raises.
    """
    import time

    if folder in _SWEPT and now is None:
        return []
    _SWEPT.add(folder)
    cutoff = (time.time() if now is None else now) - SWEEP_AGE
    removed: list[str] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        try:
            if not entry.is_file() or entry.stat().st_mtime > cutoff:
                continue
            name = entry.name
            if name.startswith((".saved-", ".recognize-")) and name.endswith(".tmp"):
                stale = True
            elif name.endswith(".sqlite"):
                stale = _orphaned(entry.path)
            else:
                continue
            if stale:
                os.unlink(entry.path)
                removed.append(name)
        except OSError:
            continue
    return removed


def _orphaned(path: str) -> bool:
    """Whether the saved file at ``path`` was saved for a termbase file that is gone (or names none)."""
    try:
        conn = sqlite3.connect(f"file:{_uri(path)}?mode=ro", uri=True)
    except sqlite3.Error:
        return False
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'source'").fetchone()
    except sqlite3.Error:
        return False  # not a saved file of ours, or being written: left alone
    finally:
        conn.close()
    if row is None:
        return True
    source = str(row[0])
    return "://" not in source and not os.path.exists(source)
