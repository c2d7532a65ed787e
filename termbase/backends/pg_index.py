"""The translation memory's persistent indexes on PostgreSQL: posting lists in blocks.

SQLite keeps the memory's candidate index and concordance bigrams in contentless FTS5 tables
(:mod:`termbase.memory.stored_index`, :mod:`termbase.memory.concordance`); PostgreSQL has no
FTS5, and ``pg_trgm`` does not fit (under a ``C`` ctype it finds no trigram in Chinese or
Cyrillic, and its similarity is not termbase's score). So the same posting lists live in two
tables (``005_tm_postings.sql``):

* ``tm_post``: for each gram of a segment's key (:func:`termbase.memory.stored_index.tokens`,
  the very tokens SQLite's ``tm_index`` holds) the rowids of the segments holding it, packed as
  SQLite packs them (:func:`termbase.memory.stored_index.rowid`: language id, key length,
  segment id), so the key lengths that can reach ``min_score`` are one range of each list;
* ``tm_cpost``: for each folded character bigram (:func:`termbase.memory.concordance.bigrams`)
  the ids of the segments holding it.

A row holds one **block** of one gram's list: up to :data:`BLOCK` ids, sorted, as little-endian
8-byte integers in a ``bytea`` (:func:`pack`), with its first and last id (``lo``, ``hi``).
Blocks of one gram may overlap; each id is in exactly one of them. A search reads, in one
statement a round, the blocks of its grams that overlap the length window, and chooses its
candidates exactly as :class:`termbase.memory.stored_index.StoredIndex` does from FTS5's lists
(the same class: :class:`PgIndex` only reads): the proof's groups intersected in Python where
FTS5 runs ``(a AND b) OR (c AND d)``, and, if the proof does not fit its budget, the lists
counted rarest first; so the candidates, and the best matches, are the same as on SQLite.

Why blocks and not one row per (gram, segment) with a B-tree on (gram, rowid): measured on a
generated memory (``benchmarks/bench_postgres.py``, docs/scaling.md), a row costs some 60 bytes
of heap and index for 8 bytes of id, so the rows layout was several times the size, and writing
it (millions of rows for a large import) was the import's bottleneck; a block of ids is 8 bytes
an id, written in a few thousand ``COPY`` rows, and read in a few rows per gram.

:class:`PgIndexWriter` keeps both tables in step with ``tm_segment`` in the caller's transaction
(the memory calls it where SQLite's :class:`~termbase.memory.stored_index.IndexWriter` writes
FTS5 rows): new postings are gathered in memory and written at :meth:`PgIndexWriter.flush`: the
list of a gram with many new ids, or every list of a large write (an import), as new blocks; a
few new ids merged into the gram's block where they belong (split in two when it grows past
:data:`BLOCK`: an edit). Deleting a
segment rewrites the blocks that held its ids.

>>> list(unpack(pack([1, 2, 1 << 60])))
[1, 2, 1152921504606846976]
>>> [(len(part), part[0]) for part in chunks(list(range(5000)))]
[(1667, 0), (1667, 1667), (1666, 3334)]
"""

from __future__ import annotations

import bisect
import functools
import math
import sys
from array import array
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import repeat
from typing import TYPE_CHECKING, Any

from termbase.memory.concordance import ConcordanceHit, bigrams, concordance_sql, holding
from termbase.memory.scoring import Parts, parts_of
from termbase.memory.stored_index import (
    Segment,
    StoredIndex,
    StoredIndexes,
    index_rows,
    rowid,
    stored_segments,
    tokens,
)

if TYPE_CHECKING:
    from termbase.backends.base import Connection

__all__ = [
    "BLOCK",
    "PgIndex",
    "PgIndexWriter",
    "PgIndexes",
    "chunks",
    "concordance_hits",
    "pack",
    "postings",
    "rebuild",
    "unpack",
]

BLOCK = 2048
"""The most ids a block holds (16 KB before TOAST compression)."""
_MAX_LENGTH = 0xFFFF
_SEGMENT_MASK = 0xFFFFFFFF
_BIG_ENDIAN = sys.byteorder == "big"
_TABLES = ("tm_post", "tm_cpost")


def pack(ids: Iterable[int]) -> bytes:
    """Sorted ids as a block's bytes: little-endian signed 8-byte integers."""
    values = array("q", ids)
    if _BIG_ENDIAN:
        values.byteswap()
    return values.tobytes()


