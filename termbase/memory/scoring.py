"""Scoring: texts cut into units, the match percentage, and where two texts differ. Pure functions.

Both texts are cut into *units*: characters for Chinese (Traditional read as Simplified,
through :func:`termbase.scripts.chinese.fold_to_simplified`, so 巴庫 and 巴库 are the same),
words for Russian, Azerbaijani and English. A run of digits (with inner ``.``/``,``) is one
unit. The *key* of a text is its units case-folded (the Turkic way for Azerbaijani), every
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

:func:`prepare` cuts a text with the offset of each unit (for :func:`diff`); :func:`parts_of`
gives what :func:`score` needs only, faster for Chinese. :func:`key_text` is a key as the
store keeps it and :func:`key_units` reads it back; :func:`base_score` is the score of two
keys before penalties, which the search ranks candidates by (penalties only subtract).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from termbase.scripts.chinese import fold_to_simplified, is_chinese_tag

__all__ = [
    "DiffSpan",
    "Parts",
    "Prepared",
    "base_score",
    "diff",
    "key_text",
    "key_units",
    "parts_of",
    "prepare",
    "score",
    "similarity",
]

PENALTY_CAP = 3
"""The most that numbers, punctuation and case can cost together."""
NUMBER = "0"
"""What every number is in a key."""

_CHAR_SPLIT = re.compile(r"(\d+(?:[.,]\d+)*)|(?!)()|(\s+)|(.)", re.DOTALL)
_WORD_SPLIT = re.compile(r"(\d+(?:[.,]\d+)*)|([^\W\d_]+(?:['’\-][^\W\d_]+)*)|(\s+)|(.)", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Parts:
    """What scoring needs of a text."""

    text: str  # NFC, Chinese read as Simplified (same length as the NFC input)
    key: tuple[str, ...]  # folded units, numbers as "0", no punctuation
    cased: tuple[str, ...]  # the same units unfolded (for Δcase)
    numbers: tuple[str, ...]
    puncts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Prepared(Parts):
    """A text cut into units: what scoring needs, and where each unit is (for the diff)."""

    raw: tuple[str, ...]  # the units unfolded, numbers as written
    offsets: tuple[tuple[int, int], ...]  # of each unit in ``text``

    def parts(self) -> Parts:
        """The scoring parts alone (what :func:`parts_of` returns for the same text)."""
        return Parts(self.text, self.key, self.cased, self.numbers, self.puncts)


def prepare(text: str, lang: str) -> Prepared:
    """``text`` cut into units, with their offsets.

    >>> p = prepare("В 2001 году, Путин", "ru")
    >>> p.key, p.numbers, p.puncts, p.offsets[1]
    (('в', '0', 'году', 'путин'), ('2001',), (',',), (2, 6))
    """
    from termbase.casing import is_turkic, turkic_casefold

    text = unicodedata.normalize("NFC", text)
    chinese = is_chinese_tag(lang)
    if chinese:
        text = _to_simplified(text)
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
            key.append(NUMBER)
            cased.append(NUMBER)
            numbers.append(unit)
        elif kind == 4 and unicodedata.category(unit)[0] in "PSZC":
            puncts.append(unit)
            continue
        else:
            key.append(fold(unit))
            cased.append(unit)
        raw.append(unit)
        offsets.append(m.span())
    return Prepared(text, tuple(key), tuple(cased), tuple(numbers), tuple(puncts), tuple(raw), tuple(offsets))


_NUMBER_SPLIT = re.compile(r"(\d+(?:[.,]\d+)*)")
_HOLE = "\ue000"  # stands for a number while a Chinese text is cut (texts holding it take the slow path)
_ZH_SPACE: set[str] = set()
_ZH_PUNCT: set[str] = set()
_ZH_SEEN: set[str] = {_HOLE}
_NOTHING = re.compile("(?!)")
_ZH_CUT = [_NOTHING, _NOTHING]
"""Regexes of the characters seen so far that a key drops (whitespace and punctuation), and of
the punctuation alone: rebuilt when a text brings new ones (rare once a few texts were cut)."""


def _char_class(chars: set[str]) -> re.Pattern[str]:
    return re.compile("[" + "".join(map(re.escape, sorted(chars))) + "]") if chars else _NOTHING


@functools.cache
def _foldable() -> frozenset[str]:
    """The characters :func:`fold_to_simplified` changes (most texts hold none: no translate then)."""
    from termbase.scripts.chinese import _fold_table

    return frozenset(map(chr, _fold_table()))


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@functools.cache
def _foldable_bmp() -> re.Pattern[str]:
    """A regex of the characters of the Basic Multilingual Plane that :func:`fold_to_simplified`
    changes: one table look-up per character (a set test makes a string of each)."""
    return _char_class({char for char in _foldable() if char <= "\uffff"})


_SET_TESTS = [20_000]
"""Texts tested against the set of foldable characters before the regex is compiled: a search cuts
a few thousand texts, and compiling the regex (some 2,700 characters) takes longer than that."""


def _to_simplified(text: str) -> str:
    """:func:`fold_to_simplified`, skipped for a text with nothing to fold (a regex test, not a translate).

    Characters beyond the BMP are tested against the set (a regex class holding them is
    searched linearly by ``re``): only a text that has any. The first :data:`_SET_TESTS` texts
    of a process are tested against the set alone (the same answer).
    """
    if _SET_TESTS[0] > 0:
        _SET_TESTS[0] -= 1
        return text if _foldable().isdisjoint(text) else fold_to_simplified(text)
    if _foldable_bmp().search(text) or (_ASTRAL.search(text) and not _foldable().isdisjoint(text)):
        return fold_to_simplified(text)
    return text


@functools.lru_cache(maxsize=64)
def _folder(lang: str) -> Callable[[str], str]:
    from termbase.casing import is_turkic, turkic_casefold

    return turkic_casefold if is_turkic(lang) else str.casefold


_EDGE = ".,;:!?…)]}»”’\"'([{«“„‘-–—/"
"""Punctuation (all of Unicode category P) that often starts or ends a word: stripped in one call."""


def _word_parts(text: str, lang: str) -> Parts:
    """:func:`parts_of` for a word language: a run between spaces that is all letters, but
    for punctuation of :data:`_EDGE` at its ends, is one word; any other run is cut as
    :func:`prepare` cuts it (no unit spans whitespace)."""
    text = unicodedata.normalize("NFC", text)
    cased: list[str] = []
    numbers: list[str] = []
    puncts: list[str] = []
    for run in text.split():
        if run.isalpha():
            cased.append(run)
            continue
        core = run.strip(_EDGE)
        if core.isalpha():
            head = len(run) - len(run.lstrip(_EDGE))
            puncts.extend(run[:head])
            cased.append(core)
            puncts.extend(run[head + len(core) :])
            continue
        for m in _WORD_SPLIT.finditer(run):
            kind = m.lastindex
            unit = m.group()
            if kind == 1:
                cased.append(NUMBER)
                numbers.append(unit)
            elif kind == 4 and unicodedata.category(unit)[0] in "PSZC":
                puncts.append(unit)
            else:
                cased.append(unit)
    return Parts(text, tuple(map(_folder(lang), cased)), tuple(cased), tuple(numbers), tuple(puncts))


def parts_of(text: str, lang: str) -> Parts:
    """What :func:`score` needs, as :func:`prepare` finds it, faster (no offsets).

    >>> parts_of("2001年，普京訪問巴庫。", "zh-Hans") == prepare("2001年，普京訪問巴庫。", "zh-Hans").parts()
    True
    >>> parts_of("В 2001 году, Путин-мл.", "ru") == prepare("В 2001 году, Путин-мл.", "ru").parts()
    True
    """
    if not is_chinese_tag(lang):
        return _word_parts(text, lang)
    cut = chinese_cut(text)
    if cut is None:
        return prepare(text, lang).parts()
    text, folded, cased, numbers, holed = cut
    puncts = tuple(_ZH_CUT[1].findall(holed))
    return Parts(text, tuple(folded), tuple(cased), tuple(numbers), puncts)


def chinese_cut(text: str) -> tuple[str, str, str, list[str], str] | None:
    """The first steps of :func:`parts_of` for Chinese: the text (NFC, Simplified), its key
    folded and unfolded as strings (one character a unit), its numbers, and the text with each
    number as one placeholder character; None for a text that needs :func:`prepare`.

    >>> chinese_cut("2001年，普京訪問巴庫。")[1:4]
    ('0年普京访问巴库', '0年普京访问巴库', ['2001'])
    """
    if _HOLE in text:
        return None
    text = _to_simplified(unicodedata.normalize("NFC", text))
    cut = _NUMBER_SPLIT.split(text)  # text, number, text, …: one pass
    numbers = cut[1::2]
    holed = _HOLE.join(cut[::2]) if numbers else text
    if not _ZH_SEEN.issuperset(holed):
        new = set(holed) - _ZH_SEEN
        dropped = len(_ZH_SPACE) + len(_ZH_PUNCT)
        for char in new:
            if char.isspace():
                _ZH_SPACE.add(char)
            elif unicodedata.category(char)[0] in "PSZC":
                _ZH_PUNCT.add(char)
        _ZH_SEEN.update(new)
        if len(_ZH_SPACE) + len(_ZH_PUNCT) > dropped:  # new Han characters alone change no regex
            _ZH_CUT[:] = [_char_class(_ZH_SPACE | _ZH_PUNCT), _char_class(_ZH_PUNCT)]
    cased = _ZH_CUT[0].sub("", holed)
    if numbers:
        cased = cased.replace(_HOLE, NUMBER)
    folded = cased.casefold()
    if len(folded) != len(cased):  # a letter folding to several (ß → ss): the exact way
        return None
    return text, folded, cased, numbers, holed


def key_text(prepared: Parts, lang: str) -> str:
    """The key as stored: characters joined for Chinese, words joined by spaces otherwise.

    >>> key_text(prepare("Путин посетил Баку", "ru"), "ru")
    'путин посетил баку'
    """
    return "".join(prepared.key) if is_chinese_tag(lang) else " ".join(prepared.key)


def key_units(stored: str, lang: str) -> Sequence[str]:
    """A stored key as units: the string itself for Chinese (one unit a character), words otherwise.

    >>> key_units("путин посетил баку", "ru"), key_units("", "ru")
    (('путин', 'посетил', 'баку'), ())
    """
    if is_chinese_tag(lang):
        return stored
    return tuple(stored.split(" ")) if stored else ()


def _round(value: float) -> int:
    """Round half up (monotone, unlike Python's round-half-even)."""
    return int(value + 0.5)


def base_score(distance: int, longest: int) -> int:
    """The score before penalties of two keys ``distance`` apart, the longer ``longest`` units long.

    >>> base_score(1, 3), base_score(0, 0)
    (67, 100)
    """
    if longest == 0:
        return 100
    return _round(100 * (1 - distance / longest))


def score(query: Parts, match: Parts) -> int:
    """The match percentage of ``match`` for ``query`` (the formula of the module doc)."""
    from rapidfuzz.distance import Levenshtein

    distance = Levenshtein.distance(query.key, match.key)
    base = base_score(distance, max(len(query.key), len(match.key)))
    case = 0
    if query.cased != query.key or match.cased != match.key:  # some letter has case: Δcase
        case = max(0, Levenshtein.distance(query.cased, match.cased) - distance)
    penalty = Levenshtein.distance(query.numbers, match.numbers) + Levenshtein.distance(
        query.puncts, match.puncts
    )
    result = max(0, min(100, base - min(PENALTY_CAP, penalty + case)))
    if query.text != match.text:
        result = min(result, 99)
    return result


def similarity(a: str, b: str, lang: str) -> int:
    """The match percentage of ``b`` for the query ``a`` in language ``lang`` (see the module doc).

    >>> similarity("Bakı", "BAKI", "az-Latn"), similarity("Bakı", "BAKİ", "az-Latn")
    (99, 0)
    """
    return score(prepare(a, lang), prepare(b, lang))


@dataclass(frozen=True, slots=True)
class DiffSpan:
    """A stretch that differs: ``query[query_start:query_end]`` vs ``source[match_start:match_end]``."""

    query_start: int
    query_end: int
    match_start: int
    match_end: int

    def to_list(self) -> list[int]:
        """``[query_start, query_end, match_start, match_end]`` (as ``TMMatch.to_dict`` writes it)."""
        return [self.query_start, self.query_end, self.match_start, self.match_end]


def diff(query: Prepared, match: Prepared) -> tuple[DiffSpan, ...]:
    """Where ``match`` differs from ``query``, unit by unit, as character offsets in each text.

    >>> diff(prepare("2006年，普京访问", "zh-Hans"), prepare("2001年，普京访问", "zh-Hans"))
    (DiffSpan(query_start=0, query_end=4, match_start=0, match_end=4),)
    """
    from rapidfuzz.distance import Levenshtein

    spans: list[DiffSpan] = []

    def where(p: Prepared, start: int, end: int) -> tuple[int, int]:
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
