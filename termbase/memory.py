"""Translation memory: units in several languages, fuzzy search and concordance.

A unit (:class:`termbase.model.TranslationUnit`) holds one segment per language. ``search``
finds the units whose source segment is closest to a query and returns them with their
target segment and a CAT-style percentage; ``concordance`` finds segments containing a
string.

**Scoring.** Both texts are cut into *units*: characters for Chinese (Traditional read as
Simplified, through OpenCC's character table, so 巴庫 and 巴库 are the same), words for
Russian, Azerbaijani and English. A run of digits (with inner ``.``/``,``) is one unit.
The *key* of a text is its units case-folded (the Turkic way for Azerbaijani), every
number replaced by ``0`` and punctuation dropped. With ``d`` the Levenshtein distance
between the two keys and ``L`` the longer key's length::

    base    = floor(100 × (1 − d / L) + 0.5)        (100 when both keys are empty)
    penalty = min(3, Δnumbers + Δpunctuation + Δcase)
    score   = clamp(base − penalty, 0, 100), and at most 99 unless the texts are equal

where ``Δnumbers`` and ``Δpunctuation`` are the Levenshtein distances between the
sequences of numbers and of punctuation marks, and ``Δcase`` how much more the unfolded
keys differ than the folded ones. Texts are *equal* when they are the same after NFC and
(Chinese) Traditional → Simplified. So an exact match is 100, a match differing only in a
number 97–99, and whitespace alone costs 1 point.

>>> similarity("俄罗斯在巴库设有大使馆", "俄罗斯在巴庫設有大使館", "zh-Hans")
100
>>> similarity("2001年，普京访问阿塞拜疆", "2006年，普京访问阿塞拜疆", "zh-Hans")
99
>>> similarity("Путин посетил Баку", "Путин посетил Москву", "ru")
67

**Retrieval.** Scoring every unit would be slow, so each Memory builds, on first search
in a source language, an in-memory inverted index from the stored keys: character
bigrams (with an end mark) for Chinese, words otherwise. Segments are numbered by key
length, so the lengths that can reach ``min_score`` (``|n − m| ≤ L (100.5 − min) / 100``)
are one range of every posting list; numbers are grams too (as written: ``#2001``), as
keys read every number as ``0``. Posting lists are counted rarest first, leaving out the
commonest grams once ``POSTINGS_BUDGET`` entries are counted (they tell least, as a low
IDF would). The ``CANDIDATES`` segments sharing the most grams (ties: closest in length)
are then scored exactly with rapidfuzz, in order of their key-only score, stopping when
none left can reach the ``limit``-th best. This is a heuristic, not a guarantee:
``search(..., exhaustive=True)`` scores every segment instead, to check it against (the
tests and ``benchmarks/bench_memory.py`` do).

**Concordance** uses the FTS5 ``trigram`` table for queries of three characters or more;
trigrams cannot find shorter strings, so for one or two characters a second FTS5 table
holds every character bigram of every segment (a one-character query is a prefix query
on it). Both are index lookups, never a scan of the segments.

A segment imported from TMX with inline markup (listed in the unit prop
:data:`termbase.formats.tmx.MARKUP_PROP`) is stored with its markup, so that it exports
unchanged, and matched on its plain text.
"""

from __future__ import annotations

import bisect
import itertools
import json
import re
import sqlite3
import unicodedata
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from typing import TYPE_CHECKING, Any

from termbase.errors import InputError, UsageError
from termbase.model import TranslationUnit
from termbase.scripts.chinese import fold_to_simplified, is_chinese_tag

if TYPE_CHECKING:
    from termbase.store import Store

__all__ = [
    "BUNDLED_ORIGIN",
    "CANDIDATES",
    "POSTINGS_BUDGET",
    "ConcordanceHit",
    "DiffSpan",
    "Memory",
    "TMMatch",
    "bundled_units",
    "similarity",
    "to_simplified_chars",
    "units_from_toml",
]

CANDIDATES = 300
"""How many candidates (by shared n-grams) are scored exactly per search."""

POSTINGS_BUDGET = 30_000
"""How many posting entries a search counts at most (rarest grams first; at least ``_MIN_GRAMS`` grams)."""
_MIN_GRAMS = 4