def unpack(data: bytes) -> array[int]:
    """A block's ids (:func:`pack` reversed)."""
    values = array("q")
    values.frombytes(data)
    if _BIG_ENDIAN:
        values.byteswap()
    return values


def chunks(ids: list[int]) -> list[list[int]]:
    """Sorted ``ids`` cut into blocks of at most :data:`BLOCK`, evenly (a split leaves two halves)."""
    count = max(1, math.ceil(len(ids) / BLOCK))
    size = math.ceil(len(ids) / count)
    return [ids[start : start + size] for start in range(0, len(ids), size)]


def _rows(gram: str, ids: list[int]) -> Iterator[tuple[str, int, int, bytes]]:
    for part in chunks(ids):
        yield gram, part[0], part[-1], pack(part)


class _Table:
    """The pending changes to one postings table, written by :meth:`flush`."""

    def __init__(self, conn: Connection, table: str) -> None:
        self.conn = conn
        self.table = table
        self.adds: defaultdict[str, array[int]] = defaultdict(_ids)

    def flush(self, merge: bool = True) -> None:
        """Write the pending postings: a gram with :data:`BLOCK` new ids or more as new blocks,
        fewer merged into the gram's block where they belong (or a new block if it has none);
        without ``merge`` (a bulk write), every gram's new ids as new blocks: rewriting blocks in
        a large import left their old versions behind (at 200,000 units the tables were 3x the
        size of their live blocks)."""
        if not self.adds:
            return
        rows: list[tuple[str, int, int, bytes]] = []
        small: dict[str, array[int]] = {}
        adds = self.adds
        while adds:  # each list let go as its blocks are made: the ids are not held twice
            gram, ids = adds.popitem()
            if len(ids) >= BLOCK or not merge:
                rows.extend(_rows(gram, sorted(ids)))
            else:
                small[gram] = ids
        if small:
            grams = list(small)
            found = self.conn.execute(
                f"SELECT d.gram, b.lo, b.ids FROM unnest(?::text[], ?::bigint[]) AS d(gram, first)"
                f" CROSS JOIN LATERAL ((SELECT lo, ids FROM {self.table} p WHERE p.gram = d.gram"
                " AND p.lo <= d.first ORDER BY p.lo DESC LIMIT 1) UNION ALL"
                f" (SELECT lo, ids FROM {self.table} p WHERE p.gram = d.gram ORDER BY p.lo LIMIT 1)"
                " LIMIT 1) AS b",
                (grams, [min(small[g]) for g in grams]),
            ).fetchall()
            replaced: list[tuple[str, int]] = []
            for gram, lo, data in found:
                replaced.append((gram, lo))
                rows.extend(_rows(gram, sorted([*unpack(bytes(data)), *small.pop(gram)])))
            for gram, ids in small.items():
                rows.extend(_rows(gram, sorted(ids)))
            self._drop(replaced)
        self._insert(rows)

    def remove(self, ids_of: dict[str, set[int]]) -> None:
        """Delete the given ids of each gram from the blocks that hold them (pending adds written first)."""
        self.flush()
        pairs = [(gram, i) for gram, ids in ids_of.items() for i in ids]
        if not pairs:
            return
        found = self.conn.execute(
            f"SELECT p.gram, p.lo, p.ids FROM {self.table} p"
            " JOIN unnest(?::text[], ?::bigint[]) AS d(gram, id) ON p.gram = d.gram"
            " AND p.lo <= d.id AND p.hi >= d.id",
            ([g for g, _ in pairs], [i for _, i in pairs]),
        ).fetchall()
        blocks = {(gram, lo): bytes(data) for gram, lo, data in found}
        rows: list[tuple[str, int, int, bytes]] = []
        for (gram, _lo), data in blocks.items():
            gone = ids_of[gram]
            kept = [i for i in unpack(data) if i not in gone]
            if kept:
                rows.extend(_rows(gram, kept))
        self._drop(list(blocks))
        self._insert(rows)

    def _drop(self, blocks: list[tuple[str, int]]) -> None:
        if blocks:
            self.conn.execute(
                f"DELETE FROM {self.table} WHERE (gram, lo) IN"
                " (SELECT * FROM unnest(?::text[], ?::bigint[]))",
                ([g for g, _ in blocks], [lo for _, lo in blocks]),
            )

    def _insert(self, rows: list[tuple[str, int, int, bytes]]) -> None:
        if not rows:
            return
        copy = getattr(self.conn, "copy_rows", None)
        if copy is not None and len(rows) > 1:  # binary COPY: the blocks' bytes as they are
            copy(self.table, ("gram", "lo", "hi", "ids"), ("text", "int8", "int8", "bytea"), rows)
        else:
            self.conn.executemany(f"INSERT INTO {self.table} (gram, lo, hi, ids) VALUES (?, ?, ?, ?)", rows)


