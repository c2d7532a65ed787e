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

The choice of candidates follows the in-memory index: posting lists are counted rarest first
(each gram's list in the window is probed up to :data:`PROBE` entries; a gram with more is
common), at most :data:`~termbase.memory.index.POSTINGS_BUDGET` entries in all, and the
``k`` segments sharing the most grams (ties: closest in length) are the candidates.

>>> from termbase.memory import Memory
>>> from termbase.model import TranslationUnit
>>> from termbase.store import Store
>>> memory = Memory(Store(None))
>>> memory.add_units([TranslationUnit("a", {"ru": "Путин посетил Баку"}),
...                   TranslationUnit("b", {"ru": "Путин посетил Москву"})])
2
>>> found = StoredIndex(memory.store.conn, "ru").candidates(("путин", "посетил", "баку"), (), 60, 5)
>>> list(found.segment_ids), found.keys[0]
([1, 2], ('путин', 'посетил', 'баку'))
"""

from __future__ import annotations

import math
import sqlite3
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from termbase.memory.concordance import many_bigrams, many_pairs, pairs
from termbase.memory.index import _MIN_GRAMS, POSTINGS_BUDGET, Candidates, plain_text
from termbase.memory.scoring import Parts, chinese_cut, parts_of
from termbase.scripts.chinese import is_chinese_tag

if TYPE_CHECKING:
    from termbase.backends.base import Connection


__all__ = [
    "PROBE",
    "IndexWriter",
    "StoredIndex",
    "StoredIndexes",
    "index_entries",
    "index_rows",
    "rebuild",
    "rowid",
    "segment_key",
    "tokens",
]

PROBE = 5_000
"""How many entries of one gram's posting list (in the length window) are read before it counts as common."""

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
_END_TOKEN = "\U000f0003"  # the end mark of a Chinese key (index._END), moved


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
        words = pairs(key, _END_TOKEN)
    else:
        words = " ".join(parts.key)
        if "'" in words or "-" in words:  # the only ASCII a word unit holds besides letters
            words = words.translate(_MOVED)
    if parts.numbers:
        numbers = _NUMBER_MARK + (" " + _NUMBER_MARK).join(parts.numbers)
        return f"{words} {numbers.translate(_MOVED)}"
    return words


def _number_tokens(numbers: Sequence[str]) -> str:
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
        return length, f"{' '.join(words)} {_number_tokens(numbers)}"
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
    found = []
    for length, grams, nums in zip(lengths, many_pairs(keys, _END_TOKEN), numbers, strict=True):
        found.append((length, f"{grams} {_number_tokens(nums)}" if nums else grams))
    return found


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
    by_lang: dict[str, list[int]] = {}
    for at, segment in enumerate(segments):
        by_lang.setdefault(segment[2], []).append(at)
    found: list[tuple[int, str]] = [(0, "")] * len(segments)
    for lang, ats in by_lang.items():
        entries = index_entries([segments[at][4] for at in ats], lang)
        for at, (length, grams) in zip(ats, entries, strict=True):
            segment = segments[at]
            found[at] = (rowid(segment[1], length, segment[0]), grams)
    conc = many_bigrams([segment[3] for segment in segments])
    return found, [(segment[0], grams) for segment, grams in zip(segments, conc, strict=True)]


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


def rebuild(conn: sqlite3.Connection, batch: int = 5_000) -> None:
    """Fill ``tm_index`` and ``tm_conc`` from the stored texts (in the caller's write transaction)."""
    conn.execute("INSERT INTO tm_index (tm_index) VALUES ('delete-all')")
    conn.execute("INSERT INTO tm_conc (tm_conc) VALUES ('delete-all')")
    writer = IndexWriter(conn)
    last = 0
    while True:
        rows = conn.execute(
            "SELECT s.id, s.lang, s.text, u.props FROM tm_segment s JOIN tm_unit u ON u.n = s.unit"
            " WHERE s.id > ? ORDER BY s.id LIMIT ?",
            (last, batch),
        ).fetchall()
        if not rows:
            break
        writer.insert((sid, lang, text, plain_text(text, lang, props)) for sid, lang, text, props in rows)
        last = rows[-1][0]
    conn.execute("INSERT OR REPLACE INTO tm_state (key, value) VALUES ('index_stale', 0)")


class StoredIndex:
    """The candidate index of one source language, read from ``tm_index`` (see the module doc)."""

    def __init__(self, conn: Connection, lang: str) -> None:
        self.conn = conn
        self.lang = lang
        found = conn.execute("SELECT id FROM tm_lang WHERE tag = ?", (lang,)).fetchone()
        self.lang_id: int | None = None if found is None else int(found[0])

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
        slack = max(0.0, (100.5 - min_score) / 100)
        if slack >= 1:
            return 0, _MAX_LENGTH
        return min(math.ceil(length * (1 - slack)), _MAX_LENGTH), min(
            math.floor(length / (1 - slack)), _MAX_LENGTH
        )

    def candidates(self, key: Sequence[str], numbers: Sequence[str], min_score: int, k: int) -> Candidates:
        if self.lang_id is None:
            return Candidates([], [])
        lo, hi = self.window(len(key), min_score)
        first = rowid(self.lang_id, lo, 0)
        last = rowid(self.lang_id, hi, _SEGMENT_MASK)
        sql = "SELECT rowid FROM tm_index WHERE tm_index MATCH ? AND rowid BETWEEN ? AND ? LIMIT ?"
        probed: list[tuple[int, str, list[int]]] = []
        for token in set(tokens(Parts("", tuple(key), (), tuple(numbers), ()), self.lang).split()):
            found = [r for (r,) in self.conn.execute(sql, (f'"{token}"', first, last, PROBE + 1))]
            if found:
                probed.append((len(found), token, found))
        probed.sort(key=lambda item: item[:2])
        counts: Counter[int] = Counter()
        budget = POSTINGS_BUDGET
        for used, (size, token, found) in enumerate(probed):
            if size > PROBE:  # common: read whole only while fewer than _MIN_GRAMS grams are counted
                if used >= _MIN_GRAMS or budget <= 0:
                    break
                found = [r for (r,) in self.conn.execute(sql, (f'"{token}"', first, last, budget))]
            elif size > budget and used >= _MIN_GRAMS:
                break
            counts.update(found)
            budget -= len(found)
        chosen = self._top(counts, k, len(key))
        ids = [r & _SEGMENT_MASK for r in chosen]
        rows: dict[int, tuple[int, str, str]] = {}
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            for row in self.conn.execute(
                "SELECT s.id, s.text, u.props FROM tm_segment s JOIN tm_unit u ON u.n = s.unit"
                f" WHERE s.id IN ({','.join('?' * len(part))})",
                part,
            ):
                rows[row[0]] = row
        return self._keyed(rows[sid] for sid in ids if sid in rows)

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

    def index(self, conn: Connection, lang: str) -> StoredIndex:
        assert isinstance(conn, sqlite3.Connection), "the stored index is an SQLite FTS5 table"
        return StoredIndex(conn, lang)
