"""The :class:`Memory`: translation units in the store, fuzzy search and concordance over them.

Units live in three tables of the termbase's store (``tm_unit``, ``tm_segment`` with each
segment's key and numbers, and the FTS5 tables of :mod:`.concordance`); writing keeps them in
step, in the caller's transaction if one is open. :meth:`Memory.search` asks the candidate
index (:mod:`.index`) for the segments worth scoring, ranks them by the score of their keys
alone (penalties only subtract), and scores them fully (:mod:`.scoring`) in that order until
no candidate left can reach the ``limit``-th best.

A segment with inline markup (listed in the unit prop :data:`termbase.markup.MARKUP_PROP`) is
stored with its markup, so that it exports unchanged, and matched on its plain text.
"""

from __future__ import annotations

import functools
import json
import sqlite3
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

from termbase.errors import InputError, NotFoundError, UsageError
from termbase.markup import MARKUP_PROP, marked_langs, markup_to_text
from termbase.memory.concordance import ConcordanceHit, concordance_hits, concordance_sql, short_grams
from termbase.memory.index import CANDIDATES, CandidateIndexes, InMemoryIndexes
from termbase.memory.scoring import DiffSpan, base_score, diff, key_text, parts_of, prepare, score
from termbase.memory.stored_index import IndexWriter, StoredIndexes, rebuild
from termbase.model import TranslationUnit
from termbase.scripts.chinese import is_chinese_tag

if TYPE_CHECKING:
    from termbase.store import Store

__all__ = ["Memory", "TMMatch"]