_CACHE = 20_000
"""Distinct segment texts whose grams are kept while writing (a memory repeats many segments)."""
PENDING = 3_000_000
"""New postings gathered in memory (8 bytes each) before they are written (:meth:`PgIndexWriter.flush`)."""
MERGE_MAX = 20_000
"""A write of at most this many postings (an edit, a small import) merges them into the blocks
where they belong; a larger one appends new blocks (no block read or rewritten)."""


_ids = functools.partial(array, "q")
_append = array.append
_drain: Callable[[Iterable[object]], object] = functools.partial(deque, maxlen=0)


def _distinct(tokens: str) -> tuple[str, ...]:
    """The distinct space-separated tokens of ``tokens`` (FTS5's ``ascii`` tokenizer splits at spaces only)."""
    found = set(tokens.split(" "))
    found.discard("")
    return tuple(found)


Postings = tuple[dict[str, "array[int]"], dict[str, "array[int]"], int]
"""New postings: each ``tm_post`` gram's ids, each ``tm_cpost`` bigram's ids, how many in all."""


def postings(segments: Sequence[Segment]) -> Postings:
    """The ``tm_post`` and ``tm_cpost`` postings of segments given as ``(segment id, language id,
    lang, stored text, plain text)``: the distinct tokens of their
    :func:`~termbase.memory.stored_index.index_rows`, each with the segment's rowid (``tm_post``)
    or id (``tm_cpost``). It needs no connection, so an import computes it in helper processes
    (:mod:`termbase.memory.pipeline`).

    >>> post, conc, count = postings([(7, 1, "ru", "Баку Баку", "Баку Баку")])
    >>> {gram: list(ids) for gram, ids in post.items()} == {"баку": [rowid(1, 2, 7)]}
    True
    >>> sorted(conc) == sorted(set(bigrams("Баку Баку").split())), count == 1 + len(conc)
    (True, True)
    """
    index, conc_rows = index_rows(segments)
    post: defaultdict[str, array[int]] = defaultdict(_ids)
    conc: defaultdict[str, array[int]] = defaultdict(_ids)
    to_post, to_conc = post.__getitem__, conc.__getitem__
    count = 0
    for (rid, grams), (sid, pairs) in zip(index, conc_rows, strict=True):
        distinct, distinct_pairs = set(grams.split(" ")), set(pairs.split(" "))  # as _distinct, no tuple
        distinct.discard("")
        distinct_pairs.discard("")
        # Each gram's list gets the id: C-level maps, no bytecode per posting (an import has
        # some 200 postings a unit: the loop was the largest cost of writing them).
        _drain(map(_append, map(to_post, distinct), repeat(rid)))
        _drain(map(_append, map(to_conc, distinct_pairs), repeat(sid)))
        count += len(distinct) + len(distinct_pairs)
    return dict(post), dict(conc), count