BUNDLED_ORIGIN = "termbase-project translation"
_PENALTY_CAP = 3
_NUMBER = "0"
_END = "\x03"  # the end mark of a Chinese key's bigrams (keys never hold control characters)

_CHAR_SPLIT = re.compile(r"(\d+(?:[.,]\d+)*)|(?!)()|(\s+)|(.)", re.DOTALL)
_WORD_SPLIT = re.compile(r"(\d+(?:[.,]\d+)*)|([^\W\d_]+(?:['’\-][^\W\d_]+)*)|(\s+)|(.)", re.DOTALL)


def to_simplified_chars(text: str) -> str:
    """Traditional → Simplified, character by character (length-preserving).

    >>> to_simplified_chars("亞塞拜然與俄羅斯")
    '亚塞拜然与俄罗斯'
    """
    return fold_to_simplified(text)


@dataclass(frozen=True, slots=True)
class _Parts:
    """What scoring needs of a text."""

    text: str  # NFC, Chinese read as Simplified (same length as the NFC input)
    key: tuple[str, ...]  # folded units, numbers as "0", no punctuation
    cased: tuple[str, ...]  # the same units unfolded (for Δcase)
    numbers: tuple[str, ...]
    puncts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Prepared(_Parts):
    """A text cut into units: what scoring needs, and where each unit is (for the diff)."""

    raw: tuple[str, ...]  # the units unfolded, numbers as written
    offsets: tuple[tuple[int, int], ...]  # of each unit in ``text``

    def _parts(self) -> _Parts:
        return _Parts(self.text, self.key, self.cased, self.numbers, self.puncts)


def _prepare(text: str, lang: str) -> _Prepared:
    from termbase.casing import is_turkic, turkic_casefold

    text = unicodedata.normalize("NFC", text)
    chinese = is_chinese_tag(lang)
    if chinese:
        text = to_simplified_chars(text)
    fold: Callable[[str], str] = turkic_casefold if is_turkic(lang) else str.casefold
    key: list[str] = []
    cased: list[str] = []
    raw: list[str] = []
    offsets: list[tuple[int, int]] = []
    numbers: list[str] = []
    puncts: list[str] = []
    # groups: 1 number, 2 word (word languages), 3 whitespace, 4 any other character
    for m in (_CHAR_SPLIT if chinese else _WORD_SPLIT).finditer(text):
        kind = m.lastindex
        unit = m.group()
        if kind == 3:
            continue
        if kind == 1:
            key.append(_NUMBER)
            cased.append(_NUMBER)
            numbers.append(unit)
        elif kind == 4 and unicodedata.category(unit)[0] in "PSZC":
            puncts.append(unit)
            continue
        else:
            key.append(fold(unit))
            cased.append(unit)
        raw.append(unit)
        offsets.append(m.span())
    return _Prepared(
        text, tuple(key), tuple(cased), tuple(numbers), tuple(puncts), tuple(raw), tuple(offsets)
    )


_NUMBER_RUN = re.compile(r"\d+(?:[.,]\d+)*")
_HOLE = "\ue000"  # stands for a number while a Chinese text is cut (texts holding it take the slow path)
_ZH_DROP: dict[int, str | None] = {ord(_HOLE): _NUMBER}  # whitespace and punctuation → None
_ZH_PUNCT: set[str] = set()
_ZH_SEEN: set[str] = {_HOLE}


def _parts(text: str, lang: str) -> _Parts:
    """What :func:`_score` needs, as :func:`_prepare` finds it, faster for Chinese (no offsets).

    >>> _parts("2001年，普京訪問巴庫。", "zh-Hans") == _prepare("2001年，普京訪問巴庫。", "zh-Hans")._parts()
    True
    """
    if not is_chinese_tag(lang) or _HOLE in text:
        return _prepare(text, lang)._parts()
    text = to_simplified_chars(unicodedata.normalize("NFC", text))
    numbers = _NUMBER_RUN.findall(text)
    holed = _NUMBER_RUN.sub(_HOLE, text) if numbers else text
    for char in set(holed) - _ZH_SEEN:
        if char.isspace():
            _ZH_DROP[ord(char)] = None
        elif unicodedata.category(char)[0] in "PSZC":
            _ZH_DROP[ord(char)] = None
            _ZH_PUNCT.add(char)
        _ZH_SEEN.add(char)
    cased = holed.translate(_ZH_DROP)
    folded = cased.casefold()
    if len(folded) != len(cased):  # a letter folding to several (ß → ss): the exact way
        return _prepare(text, lang)._parts()
    puncts = tuple(c for c in holed if c in _ZH_PUNCT)
    return _Parts(text, tuple(folded), tuple(cased), tuple(numbers), puncts)


