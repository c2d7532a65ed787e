"""The persistent candidate index: the grams of every segment in the store, nothing rebuilt per process.

:class:`StoredIndex` answers the same question as :class:`termbase.memory.index.InMemoryIndex`
(which segments of a source language are worth scoring exactly) from the table ``tm_index`` of
the store (schema ``004_tm_compact.sql``), so the first search of a new process costs a few
index reads instead of reading every key. ``tm_index`` is a contentless FTS5 table with
``detail='none'``: for each gram (:func:`termbase.memory.index.grams`, written as its
characters with ASCII moved to plane 15 of the private use area, :func:`tokens`, so that the
``ascii`` tokenizer keeps it whole) a compressed list of rowids, and a rowid packs the
segment's language, key length and id (:func:`rowid`), so the key lengths that can reach
``min_score`` are one rowid range of every posting list::

    rowid = language id << 48 | min(key length, 65535) << 32 | segment id

Keys are not stored: a segment's key is recomputed from its text (:func:`segment_key`, a few
microseconds, cached per process), for the candidates of a search and to write or delete a
segment's row. :class:`IndexWriter` writes and deletes those rows in step with ``tm_segment``
(the memory calls it in the same transaction), and :func:`rebuild` fills ``tm_index`` and the
concordance table ``tm_conc`` from the stored texts (a file migrated from an older schema,
marked ``index_stale`` in ``tm_state``).

A search first tries to **prove** its candidates (:meth:`StoredIndex.candidates`), in rounds
that each cover a base score ``target`` (the first :data:`START`): a key at most ``d`` edits
from the query's (``d`` the most edits that still reach ``target``,
:func:`~termbase.memory.index.max_distance`) misses at most ``d`` of its distinct words, or
``2d`` of its distinct bigrams (an edit breaks at most two); so with the query's grams dealt
by position into ``d + 1`` (``2d + 1``) groups, the segment holds every gram of some group
(pigeonhole), and one FTS5 query, ``(a AND c) OR (b AND d)``, in the key lengths that can reach
``target`` (:func:`~termbase.memory.index.length_window`), finds every such segment. Their keys
give the best base score ``b``; a match with a better score has a base above ``b - 3``
(penalties take at most :data:`~termbase.memory.scoring.PENALTY_CAP`), so once a round's
``target`` is that low the candidates hold the exhaustive scan's best match
(``Candidates.complete``). The next round's ``target`` is ``b - 2`` (``target - 10`` while
nothing reached ``min_score``). A round that would gather more than ``Budget.survivors``
segments (short queries and low best scores in a memory of near-duplicates) stops the proof,
and the search **counts** grams as the in-memory index does: posting lists rarest first (each
gram's list in the window probed up to ``Budget.probe`` entries, counted by SQLite; a gram with
more is common), at most ``Budget.postings`` entries in all, the ``k`` segments sharing the
most grams (ties: closest in length) joining what the proof gathered. That budget grows with
the memory (:meth:`Budget.for_segments`); a search of a proved query reads no posting list
into Python.

>>> from termbase.memory import Memory
>>> from termbase.model import TranslationUnit
>>> from termbase.store import Store
>>> memory = Memory(Store(None))
>>> memory.add_units([TranslationUnit("a", {"ru": "Путин посетил Баку"}),
...                   TranslationUnit("b", {"ru": "Путин посетил Москву"})])
2
>>> index = StoredIndex(memory.store.conn, "ru")
>>> found = index.candidates(("путин", "посетил", "баку"), (), 60, 5)
>>> list(found.segment_ids), found.keys[0], found.complete  # 2 scores 67: it cannot beat 100
([1], ('путин', 'посетил', 'баку'), True)
>>> found = index.candidates(("путин", "посетил", "москву", "сегодня"), (), 60, 5)
>>> list(found.segment_ids), found.complete  # 1 scores 50 against 2's 75
([2], True)
"""

from __future__ import annotations

import functools
import sqlite3
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from termbase.memory.concordance import many_bigrams, many_pairs, pairs
from termbase.memory.index import (
    _MIN_GRAMS,
    CANDIDATES,
    POSTINGS_BUDGET,
    Candidates,
    length_window,
    max_distance,
    plain_text,
)
from termbase.memory.scoring import PENALTY_CAP, Parts, base_score, chinese_cut, parts_of
from termbase.scripts.chinese import is_chinese_tag

