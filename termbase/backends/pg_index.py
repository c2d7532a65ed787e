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
FTS5 rows): an edit's new postings are gathered in memory and written at
:meth:`PgIndexWriter.flush`: the list of a gram with many new ids, or every list of a large
write, as new blocks; a few new ids merged into the gram's block where they belong (split in two
when it grows past :data:`BLOCK`). An import or a rebuild writes new blocks for every 16,000
segments, computed apart (:mod:`termbase.backends.pg_bulk`, in the import's helper processes:
:meth:`PgIndexWriter.write_blocks`). Deleting a segment rewrites the blocks that held its ids.

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
from typing import TYPE_CHECKING, Any, TypeVar

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
    import numpy as np
    from numpy.typing import NDArray

    from termbase.backends.base import Connection
    from termbase.backends.pg_bulk import Blocks

    Ints = NDArray[np.int64]

__all__ = [
    "ALIGN",
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


_Sorted = TypeVar("_Sorted", list[int], "Ints")
"""Sorted ids: a list, or a NumPy array (:func:`~termbase.backends.pg_bulk.posting_blocks`)."""

ALIGN = 256
"""A block holds the ids of one key length (a window of key lengths reads whole blocks), unless
the ids of several lengths together are fewer than this: those share a block."""
_LENGTH_STEP = 1 << 32


def chunks(ids: _Sorted) -> list[_Sorted]:
    """Sorted ``ids`` cut into blocks of at most :data:`BLOCK`: first where the key length (the
    bits above 32 of a :func:`~termbase.memory.stored_index.rowid`) changes, lengths with fewer
    than :data:`ALIGN` ids in all kept together, then each part evenly (a split leaves two halves).

    So a search's window of key lengths (one rowid range) reads blocks wholly inside it, but for
    a few small ones (with blocks of 2,048 ids across many lengths, two thirds of the ids a search
    read at 200,000 units fell outside its window). Concordance ids (segment ids) are all one "length".

    >>> [len(part) for part in chunks([1 << 32 | i for i in range(300)] + [2 << 32 | i for i in range(10)])]
    [300, 10]
    >>> [len(part) for part in chunks([length << 32 | i for length in (1, 2, 3) for i in range(10)])]
    [30]
    """
    parts: list[_Sorted] = []
    runs = _length_runs(ids)
    at, last = 0, len(runs) - 1
    while at < last:
        start, next_run = runs[at], at + 1
        if runs[next_run] - start < ALIGN:  # a small length: the next lengths join while they stay small
            while next_run < last and runs[next_run + 1] - start <= ALIGN:
                next_run += 1
        parts.extend(_even(ids[start : runs[next_run]]))
        at = next_run
    return parts


def _length_runs(ids: list[int] | Ints) -> list[int]:
    """Where each key length's run of sorted ``ids`` starts, and their count.

    >>> _length_runs([1 << 32, 1 << 32 | 5, 3 << 32]), _length_runs([])
    ([0, 2, 3], [0])
    """
    if not isinstance(ids, list):  # NumPy: no Python step per id
        lengths: Ints = ids >> 32
        changes: list[int] = ((lengths[1:] != lengths[:-1]).nonzero()[0] + 1).tolist()
        return [0, *changes, len(ids)] if len(ids) else [0]
    runs, at, end = [0], 0, len(ids)
    while at < end:
        at = bisect.bisect_left(ids, (ids[at] | (_LENGTH_STEP - 1)) + 1, at)
        runs.append(at)
    return runs


def _even(ids: _Sorted) -> list[_Sorted]:
    """``ids`` cut evenly into blocks of at most :data:`BLOCK`.

    >>> [(len(part), part[0]) for part in _even(list(range(5000)))]
    [(1667, 0), (1667, 1667), (1666, 3334)]
    """
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
        grams = [gram for gram, ids in ids_of.items() if ids]
        if not grams:
            return
        # Each gram's ids as one array literal ('{7,9}'): psycopg dumps a list element by element
        # in Python, and a large removal holds ~170 (gram, id) pairs a unit. Each block read once.
        found = self.conn.execute(
            f"SELECT p.gram, p.lo, p.ids FROM {self.table} p WHERE (p.gram, p.lo) IN"
            " (SELECT b.gram, b.lo FROM unnest(?::text[], ?::text[]) AS d(gram, ids)"
            " CROSS JOIN LATERAL unnest(d.ids::bigint[]) AS i(id)"
            f" JOIN {self.table} b ON b.gram = d.gram AND b.lo <= i.id AND b.hi >= i.id)",
            (grams, ["{" + ",".join(map(str, ids_of[gram])) + "}" for gram in grams]),
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
    or id (``tm_cpost``): what an edit or a small import merges into the blocks
    (:meth:`PgIndexWriter.add`); a large write's new blocks come from
    :func:`~termbase.backends.pg_bulk.posting_blocks`, which gives the same lists.

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

    def clear(self) -> None:
        """Delete every block of both tables (before they are filled again from the stored texts)."""
        for table in _TABLES:
            self.conn.execute(f"DELETE FROM {table}")

    def write_blocks(self, blocks: tuple[Blocks, Blocks]) -> None:
        """Write the new blocks :func:`~termbase.backends.pg_bulk.posting_blocks` computed (here or
        in an import's helper process)."""
        for table, (data, rows) in zip(_TABLES, blocks, strict=True):
            if rows:
                self.conn.copy_data(table, ("gram", "lo", "hi", "ids"), data, rows)  # type: ignore[attr-defined]

    def flush(self, merge: bool | None = None) -> None:
        """Write the postings gathered by :meth:`insert` (merged into existing blocks when they
        are few, :data:`MERGE_MAX`, unless ``merge`` says otherwise)."""
        if merge is None:
            merge = self._pending <= MERGE_MAX
        self.post.flush(merge)
        self.conc.flush(merge)
        self._pending = 0


def rebuild(conn: Connection, batch: int | None = None) -> None:
    """Fill ``tm_post`` and ``tm_cpost`` from the stored texts (in the caller's write transaction),
    ``batch`` segments at a time (:data:`~termbase.backends.pg_bulk.BULK_SEGMENTS`)."""
    from termbase.backends.pg_bulk import BULK_SEGMENTS, posting_blocks

    writer = PgIndexWriter(conn)
    writer.clear()
    lang_id = writer.lang_id
    for segments in stored_segments(conn, batch or BULK_SEGMENTS):
        writer.write_blocks(
            posting_blocks([(sid, lang_id(lang), lang, text, plain) for sid, lang, text, plain in segments])
        )
    conn.execute("UPDATE tm_state SET value = 0 WHERE key = 'index_stale'")


def _within(ids: array[int], first: int, last: int) -> array[int]:
    """The ids of a sorted block between ``first`` and ``last``."""
    if ids and first <= ids[0] and ids[-1] <= last:
        return ids
    return ids[bisect.bisect_left(ids, first) : bisect.bisect_right(ids, last)]


def _merged(parts: list[array[int]]) -> array[int]:
    """Sorted parts of one list (blocks of one gram may overlap) as one sorted array."""
    if len(parts) == 1:
        return parts[0]
    merged = array("q")
    for part in parts:
        merged.extend(part)
    return array("q", sorted(merged))


def _holds_one(ids: Sequence[int], lo: int, hi: int) -> bool:
    """Whether the sorted ``ids`` hold one between ``lo`` and ``hi``."""
    at = bisect.bisect_left(ids, lo)
    return at < len(ids) and ids[at] <= hi


class PgIndex(StoredIndex):
    """The candidate index of one source language, read from ``tm_post`` (see the module doc); the
    language, the segment count, the key window and the choice of candidates (both passes) are
    :class:`StoredIndex`'s: only reading posting lists and segments differs."""

    def _blocks(self, grams: Sequence[str], first: int, last: int) -> dict[str, list[tuple[int, int, int]]]:
        """``(lo, hi, number of ids)`` of each gram's blocks overlapping ``first``..``last``, in
        one statement that reads no block's ids (``octet_length`` of a TOASTed value is its
        stored size, known without decompressing it)."""
        found: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
        for gram, lo, hi, count in self.conn.execute(
            "SELECT gram, lo, hi, octet_length(ids) / 8 FROM tm_post WHERE gram = ANY(?) AND lo <= ? AND hi >= ?",
            (list(grams), last, first),
        ):
            found[gram].append((lo, hi, count))
        return found

    def postings(self, grams: Sequence[str], first: int, last: int) -> dict[str, array[int]]:
        """The ids of each gram between ``first`` and ``last`` (sorted), read in one statement."""
        parts: dict[str, list[array[int]]] = defaultdict(list)
        for gram, data in self.conn.execute(
            "SELECT gram, ids FROM tm_post WHERE gram = ANY(?) AND lo <= ? AND hi >= ?",
            (list(grams), last, first),
        ):
            parts[gram].append(_within(unpack(bytes(data)), first, last))
        return {gram: _merged(found) for gram, found in parts.items() if any(found)}

    def lists(self, grams: Sequence[str], first: int, last: int, limit: int) -> dict[str, list[int]]:
        """As :meth:`StoredIndex.lists`: the first ``limit`` ids of each list, from :meth:`postings`
        (all of the grams' lists in one statement)."""
        return {gram: found[:limit].tolist() for gram, found in self.postings(grams, first, last).items()}

    def sizes(self, grams: Sequence[str], first: int, last: int, cap: int) -> dict[str, int]:
        """As :meth:`StoredIndex.sizes`, in one statement: a block inside the window counts its
        stored size (its ids not read); only the blocks crossing an end of the window are read."""
        counts: dict[str, int] = defaultdict(int)
        for gram, count, data in self.conn.execute(
            "SELECT gram, octet_length(ids) / 8, CASE WHEN lo < ? OR hi > ? THEN ids END"
            " FROM tm_post WHERE gram = ANY(?) AND lo <= ? AND hi >= ?",
            (first, last, list(grams), last, first),
        ):
            counts[gram] += count if data is None else len(_within(unpack(bytes(data)), first, last))
        return {gram: min(count, cap) for gram, count in counts.items() if count}

    def holding_any(self, groups: Sequence[Sequence[str]], first: int, last: int, limit: int) -> list[int]:
        """As :meth:`StoredIndex.holding_any`: each group's lists intersected, the groups' ids joined.

        Read in three statements, not every list whole: the blocks' sizes (:meth:`_blocks`); the
        list of each group's rarest gram (:meth:`postings`); of the group's other grams only the
        blocks whose range holds one of those ids.
        """
        blocks = self._blocks(sorted({gram for group in groups for gram in group}), first, last)
        live = [group for group in groups if group and all(gram in blocks for gram in group)]
        if not live:
            return []
        size = {gram: sum(count for _lo, _hi, count in found) for gram, found in blocks.items()}
        rarest = [min(group, key=lambda gram: (size[gram], gram)) for group in live]
        lists = self.postings(sorted(set(rarest)), first, last)
        wanted: set[tuple[str, int]] = set()
        for group, rare in zip(live, rarest, strict=True):
            ids = lists.get(rare)
            if ids is None:
                continue
            for gram in group:
                if gram != rare:
                    wanted.update((gram, lo) for lo, hi, _count in blocks[gram] if _holds_one(ids, lo, hi))
        held: dict[str, list[array[int]]] = defaultdict(list)
        if wanted:
            pairs = sorted(wanted)
            for gram, data in self.conn.execute(
                "SELECT gram, ids FROM tm_post WHERE (gram, lo) IN (SELECT * FROM unnest(?::text[], ?::bigint[]))",
                ([gram for gram, _ in pairs], [lo for _, lo in pairs]),
            ):
                held[gram].append(unpack(bytes(data)))
        found: set[int] = set()
        for group, rare in zip(live, rarest, strict=True):
            ids = lists.get(rare)
            if ids is None:
                continue
            common = set(ids)
            for gram in sorted(group, key=lambda gram: (size[gram], gram)):
                if gram != rare and common:
                    # Each block's ids looked up in the few candidates (a C loop), no set of them built.
                    kept: set[int] = set()
                    for block in held[gram]:
                        kept.update(common.intersection(block))
                    common = kept
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
    character: any bigram starting with it), checked in segment order until ``limit`` hold ``text``.

    The lists are not read whole: the blocks' sizes first (no ids read), then the rarest list's
    blocks a few at a time in id order, of the other lists only the blocks holding one of those
    ids, so a query stops reading where FTS5 stops walking its lists (:func:`_in_order`).
    """
    concordance_sql(text, lang, limit)  # the same checks of the query
    grams = [t for t in bigrams(text).split(" ") if t]
    sql = "SELECT gram, lo, hi, octet_length(ids) / 8 FROM tm_cpost WHERE "
    if len(grams) == 1:  # one character: every bigram it starts, one list (their union)
        start = grams[0][0]
        if ord(start) < sys.maxunicode:
            found = conn.execute(sql + "gram >= ? AND gram < ?", (start, chr(ord(start) + 1)))
        else:
            found = conn.execute(sql + "gram >= ?", (start,))
        terms = [[(gram, lo, hi, count) for gram, lo, hi, count in found]]
        if not terms[0]:
            return []
    else:
        wanted = list(dict.fromkeys(grams[:-1]))  # the last pairs the last character with the end mark
        blocks: dict[str, list[_Block]] = defaultdict(list)
        for gram, lo, hi, count in conn.execute(sql + "gram = ANY(?)", (wanted,)):
            blocks[gram].append((gram, lo, hi, count))
        if len(blocks) < len(wanted):
            return []
        terms = list(blocks.values())
    batches = _in_order(conn, terms)
    return _verified(conn, _segments(conn, batches, lang, limit), text, limit)


_Block = tuple[str, int, int, int]
"""A ``tm_cpost`` block as :func:`concordance_hits` plans: gram, first id, last id, how many ids."""


def _in_order(conn: Connection, terms: list[list[_Block]]) -> Iterator[list[int]]:
    """The ids in every term's list (a term: the union of its blocks' ids), ascending, in batches.

    Each batch is a window of ids: the next 1, 2, 4, ... blocks of the rarest term (fewest ids)
    read with every block of its own that reaches into the window; of each other term only the
    blocks holding one of the window's ids, read in one statement, and intersected rarest first.
    """
    terms = sorted(terms, key=lambda term: (sum(block[3] for block in term), term[0][0]))
    rare = sorted(terms[0], key=lambda block: (block[1], block[2]))
    others = terms[1:]
    done = -1  # every id up to here was given
    step = 1
    while True:
        ahead = [block for block in rare if block[2] > done]
        if not ahead:
            return
        top = ahead[min(step, len(ahead)) - 1][2]  # ahead is in ``lo`` order: a window of ``step`` blocks
        step *= 2
        window = [block for block in ahead if block[1] <= top]
        ids = sorted({i for i in _read(conn, window) if done < i <= top})
        done = top
        for term in others:
            if not ids:
                break
            holding_one = [block for block in term if _holds_one(ids, block[1], block[2])]
            kept: set[int] = set()
            keep = set(ids)
            for block in _read(conn, holding_one, whole=False):
                kept.update(keep.intersection(block))
            ids = sorted(kept)
        if ids:
            yield ids


def _read(conn: Connection, blocks: list[_Block], whole: bool = True) -> Iterator[Any]:
    """The ids of ``tm_cpost`` blocks (one statement): all in one array, or (``whole`` false)
    one array per block."""
    if not blocks:
        return
    found = conn.execute(
        "SELECT ids FROM tm_cpost WHERE (gram, lo) IN (SELECT * FROM unnest(?::text[], ?::bigint[]))",
        ([block[0] for block in blocks], [block[1] for block in blocks]),
    )
    if whole:
        for (data,) in found:
            yield from unpack(bytes(data))
    else:
        for (data,) in found:
            yield unpack(bytes(data))


def _segments(conn: Connection, batches: Iterable[list[int]], lang: str | None, first: int) -> Iterator[Any]:
    """``(segment id, lang, text, unit row)`` of the segments of ``batches`` (ascending ids) in
    ``lang``, in id order, read lazily: ``first`` at first (most queries stop at their limit),
    then :data:`_READ` a statement."""
    where = "" if lang is None else " AND lang = ?"
    size = max(1, first)
    for ids in batches:
        start = 0
        while start < len(ids):
            part = ids[start : start + size]
            start += size
            size = _READ
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