_BATCH = 2_000
"""Units written per ``executemany`` batch."""
_CACHE = 100_000
"""Distinct segment texts whose key is kept while writing (a memory repeats many segments)."""


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

    def __init__(self, store: Store) -> None:
        self.store = store
        self._in_memory: CandidateIndexes = InMemoryIndexes()
        self._stored: CandidateIndexes = StoredIndexes()

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

    def _add(self, conn: sqlite3.Connection, units: Iterable[TranslationUnit]) -> int:
        """Write units in batches: new ones with ``executemany``, known ids (or an id repeated
        within a batch) one by one, replacing the stored unit."""
        self._ensure_index(conn)
        writer = IndexWriter(conn)
        cache: dict[tuple[str, str], tuple[str, str]] = {}
        now = _now()
        count = 0
        chunk: list[TranslationUnit] = []
        for unit in units:
            if not unit.id:
                raise InputError("a translation unit needs an id")
            chunk.append(unit)
            if len(chunk) >= _BATCH:
                count += self._add_batch(conn, chunk, now, writer, cache)
                chunk = []
        if chunk:
            count += self._add_batch(conn, chunk, now, writer, cache)
        conn.execute("UPDATE tm_state SET value = value + 1 WHERE key = 'generation'")
        return count

    def _derived(
        self, text: str, tag: str, marked: AbstractSet[str], cache: dict[tuple[str, str], tuple[str, str]]
    ) -> tuple[str, str, str, str]:
        """``(lang, plain text, key, numbers)`` of a segment, cached per distinct string."""
        lang = _tag(tag)
        plain = markup_to_text(text) if tag in marked else text
        found = cache.get((plain, lang))
        if found is None:
            if len(cache) > _CACHE:
                cache.clear()
            parts = parts_of(plain, lang)
            found = cache[plain, lang] = (key_text(parts, lang), " ".join(parts.numbers))
        return lang, plain, found[0], found[1]

    def _add_batch(
        self,
        conn: sqlite3.Connection,
        chunk: list[TranslationUnit],
        now: str,
        writer: IndexWriter,
        cache: dict[tuple[str, str], tuple[str, str]],
    ) -> int:
        ids = [unit.id for unit in chunk]
        known = {
            uid
            for (uid,) in conn.execute(
                f"SELECT id FROM tm_unit WHERE id IN ({','.join('?' * len(ids))})", ids
            )
        }
        fresh: list[TranslationUnit] = []
        later: list[TranslationUnit] = []
        seen: set[str] = set()
        for unit in chunk:
            (later if unit.id in known or unit.id in seen else fresh).append(unit)
            seen.add(unit.id)
        n = conn.execute("SELECT coalesce(max(n), 0) FROM tm_unit").fetchone()[0]
        sid = conn.execute("SELECT coalesce(max(id), 0) FROM tm_segment").fetchone()[0]
        unit_rows = []
        segment_rows = []
        short_rows = []
        index_rows = []
        for unit in fresh:
            n += 1
            unit_rows.append((n, *_unit_columns(unit, now)))
            marked = marked_langs(unit.props)
            for tag, text in unit.variants.items():
                sid += 1
                lang, plain, key, nums = self._derived(text, tag, marked, cache)
                segment_rows.append((sid, n, lang, text, key, nums))
                short_rows.append((sid, short_grams(plain)))
                index_rows.append(writer.row(sid, lang, key, nums))
        conn.executemany(
            "INSERT INTO tm_unit (n, id, origin, note, created, changed, usage_count, props)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            unit_rows,
        )
        conn.executemany(
            "INSERT INTO tm_segment (id, unit, lang, text, key, nums) VALUES (?, ?, ?, ?, ?, ?)", segment_rows
        )
        conn.executemany("INSERT INTO tm_short (rowid, grams) VALUES (?, ?)", short_rows)
        conn.executemany("INSERT INTO tm_index (rowid, grams) VALUES (?, ?)", index_rows)
        for unit in later:
            self._replace(conn, unit, now, writer, cache)
        return len(chunk)

    def _replace(
        self,
        conn: sqlite3.Connection,
        unit: TranslationUnit,
        now: str,
        writer: IndexWriter,
        cache: dict[tuple[str, str], tuple[str, str]],
    ) -> None:
        """Add one unit, replacing the stored unit of the same id (keeping its creation date)."""
        row = conn.execute(
            "SELECT n, created, usage_count, props FROM tm_unit WHERE id = ?", (unit.id,)
        ).fetchone()
        columns = _unit_columns(unit, now)
        props = columns[-1]
        if row is None:
            n = conn.execute(
                "INSERT INTO tm_unit (id, origin, note, created, changed, usage_count, props)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                columns,
            ).lastrowid
        else:
            n = row[0]
            conn.execute(
                "UPDATE tm_unit SET origin = ?, note = ?, changed = ?, usage_count = ?, props = ? WHERE n = ?",
                (unit.origin, unit.note, unit.changed or now, max(row[2], unit.usage_count), props, n),
            )
            self._drop_segments(conn, n, json.loads(row[3]), writer)
        marked = marked_langs(unit.props)
        for tag, text in unit.variants.items():
            lang, plain, key, nums = self._derived(text, tag, marked, cache)
            sid = conn.execute(
                "INSERT INTO tm_segment (unit, lang, text, key, nums) VALUES (?, ?, ?, ?, ?)",
                (n, lang, text, key, nums),
            ).lastrowid
            assert sid is not None
            conn.execute("INSERT INTO tm_short (rowid, grams) VALUES (?, ?)", (sid, short_grams(plain)))
            conn.execute(
                "INSERT INTO tm_index (rowid, grams) VALUES (?, ?)", writer.row(sid, lang, key, nums)
            )

    @staticmethod
    def _drop_segments(conn: sqlite3.Connection, n: int, props: dict[str, str], writer: IndexWriter) -> None:
        """Delete the segments of unit ``n`` with their rows in the FTS tables and the candidate index."""
        was_marked = marked_langs(props)
        rows = conn.execute(
            "SELECT id, lang, text, key, nums FROM tm_segment WHERE unit = ?", (n,)
        ).fetchall()
        for sid, lang, text, _, _ in rows:
            old_plain = markup_to_text(text) if lang in was_marked else text
            conn.execute(
                "INSERT INTO tm_short (tm_short, rowid, grams) VALUES ('delete', ?, ?)",
                (sid, short_grams(old_plain)),
            )
        writer.delete([(sid, lang, key, nums) for sid, lang, _, key, nums in rows])
        conn.execute("DELETE FROM tm_segment WHERE unit = ?", (n,))

    def remove(self, unit_ids: Iterable[str]) -> int:
        """Remove units by id, in the caller's transaction if one is open; returns how many were stored."""
        conn = self.store.conn
        if not conn.in_transaction:
            with self.store.transaction():
                return self.remove(unit_ids)
        self._ensure_index(conn)
        writer = IndexWriter(conn)
        removed = 0
        for unit_id in unit_ids:
            row = conn.execute("SELECT n, props FROM tm_unit WHERE id = ?", (unit_id,)).fetchone()
            if row is None:
                continue
            self._drop_segments(conn, row[0], json.loads(row[1]), writer)
            conn.execute("DELETE FROM tm_unit WHERE n = ?", (row[0],))
            removed += 1
        conn.execute("UPDATE tm_state SET value = value + 1 WHERE key = 'generation'")
        return removed

    def _ensure_index(self, conn: sqlite3.Connection) -> None:
        """Fill the candidate index of a file migrated from schema 1 (in the caller's transaction)."""
        stale = conn.execute("SELECT value FROM tm_state WHERE key = 'index_stale'").fetchone()
        if stale is not None and stale[0]:
            rebuild(conn)

    def _indexes(self) -> CandidateIndexes:
        """The stored index, or (a read-only file of schema 1, or one not indexed yet) the in-memory one."""
        conn = self.store.conn
        stale = conn.execute("SELECT value FROM tm_state WHERE key = 'index_stale'").fetchone()
        if stale is not None and stale[0] and not self.store.immutable and not conn.in_transaction:
            try:
                with self.store.transaction() as tx:
                    self._ensure_index(tx)
            except sqlite3.OperationalError:
                pass  # a read-only file: search it the slow way
            stale = conn.execute("SELECT value FROM tm_state WHERE key = 'index_stale'").fetchone()
        if stale is None or stale[0]:
            return self._in_memory
        return self._stored

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
        every segment instead of the index's candidates (slow; to check the index).

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
        indexes = self._indexes()
        index = indexes.index(conn, source)
        if not index and is_chinese_tag(source) and source != "zh-Hans":
            # Chinese keys are Simplified whatever the script: a zh-Hant-TW query finds zh-Hans segments.
            source = "zh-Hans"
            index = indexes.index(conn, source)
        if exhaustive:
            candidates = index.everything()
        else:
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

        Three characters or more go through the FTS5 trigram index; one or two through the
        bigram table (see :mod:`termbase.memory.concordance`). A query with I or İ is also read
        with Turkic casing (``BAKI`` finds Bakı) unless ``lang`` is a non-Turkic language.
        """
        from termbase.casing import is_turkic, turkic_lower

        tag = None if lang is None else _tag(lang)
        hits = concordance_hits(self.store.conn, text, tag, limit)
        turkic = turkic_lower(text)
        if turkic != text.lower() and (tag is None or is_turkic(tag)):
            seen = {(h.unit_id, h.lang) for h in hits}
            more = [
                h
                for h in concordance_hits(self.store.conn, turkic, tag, limit)
                if (h.unit_id, h.lang) not in seen
            ]
            hits = (hits + more)[:limit]
        return hits


def _unit_columns(unit: TranslationUnit, now: str) -> tuple[str, str | None, str | None, str, str, int, str]:
    """A unit's ``tm_unit`` columns after the row number: id, origin, note, created, changed,
    usage count, props (JSON)."""
    props = json.dumps(dict(unit.props), ensure_ascii=False, sort_keys=True)
    return (
        unit.id,
        unit.origin,
        unit.note,
        unit.created or now,
        unit.changed or now,
        unit.usage_count,
        props,
    )