if TYPE_CHECKING:
    from termbase.backends.base import Connection


__all__ = [
    "END_TOKEN",
    "PROBE",
    "SCALE_FROM",
    "START",
    "SURVIVORS",
    "Budget",
    "IndexWriter",
    "StoredIndex",
    "StoredIndexes",
    "chinese_keys",
    "index_entries",
    "index_rows",
    "key_rows",
    "number_tokens",
    "optimize",
    "places_by_lang",
    "rebuild",
    "rowid",
    "segment_key",
    "stored_segments",
    "tokens",
]

PROBE = 5_000
"""How many entries of one gram's posting list (in the length window) are read before it counts as common."""
SURVIVORS = 10_000
"""How many segments a search gathers at most to prove its best match (more, and it counts grams)."""
SCALE_FROM = 333_333
"""Segments of a language up to which the counting's budget stays :data:`PROBE` / :data:`POSTINGS_BUDGET`."""
START = 90
"""The base score the first round of the proof covers (most searches that matter find 90 or more)."""

_LENGTH_SHIFT = 32
_LANG_SHIFT = 48
_MAX_LENGTH = 0xFFFF
_SEGMENT_MASK = 0xFFFFFFFF


def rowid(lang_id: int, length: int, segment: int) -> int:
    """The ``tm_index`` rowid of a segment (see the module doc).

    >>> hex(rowid(1, 3, 7))
    '0x1000300000007'
    """
    return lang_id << _LANG_SHIFT | min(length, _MAX_LENGTH) << _LENGTH_SHIFT | segment


_MOVED = {code: chr(0xF0000 + code) for code in range(0x80) if not chr(code).isalnum() and code != 0x20}
"""ASCII other than letters, digits and the space, moved out of ASCII: each gram stays one ``ascii`` token."""
_NUMBER_MARK = "\U000f0023"  # "#" moved: a number as written, ``#2001``
END_TOKEN = "\U000f0003"  # the end mark of a Chinese key (index._END), moved


def tokens(parts: Parts, lang: str) -> str:
    """The ``tm_index`` tokens of a segment: the grams of its key and its numbers (``#2001``).

    >>> ascii_back = {0xF0000 + code: code for code in range(0x80)}
    >>> [token.translate(ascii_back) for token in tokens(parts_of("巴库2001", "zh-Hans"), "zh-Hans").split()]
    ['巴库', '库0', '0\\x03', '#2001']
    >>> tokens(parts_of("Нагорно-Карабах", "ru"), "ru") == "нагорно\U000f002dкарабах"
    True
    """
    if is_chinese_tag(lang):
        # A Chinese key holds no ASCII but letters and digits (punctuation is not a unit of it).
        key = "".join(parts.key)
        words = pairs(key, END_TOKEN)
    else:
        words = " ".join(parts.key)
        if "'" in words or "-" in words:  # the only ASCII a word unit holds besides letters
            words = words.translate(_MOVED)
    if parts.numbers:
        numbers = _NUMBER_MARK + (" " + _NUMBER_MARK).join(parts.numbers)
        return f"{words} {numbers.translate(_MOVED)}"
    return words


def number_tokens(numbers: Sequence[str]) -> str:
    """The tokens of a key's numbers as written (``#2001``), moved as :func:`tokens` moves them."""
    return (_NUMBER_MARK + (" " + _NUMBER_MARK).join(numbers)).translate(_MOVED)


_RUNS: dict[str, dict[str, tuple[int, str, tuple[str, ...]]]] = {}
_RUNS_KEPT = 50_000
"""Distinct runs (text between spaces) of a word language whose key units are kept while writing."""


