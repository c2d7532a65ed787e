"""The candidate index: which stored segments of a source language are worth scoring exactly.

Scoring every segment would be slow, so a search asks a :class:`CandidateIndex` for the
segments most likely to score well, and scores only those (with :mod:`.scoring`). This module
holds that one replaceable part: the :class:`CandidateIndex` protocol the search relies on, the
:class:`CandidateIndexes` protocol that hands out one index per source language, and today's
implementation, :class:`InMemoryIndexes`, which builds an :class:`InMemoryIndex` from the stored
keys on the first search in a language and drops it when the memory changes (the ``generation``
counter of table ``tm_state``, which every write increments). The persistent index of
:mod:`termbase.memory.stored_index` implements the same two protocols and is the one a cold
search uses; this one serves the searches after the first in a long-running process (a server,
a script's loop: an index in memory answers a warm search several times faster than posting
lists read through SQL), exhaustive searches, and a file whose stored index is not filled yet
(say, read-only, of an older schema). Its keys are computed from the stored texts.

**The in-memory index** is an inverted index from *grams* to segments: character bigrams
(with an end mark) for Chinese, words otherwise. Segments are numbered by key length, so the
lengths that can reach ``min_score`` (``|n − m| ≤ L (100.5 − min) / 100``) are one range of
every posting list; numbers are grams too (as written: ``#2001``), as keys read every number
as ``0``. Posting lists are counted rarest first, leaving out the commonest grams once
:data:`POSTINGS_BUDGET` entries are counted (they tell least, as a low IDF would). The
:data:`CANDIDATES` segments sharing the most grams (ties: closest in length) are the
candidates. This is a heuristic, not a guarantee: ``Memory.search(..., exhaustive=True)``
scores every segment (:meth:`CandidateIndex.everything`) instead, to check it against.

>>> index = InMemoryIndex([(1, "俄罗斯在巴库", ""), (2, "俄罗斯在莫斯科", ""), (3, "俄罗斯", "")], "zh-Hans")
>>> found = index.candidates("俄罗斯在巴库", (), min_score=70, k=2)
>>> sorted(zip(found.segment_ids, found.keys, strict=True))  # 俄罗斯: too short to reach 70
[(1, '俄罗斯在巴库'), (2, '俄罗斯在莫斯科')]
"""

from __future__ import annotations

import bisect
import functools
import json
import math
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from termbase.markup import MARKUP_PROP, marked_langs, markup_to_text
from termbase.memory.scoring import base_score, key_text, key_units, parts_of
from termbase.scripts.chinese import is_chinese_tag

if TYPE_CHECKING:
    from termbase.backends.base import Connection


__all__ = [
    "CANDIDATES",
    "POSTINGS_BUDGET",
    "CandidateIndex",
    "CandidateIndexes",
    "Candidates",
    "InMemoryIndex",
    "InMemoryIndexes",
    "grams",
    "length_window",
    "max_distance",
    "plain_text",
]

CANDIDATES = 1_000
"""How many candidates (by shared n-grams) are ranked by their keys per search (the best scored exactly).

With ``POSTINGS_BUDGET`` and ``stored_index.PROBE``, chosen on a 300,000-unit generated memory
(``bench_scale.py``'s 200 queries): 300 / 30,000 / 2,000 found the exhaustive scan's best match for
186 of them, 1,000 / 100,000 / 5,000 for 199, at about 3x the time of a stored-index search."""

POSTINGS_BUDGET = 100_000
"""How many posting entries a search counts at most (rarest grams first; at least ``_MIN_GRAMS`` grams)."""
_MIN_GRAMS = 4

_END = "\x03"  # the end mark of a Chinese key's bigrams (keys never hold control characters)


def grams(key: Sequence[str], lang: str, numbers: Iterable[str] = ()) -> set[str]:
    """The n-grams of a key used for candidate retrieval, and its numbers as written (``#2001``).

    >>> sorted(grams("巴库", "zh-Hans", ["2001"]))
    ['#2001', '巴库', '库\\x03']
    """
    if is_chinese_tag(lang):
        chars = [*key, _END]
        found = {chars[i] + chars[i + 1] for i in range(len(chars) - 1)}
    else:
        found = set(key)
    found.update("#" + number for number in numbers)
    return found