class PgIndexWriter:
    """Keeps ``tm_post`` and ``tm_cpost`` in step with ``tm_segment`` (the interface of
    :class:`termbase.memory.stored_index.IndexWriter`; call :meth:`flush` before the transaction ends)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.langs: dict[str, int] = dict(conn.execute("SELECT tag, id FROM tm_lang"))
        self.post = _Table(conn, "tm_post")
        self.conc = _Table(conn, "tm_cpost")
        self._grams: dict[tuple[str, str], tuple[int, tuple[str, ...]]] = {}
        self._bigrams: dict[str, tuple[str, ...]] = {}
        self._pending = 0

    def lang_id(self, lang: str) -> int:
        """The id of a language tag in ``tm_lang`` (added on first use)."""
        found = self.langs.get(lang)
        if found is None:
            cursor = self.conn.execute("INSERT INTO tm_lang (tag) VALUES (?)", (lang,))
            found = self.langs[lang] = int(cursor.lastrowid or 0)
        return found

    def _key_grams(self, lang: str, plain: str) -> tuple[int, tuple[str, ...]]:
        """The key length and the distinct ``tm_post`` grams of a segment's plain text."""
        found = self._grams.get((plain, lang))
        if found is None:
            if len(self._grams) > _CACHE:
                self._grams.clear()
            parts: Parts = parts_of(plain, lang)
            found = self._grams[plain, lang] = (len(parts.key), _distinct(tokens(parts, lang)))
        return found

    def _conc_grams(self, text: str) -> tuple[str, ...]:
        found = self._bigrams.get(text)
        if found is None:
            if len(self._bigrams) > _CACHE:
                self._bigrams.clear()
            found = self._bigrams[text] = _distinct(bigrams(text))
        return found

    def insert(self, rows: Iterable[tuple[int, str, str, str]]) -> None:
        """Add the postings of segments given as ``(segment id, lang, stored text, plain text)``."""
        self.add(postings([(sid, self.lang_id(lang), lang, text, plain) for sid, lang, text, plain in rows]))

    def add(self, found: Postings) -> None:
        """Add postings computed by :func:`postings` (here or in an import's helper process)."""
        post, conc, count = found
        for table, lists in ((self.post, post), (self.conc, conc)):
            adds = table.adds
            for gram, ids in lists.items():
                have = adds.get(gram)
                if have is None:
                    adds[gram] = ids
                else:
                    have.extend(ids)
        self._pending += count
        if self._pending >= PENDING:  # memory stays flat in a large import
            self.flush(merge=False)

    def delete(self, rows: Iterable[tuple[int, str, str, str]]) -> None:
        """Delete the postings of segments given as ``(segment id, lang, stored text, plain text)``."""
        post: dict[str, set[int]] = defaultdict(set)
        conc: dict[str, set[int]] = defaultdict(set)
        for sid, lang, text, plain in rows:
            length, grams = self._key_grams(lang, plain)
            rid = rowid(self.lang_id(lang), length, sid)
            for gram in grams:
                post[gram].add(rid)
            for gram in self._conc_grams(text):
                conc[gram].add(sid)
        self.flush()  # pending adds first: the deleted ids may be among them
        self.post.remove(post)
        self.conc.remove(conc)

    def flush(self, merge: bool | None = None) -> None:
        """Write the postings gathered by :meth:`insert` (merged into existing blocks when they
        are few, :data:`MERGE_MAX`, unless ``merge`` says otherwise)."""
        if merge is None:
            merge = self._pending <= MERGE_MAX
        self.post.flush(merge)
        self.conc.flush(merge)
        self._pending = 0


def rebuild(conn: Connection, batch: int = 20_000) -> None:
    """Fill ``tm_post`` and ``tm_cpost`` from the stored texts (in the caller's write transaction)."""
    for table in _TABLES:
        conn.execute(f"DELETE FROM {table}")
    writer = PgIndexWriter(conn)
    for segments in stored_segments(conn, batch):
        writer.insert(segments)
    writer.flush()
    conn.execute("UPDATE tm_state SET value = 0 WHERE key = 'index_stale'")


class PgIndex(StoredIndex):
    """The candidate index of one source language, read from ``tm_post`` (see the module doc); the
    language, the segment count, the key window and the choice of candidates (both passes) are
    :class:`StoredIndex`'s: only reading posting lists and segments differs."""

    def postings(self, grams: Sequence[str], first: int, last: int) -> dict[str, list[int]]:
        """The ids of each gram between ``first`` and ``last`` (sorted), read in one statement."""
        parts: dict[str, list[array[int]]] = defaultdict(list)
        for gram, data in self.conn.execute(
            "SELECT gram, ids FROM tm_post WHERE gram = ANY(?) AND lo <= ? AND hi >= ?",
            (list(grams), last, first),
        ):
            ids = unpack(bytes(data))
            a, b = bisect.bisect_left(ids, first), bisect.bisect_right(ids, last)
            if a < b:
                parts[gram].append(ids[a:b])
        return {
            gram: list(found[0]) if len(found) == 1 else sorted(i for block in found for i in block)
            for gram, found in parts.items()
        }

    def lists(self, grams: Sequence[str], first: int, last: int, limit: int) -> dict[str, list[int]]:
        """As :meth:`StoredIndex.lists`: the first ``limit`` ids of each list, from :meth:`postings`."""
        return {gram: found[:limit] for gram, found in self.postings(grams, first, last).items()}

    def sizes(self, grams: Sequence[str], first: int, last: int, cap: int) -> dict[str, int]:
        """As :meth:`StoredIndex.sizes`, from :meth:`postings`."""
        return {gram: min(len(found), cap) for gram, found in self.postings(grams, first, last).items()}

    def holding_any(self, groups: Sequence[Sequence[str]], first: int, last: int, limit: int) -> list[int]:
        """As :meth:`StoredIndex.holding_any`: each group's lists intersected, the groups' ids joined."""
        lists = self.postings(sorted({gram for group in groups for gram in group}), first, last)
        found: set[int] = set()
        for group in groups:
            parts = sorted((lists.get(gram, []) for gram in group), key=len)
            if parts and parts[0]:
                common = set(parts[0])
                for other in parts[1:]:
                    common.intersection_update(other)
                found.update(common)
        return sorted(found)[:limit]

    def rows(self, ids: Sequence[int]) -> dict[int, tuple[int, str, str]]:
        """As :meth:`StoredIndex.rows`."""
        # A correlated read of each unit's props: a join chose a hash join over every unit.
        return {
            row[0]: row
            for row in self.conn.execute(
                "SELECT s.id, s.text, (SELECT u.props FROM tm_unit u WHERE u.n = s.unit)"
                " FROM tm_segment s WHERE s.id = ANY(?)",
                (list(ids),),
            )
        }


