"""The :class:`Memory`: translation units in the store, fuzzy search and concordance over them.

Units live in the termbase's store: ``tm_unit``, ``tm_segment`` (each segment's text, once),
and two contentless FTS5 tables, the candidate index ``tm_index`` (:mod:`.stored_index`) and
the concordance bigrams ``tm_conc`` (:mod:`.concordance`); writing keeps them in step, in the
caller's transaction if one is open. :meth:`Memory.search` asks a candidate index for the
segments worth scoring, ranks them by the score of their keys alone (penalties only subtract),
and scores them fully (:mod:`.scoring`) in that order until no candidate left can reach the
``limit``-th best. The first search of a :class:`Memory` (a cold CLI process) reads the stored
index; later ones, in a long-running process, an index built in memory (:mod:`.index`) while
the language holds at most :attr:`Memory.warm_limit` segments.

A segment with inline markup (listed in the unit prop :data:`termbase.markup.MARKUP_PROP`) is
stored with its markup, so that it exports unchanged, and matched on its plain text.
"""

from __future__ import annotations

import contextlib
import functools
import json
import sqlite3
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

from termbase.errors import InputError, NotFoundError, UsageError
from termbase.markup import MARKUP_PROP, marked_langs, markup_to_text
from termbase.memory import stored_index
from termbase.memory.concordance import (
    ConcordanceHit,
    concordance_hits,
    concordance_sql,
    scan_hits,
)
from termbase.memory.index import CANDIDATES, CandidateIndexes, InMemoryIndexes, plain_text
from termbase.memory.scoring import DiffSpan, base_score, diff, parts_of, prepare, score
from termbase.memory.stored_index import (
    Budget,
    IndexWriter,
    StoredIndexes,
    index_rows,
    rebuild,
    stored_segments,
)
from termbase.model import TranslationUnit
from termbase.scripts.chinese import is_chinese_tag

if TYPE_CHECKING:
    from termbase.backends.base import Connection, StoreBackend
    from termbase.backends.pg_index import PgIndexWriter
    from termbase.memory.pipeline import Helpers, WriteBehind
    from termbase.memory.stored_index import Segment

    Writer = IndexWriter | PgIndexWriter

__all__ = ["Memory", "TMMatch"]

_BATCH = 2_000
"""Units written per ``executemany`` batch."""
PARALLEL_FROM = 2_000
"""The fewest units in one batch for which an import starts its helper processes (each costs a
new interpreter, some 0.2 s of CPU; :mod:`termbase.memory.pipeline`)."""
_INDEX_PENDING = 20_000
"""``tm_index`` rows held back and written sorted by rowid (see :func:`_write_index`)."""
_WRITTEN_KEPT = 200_000
"""Unit ids a PostgreSQL import into an empty memory keeps (some 17 MB), to know which ids of a
batch it wrote already without asking the server (an index look-up per id: 0.7 s of the main
process's 11 s at 100,000 units); past that, the server is asked, as for a memory not empty.
Writers are queued one after another, so nothing else adds units meanwhile."""
REINDEX_FROM = 200
"""An import about to have replaced this many stored units, and 1/:data:`REINDEX_SHARE` of the
memory or more, stops keeping the index in step and rebuilds it from the stored texts at its end
(through the helpers, as new units' rows are computed). A replaced unit's old rows are deleted
from the index, which on PostgreSQL rewrites every block that holds one: measured at 100,000
units, ~4 ms a replaced unit against ~0.16 ms a stored unit to index them all again."""
REINDEX_SHARE = 25
UNIT_INSERT = "INSERT INTO tm_unit (n, id, origin, note, created, changed, usage_count, props) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
SEGMENT_INSERT = "INSERT INTO tm_segment (id, unit, lang, text) VALUES (?, ?, ?, ?)"
CONC_INSERT = "INSERT INTO tm_conc (rowid, grams) VALUES (?, ?)"
"""The statements that write a unit, its segments and their concordance rows (one unit at a time
and in an import's batches alike; ``benchmarks/bench_tm_floor.py`` times them alone)."""
_COMPACT_SCHEMA = 3
"""The schema version that brought ``tm_conc`` and keys computed from the texts (``004_tm_compact.sql``)."""
_PG_POSTINGS_SCHEMA = 4
"""The PostgreSQL schema version that brought ``tm_post`` and ``tm_cpost`` (``schema_pg/005_tm_postings.sql``)."""
WARM_LIMIT = 50_000
"""The most segments of a language that a long-running process indexes in memory (see :class:`Memory`)."""