_MAX_LENGTH = 0xFFFF
"""The longest key length a window names (the stored index's rowids hold 16 bits of it)."""


def length_window(length: int, min_score: int) -> tuple[int, int]:
    """The key lengths ``m`` whose base score against a key of ``length`` units can reach ``min_score``.

    Two keys of ``length`` and ``m`` units are at least ``|length - m|`` edits apart, so this is
    every ``m`` with ``base_score(|length - m|, max(length, m)) >= min_score`` (an empty range,
    ``lo > hi``, if none): computed from ``(100.5 - min_score) / 100`` and then checked against
    :func:`~termbase.memory.scoring.base_score` itself, so float rounding never drops a length
    that scores (``139`` and ``200`` units at 70: ``1 - 61 / 200`` is 69.5, rounded to 70).

    >>> length_window(10, 70), length_window(139, 70), length_window(5, 100), length_window(3, 0)
    ((7, 14), (97, 200), (5, 5), (0, 65535))
    """
    if min_score > 100:
        return 1, 0
    if length == 0:  # only an empty key is close to an empty key
        return (0, _MAX_LENGTH) if min_score <= 0 else (0, 0)
    slack = (100.5 - min_score) / 100
    if slack >= 1 or base_score(_MAX_LENGTH - length, _MAX_LENGTH) >= min_score:
        high = _MAX_LENGTH
    else:
        high = max(length, math.floor(length / (1 - slack)))
        while high < _MAX_LENGTH and base_score(high + 1 - length, high + 1) >= min_score:
            high += 1
        while high > length and base_score(high - length, high) < min_score:
            high -= 1
    low = min(length, max(0, math.ceil(length * (1 - slack))))
    while low > 0 and base_score(length - low + 1, length) >= min_score:
        low -= 1
    while low < length and base_score(length - low, length) < min_score:
        low += 1
    return low, high


def max_distance(longest: int, min_score: int) -> int:
    """The most edits between two keys, the longer ``longest`` units long, whose base score
    still reaches ``min_score`` (-1 if none does).

    >>> max_distance(10, 70), max_distance(200, 70), max_distance(7, 100)
    (3, 61, 0)
    """
    if base_score(0, longest) < min_score:
        return -1
    slack = max(0.0, (100.5 - min_score) / 100)
    distance = min(longest, math.floor(longest * slack))
    while distance < longest and base_score(distance + 1, longest) >= min_score:
        distance += 1
    while distance > 0 and base_score(distance, longest) < min_score:
        distance -= 1
    return distance


@dataclass(frozen=True, slots=True)
class Candidates:
    """Segments to score: their ids (``tm_segment.id``) and their keys as units, in step.

    ``complete``: the index proved that these include every segment whose key could give a
    better best score than theirs (see :mod:`termbase.memory.stored_index`), not only guessed.
    """

    segment_ids: Sequence[int]
    keys: Sequence[Sequence[str]]  # a Chinese key is a str (one unit a character)
    complete: bool = False


class CandidateIndex(Protocol):
    """What the search asks of the index of one source language."""

    def __len__(self) -> int:
        """How many segments the index holds."""
        ...

    def candidates(self, key: Sequence[str], numbers: Sequence[str], min_score: int, k: int) -> Candidates:
        """At most ``k`` segments likely to score ``min_score`` or more against a query key."""
        ...

    def everything(self) -> Candidates:
        """Every segment (for an exhaustive search)."""
        ...


class CandidateIndexes(Protocol):
    """Hands out the current index of each source language of a memory."""

    def index(self, conn: Connection, lang: str) -> CandidateIndex:
        """The index of the segments in ``lang``, up to date with the store behind ``conn``."""
        ...


