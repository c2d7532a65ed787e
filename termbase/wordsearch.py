"""Lookup by an inflected form or by one word of a longer term.

When no whole form matches a query (:meth:`termbase.Termbase.lookup` tries the index of
whole forms first), the query's words are read with the recogniser's morphology
(:mod:`termbase.recognize.modes`: pymorphy3 lemmas for Russian, Azerbaijani suffixes,
English plurals, Turkic casing) and looked up in an index of the words of every form, keyed
the same way. A form whose words are exactly the query's is an *inflected* hit; a form that
holds every query word among others is a *word* hit; a query word of four letters or more
that begins a form's word is a *prefix* hit. All score below whole-form hits and above typos.

Chinese has no spaces, but transcribed foreign names separate their parts with a middle dot
(伊利哈姆·阿利耶夫; ・ ‧ • in Japanese and Taiwanese usage): each part of such a form is a word,
so a given name or surname alone finds the person (a *word* hit).

The word index is built on the first lookup that needs it (a scan of the forms, once) and
kept until the termbase changes. For a termbase file it is also saved in the cache directory
(:class:`SavedWordIndex`, valid under the rules of :mod:`termbase.recognize.cache`), so a new
process looks words up with a few queries instead of building it again.

>>> import termbase
>>> tb = termbase.open()
>>> [(m.concept.id, m.how) for m in tb.lookup("Медведевым")][:1]
[('dmitry-medvedev', 'inflected')]
>>> [(m.concept.id, m.how) for m in tb.lookup("Petersburg")][:1]
[('saint-petersburg', 'word')]
>>> [(m.concept.id, m.how) for m in tb.lookup("伊利哈姆")][:1]
[('ilham-aliyev', 'word')]
"""

from __future__ import annotations

import bisect
import re
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from termbase.scripts.han import is_han

if TYPE_CHECKING:
    from termbase.backends.base import Connection

__all__ = ["INFLECTED_SCORE", "PREFIX_SCORE", "WORD_SCORE", "WordIndex", "query_modes"]

INFLECTED_SCORE = 88
WORD_SCORE = 84
PREFIX_SCORE = 80
_MIN_PREFIX = 4
# The separators of a transcribed name's parts in Chinese, and spaces in a query.
_NAME_PARTS = re.compile(r"[\s\u00b7\u2027\u2022\u30fb\uff65]+")


def name_parts(text: str) -> list[str]:
    """The parts of a Chinese name written with middle dots (one part for any other text).

    >>> name_parts("弗拉基米尔·弗拉基米罗维奇·普京"), name_parts("巴库")
    (['弗拉基米尔', '弗拉基米罗维奇', '普京'], ['巴库'])
    """
    return [part for part in _NAME_PARTS.split(text) if part]


def query_modes(text: str) -> tuple[str, ...]:
    """The word modes a query may be in, by its script (Cyrillic: ru, az-Cyrl; Latin: az, en …).

    >>> query_modes("Гейдара"), query_modes("Heydər")
    (('ru', 'az-Cyrl'), ('az', 'en'))
    """
    cyrillic = any("\u0400" <= c <= "\u04ff" for c in text)
    latin = any(c.isalpha() and c < "\u0250" for c in text)
    modes: list[str] = ["zh"] if is_han(text) else []
    if cyrillic:
        modes += ["ru", "az-Cyrl"]
    if latin:
        modes += ["az", "en"]
    return tuple(modes)


Row = tuple[str, str, str, str | None]  # (concept id, lang, text, scheme) of a form


@dataclass
class WordIndex:
    """Every form's words by (word mode, key); form rows are (concept id, lang, text, scheme).

    ``ids`` holds each form's row id in the termbase (when built from rows that start with it),
    so the index can be saved (:class:`SavedWordIndex`).
    """

    forms: list[Row] = field(default_factory=list)
    words: dict[tuple[str, str], set[int]] = field(default_factory=dict)
    counts: list[int] = field(default_factory=list)
    sorted_keys: dict[str, list[str]] = field(default_factory=dict)
    ids: list[int] = field(default_factory=list)

    @classmethod
    def build(cls, rows: Iterable[tuple[Any, ...]]) -> WordIndex:
        """From form rows ``(concept id, lang, text, scheme)``, or ``(form id, concept id, lang, text, scheme)``."""
        from termbase.recognize.modes import mode, morphology
        from termbase.recognize.words import tokens

        index = cls()
        for full in rows:
            row: Row = full[-4:]
            kind = mode(row[1])
            if kind == "zh":
                parts = name_parts(row[2])
                if len(parts) < 2:
                    continue  # a word of running Chinese text is not known without a dictionary
                keys = parts
            else:
                words = tokens(row[2], kind)[0]
                if not words:
                    continue
                hooks = morphology(kind)
                keys = [hooks.word_key(word) for word in words]
            number = len(index.forms)
            index.forms.append(row)
            if len(full) == 5:
                index.ids.append(int(full[0]))
            index.counts.append(len(keys))
            for key in keys:
                index.words.setdefault((kind, key), set()).add(number)
        for kind, key in index.words:
            index.sorted_keys.setdefault(kind, []).append(key)
        for keys in index.sorted_keys.values():
            keys.sort()
        return index

    def search(self, query: str, kinds: Sequence[str] | None = None) -> list[tuple[int, Row]]:
        """(score, form row) of every form the query's words match, best first per form
        (reading the query in ``kinds`` only, if given)."""
        best = _search(query, self._exact, self._prefixed, self.counts.__getitem__, kinds)
        return sorted(((s, self.forms[n]) for n, s in best.items()), key=lambda item: -item[0])

    def _exact(self, kind: str, keys: Sequence[str]) -> set[int]:
        return set().union(*(self.words.get((kind, k), set()) for k in keys))

    def _prefixed(self, kind: str, prefix: str) -> set[int]:
        keys = self.sorted_keys.get(kind, [])
        out: set[int] = set()
        for i in range(bisect.bisect_left(keys, prefix), len(keys)):
            if not keys[i].startswith(prefix):
                break
            out |= self.words[(kind, keys[i])]
        return out