def _key_text(prepared: _Prepared, lang: str) -> str:
    """The key as stored: characters joined for Chinese, words joined by spaces otherwise."""
    return "".join(prepared.key) if is_chinese_tag(lang) else " ".join(prepared.key)


def _key_units(stored: str, lang: str) -> Sequence[str]:
    """A stored key as units: the string itself for Chinese (one unit a character), words otherwise."""
    if is_chinese_tag(lang):
        return stored
    return tuple(stored.split(" ")) if stored else ()


def _grams(key: Sequence[str], lang: str, numbers: Iterable[str] = ()) -> set[str]:
    """The n-grams of a key used for candidate retrieval, and its numbers as written (``#2001``)."""
    if is_chinese_tag(lang):
        chars = [*key, _END]
        grams = {chars[i] + chars[i + 1] for i in range(len(chars) - 1)}
    else:
        grams = set(key)
    grams.update("#" + number for number in numbers)
    return grams


def _round(value: float) -> int:
    """Round half up (monotone, unlike Python's round-half-even)."""
    return int(value + 0.5)


def _base(distance: int, longest: int) -> int:
    if longest == 0:
        return 100
    return _round(100 * (1 - distance / longest))


def _score(query: _Parts, match: _Parts) -> int:
    from rapidfuzz.distance import Levenshtein

    distance = Levenshtein.distance(query.key, match.key)
    base = _base(distance, max(len(query.key), len(match.key)))
    case = 0
    if query.cased != query.key or match.cased != match.key:  # some letter has case: Δcase
        case = max(0, Levenshtein.distance(query.cased, match.cased) - distance)
    penalty = Levenshtein.distance(query.numbers, match.numbers) + Levenshtein.distance(
        query.puncts, match.puncts
    )
    score = max(0, min(100, base - min(_PENALTY_CAP, penalty + case)))
    if query.text != match.text:
        score = min(score, 99)
    return score


def similarity(a: str, b: str, lang: str) -> int:
    """The match percentage of ``b`` for the query ``a`` in language ``lang`` (see the module doc).

    >>> similarity("Bakı", "BAKI", "az-Latn"), similarity("Bakı", "BAKİ", "az-Latn")
    (99, 0)
    """
    return _score(_prepare(a, lang), _prepare(b, lang))


@dataclass(frozen=True, slots=True)
class DiffSpan:
    """A stretch that differs: ``query[query_start:query_end]`` vs ``source[match_start:match_end]``."""

    query_start: int
    query_end: int
    match_start: int
    match_end: int

    def to_list(self) -> list[int]:
        return [self.query_start, self.query_end, self.match_start, self.match_end]


@dataclass(frozen=True, slots=True)
class TMMatch:
    """A fuzzy match: ``how`` is ``exact`` (same text), ``script`` (same once Traditional is read as
    Simplified) or ``fuzzy``."""

    score: int
    unit_id: str
    source: str
    target: str
    diff: tuple[DiffSpan, ...]
    how: str
    source_lang: str = ""
    target_lang: str = ""

    def to_dict(self) -> dict[str, Any]:
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


@dataclass(frozen=True, slots=True)
class ConcordanceHit:
    """A segment containing the query; ``spans`` are where (character offsets in ``text``)."""

    unit_id: str
    lang: str
    text: str
    spans: tuple[tuple[int, int], ...]
    variants: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.unit_id,
            "lang": self.lang,
            "text": self.text,
            "spans": [list(s) for s in self.spans],
            "variants": dict(self.variants),
        }