class PgIndexes(StoredIndexes):
    """Hands out a :class:`PgIndex` per source language (cheap: they hold no data)."""

    def index(self, conn: Connection, lang: str) -> PgIndex:
        return PgIndex(conn, lang, self.budget)


_READ = 256
"""Candidate segments read per statement while looking for concordance hits."""


def concordance_hits(conn: Connection, text: str, lang: str | None, limit: int) -> list[ConcordanceHit]:
    """The segments containing ``text`` (as :func:`termbase.memory.concordance.concordance_hits`),
    their candidates from ``tm_cpost``: the segments holding every bigram of ``text`` (one
    character: any bigram starting with it), read in segment order until ``limit`` hold ``text``."""
    concordance_sql(text, lang, limit)  # the same checks of the query
    grams = [t for t in bigrams(text).split(" ") if t]
    if len(grams) == 1:  # one character: every bigram it starts
        start = grams[0][0]
        sql, args = "SELECT gram, ids FROM tm_cpost WHERE gram >= ?", [start]
        if ord(start) < sys.maxunicode:
            sql, args = sql + " AND gram < ?", [start, chr(ord(start) + 1)]
        ids = sorted({i for _, data in conn.execute(sql, args) for i in unpack(bytes(data))})
    else:
        wanted = list(dict.fromkeys(grams[:-1]))  # the last pairs the last character with the end mark
        lists: dict[str, list[int]] = defaultdict(list)
        for gram, data in conn.execute("SELECT gram, ids FROM tm_cpost WHERE gram = ANY(?)", (wanted,)):
            lists[gram].extend(unpack(bytes(data)))
        if len(lists) < len(wanted):
            return []
        ordered = sorted(lists.values(), key=len)
        common = set(ordered[0])
        for other in ordered[1:]:
            common.intersection_update(other)
        ids = sorted(common)
    return _verified(conn, _segments(conn, ids, lang), text, limit)


def _segments(conn: Connection, ids: list[int], lang: str | None) -> Iterator[Any]:
    """``(segment id, lang, text, unit row)`` of the segments ``ids`` (in ``lang``), in id order, read lazily."""
    where = "" if lang is None else " AND lang = ?"
    for start in range(0, len(ids), _READ):
        part = ids[start : start + _READ]
        yield from conn.execute(
            f"SELECT id, lang, text, unit FROM tm_segment WHERE id = ANY(?){where} ORDER BY id",
            (part, *(() if lang is None else (lang,))),
        ).fetchall()


def _verified(conn: Connection, rows: Iterable[Any], text: str, limit: int) -> list[ConcordanceHit]:
    """The first ``limit`` of ``rows`` whose text holds ``text`` (as the SQLite path checks them),
    the variants of their units read in one statement, not one per hit."""
    found = [(unit, lang, seg_text, spans) for lang, seg_text, unit, spans in holding(rows, text, limit)]
    units = sorted({unit for unit, *_ in found})
    ids: dict[int, str] = {}
    variants: dict[int, dict[str, str]] = defaultdict(dict)
    if units:
        for unit, uid, lang, seg_text in conn.execute(
            "SELECT s.unit, u.id, s.lang, s.text FROM tm_segment s JOIN tm_unit u ON u.n = s.unit"
            " WHERE s.unit = ANY(?) ORDER BY s.id",
            (units,),
        ):
            ids[unit] = uid
            variants[unit][lang] = seg_text
    return [
        ConcordanceHit(ids[unit], lang, seg_text, spans, dict(variants[unit]))
        for unit, lang, seg_text, spans in found
    ]