def _search(
    query: str,
    exact: Callable[[str, Sequence[str]], set[int]],
    prefixed: Callable[[str, str], set[int]],
    count: Callable[[int], int],
    kinds: Sequence[str] | None = None,
) -> dict[int, int]:
    """Form number → best score for ``query``, over postings read through ``exact`` and ``prefixed``."""
    from termbase.recognize.modes import morphology
    from termbase.recognize.words import tokens

    best: dict[int, int] = {}
    for kind in query_modes(query):
        if kinds is not None and kind not in kinds:
            continue
        if kind == "zh":  # the parts of a dotted name, each a whole word: no morphology, no prefixes
            parts: set[int] | None = None
            for part in name_parts(query):
                holding = exact(kind, [part])
                parts = holding if parts is None else parts & holding
            for number in parts or ():
                best[number] = max(best.get(number, 0), WORD_SCORE)
            continue
        hooks = morphology(kind)
        words = tokens(query, kind)[0]
        if not words:
            continue
        whole: set[int] | None = None
        near_all: set[int] | None = None
        for word in words:
            keys = hooks.keys(word)
            found = exact(kind, keys)
            near = set(found)
            for key in keys[:1]:
                if len(key) >= _MIN_PREFIX:
                    near |= prefixed(kind, key)
            whole = found if whole is None else whole & found
            near_all = near if near_all is None else near_all & near
        for number in near_all or ():
            if whole and number in whole:
                score = INFLECTED_SCORE if count(number) == len(words) else WORD_SCORE
            else:
                score = PREFIX_SCORE
            if score > best.get(number, 0):
                best[number] = score
    return best


class SavedWordIndex:
    """A :class:`WordIndex` saved in the cache directory (beside the saved recognition indexes,
    :mod:`termbase.recognize.cache`, and valid under the same conditions), read by queries:
    a new process looks words up without scanning the forms. Numbers are form row ids."""

    def __init__(self, conn: sqlite3.Connection, termbase: Connection) -> None:
        self.conn = conn
        self.termbase = termbase

    def search(self, query: str, kinds: Sequence[str] | None = None) -> list[tuple[int, Row]]:
        best = _search(query, self._exact, self._prefixed, self._count, kinds)
        if not best:
            return []
        ids = list(best)
        rows: dict[int, Row] = {}
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            for fid, *row in self.termbase.execute(
                f"SELECT id, concept_id, lang, text, scheme FROM form WHERE id IN ({','.join('?' * len(part))})",
                part,
            ):
                rows[fid] = tuple(row)
        return sorted(((s, rows[n]) for n, s in best.items() if n in rows), key=lambda item: -item[0])

    def _exact(self, kind: str, keys: Sequence[str]) -> set[int]:
        if not keys:
            return set()
        marks = ",".join("?" * len(keys))
        sql = f"SELECT form_id FROM word WHERE kind = ? AND key IN ({marks})"
        return {row[0] for row in self.conn.execute(sql, (kind, *keys))}

    def _prefixed(self, kind: str, prefix: str) -> set[int]:
        sql = "SELECT form_id FROM word WHERE kind = ? AND key >= ? AND key < ?"
        return {row[0] for row in self.conn.execute(sql, (kind, prefix, prefix + "\U0010ffff"))}

    def _count(self, number: int) -> int:
        row = self.conn.execute("SELECT words FROM form_words WHERE form_id = ?", (number,)).fetchone()
        return int(row[0]) if row else 0


def fill_saved(index: WordIndex) -> Callable[[sqlite3.Connection], None]:
    """What writes ``index`` (built from rows with form ids) into a saved file's tables."""

    def fill(conn: sqlite3.Connection) -> None:
        conn.execute(
            "CREATE TABLE word (kind TEXT NOT NULL, key TEXT NOT NULL, form_id INTEGER NOT NULL,"
            " PRIMARY KEY (kind, key, form_id)) WITHOUT ROWID"
        )
        conn.execute("CREATE TABLE form_words (form_id INTEGER PRIMARY KEY, words INTEGER NOT NULL)")
        ids = index.ids
        conn.executemany(
            "INSERT INTO word VALUES (?, ?, ?)",
            sorted((kind, key, ids[n]) for (kind, key), numbers in index.words.items() for n in numbers),
        )
        conn.executemany("INSERT INTO form_words VALUES (?, ?)", zip(ids, index.counts, strict=True))

    return fill