def _diff(query: _Prepared, match: _Prepared) -> tuple[DiffSpan, ...]:
    from rapidfuzz.distance import Levenshtein

    spans: list[DiffSpan] = []

    def where(p: _Prepared, start: int, end: int) -> tuple[int, int]:
        if start < end:
            return p.offsets[start][0], p.offsets[end - 1][1]
        at = p.offsets[start][0] if start < len(p.offsets) else len(p.text)
        return at, at

    for op in Levenshtein.opcodes(query.raw, match.raw):
        if op.tag == "equal":
            continue
        q = where(query, op.src_start, op.src_end)
        m = where(match, op.dest_start, op.dest_end)
        spans.append(DiffSpan(q[0], q[1], m[0], m[1]))
    return tuple(spans)


def _short_grams(text: str) -> str:
    """The tm_short tokens of ``text``: each character bigram (folded) as 9 ASCII characters."""
    chars = [_fold_char(c) for c in text]
    out = [_code(a) + _code(b) for a, b in itertools.pairwise(chars)]
    if chars:
        out.append(_code(chars[-1]) + "zzzz")
    return " ".join("x" + g for g in out)


def _fold_char(char: str) -> str:
    """Lower case, one character to one, the same in every language (as the trigram index's folding)."""
    folded = char.lower()
    return folded if len(folded) == 1 else char


def _code(char: str) -> str:
    value = ord(char)
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    for _ in range(4):
        value, rest = divmod(value, 36)
        out = digits[rest] + out
    return out