class InMemoryIndex:
    """The in-memory inverted index of one source language (see the module doc).

    ``rows`` are ``(segment id, stored key, numbers as written joined by spaces)``.
    """

    def __init__(self, rows: Iterable[tuple[int, str, str]], lang: str) -> None:
        self.lang = lang
        keyed = sorted(
            (len(units), sid, units, nums) for sid, k, nums in rows for units in [key_units(k, lang)]
        )
        self.lengths = array("i", (n for n, _, _, _ in keyed))
        self.segment_ids = array("q", (sid for _, sid, _, _ in keyed))
        self.keys = [key for _, _, key, _ in keyed]
        self._numbers = [nums for _, _, _, nums in keyed]

    @functools.cached_property
    def postings(self) -> dict[str, array[int]]:
        """The posting lists, built on the first :meth:`candidates` (an exhaustive search needs none)."""
        postings: dict[str, array[int]] = {}
        for position, (key, nums) in enumerate(zip(self.keys, self._numbers, strict=True)):
            for gram in grams(key, self.lang, nums.split()):
                found = postings.get(gram)
                if found is None:
                    postings[gram] = found = array("i")
                found.append(position)
        return postings

    def __len__(self) -> int:
        return len(self.keys)

    def candidates(self, key: Sequence[str], numbers: Sequence[str], min_score: int, k: int) -> Candidates:
        lo, hi = self.window(len(key), min_score)
        chosen = self.positions(grams(key, self.lang, numbers), lo, hi, k, len(key))
        return Candidates([self.segment_ids[p] for p in chosen], [self.keys[p] for p in chosen])

    def everything(self) -> Candidates:
        return Candidates(self.segment_ids, self.keys)

    def within(self, length: int, min_score: int) -> Candidates:
        """Every segment whose key length can reach ``min_score`` against a key of ``length``
        units (:func:`length_window`): what an exhaustive search needs to score, as no other
        segment's base score, and so its score, can reach ``min_score``."""
        lo, hi = self.window(length, min_score)
        return Candidates(self.segment_ids[lo:hi], self.keys[lo:hi])

    def window(self, length: int, min_score: int) -> tuple[int, int]:
        """The positions whose key length can still reach ``min_score`` against ``length``."""
        low, high = length_window(length, min_score)
        if low > high:
            return 0, 0
        return bisect.bisect_left(self.lengths, low), bisect.bisect_right(self.lengths, high)

    def positions(self, wanted: Iterable[str], lo: int, hi: int, k: int, length: int) -> list[int]:
        """The ``k`` positions in ``[lo, hi)`` sharing the most grams with a query of ``length`` units.

        Counting walks the posting lists rarest first and leaves out the most common grams once
        :data:`POSTINGS_BUDGET` entries have been counted (those say least about which segment
        is closest, much as a low IDF weight would).
        """
        slices: list[tuple[int, array[int], int, int]] = []
        for gram in wanted:
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


def plain_text(text: str, lang: str, props: str) -> str:
    """A stored segment as it is matched: its text, without inline markup if its unit marks it so.

    ``props`` is the unit's props as stored (JSON).
    """
    if MARKUP_PROP in props and lang in marked_langs(json.loads(props)):
        return markup_to_text(text)
    return text


class InMemoryIndexes:
    """One :class:`InMemoryIndex` per source language, built on first use, dropped on any write."""

    def __init__(self) -> None:
        self._indexes: dict[str, InMemoryIndex] = {}
        self._generation = -1

    def index(self, conn: Connection, lang: str) -> InMemoryIndex:
        generation = conn.execute("SELECT value FROM tm_state WHERE key = 'generation'").fetchone()[0]
        if generation != self._generation:
            self._indexes.clear()
            self._generation = generation
        index = self._indexes.get(lang)
        if index is None:
            index = self._indexes[lang] = InMemoryIndex(_stored_keys(conn, lang), lang)
        return index


def _stored_keys(conn: Connection, lang: str) -> Iterator[tuple[int, str, str]]:
    """``(segment id, key as stored, numbers)`` of every segment in ``lang``, the keys computed
    from the texts (a file of schema 1 or 2 still holds them in columns ``key`` and ``nums``)."""
    columns = {column[0] for column in conn.execute("SELECT * FROM tm_segment LIMIT 0").description}
    if "key" in columns:  # a read-only file of an older schema
        yield from conn.execute("SELECT id, key, nums FROM tm_segment WHERE lang = ?", (lang,))
        return
    rows = conn.execute(
        "SELECT s.id, s.text, u.props FROM tm_segment s JOIN tm_unit u ON u.n = s.unit WHERE s.lang = ?",
        (lang,),
    )
    for sid, text, props in rows:
        parts = parts_of(plain_text(text, lang, props), lang)
        yield sid, key_text(parts, lang), " ".join(parts.numbers)