def _word_entry(text: str, lang: str) -> tuple[int, str]:
    """:func:`index_entries` of one text of a word language, run by run.

    A word-language key is cut between spaces first (:func:`~termbase.memory.scoring.parts_of`
    reads each run on its own), so the key units, tokens and numbers of each distinct run are
    kept and the text's are theirs joined in order.
    """
    runs = _RUNS.get(lang)
    if runs is None:
        runs = _RUNS[lang] = {}
    elif len(runs) > _RUNS_KEPT:
        runs.clear()
    length = 0
    words: list[str] = []
    numbers: list[str] = []
    for run in unicodedata.normalize("NFC", text).split():
        found = runs.get(run)
        if found is None:
            parts = parts_of(run, lang)
            joined = " ".join(parts.key)
            if "'" in joined or "-" in joined:
                joined = joined.translate(_MOVED)
            found = runs[run] = (len(parts.key), joined, parts.numbers)
        if found[0]:
            length += found[0]
            words.append(found[1])
            if found[2]:
                numbers.extend(found[2])
    if numbers:
        return length, f"{' '.join(words)} {number_tokens(numbers)}"
    return length, " ".join(words)


_CUTS: dict[str, dict[str, tuple[str, int, Sequence[str]]]] = {}
_CUTS_KEPT = 5_000
"""Distinct Chinese texts whose key is kept while writing (a memory repeats many segments)."""


def index_entries(plains: Sequence[str], lang: str) -> list[tuple[int, str]]:
    """``(key length, tokens)`` of many segments' plain texts in one language (an import's batch).

    The same as ``len(parts.key), tokens(parts, lang)`` with ``parts = parts_of(plain, lang)``
    for each, computed faster: word languages run by run (:func:`_word_entry`), Chinese keys
    cut on :func:`~termbase.memory.scoring.chinese_cut`'s path and paired all at once
    (:func:`~termbase.memory.concordance.many_pairs`).

    >>> index_entries(["巴库2001", "巴庫"], "zh-Hans") == [
    ...     (len(p.key), tokens(p, "zh-Hans")) for p in map(lambda t: parts_of(t, "zh-Hans"), ["巴库2001", "巴庫"])]
    True
    >>> index_entries(["Путин посетил Баку 2 раза", ""], "ru")
    [(5, 'путин посетил баку 0 раза \U000f00232'), (0, '')]
    """
    if not is_chinese_tag(lang):
        return [_word_entry(text, lang) for text in plains]
    keys, lengths, numbers = chinese_keys(plains, lang)
    found = []
    for length, grams, nums in zip(lengths, many_pairs(keys, END_TOKEN), numbers, strict=True):
        found.append((length, f"{grams} {number_tokens(nums)}" if nums else grams))
    return found


def chinese_keys(plains: Sequence[str], lang: str) -> tuple[list[str], list[int], list[Sequence[str]]]:
    """The keys of Chinese plain texts as strings (one character a unit, paired with the next for
    the index: :func:`~termbase.memory.concordance.many_pairs` with :data:`END_TOKEN`), their
    lengths in key units and their numbers: what :func:`index_entries` makes tokens of.

    >>> chinese_keys(["2001年，普京訪問巴庫。"], "zh-Hant")
    (['0年普京访问巴库'], [8], [['2001']])
    """
    keys: list[str] = []
    lengths: list[int] = []
    numbers: list[Sequence[str]] = []
    cuts = _CUTS.get(lang)
    if cuts is None:
        cuts = _CUTS[lang] = {}
    elif len(cuts) > _CUTS_KEPT:
        cuts.clear()
    for text in plains:
        seen = cuts.get(text)
        if seen is not None:
            keys.append(seen[0])
            lengths.append(seen[1])
            numbers.append(seen[2])
            continue
        cut = chinese_cut(text)
        if cut is None:  # a unit of several characters (a number, ß folded to ss): the general path
            parts = parts_of(text, lang)
            keys.append("".join(parts.key))
            lengths.append(len(parts.key))
            numbers.append(parts.numbers)
        else:
            keys.append(cut[1])
            lengths.append(len(cut[1]))
            numbers.append(cut[3])
        cuts[text] = keys[-1], lengths[-1], numbers[-1]
    return keys, lengths, numbers


Segment = tuple[int, int, str, str, str]
"""A segment to index: ``(segment id, language id, lang, stored text, plain text)``."""