@dataclass(frozen=True, slots=True)
class TMMatch:
    """A fuzzy match: ``how`` is ``exact`` (same text), ``script`` (same once Traditional is read as
    Simplified) or ``fuzzy``."""

    score: int
    unit_id: str
    source: str
    target: str
    diff: tuple[DiffSpan, ...]
    how: Literal["exact", "script", "fuzzy"]
    source_lang: str = ""
    target_lang: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The match as JSON-ready data (``termbase tm search --json`` prints a list of these)."""
        return {
            "score": self.score,
            "id": self.unit_id,
            "source": self.source,
            "target": self.target,
            "source_lang": self.source_lang,
            "target_lang": self.target_lang,
            "how": self.how,
            "diff": [span.to_list() for span in self.diff],
        }


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@functools.lru_cache(maxsize=256)
def _tag(tag: str) -> str:
    from termbase.langtags import normalize_foreign_tag

    return normalize_foreign_tag(tag)


class Memory:
    """The translation memory of a :class:`termbase.store.Store`.

    >>> from termbase.store import Store
    >>> memory = Memory(Store(None))
    >>> memory.add_units([TranslationUnit("s1", {"zh-Hans": "俄罗斯在巴库设有大使馆", "en": "Russia has an embassy"})])
    1
    >>> len(memory), "s1" in memory, memory.get("s2")
    (1, True, None)
    >>> memory["s1"].variants["en"]
    'Russia has an embassy'
    """

    _UNIT_COLUMNS = "n, id, origin, note, created, changed, usage_count, props"

    def __init__(self, store: StoreBackend) -> None:
        self.store = store
        self._in_memory = InMemoryIndexes()
        self._stored = StoredIndexes()
        if store.dialect == "postgresql":  # posting lists in tables (termbase/backends/pg_index.py)
            from termbase.backends.pg_index import PgIndexes

            self._stored = PgIndexes()
        self.warm_limit = WARM_LIMIT
        """Searches after the first (same generation) use an index in memory while the source
        language holds at most this many segments; 0: always the stored index."""
        self._searched: dict[str, tuple[int, int]] = {}  # lang → (generation, segments)

    @property
    def budget(self) -> Budget | None:
        """How much of the stored index a search may read (:class:`~termbase.memory.stored_index.Budget`);
        None (the default): a budget for the memory's size (:meth:`Budget.for_segments`)."""
        return self._stored.budget

    @budget.setter
    def budget(self, value: Budget | None) -> None:
        self._stored.budget = value

    # -- writing -------------------------------------------------------------------------
    def add_units(self, units: Iterable[TranslationUnit]) -> int:
        """Add (or replace, by id) units, in the caller's transaction if one is open; returns how many."""
        conn = self.store.conn
        if conn.in_transaction:
            count = self._add(conn, units)
        else:
            with self.store.transaction() as tx:
                count = self._add(tx, units)
        return count

    def _add(self, conn: Connection, units: Iterable[TranslationUnit]) -> int:
        """Write units (see :class:`_Import`) in this process."""
        adding = _Import(self, conn, 1)
        count = adding.add(units)
        adding.finish()
        return count

    @contextlib.contextmanager
    def importer(self, jobs: int | None = None) -> Iterator[_Import]:
        """An import's writer for the caller's open transaction: ``add(units)`` as often as
        needed; leaving the block without an error writes what is still pending.

        With ``jobs`` > 1 (:func:`termbase.memory.pipeline.import_jobs`: by default from the
        number of CPUs) the rows of the memory's indexes are computed by ``jobs - 1`` helper
        processes once a batch of :data:`PARALLEL_FROM` units or more is added, while this
        process goes on reading and writing; the rows written are the same.
        """
        from termbase.memory.pipeline import import_jobs

        conn = self.store.conn
        if not conn.in_transaction:
            raise UsageError("Memory.importer() runs inside a transaction (Termbase.transaction())")
        # A value given is checked now; $TERMBASE_IMPORT_JOBS when units come (not for a glossary).
        adding = _Import(self, conn, None if jobs is None else import_jobs(jobs))
        try:
            yield adding
            adding.finish()
        finally:
            adding.close()

    @staticmethod
    def _drop_segments(conn: Connection, units: Sequence[tuple[int, str]], writer: Writer | None) -> None:
        """Delete the segments of units given as ``(n, props as stored)`` with their rows in the
        candidate index and the concordance table, all at once (on PostgreSQL each block of
        postings that holds some of them is rewritten once)."""
        props = dict(units)
        numbers = list(props)
        rows = _matching(conn, "SELECT id, unit, lang, text FROM tm_segment WHERE unit IN ({})", numbers)
        if writer is not None and rows:
            writer.delete((sid, lang, text, plain_text(text, lang, props[n])) for sid, n, lang, text in rows)
        _matching(conn, "DELETE FROM tm_segment WHERE unit IN ({})", numbers)

    def remove(self, unit_ids: Iterable[str]) -> int:
        """Remove units by id, in the caller's transaction if one is open; returns how many were stored."""
        conn = self.store.conn
        if not conn.in_transaction:
            with self.store.transaction():
                return self.remove(unit_ids)
        self._ensure_index(conn)
        wanted = list(dict.fromkeys(unit_ids))
        found = _matching(conn, "SELECT n, props FROM tm_unit WHERE id IN ({})", wanted)
        self._drop_segments(conn, found, _writer(conn))
        _matching(conn, "DELETE FROM tm_unit WHERE n IN ({})", [n for n, _ in found])
        conn.execute("UPDATE tm_state SET value = value + 1 WHERE key = 'generation'")
        return len(found)

    def _ensure_index(self, conn: Connection) -> None:
        """Fill the candidate index and the concordance table of a file migrated from an older
        schema (in the caller's transaction)."""
        stale = conn.execute("SELECT value FROM tm_state WHERE key = 'index_stale'").fetchone()
        if stale is not None and stale[0]:
            if isinstance(conn, sqlite3.Connection):
                rebuild(conn)
            else:
                from termbase.backends import pg_index

                pg_index.rebuild(conn)

    def _indexed(self) -> bool:
        """Whether the stored index and concordance table are filled (filling them if they can be:
        not for a read-only file of an older schema, nor one opened inside a read)."""
        conn = self.store.conn
        lite = isinstance(conn, sqlite3.Connection)
        stale = conn.execute("SELECT value FROM tm_state WHERE key = 'index_stale'").fetchone()
        if stale is not None and stale[0] and not self.store.immutable and not conn.in_transaction:
            try:
                with self.store.transaction() as tx:
                    self._ensure_index(tx)
            except sqlite3.OperationalError:
                pass  # a read-only file: search it the slow way
            except InputError:
                pass  # PostgreSQL: a replica, or a read-only role
            stale = conn.execute("SELECT value FROM tm_state WHERE key = 'index_stale'").fetchone()
        compact = _COMPACT_SCHEMA if lite else _PG_POSTINGS_SCHEMA
        return stale is not None and not stale[0] and self.store.schema_version >= compact

    def _indexes(self, lang: str) -> CandidateIndexes:
        """The index a search in ``lang`` uses: the stored one for the first search of a
        generation (a cold process), the in-memory one for the searches after it while ``lang``
        holds at most :attr:`warm_limit` segments, and for a file whose stored index is not filled."""
        if not self._indexed():
            return self._in_memory
        conn = self.store.conn
        generation = conn.execute("SELECT value FROM tm_state WHERE key = 'generation'").fetchone()[0]
        seen = self._searched.get(lang)
        if seen is None or seen[0] != generation:
            self._searched[lang] = (generation, -1)  # searched once: the next search counts them
            return self._stored
        size = seen[1]
        if size < 0:
            size = len(self._stored.index(conn, lang)) if self.warm_limit else 0
            self._searched[lang] = (generation, size)
        return self._in_memory if 0 < size <= self.warm_limit else self._stored

    def bump_usage(self, unit_id: str) -> None:
        """Count one more use of a unit (raises NotFoundError if unknown)."""
        with self.store.transaction() as conn:
            cursor = conn.execute(
                "UPDATE tm_unit SET usage_count = usage_count + 1, changed = ? WHERE id = ?",
                (_now(), unit_id),
            )
            if cursor.rowcount == 0:
                raise NotFoundError(f"no translation unit {unit_id!r}")

    # -- reading -------------------------------------------------------------------------
    def __len__(self) -> int:
        """How many units the memory holds."""
        return int(self.store.conn.execute("SELECT count(*) FROM tm_unit").fetchone()[0])

    def __contains__(self, unit_id: object) -> bool:
        return isinstance(unit_id, str) and self.get(unit_id) is not None

    def __getitem__(self, unit_id: str) -> TranslationUnit:
        """The unit with this id (raises NotFoundError if unknown)."""
        unit = self.get(unit_id)
        if unit is None:
            raise NotFoundError(f"no translation unit {unit_id!r}")
        return unit

    def get(self, unit_id: str) -> TranslationUnit | None:
        """The unit with this id, or None."""
        row = self.store.conn.execute(
            f"SELECT {self._UNIT_COLUMNS} FROM tm_unit WHERE id = ?", (unit_id,)
        ).fetchone()
        return None if row is None else self._unit(row)

    def _unit(self, row: Sequence[Any]) -> TranslationUnit:
        n, uid, origin, note, created, changed, usage, props = row
        variants = dict(
            self.store.conn.execute(
                "SELECT lang, text FROM tm_segment WHERE unit = ? ORDER BY id", (n,)
            ).fetchall()
        )
        return TranslationUnit(uid, variants, origin, note, created, changed, usage, json.loads(props))

    def units(self, lang: str | None = None) -> Iterator[TranslationUnit]:
        """Every unit (with a segment in ``lang``, if given), in the order added."""
        args: tuple[str, ...] = ()
        if lang is None:
            sql = f"SELECT {self._UNIT_COLUMNS} FROM tm_unit ORDER BY n"
        else:
            sql = (
                f"SELECT {self._UNIT_COLUMNS} FROM tm_unit WHERE n IN"
                " (SELECT unit FROM tm_segment WHERE lang = ?) ORDER BY n"
            )
            args = (_tag(lang),)
        for row in self.store.conn.execute(sql, args).fetchall():
            yield self._unit(row)

    # -- fuzzy search --------------------------------------------------------------------
    def search(
        self,
        text: str,
        *,
        source: str,
        target: str,
        min_score: int = 70,
        limit: int = 5,
        exhaustive: bool = False,
    ) -> list[TMMatch]:
        """The best units for ``text`` in ``source`` that have a ``target`` segment, best first.

        Ties are broken by usage count (higher first), then unit id. Units without a ``target``
        segment are skipped. A Chinese ``source`` with no segments of its own (say zh-Hant-TW)
        searches the zh-Hans segments: keys are Simplified anyway. ``exhaustive=True`` scores
        every segment whose key length can reach ``min_score`` (no other can) instead of the
        index's candidates (slow; to check the index).

        >>> from termbase.store import Store
        >>> memory = Memory(Store(None))
        >>> unit = TranslationUnit("s1", {"zh-Hans": "俄罗斯在巴库设有大使馆", "en": "Russia has an embassy"})
        >>> memory.add_units([unit])
        1
        >>> found = memory.search("俄羅斯在巴庫設有大使館", source="zh-Hant-TW", target="en")
        >>> [(m.score, m.how, m.target) for m in found]
        [(100, 'script', 'Russia has an embassy')]
        """
        if not text.strip():
            raise UsageError("empty query")
        source, target = _tag(source), _tag(target)
        query = prepare(text, source)
        conn = self.store.conn
        if is_chinese_tag(source) and source != "zh-Hans":
            has_own = conn.execute("SELECT 1 FROM tm_lang WHERE tag = ?", (source,)).fetchone() and (
                conn.execute("SELECT 1 FROM tm_segment WHERE lang = ? LIMIT 1", (source,)).fetchone()
            )
            if not has_own:
                # Chinese keys are Simplified whatever the script: a zh-Hant-TW query finds zh-Hans segments.
                source = "zh-Hans"
        if exhaustive:
            # Every segment whose key length lets it reach min_score: no other can score.
            candidates = self._in_memory.index(conn, source).within(len(query.key), min_score)
        else:
            index = self._indexes(source).index(conn, source)
            candidates = index.candidates(query.key, query.numbers, min_score, CANDIDATES)
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        # The base score from the keys held by the index; the final score is at most the base
        # (penalties only subtract), so candidates are read and scored fully in order of base,
        # stopping when no further one can reach the limit-th best score found.
        qkey: Sequence[str] = "".join(query.key) if is_chinese_tag(source) else query.key
        choices = candidates.keys
        longest = max([len(qkey), *map(len, choices)])
        cutoff = int(longest * max(0.0, 100.5 - min_score) / 100) + 1
        passing: list[tuple[int, int]] = []
        for _, distance, i in process.extract(
            qkey, choices, scorer=Levenshtein.distance, limit=None, score_cutoff=cutoff
        ):
            base = base_score(int(distance), max(len(choices[i]), len(qkey)))
            if base >= min_score:
                passing.append((-base, candidates.segment_ids[i]))
        passing.sort()
        found: list[tuple[int, int, str, tuple[str, str, Literal["exact", "script", "fuzzy"]]]] = []
        nfc = unicodedata.normalize("NFC", text)
        batch = 32
        for start in range(0, len(passing), batch):
            if len(found) >= limit:
                found.sort(key=lambda item: item[:3])
                del found[limit:]
                if -passing[start][0] < -found[-1][0]:
                    break
            chunk = [sid for _, sid in passing[start : start + batch]]
            rows = conn.execute(
                "SELECT s.text, u.id, u.usage_count,"
                " (SELECT t.text FROM tm_segment t WHERE t.unit = s.unit AND t.lang = ?), s.lang, u.props"
                " FROM tm_segment s JOIN tm_unit u ON u.n = s.unit"
                f" WHERE s.id IN ({','.join('?' * len(chunk))})",
                (target, *chunk),
            ).fetchall()
            for stored_text, uid, usage, target_text, stored_lang, props in rows:
                if target_text is None:
                    continue
                source_text = stored_text
                if MARKUP_PROP in props and stored_lang in marked_langs(json.loads(props)):
                    source_text = markup_to_text(stored_text)  # matched (and shown) as plain text
                parts = parts_of(source_text, source)
                result = score(query, parts)
                if result < min_score:
                    continue
                how: Literal["exact", "script", "fuzzy"] = (
                    "exact" if nfc == source_text else "script" if query.text == parts.text else "fuzzy"
                )
                found.append((-result, -usage, uid, (source_text, target_text, how)))
        found.sort(key=lambda item: item[:3])
        matches = []
        for negated, _, uid, (source_text, target_text, how) in found[:limit]:
            spans = diff(query, prepare(source_text, source))
            matches.append(TMMatch(-negated, uid, source_text, target_text, spans, how, source, target))
        return matches

    # -- concordance ---------------------------------------------------------------------
    def concordance_sql(
        self, text: str, *, lang: str | None = None, limit: int = 50
    ) -> tuple[str, tuple[Any, ...]]:
        """The SQL and parameters :meth:`concordance` runs (for EXPLAIN QUERY PLAN)."""
        return concordance_sql(text, None if lang is None else _tag(lang), limit)

    def concordance(self, text: str, *, lang: str | None = None, limit: int = 50) -> list[ConcordanceHit]:
        """Segments containing ``text`` (case-insensitive), in the order added.

        Through the FTS5 table of character bigrams (see :mod:`termbase.memory.concordance`;
        a read-only file of an older schema is read whole). A query with I or İ is also read
        with Turkic casing (``BAKI`` finds Bakı) unless ``lang`` is a non-Turkic language.
        """
        from termbase.casing import is_turkic, turkic_lower

        tag = None if lang is None else _tag(lang)
        conn = self.store.conn
        indexed = self._indexed()

        def find(needle: str) -> list[ConcordanceHit]:
            if indexed and isinstance(conn, sqlite3.Connection):
                return concordance_hits(conn, needle, tag, limit)
            if indexed:  # PostgreSQL: the bigram postings of tm_cpost
                from termbase.backends import pg_index

                return pg_index.concordance_hits(conn, needle, tag, limit)
            return scan_hits(conn, needle, tag, limit)

        hits = find(text)
        turkic = turkic_lower(text)
        if turkic != text.lower() and (tag is None or is_turkic(tag)):
            seen = {(h.unit_id, h.lang) for h in hits}
            more = [h for h in find(turkic) if (h.unit_id, h.lang) not in seen]
            hits = (hits + more)[:limit]
        return hits