class _Index:
    """The in-memory inverted index of one source language."""

    def __init__(self, rows: list[tuple[int, str, str]], lang: str) -> None:
        keyed = sorted(
            (len(units), sid, units, nums) for sid, k, nums in rows for units in [_key_units(k, lang)]
        )
        self.lengths = array("i", (n for n, _, _, _ in keyed))
        self.segment_ids = array("q", (sid for _, sid, _, _ in keyed))
        self.keys = [key for _, _, key, _ in keyed]
        postings: dict[str, array[int]] = {}
        for position, (_, _, key, nums) in enumerate(keyed):
            for gram in _grams(key, lang, nums.split()):
                found = postings.get(gram)
                if found is None:
                    postings[gram] = found = array("i")
                found.append(position)
        self.postings = postings

    def window(self, length: int, min_score: int) -> tuple[int, int]:
        """The positions whose key length can still reach ``min_score`` against ``length``."""
        slack = max(0.0, (100.5 - min_score) / 100)
        if slack >= 1:
            return 0, len(self.lengths)
        low = length * (1 - slack)
        high = length / (1 - slack)
        return bisect.bisect_left(self.lengths, low), bisect.bisect_right(self.lengths, high)

    def candidates(self, grams: Iterable[str], lo: int, hi: int, k: int, length: int) -> list[int]:
        """The ``k`` positions in ``[lo, hi)`` sharing the most grams with a query of ``length`` units.

        Counting walks the posting lists rarest first and leaves out the most common grams once
        :data:`POSTINGS_BUDGET` entries have been counted (those say least about which segment
        is closest, much as a low IDF weight would).
        """
        slices: list[tuple[int, array[int], int, int]] = []
        for gram in grams:
            posting = self.postings.get(gram)
            if posting is None:
                continue
            a = bisect.bisect_left(posting, lo)
            b = bisect.bisect_left(posting, hi)
            if a < b:
                slices.append((b - a, posting, a, b))
        slices.sort(key=lambda item: item[0])
        counts: Counter[int] = Counter()
        budget = POSTINGS_BUDGET
        for used, (size, posting, a, b) in enumerate(slices):
            if size > budget and used >= _MIN_GRAMS:
                break
            counts.update(posting[a:b])
            budget -= size
        if len(counts) <= k:
            return list(counts)
        top = counts.most_common(k + 1)
        cut = top[k - 1][1]
        if top[k][1] < cut:
            return [position for position, _ in top[:k]]
        # Ties at the cut: of the segments sharing exactly ``cut`` grams, the closest in length first.
        center = bisect.bisect_left(self.lengths, length)
        chosen = [position for position, count in top if count > cut]
        tied = [position for position, count in counts.items() if count == cut]
        tied.sort(key=lambda position: abs(position - center))
        return chosen + tied[: k - len(chosen)]


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Memory:
    """The translation memory of a :class:`termbase.store.Store`."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._indexes: dict[str, _Index] = {}
        self._generation = -1

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
        from termbase.formats.tmx import MARKUP_PROP, markup_to_text
        from termbase.langtags import normalize_foreign_tag

        now = _now()
        count = 0
        for unit in units:
            if not unit.id:
                raise InputError("a translation unit needs an id")
            row = conn.execute(
                "SELECT n, created, usage_count, props FROM tm_unit WHERE id = ?", (unit.id,)
            ).fetchone()
            props = json.dumps(dict(unit.props), ensure_ascii=False, sort_keys=True)
            if row is None:
                n = conn.execute(
                    "INSERT INTO tm_unit (id, origin, note, created, changed, usage_count, props)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        unit.id,
                        unit.origin,
                        unit.note,
                        unit.created or now,
                        unit.changed or now,
                        unit.usage_count,
                        props,
                    ),
                ).lastrowid
            else:
                n = row[0]
                conn.execute(
                    "UPDATE tm_unit SET origin = ?, note = ?, changed = ?, usage_count = ?, props = ?"
                    " WHERE n = ?",
                    (unit.origin, unit.note, unit.changed or now, max(row[2], unit.usage_count), props, n),
                )
                was_marked = set(json.loads(row[3]).get(MARKUP_PROP, "").split())
                for sid, lang, text in conn.execute(
                    "SELECT id, lang, text FROM tm_segment WHERE unit = ?", (n,)
                ).fetchall():
                    old_plain = markup_to_text(text) if lang in was_marked else text
                    conn.execute(
                        "INSERT INTO tm_short (tm_short, rowid, grams) VALUES ('delete', ?, ?)",
                        (sid, _short_grams(old_plain)),
                    )
                conn.execute("DELETE FROM tm_segment WHERE unit = ?", (n,))
            marked = set(unit.props.get(MARKUP_PROP, "").split())
            for tag, text in unit.variants.items():
                lang = normalize_foreign_tag(tag)
                plain = markup_to_text(text) if tag in marked else text
                prepared = _prepare(plain, lang)
                sid = conn.execute(
                    "INSERT INTO tm_segment (unit, lang, text, key, nums) VALUES (?, ?, ?, ?, ?)",
                    (n, lang, text, _key_text(prepared, lang), " ".join(prepared.numbers)),
                ).lastrowid
                conn.execute("INSERT INTO tm_short (rowid, grams) VALUES (?, ?)", (sid, _short_grams(plain)))
            count += 1
        conn.execute("UPDATE tm_state SET value = value + 1 WHERE key = 'generation'")
        return count

    def bump_usage(self, unit_id: str) -> None:
        """Count one more use of a unit (raises UsageError if unknown)."""
        with self.store.transaction() as conn:
            cursor = conn.execute(
                "UPDATE tm_unit SET usage_count = usage_count + 1, changed = ? WHERE id = ?",
                (_now(), unit_id),
            )
            if cursor.rowcount == 0:
                raise UsageError(f"no translation unit {unit_id!r}")

    # -- reading -------------------------------------------------------------------------
    def count(self) -> int:
        """How many units the memory holds."""
        return int(self.store.conn.execute("SELECT count(*) FROM tm_unit").fetchone()[0])

    def _unit(self, row: Sequence[Any]) -> TranslationUnit:
        n, uid, origin, note, created, changed, usage, props = row
        variants = dict(
            self.store.conn.execute(
                "SELECT lang, text FROM tm_segment WHERE unit = ? ORDER BY id", (n,)
            ).fetchall()
        )
        return TranslationUnit(uid, variants, origin, note, created, changed, usage, json.loads(props))

    _UNIT_COLUMNS = "n, id, origin, note, created, changed, usage_count, props"

    def get(self, unit_id: str) -> TranslationUnit:
        """The unit with this id (raises UsageError if unknown)."""
        row = self.store.conn.execute(
            f"SELECT {self._UNIT_COLUMNS} FROM tm_unit WHERE id = ?", (unit_id,)
        ).fetchone()
        if row is None:
            raise UsageError(f"no translation unit {unit_id!r}")
        return self._unit(row)

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
    def _index(self, lang: str) -> _Index:
        conn = self.store.conn
        generation = conn.execute("SELECT value FROM tm_state WHERE key = 'generation'").fetchone()[0]
        if generation != self._generation:
            self._indexes.clear()
            self._generation = generation
        index = self._indexes.get(lang)
        if index is None:
            rows = conn.execute("SELECT id, key, nums FROM tm_segment WHERE lang = ?", (lang,)).fetchall()
            index = self._indexes[lang] = _Index(rows, lang)
        return index

    def search(
        self,
        text: str,
        source: str = "zh-Hans",
        target: str = "ru",
        min_score: int = 70,
        limit: int = 5,
        *,
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
        from termbase.formats.tmx import MARKUP_PROP, markup_to_text

        source, target = _tag(source), _tag(target)
        query = _prepare(text, source)
        index = self._index(source)
        if not index.keys and is_chinese_tag(source) and source != "zh-Hans":
            # Chinese keys are Simplified whatever the script: a zh-Hant-TW query finds zh-Hans segments.
            source = "zh-Hans"
            index = self._index(source)
        positions: Sequence[int]
        if exhaustive:
            positions = range(len(index.keys))
        else:
            lo, hi = index.window(len(query.key), min_score)
            grams = _grams(query.key, source, query.numbers)
            positions = index.candidates(grams, lo, hi, CANDIDATES, len(query.key))
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        # The base score from the keys held in memory; the final score is at most the base
        # (penalties only subtract), so candidates are read and scored fully in order of base,
        # stopping when no further one can reach the limit-th best score found.
        qkey: Sequence[str] = "".join(query.key) if is_chinese_tag(source) else query.key
        choices = [index.keys[position] for position in positions]
        longest = max([len(qkey), *map(len, choices)])
        cutoff = int(longest * max(0.0, 100.5 - min_score) / 100) + 1
        passing: list[tuple[int, int]] = []
        for _, distance, i in process.extract(
            qkey, choices, scorer=Levenshtein.distance, limit=None, score_cutoff=cutoff
        ):
            base = _base(int(distance), max(len(choices[i]), len(qkey)))
            if base >= min_score:
                passing.append((-base, index.segment_ids[positions[i]]))
        passing.sort()
        found: list[tuple[int, int, str, tuple[str, str, str]]] = []
        conn = self.store.conn
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
                if MARKUP_PROP in props and stored_lang in json.loads(props)[MARKUP_PROP].split():
                    source_text = markup_to_text(stored_text)  # matched (and shown) as plain text
                parts = _parts(source_text, source)
                score = _score(query, parts)
                if score < min_score:
                    continue
                how = "exact" if nfc == source_text else "script" if query.text == parts.text else "fuzzy"
                found.append((-score, -usage, uid, (source_text, target_text, how)))
        found.sort(key=lambda item: item[:3])
        matches = []
        for score, _, uid, (source_text, target_text, how) in found[:limit]:
            diff = _diff(query, _prepare(source_text, source))
            matches.append(TMMatch(-score, uid, source_text, target_text, diff, how, source, target))
        return matches

    # -- concordance ---------------------------------------------------------------------
    def concordance_sql(
        self, text: str, lang: str | None = None, limit: int = 50
    ) -> tuple[str, tuple[Any, ...]]:
        """The SQL and parameters :meth:`concordance` runs (for EXPLAIN QUERY PLAN)."""
        text = unicodedata.normalize("NFC", text)
        if not text.strip():
            raise UsageError("empty query")
        where, args = "", tuple[str, ...]()
        if lang is not None:
            where, args = " AND s.lang = ?", (_tag(lang),)
        if len(text) >= 3:
            phrase = '"' + text.replace('"', '""') + '"'
            sql = (
                "SELECT s.id, s.lang, s.text, u.id FROM tm_fts JOIN tm_segment s ON s.id = tm_fts.rowid"
                " JOIN tm_unit u ON u.n = s.unit WHERE tm_fts MATCH ?" + where + " ORDER BY s.id LIMIT ?"
            )
            return sql, (phrase, *args, limit)
        folded = [_fold_char(c) for c in text]
        if len(folded) == 2:
            match = "x" + _code(folded[0]) + _code(folded[1])
        else:
            match = "x" + _code(folded[0]) + "*"
        sql = (
            "SELECT s.id, s.lang, s.text, u.id FROM tm_short JOIN tm_segment s ON s.id = tm_short.rowid"
            " JOIN tm_unit u ON u.n = s.unit WHERE tm_short MATCH ?" + where + " ORDER BY s.id LIMIT ?"
        )
        return sql, (match, *args, limit)

    def concordance(self, text: str, lang: str | None = None, limit: int = 50) -> list[ConcordanceHit]:
        """Segments containing ``text`` (case-insensitive), in the order added.

        Three characters or more go through the FTS5 trigram index; one or two through the
        bigram table (see the module doc).
        """
        sql, args = self.concordance_sql(text, lang, limit)
        conn = self.store.conn
        hits: list[ConcordanceHit] = []
        needle = "".join(_fold_char(c) for c in unicodedata.normalize("NFC", text))
        for _sid, seg_lang, seg_text, uid in conn.execute(sql, args).fetchall():
            hay = "".join(_fold_char(c) for c in seg_text)
            spans: list[tuple[int, int]] = []
            at = hay.find(needle)
            while at >= 0:
                spans.append((at, at + len(needle)))
                at = hay.find(needle, at + 1)
            variants = dict(
                conn.execute(
                    "SELECT lang, text FROM tm_segment"
                    " WHERE unit = (SELECT n FROM tm_unit WHERE id = ?) ORDER BY id",
                    (uid,),
                ).fetchall()
            )
            hits.append(ConcordanceHit(uid, seg_lang, seg_text, tuple(spans), variants))
        return hits


def _tag(tag: str) -> str:
    from termbase.langtags import normalize_foreign_tag

    return normalize_foreign_tag(tag)


# -- the bundled memory ------------------------------------------------------------------
_BUNDLED_LANGS = ("zh-Hans", "en", "ru", "az-Latn")


def bundled_units() -> Iterator[TranslationUnit]:
    """The article's aligned segments from ``glossary/memory/*.toml``, with a derived zh-Hant.

    en/ru/az-Latn are the project's own translations (``origin``); zh-Hant is converted from
    zh-Hans with OpenCC (``props["derived"]``).
    """
    folder = resources.files("glossary") / "memory"
    if not folder.is_dir():
        return
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            yield from units_from_toml(entry.read_text(encoding="utf-8"), f"glossary/memory/{entry.name}")


def units_from_toml(text: str, path: str = "<toml>") -> Iterator[TranslationUnit]:
    """The units of one memory TOML file: a ``[meta]`` table, then ``[[unit]]`` tables.

    >>> doc = '''
    ... [meta]
    ... source = "zh-Wikipedia"
    ... [[unit]]
    ... id = "s1"
    ... zh-Hans = "俄罗斯在巴库设有大使馆。"
    ... ru = "Россия имеет посольство в Баку."
    ... '''
    >>> unit = next(units_from_toml(doc))
    >>> unit.variants["zh-Hant"], unit.origin, unit.props["derived"]
    ('俄羅斯在巴庫設有大使館。', 'termbase-project translation', 'zh-Hant')
    """
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"not valid TOML: {error}", path=path) from None
    for position, raw in enumerate(data.get("unit", []), start=1):
        if not isinstance(raw, dict) or not raw.get("id") or not raw.get("zh-Hans"):
            raise InputError(f"unit {position} needs an id and zh-Hans", path=path)
        variants = {lang: str(raw[lang]) for lang in _BUNDLED_LANGS if raw.get(lang)}
        variants["zh-Hant"] = _to_traditional(variants["zh-Hans"])
        translated = " ".join(lang for lang in _BUNDLED_LANGS[1:] if lang in variants)
        props = {"derived": "zh-Hant", "derived-by": "OpenCC s2t", "translated": translated}
        if raw.get("section"):
            props["section"] = str(raw["section"])
        if raw.get("refs"):
            refs = raw["refs"]
            props["refs"] = " ".join(map(str, refs)) if isinstance(refs, list) else str(refs)
        yield TranslationUnit(
            id=str(raw["id"]),
            variants=variants,
            origin=BUNDLED_ORIGIN,
            note=str(raw["note"]) if raw.get("note") else None,
            props=props,
        )


def _to_traditional(text: str) -> str:
    try:
        from termbase.scripts import convert

        return convert(text, to="zh-Hant")
    except ImportError:  # the scripts' Chinese module is not there: OpenCC directly
        return _opencc_s2t(text)


def _opencc_s2t(text: str) -> str:
    from opencc import OpenCC

    converted: str = OpenCC("s2t").convert(text)
    return converted