def index_rows(segments: Sequence[Segment]) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The ``tm_index`` and ``tm_conc`` rows of segments, computed in bulk (:func:`index_entries`
    per language, :func:`~termbase.memory.concordance.many_bigrams`), in the segments' order.

    It needs no connection (the language ids are given), so an import computes it in helper
    processes (:mod:`termbase.memory.pipeline`).

    >>> from termbase.memory.concordance import bigrams
    >>> index_rows([(7, 1, "ru", "Баку", "Баку")]) == ([(rowid(1, 1, 7), "баку")], [(7, bigrams("Баку"))])
    True
    """
    conc = many_bigrams([segment[3] for segment in segments])
    return key_rows(segments), [(segment[0], grams) for segment, grams in zip(segments, conc, strict=True)]


def places_by_lang(segments: Sequence[Segment]) -> dict[str, list[int]]:
    """The places of segments in their sequence, by language (a language's keys are cut together).

    >>> places_by_lang([(7, 1, "ru", "Баку", "Баку"), (8, 2, "zh-Hans", "巴库", "巴库"), (9, 1, "ru", "", "")])
    {'ru': [0, 2], 'zh-Hans': [1]}
    """
    by_lang: dict[str, list[int]] = {}
    for at, segment in enumerate(segments):
        by_lang.setdefault(segment[2], []).append(at)
    return by_lang


def key_rows(segments: Sequence[Segment]) -> list[tuple[int, str]]:
    """The ``tm_index`` rows of segments (:func:`index_rows` without the concordance's):
    ``(rowid, tokens)``, in the segments' order.

    >>> key_rows([(7, 1, "ru", "Баку", "Баку")]) == [(rowid(1, 1, 7), "баку")]
    True
    """
    found: list[tuple[int, str]] = [(0, "")] * len(segments)
    for lang, ats in places_by_lang(segments).items():
        entries = index_entries([segments[at][4] for at in ats], lang)
        for at, (length, grams) in zip(ats, entries, strict=True):
            segment = segments[at]
            found[at] = (rowid(segment[1], length, segment[0]), grams)
    return found


_KEYS: dict[tuple[str, str], Sequence[str]] = {}
_KEYS_KEPT = 50_000


def segment_key(plain: str, lang: str) -> Sequence[str]:
    """The key of a stored segment as units (:func:`key_units`), kept per process for repeated searches."""
    found = _KEYS.get((plain, lang))
    if found is None:
        if len(_KEYS) >= _KEYS_KEPT:
            _KEYS.clear()
        key = parts_of(plain, lang).key
        found = _KEYS[plain, lang] = "".join(key) if is_chinese_tag(lang) else key
    return found


def _lang_ids(conn: sqlite3.Connection) -> dict[str, int]:
    return dict(conn.execute("SELECT tag, id FROM tm_lang"))


class IndexWriter:
    """The ``tm_index`` and ``tm_conc`` rows of segments: what to insert, and (same rows) what to delete."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.langs = _lang_ids(conn)

    def lang_id(self, lang: str) -> int:
        """The id of a language tag in ``tm_lang`` (added on first use)."""
        found = self.langs.get(lang)
        if found is None:
            cursor = self.conn.execute("INSERT INTO tm_lang (tag) VALUES (?)", (lang,))
            found = self.langs[lang] = int(cursor.lastrowid or 0)
        return found

    def row(self, segment: int, lang: str, parts: Parts) -> tuple[int, str]:
        """``(rowid, tokens)`` of a segment's ``tm_index`` row."""
        return rowid(self.lang_id(lang), len(parts.key), segment), tokens(parts, lang)

    def insert(self, rows: Iterable[tuple[int, str, str, str]]) -> None:
        """Write the rows of segments given as ``(segment id, lang, stored text, plain text)``."""
        self._write(rows, "INSERT INTO {table} (rowid, grams) VALUES (?, ?)")

    def delete(self, rows: Iterable[tuple[int, str, str, str]]) -> None:
        """Delete the rows of segments given as ``(segment id, lang, stored text, plain text)``."""
        self._write(rows, "INSERT INTO {table} ({table}, rowid, grams) VALUES ('delete', ?, ?)")

    def clear(self) -> None:
        """Delete every row of both tables (before they are filled again from the stored texts)."""
        for table in ("tm_index", "tm_conc"):
            self.conn.execute(f"INSERT INTO {table} ({table}) VALUES ('delete-all')")

    def rows(
        self, rows: Sequence[tuple[int, str, str, str]]
    ) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
        """The ``tm_index`` and ``tm_conc`` rows of segments given as ``(segment id, lang, stored
        text, plain text)``, computed in bulk (:func:`index_rows`)."""
        return index_rows([(sid, self.lang_id(lang), lang, text, plain) for sid, lang, text, plain in rows])

    def _write(self, rows: Iterable[tuple[int, str, str, str]], sql: str) -> None:
        index_rows, conc_rows = self.rows(list(rows))
        self.conn.executemany(sql.format(table="tm_index"), index_rows)
        self.conn.executemany(sql.format(table="tm_conc"), conc_rows)


def stored_segments(
    conn: sqlite3.Connection | Connection, batch: int
) -> Iterator[list[tuple[int, str, str, str]]]:
    """Every stored segment as (id, language, text, plain text), ``batch`` at a time in id order:
    what a rebuild of the index reads (SQLite's and PostgreSQL's alike)."""
    last = 0
    while True:
        rows = conn.execute(
            "SELECT s.id, s.lang, s.text, u.props FROM tm_segment s JOIN tm_unit u ON u.n = s.unit"
            " WHERE s.id > ? ORDER BY s.id LIMIT ?",
            (last, batch),
        ).fetchall()
        if not rows:
            return
        yield [(sid, lang, text, plain_text(text, lang, props)) for sid, lang, text, props in rows]
        last = rows[-1][0]


def rebuild(conn: sqlite3.Connection, batch: int = 5_000) -> None:
    """Fill ``tm_index`` and ``tm_conc`` from the stored texts (in the caller's write transaction)."""
    writer = IndexWriter(conn)
    writer.clear()
    for segments in stored_segments(conn, batch):
        writer.insert(segments)
    conn.execute("INSERT OR REPLACE INTO tm_state (key, value) VALUES ('index_stale', 0)")


OPTIMIZE_FROM = 100_000
"""An import of at least this many units (or of more than the memory held before) ends by
merging the FTS5 tables' segments into one (:func:`optimize`): the smallest size at which the
merge measured a gain (see :func:`optimize`)."""


def optimize(conn: sqlite3.Connection) -> None:
    """Merge each FTS5 table's segments (``tm_index``, ``tm_conc``) into one, in the caller's
    transaction: the same postings, one b-tree for every query to walk instead of about ten.

    The memory calls this at the end of a large import (:data:`OPTIMIZE_FROM`), inside the
    import's transaction, so a kill -9 during it leaves the file as it was before the import.
    Measured on ``bench_scale``'s generated memories (2 shared cores, load 3-3.6; 50 queries'
    in-process searches, median of 3-5 alternating rounds): at 100,000 units the merge (10 and 5
    segments into 1) cost 1.2 s of CPU, 6 % of the import's time, and took search CPU p50 from
    20.3 to 16.1 ms (all 50: 1.87 -> 1.64 s); at 300,000 units (10 and 9 segments) 3.4 s of CPU,
    5 % of the import, and the CPU of the 50 searches, unmerged -> merged, 6.82 -> 7.29 s in a
    run of 3 rounds and 7.40 -> 6.65 s in a run of 5 (about 4 % less over the 8: a gain of the
    order of the noise); cold CLI ``tm search`` at 300,000 units, unmerged -> merged: median CPU
    384 -> 391 ms, 10.3 -> 9.6 s over 20 queries.
    """
    conn.execute("INSERT INTO tm_index (tm_index) VALUES ('optimize')")
    conn.execute("INSERT INTO tm_conc (tm_conc) VALUES ('optimize')")


@dataclass(frozen=True, slots=True)
class Budget:
    """How much of the stored index one search may read (see the module doc).

    ``survivors``: the most segments the proof may gather in all (more, and the search falls
    back to counting); ``start``: the base score its first round proves; ``probe`` and
    ``postings`` (with the search's ``k`` candidates) bound the counting. Tests shrink them.
    """

    survivors: int = SURVIVORS
    start: int = START
    probe: int = PROBE
    postings: int = POSTINGS_BUDGET
    candidates: int | None = None
    """How many segments counting keeps; None: the ``k`` the search asks for."""

    @classmethod
    def for_segments(cls, segments: int) -> Budget:
        """The budget for a language of about ``segments`` segments: the counting's ``probe`` and
        ``postings`` grow with it past :data:`SCALE_FROM` (posting lists in a window grow with
        the memory, and counting rarest first needs the same share of them).

        Measured with ``benchmarks/bench_scale.py``'s generated memory: counting alone with
        probe 5,000 / postings 100,000 / 1,000 candidates found the exhaustive scan's best for
        199/200 queries at 300,000 units, 37/40 at 1,000,000, and 40/40 there with probe 15,000 /
        postings 300,000. With the proof first (200 queries, 1,000,000 units): survivors 3,000
        and counting 15,000 / 300,000 / 1,000: 197/200; survivors 10,000: 198/200; with
        probe 25,000 / postings 500,000 as well: 199/200; with 15,000 / 300,000 / 3,000
        candidates: 200/200 (the misses: best scores 77-89, where the proof's rounds are too
        large and counting decides). So all three grow linearly past ``SCALE_FROM``.

        >>> Budget.for_segments(1_000_000).postings, Budget.for_segments(1_000_000).candidates
        (300000, 3000)
        >>> Budget.for_segments(10_000).probe, Budget.for_segments(10_000).candidates
        (5000, None)
        """
        if segments <= SCALE_FROM:
            return cls()
        scale = segments / SCALE_FROM
        return cls(
            probe=round(PROBE * scale),
            postings=round(POSTINGS_BUDGET * scale),
            candidates=round(CANDIDATES * scale),
        )


class StoredIndex:
    """The candidate index of one source language, read from ``tm_index`` (see the module doc)."""

    def __init__(self, conn: Connection, lang: str, budget: Budget | None = None) -> None:
        self.conn = conn
        self.lang = lang
        self.fixed = budget
        found = conn.execute("SELECT id FROM tm_lang WHERE tag = ?", (lang,)).fetchone()
        self.lang_id: int | None = None if found is None else int(found[0])

    @functools.cached_property
    def budget(self) -> Budget:
        """The budget given, or the one for the memory's size (:meth:`Budget.for_segments`),
        estimated cheaply: the highest segment id over the number of languages."""
        if self.fixed is not None:
            return self.fixed
        top = self.conn.execute("SELECT coalesce(max(id), 0) FROM tm_segment").fetchone()[0]
        langs = self.conn.execute("SELECT count(*) FROM tm_lang").fetchone()[0]
        return Budget.for_segments(int(top) // max(1, int(langs)))

    def __len__(self) -> int:
        return int(
            self.conn.execute("SELECT count(*) FROM tm_segment WHERE lang = ?", (self.lang,)).fetchone()[0]
        )

    def __bool__(self) -> bool:
        return (
            self.conn.execute("SELECT 1 FROM tm_segment WHERE lang = ? LIMIT 1", (self.lang,)).fetchone()
            is not None
        )

    def everything(self) -> Candidates:
        return self._keyed(
            self.conn.execute(
                "SELECT s.id, s.text, u.props FROM tm_segment s JOIN tm_unit u ON u.n = s.unit"
                " WHERE s.lang = ? ORDER BY s.id",
                (self.lang,),
            )
        )

    def _keyed(self, rows: Iterable[tuple[int, str, str]]) -> Candidates:
        """Segments given as ``(id, stored text, unit props)`` with their keys."""
        ids, keys = [], []
        for sid, text, props in rows:
            ids.append(sid)
            keys.append(segment_key(plain_text(text, self.lang, props), self.lang))
        return Candidates(ids, keys)

    def window(self, length: int, min_score: int) -> tuple[int, int]:
        """The key lengths that can still reach ``min_score`` against a key of ``length`` units."""
        return length_window(length, min_score)

    # -- reading the store (PgIndex reads its tables instead) ------------------------------
    def lists(self, grams: Sequence[str], first: int, last: int, limit: int) -> dict[str, list[int]]:
        """The first ``limit`` rowids between ``first`` and ``last`` of each gram's posting list
        (ascending; grams with none left out)."""
        sql = "SELECT rowid FROM tm_index WHERE tm_index MATCH ? AND rowid BETWEEN ? AND ? LIMIT ?"
        found = {}
        for gram in grams:
            rows = [r for (r,) in self.conn.execute(sql, (f'"{gram}"', first, last, limit))]
            if rows:
                found[gram] = rows
        return found

    def sizes(self, grams: Sequence[str], first: int, last: int, cap: int) -> dict[str, int]:
        """How many rowids between ``first`` and ``last`` each gram's list holds, counted up to
        ``cap`` (grams with none left out): counted by SQLite, no rowid handed to Python."""
        sql = (
            "SELECT count(*) FROM (SELECT rowid FROM tm_index WHERE tm_index MATCH ?"
            " AND rowid BETWEEN ? AND ? LIMIT ?)"
        )
        found = {}
        for gram in grams:
            size = self.conn.execute(sql, (f'"{gram}"', first, last, cap)).fetchone()[0]
            if size:
                found[gram] = int(size)
        return found

    def holding_any(self, groups: Sequence[Sequence[str]], first: int, last: int, limit: int) -> list[int]:
        """The first ``limit`` rowids between ``first`` and ``last`` (ascending) in every posting
        list of some group of ``groups``: one FTS5 query, ``(a AND b) OR (c AND d)``, run by SQLite."""
        query = " OR ".join("(" + " AND ".join(f'"{gram}"' for gram in group) + ")" for group in groups)
        sql = "SELECT rowid FROM tm_index WHERE tm_index MATCH ? AND rowid BETWEEN ? AND ? LIMIT ?"
        return [r for (r,) in self.conn.execute(sql, (query, first, last, limit))]

    def rows(self, ids: Sequence[int]) -> dict[int, tuple[int, str, str]]:
        """``(id, stored text, unit props)`` of the segments ``ids``, by id."""
        rows: dict[int, tuple[int, str, str]] = {}
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            for row in self.conn.execute(
                "SELECT s.id, s.text, u.props FROM tm_segment s JOIN tm_unit u ON u.n = s.unit"
                f" WHERE s.id IN ({','.join('?' * len(part))})",
                part,
            ):
                rows[row[0]] = row
        return rows

    def _fetch(self, chosen: Sequence[int]) -> Candidates:
        """The segments of rowids ``chosen`` with their keys (in that order)."""
        ids = [r & _SEGMENT_MASK for r in chosen]
        rows = self.rows(ids)
        return self._keyed(rows[sid] for sid in ids if sid in rows)

    # -- choosing candidates ---------------------------------------------------------------
    def candidates(self, key: Sequence[str], numbers: Sequence[str], min_score: int, k: int) -> Candidates:
        if self.lang_id is None:
            return Candidates([], [])
        lo, hi = self.window(len(key), min_score)
        if lo > hi:
            return Candidates([], [])
        grams = list(dict.fromkeys(tokens(Parts("", tuple(key), (), (), ()), self.lang).split()))
        ids: list[int] = []
        keys: list[Sequence[str]] = []
        if self._proved(key, grams, min_score, ids, keys):
            return Candidates(ids, keys, complete=True)
        counted = self._counted(key, grams, numbers, lo, hi, k)
        have = set(ids)
        more = self._fetch([r for r in counted if r & _SEGMENT_MASK not in have])
        return Candidates([*ids, *more.segment_ids], [*keys, *more.keys])

    def _proved(
        self, key: Sequence[str], grams: list[str], min_score: int, ids: list[int], keys: list[Sequence[str]]
    ) -> bool:
        """Gather (into ``ids`` and ``keys``) every segment that could score better than the best
        among them; False if that would take more than ``budget.survivors`` segments.

        Each round proves a base score ``target``: a key at most ``d`` edits from the query's
        misses at most ``loss * d`` of its distinct grams (one word, or two bigrams, an edit), so
        with the grams dealt into ``loss * d + 1`` groups it holds every gram of some group
        (pigeonhole), and the groups' FTS5 AND queries, in the lengths that can reach
        ``target``, find it. A match beating the best base ``b`` found has a base over
        ``b - PENALTY_CAP`` (penalties only subtract): proved once ``target`` is that low.
        """
        from rapidfuzz.distance import Levenshtein

        assert self.lang_id is not None
        chinese = is_chinese_tag(self.lang)
        query: Sequence[str] = "".join(key) if chinese else tuple(key)
        length = len(query)
        loss = 2 if chinese else 1
        cap = self.budget.survivors
        seen: set[int] = set()
        best = -1
        target = max(min_score, min(self.budget.start, 100))
        while True:
            lo, hi = length_window(length, target)
            misses = loss * max_distance(max(length, hi), target)
            if lo <= hi:
                if misses >= len(grams):
                    return False  # every segment of the window could qualify
                first, last = rowid(self.lang_id, lo, 0), rowid(self.lang_id, hi, _SEGMENT_MASK)
                groups = [grams[i :: misses + 1] for i in range(misses + 1)]
                found = set(self.holding_any(groups, first, last, cap + 1))
                found.difference_update(seen)
                if len(found) + len(seen) > cap:
                    return False
                fresh = sorted(found)
                seen.update(fresh)
                got = self._fetch(fresh)
                ids.extend(got.segment_ids)
                keys.extend(got.keys)
                for other in got.keys:
                    longest = max(length, len(other))
                    best = max(best, base_score(Levenshtein.distance(query, other), longest))
            need = min_score if best < min_score else max(min_score, best - PENALTY_CAP + 1)
            if target <= need:
                return True
            target = need if best >= min_score else max(min_score, target - 10)

    def _counted(
        self, key: Sequence[str], grams: list[str], numbers: Sequence[str], lo: int, hi: int, k: int
    ) -> list[int]:
        """The ``k`` rowids sharing the most grams with the query (a guess, when no proof fits the
        budget): posting lists counted rarest first, a gram with more than ``budget.probe``
        entries in the window counted only while fewer than ``_MIN_GRAMS`` are, at most
        ``budget.postings`` entries in all."""
        assert self.lang_id is not None
        first = rowid(self.lang_id, lo, 0)
        last = rowid(self.lang_id, hi, _SEGMENT_MASK)
        wanted = set(grams)
        if numbers:
            wanted.update(number_tokens(numbers).split())
        probe, budget = self.budget.probe, self.budget.postings
        probed = sorted(
            (size, gram) for gram, size in self.sizes(sorted(wanted), first, last, probe + 1).items()
        )
        # The grams of at most ``probe`` entries (their sizes exact) are read whole, in one
        # :meth:`lists` call (one statement on PostgreSQL); a common gram's share depends on how
        # much of the budget is left, so each of those (at most _MIN_GRAMS) is read on its own.
        rare: list[str] = []
        common: list[str] = []
        for used, (size, gram) in enumerate(probed):
            if size > probe:  # common: read only while fewer than _MIN_GRAMS grams are counted
                if used >= _MIN_GRAMS:
                    break
                common.append(gram)
            elif size > budget and used >= _MIN_GRAMS:
                break
            else:
                rare.append(gram)
                budget -= size
        counts: Counter[int] = Counter()
        if rare:
            found = self.lists(rare, first, last, probe)
            for gram in rare:  # rarest first: the counter's order breaks ties as before
                counts.update(found.get(gram, ()))
        for gram in common:
            if budget <= 0:
                break
            ids = self.lists([gram], first, last, budget).get(gram, [])
            counts.update(ids)
            budget -= len(ids)
        return self._top(counts, self.budget.candidates or k, len(key))

    @staticmethod
    def _top(counts: Counter[int], k: int, length: int) -> list[int]:
        """The ``k`` rowids with the highest counts; ties at the cut: closest key length first."""
        if len(counts) <= k:
            return list(counts)
        top = counts.most_common(k + 1)
        cut = top[k - 1][1]
        if top[k][1] < cut:
            return [r for r, _ in top[:k]]
        chosen = [r for r, count in top if count > cut]
        tied = [r for r, count in counts.items() if count == cut]
        tied.sort(key=lambda r: (abs((r >> _LENGTH_SHIFT & _MAX_LENGTH) - length), r))
        return chosen + tied[: k - len(chosen)]


class StoredIndexes:
    """Hands out a :class:`StoredIndex` per source language (cheap: they hold no data)."""

    def __init__(self, budget: Budget | None = None) -> None:
        self.budget = budget
        """None: each index's :meth:`Budget.for_segments` of its memory."""

    def index(self, conn: Connection, lang: str) -> StoredIndex:
        assert isinstance(conn, sqlite3.Connection), "the stored index is an SQLite FTS5 table"
        return StoredIndex(conn, lang, self.budget)