class _Import:
    """The writes of one import into the memory, in the caller's transaction.

    Units come in batches of :data:`_BATCH`: new ones written with ``executemany``, known ids
    (or an id repeated within a batch) one by one, replacing the stored unit. The rows of the
    memory's indexes (SQLite: ``tm_index`` and ``tm_conc`` rows a batch; PostgreSQL: the new
    blocks of ``tm_post`` and ``tm_cpost`` of every
    :data:`~termbase.backends.pg_bulk.BULK_SEGMENTS` segments) are computed by
    :class:`~termbase.memory.pipeline.Helpers` (in helper processes when ``jobs`` > 1) and
    written in the order they were asked for, so the same rows are written whatever ``jobs`` is.
    """

    def __init__(self, memory: Memory, conn: Connection, jobs: int | None) -> None:
        self.memory = memory
        self.conn = conn
        self.jobs = jobs  # None: import_jobs() at the first batch
        self.count = 0
        self._writer: Writer | None = None
        self._helpers: Helpers | None = None
        self._pending: list[tuple[int, str]] = []  # tm_index rows held back (see _write_index)
        self._segments: list[Segment] = []  # PostgreSQL: segments whose postings are not computed yet
        self._bulk = 0  # PostgreSQL: how many segments the next computation of postings takes
        self._before = 0  # the highest unit number before the import (about how many units it held)
        # PostgreSQL: the ids written, while the memory was empty before (see _WRITTEN_KEPT)
        self._written: set[str] | None = None
        # PostgreSQL: the writes the server works on while this process reads on
        self._behind: WriteBehind | None = None
        self._lang_id: Callable[[str], int] | None = None
        self._numbers: tuple[int, int] | None = None  # the highest unit number and segment id (None: ask)
        self._replaced: set[int] = set()  # the numbers of stored units this import replaced
        self._reindex = False  # True: the index is rebuilt at the end (see REINDEX_FROM)
        self._now = _now()

    def add(self, units: Iterable[TranslationUnit]) -> int:
        """Write units (their index rows maybe later: :meth:`finish`); returns how many."""
        count = 0
        chunk: list[TranslationUnit] = []
        for unit in units:
            if not unit.id:
                raise InputError("a translation unit needs an id")
            chunk.append(unit)
            if len(chunk) >= _BATCH:
                count += self._batch(chunk)
                chunk = []
        if chunk:
            count += self._batch(chunk)
        self.count += count
        return count

    def _start(self, size: int) -> tuple[Writer, Helpers]:
        """The writer (on first use, after filling a stale index) and the helpers (started for a
        batch of :data:`PARALLEL_FROM` units or more)."""
        if self._writer is None:
            self.memory._ensure_index(self.conn)
            self._writer = writer = _writer(self.conn)
            self._lang_id = writer.lang_id
            self._before = self.conn.execute("SELECT coalesce(max(n), 0) FROM tm_unit").fetchone()[0]
            if not isinstance(writer, IndexWriter):
                from termbase.memory.pipeline import WriteBehind

                self._behind = WriteBehind()
                self._lang_id = self._settled(writer)
                if not self._before:
                    self._written = set()
        if self.jobs is None:
            from termbase.memory.pipeline import import_jobs

            self.jobs = import_jobs()
        wanted = self.jobs - 1 if size >= PARALLEL_FROM else 0
        if self._helpers is None or len(self._helpers) < wanted:
            from termbase.memory.pipeline import Helpers

            self._drain()
            if self._helpers is not None:
                self._helpers.close()
            self._helpers = Helpers(wanted)
        return self._writer, self._helpers

    def _write(self, call: Callable[..., object], *args: object) -> None:
        """A write of new rows: on PostgreSQL behind this process's reading (see :meth:`_settle`)."""
        if self._behind is None:
            call(*args)
        else:
            self._behind.submit(call, *args)

    def _settle(self) -> None:
        """Wait for the writes :meth:`_write` queued: the connection is this thread's again."""
        if self._behind is not None:
            self._behind.wait()

    def _settled(self, writer: PgIndexWriter) -> Callable[[str], int]:
        """``writer.lang_id``, inserting a language it does not know after the queued writes."""

        def lang_id(lang: str) -> int:
            if lang not in writer.langs:
                self._settle()
            return writer.lang_id(lang)

        return lang_id

    def _batch(self, chunk: list[TranslationUnit]) -> int:
        """Write a batch of units; its index rows are written when computed (:meth:`_take`)."""
        conn = self.conn
        _, helpers = self._start(len(chunk))
        ids = [unit.id for unit in chunk]
        known: set[str] = set()
        if self._written is not None:  # an empty memory before: the ids known are the ones written since
            known.update(uid for uid in ids if uid in self._written)
            self._written.update(ids)
            if len(self._written) > _WRITTEN_KEPT:
                self._written = None  # the database answers from here
        else:
            self._settle()
            known.update(uid for (uid,) in _matching(conn, "SELECT id FROM tm_unit WHERE id IN ({})", ids))
        fresh: list[TranslationUnit] = []
        later: list[TranslationUnit] = []
        seen: set[str] = set()
        for unit in chunk:
            (later if unit.id in known or unit.id in seen else fresh).append(unit)
            seen.add(unit.id)
        if self._numbers is None:  # asked once; then counted here (the import holds the write lock)
            self._settle()
            self._numbers = (
                conn.execute("SELECT coalesce(max(n), 0) FROM tm_unit").fetchone()[0],
                conn.execute("SELECT coalesce(max(id), 0) FROM tm_segment").fetchone()[0],
            )
        self._write_units(fresh, [])
        if later:
            self._replace(later)
        while helpers.pending > len(helpers):  # one batch ahead of each helper
            self._take()
        return len(chunk)

    def _write_units(self, new: list[TranslationUnit], stored: list[tuple[TranslationUnit, int]]) -> None:
        """Write the rows of ``new`` units and the segments of ``stored`` ones (given with their
        numbers), and hand their segments to the index (:meth:`_index`)."""
        assert self._numbers is not None and self._lang_id is not None
        n, sid = self._numbers
        unit_rows, segment_rows, segments = batch_rows(new, n, sid, self._now, self._lang_id)
        sid += len(segment_rows)
        for unit, number in stored:
            sid = unit_segments(unit, number, sid, self._lang_id, segment_rows, segments)
        self._numbers = (n + len(unit_rows), sid)
        self._write(self.conn.executemany, UNIT_INSERT, unit_rows)
        self._write(self.conn.executemany, SEGMENT_INSERT, segment_rows)
        self._index(segments)

    def _index(self, segments: list[Segment]) -> None:
        """Compute the index rows of new segments (in the helpers) and write them when done."""
        if not segments or self._reindex:
            return
        assert self._helpers is not None
        if isinstance(self._writer, IndexWriter):
            self._helpers.submit((index_rows, (segments,)))
        else:  # PostgreSQL: the postings of several batches at once, as new blocks
            from termbase.backends import pg_bulk

            self._segments.extend(segments)
            self._bulk = self._bulk or pg_bulk.BULK_FIRST
            if len(self._segments) >= self._bulk:  # the first ones small: a helper soon at work
                self._bulk = min(2 * self._bulk, pg_bulk.BULK_SEGMENTS)
                self._submit()

    def _replace(self, units: list[TranslationUnit]) -> None:
        """Write units whose ids the memory holds (stored before, or earlier in this import),
        replacing the stored units, all at once: each keeps its number and creation date and takes
        the larger usage count; its old segments are deleted with their index rows, the new ones
        written and indexed as new units' are. An id given twice: the last one wins, as if each
        replaced the one before."""
        conn, writer = self.conn, self._writer
        last: dict[str, TranslationUnit] = {}
        uses: dict[str, int] = {}
        for unit in units:
            last[unit.id] = unit
            uses[unit.id] = max(uses.get(unit.id, 0), unit.usage_count)
        self._settle()
        found = {
            uid: (n, usage, props)
            for n, uid, usage, props in _matching(
                conn, "SELECT n, id, usage_count, props FROM tm_unit WHERE id IN ({})", list(last)
            )
        }
        numbers = [n for n, _, _ in found.values()]
        written_here = any(n > self._before or n in self._replaced for n in numbers)  # their segments
        self._replaced.update(numbers)
        if len(self._replaced) >= max(REINDEX_FROM, self._before // REINDEX_SHARE) and not self._reindex:
            self._reindex = True  # from here the index is left alone, and rebuilt at the end
            self._segments.clear()
        if self._reindex:
            writer = None
        elif written_here:
            self._drain()  # their index rows are deleted now, so they must be written first
            self._settle()
            if isinstance(writer, IndexWriter):
                _write_index(conn, self._pending)
        self.memory._drop_segments(conn, [(n, props) for n, _, props in found.values()], writer)
        updates = []
        for uid, (n, usage, _) in found.items():
            _, origin, note, _, changed, _, props = _unit_columns(last[uid], self._now)
            updates.append((origin, note, changed, max(usage, uses[uid]), props, n))
        conn.executemany(
            "UPDATE tm_unit SET origin = ?, note = ?, changed = ?, usage_count = ?, props = ? WHERE n = ?",
            updates,
        )
        new = [replace(unit, usage_count=uses[uid]) for uid, unit in last.items() if uid not in found]
        # the new segments numbered in the order the units came (not the order the database found them)
        self._write_units(new, [(unit, found[uid][0]) for uid, unit in last.items() if uid in found])

    def _submit(self, last: bool = False) -> None:
        """PostgreSQL: the postings of the segments written since the last call, computed by the
        helpers as new blocks (:func:`~termbase.backends.pg_bulk.posting_blocks`), or, if they
        are fewer than :data:`~termbase.backends.pg_bulk.BULK_FROM`, gathered here and merged
        into the blocks where they belong, as an edit's are. The ``last`` ones are shared with
        this process, which has nothing else left to do (the blocks are the same wherever they
        are computed, and their order does not matter)."""
        from termbase.backends import pg_bulk, pg_index

        segments, self._segments = self._segments, []
        helpers, writer = self._helpers, self._writer
        assert helpers is not None and isinstance(writer, pg_index.PgIndexWriter)
        if len(segments) < pg_bulk.BULK_FROM:
            if segments:
                self._settle()  # merged into stored blocks: read and written now
                writer.add(pg_index.postings(segments))
            return
        mine = len(segments) // (len(helpers) + 1) if last and len(helpers) else 0
        helpers.submit((pg_bulk.posting_blocks, (segments[mine:],)))
        if mine:
            self._write(writer.write_blocks, pg_bulk.posting_blocks(segments[:mine]))

    def _take(self) -> None:
        """Write the index rows of the oldest batch whose rows were not written yet."""
        assert self._helpers is not None and self._writer is not None
        found = self._helpers.result()
        writer = self._writer
        if isinstance(writer, IndexWriter):
            index_rows, conc_rows = found
            self.conn.executemany(CONC_INSERT, conc_rows)
            self._pending.extend(index_rows)
            if len(self._pending) >= _INDEX_PENDING:
                _write_index(self.conn, self._pending)
        else:
            self._write(writer.write_blocks, found)  # PostgreSQL's new blocks

    def _drain(self) -> None:
        if self._segments:
            self._submit(last=True)
        while self._helpers is not None and self._helpers.pending:
            self._take()

    def finish(self) -> None:
        """Write every pending row and move the memory's generation (nothing if no unit came)."""
        if self._writer is None:
            return
        self._drain()
        self._settle()
        if self._reindex:
            self._rebuild_index()
        writer = self._writer
        if isinstance(writer, IndexWriter):
            _write_index(self.conn, self._pending)
        else:
            writer.flush()
        self.conn.execute("UPDATE tm_state SET value = value + 1 WHERE key = 'generation'")
        if isinstance(writer, IndexWriter) and (
            self.count >= stored_index.OPTIMIZE_FROM or self.count > self._before
        ):  # a large import: its FTS5 segments merged into one, in its transaction
            stored_index.optimize(writer.conn)
        if self.count >= _BATCH and isinstance(writer, IndexWriter):
            self.memory.store.release_free_pages()  # of the FTS segments merged while writing
        self.close()
        self._writer = None

    def _rebuild_index(self) -> None:
        """Fill the memory's index again from every stored segment, a batch at a time through the
        helpers (as an import's new segments): after many replacements (:data:`REINDEX_FROM`)."""
        assert self._writer is not None and self._lang_id is not None and self._helpers is not None
        self._pending.clear()
        self._writer.clear()
        self._reindex = False
        lang_id, batches = self._lang_id, stored_segments(self.conn, _BATCH * 2)
        while True:
            self._settle()  # the connection is this thread's while it reads the next segments
            rows = next(batches, None)
            if rows is None:
                break
            self._index([(sid, lang_id(lang), lang, text, plain) for sid, lang, text, plain in rows])
            while self._helpers.pending > len(self._helpers):
                self._take()
        self._drain()
        self._settle()

    def close(self) -> None:
        """Stop the helper processes and the writes' thread (an import that failed: its
        transaction is rolled back once the thread has let go of the connection)."""
        if self._helpers is not None:
            self._helpers.close()
            self._helpers = None
        if self._behind is not None:
            self._behind.close()
            self._behind = None


def _writer(conn: Connection) -> Writer:
    """The writer of the memory's indexes on this store: FTS5 rows on SQLite, postings on PostgreSQL."""
    if isinstance(conn, sqlite3.Connection):
        return IndexWriter(conn)
    from termbase.backends.pg_index import PgIndexWriter

    return PgIndexWriter(conn)


def _matching(conn: Connection, sql: str, values: Sequence[object]) -> list[Any]:
    """The rows of ``sql`` whose ``IN ({})`` stands for ``values`` (SQLite: 500 placeholders a
    statement; PostgreSQL: one array parameter, which psycopg parses far faster than 500)."""
    if not values:
        return []
    if not isinstance(conn, sqlite3.Connection):
        cursor = conn.execute(sql.replace("IN ({})", "= ANY(?)"), (list(values),))
        return cursor.fetchall() if cursor.description else []
    found: list[Any] = []
    for start in range(0, len(values), 500):
        part = values[start : start + 500]
        cursor = conn.execute(sql.format(",".join("?" * len(part))), part)
        found.extend(cursor.fetchall())
    return found


def _write_index(conn: Connection, rows: list[tuple[int, str]]) -> None:
    """Insert ``tm_index`` rows in rowid order, and empty ``rows``.

    FTS5 writes its pending postings out as a new segment whenever a rowid is not above the
    last one; the rowids of an import's segments go up and down (they lead with the key
    length), so written as they come each would start a segment of its own. Sorted, a batch of
    :data:`_INDEX_PENDING` rows makes one.
    """
    rows.sort()
    conn.executemany("INSERT INTO tm_index (rowid, grams) VALUES (?, ?)", rows)
    rows.clear()


def batch_rows(
    units: Iterable[TranslationUnit], n: int, sid: int, now: str, lang_id: Callable[[str], int]
) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]], list[Segment]]:
    """The ``tm_unit`` and ``tm_segment`` rows of new ``units`` (numbered after unit ``n`` and
    segment ``sid``, written ``now`` unless they say when), and their segments to index (plain
    texts without markup, ``lang_id`` giving the languages' ids): what an import's batch writes."""
    unit_rows: list[tuple[object, ...]] = []
    segment_rows: list[tuple[object, ...]] = []
    segments: list[Segment] = []
    for unit in units:
        n += 1
        unit_rows.append((n, *_unit_columns(unit, now)))
        sid = unit_segments(unit, n, sid, lang_id, segment_rows, segments)
    return unit_rows, segment_rows, segments


def unit_segments(
    unit: TranslationUnit,
    n: int,
    sid: int,
    lang_id: Callable[[str], int],
    segment_rows: list[tuple[object, ...]],
    segments: list[Segment],
) -> int:
    """Append the ``tm_segment`` rows of unit number ``n`` (numbered after segment ``sid``) and
    its segments to index to the two lists; returns the last segment id."""
    marked = marked_langs(unit.props) if unit.props else frozenset()
    for tag, text in unit.variants.items():
        sid += 1
        lang = _tag(tag)
        segment_rows.append((sid, n, lang, text))
        plain = markup_to_text(text) if tag in marked else text
        segments.append((sid, lang_id(lang), lang, text, plain))
    return sid


def _unit_columns(unit: TranslationUnit, now: str) -> tuple[str, str | None, str | None, str, str, int, str]:
    """A unit's ``tm_unit`` columns after the row number: id, origin, note, created, changed,
    usage count, props (JSON)."""
    props = json.dumps(dict(unit.props), ensure_ascii=False, sort_keys=True) if unit.props else "{}"
    return (
        unit.id,
        unit.origin,
        unit.note,
        unit.created or now,
        unit.changed or now,
        unit.usage_count,
        props,
    )
