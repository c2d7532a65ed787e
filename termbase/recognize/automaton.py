"""The coded Aho–Corasick index: every match of a set of forms in a text, in one pass.

An :class:`Index` holds the forms one kind of text is searched for (:mod:`~termbase.recognize.modes`)
in one pyahocorasick automaton.

* Chinese (mode ``zh``): the automaton runs over the characters of the text, read through
  :func:`~termbase.recognize.modes.to_simplified_chars`.
* Word modes: each glossary word gets one key (:meth:`Morphology.key
  <termbase.recognize.modes.Morphology.key>`), each key a code of :data:`DIGITS` characters;
  a term is the string of its words' codes. A text word maps to the codes of those of its
  candidate keys that some glossary word has, and the automaton runs over the string of
  codes, so matches fall on word boundaries by construction and the cost does not grow with
  the number of terms. A text word with several glossary keys (rare) is tried with each in
  a window. A mode's ``reader`` (Russian) reads most text words without asking the
  morphology.

:func:`choose` then picks longest first, then leftmost, never overlapping.

>>> from termbase.recognize.modes import morphology
>>> index = Index([Entry("baku", "az-Latn", "Bakı", "preferred")], "az", morphology("az"))
>>> index.spans("Bakıdan və BAKIYA")
[(0, 7, 0, 0), (11, 17, 0, 0)]
"""

from __future__ import annotations

import itertools
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from math import prod
from typing import Any

from termbase.recognize.modes import Morphology, Reader, to_simplified_chars
from termbase.recognize.words import tokens
from termbase.scripts.han import is_han

__all__ = ["DIGITS", "NO_CODE", "Entry", "Index", "choose"]

DIGITS = 3  # characters per word code
NO_CODE = " " * DIGITS  # a text word that is no glossary word
_CACHE_LIMIT = 500_000
_MAX_COMBINATIONS = 256


@dataclass(frozen=True, slots=True)
class Entry:
    """One indexed form: ``text`` is a form of ``concept_id`` in ``lang`` (derived by ``scheme``)."""

    concept_id: str
    lang: str
    text: str
    status: str
    scheme: str | None = None

    @property
    def approved(self) -> bool:
        return self.status != "deprecated"


def _unranked(entry: Entry, lang: str) -> int:
    return 0


class Index:
    """One automaton: the forms one kind of text is searched for.

    ``mode`` is ``"zh"`` (characters) or a word mode read by ``morphology``. Entries that
    share a key string form one group, numbered in order; :meth:`entries` gives a group sorted
    by ``rank`` (lower first) for the text's language.

    In word modes each glossary word key gets a code of three characters, one per base-``b``
    digit, each digit position in its own character range: no trie node has more than ``b``
    children (pyahocorasick scans a node's children in order), and a match can only begin
    at a word's first character.
    """

    def __init__(
        self,
        entries: Iterable[Entry],
        mode: str,
        morphology: Morphology | None = None,
        rank: Callable[[Entry, str], int] = _unranked,
    ) -> None:
        import ahocorasick  # C extension: loaded when recognition is first used

        self.mode = mode
        self.rank = rank
        self.groups: list[list[Entry]] = []
        self.word_count: int = 1
        self.codes: dict[str, str] = {}  # glossary word key → code (word modes)
        self.word_cache: dict[str, str] = {}  # text word → its codes, best first (NO_CODE for none)
        self._sorted: dict[tuple[int, str], tuple[Entry, ...]] = {}
        self._candidates: Callable[[str], tuple[str, ...]] = _no_candidates
        self._reader: Reader | None = None
        keyed: list[tuple[Entry, str | tuple[str, ...]]] = []
        for entry in entries:
            if mode == "zh":
                text = to_simplified_chars(entry.text).strip()
                if text:
                    keyed.append((entry, text))
                    if "-" in text and " - " not in text:  # 俄罗斯 - 阿塞拜疆关系, as titles set it
                        keyed.append((entry, text.replace("-", " - ")))
                continue
            if morphology is None:
                raise ValueError(f"the word mode {mode!r} needs a morphology")
            words = tokens(entry.text, mode)[0]
            if words:
                keyed.append((entry, tuple(morphology.key(w) for w in words)))
                self.word_count = max(self.word_count, len(words))
        vocabulary = list(dict.fromkeys(k for _, key in keyed if isinstance(key, tuple) for k in key))
        base = 16
        while base**DIGITS <= len(vocabulary):
            base *= 2
        for number, word_key in enumerate(vocabulary):
            self.codes[word_key] = (
                chr(0x100 + number // (base * base))
                + chr(0x100 + base + (number // base) % base)
                + chr(0x100 + 2 * base + number % base)
            )
        if morphology is not None:
            self._candidates = morphology.keys
            if morphology.reader is not None and self.codes:
                glossary_words = dict.fromkeys(w for e, _ in keyed for w in tokens(e.text, mode)[0])
                self._reader = morphology.reader(glossary_words, self.codes)
        lengths = array("q")
        self.lengths: Sequence[int] = lengths
        # The value of a key is its group number (an int, so the automaton serialises as bytes).
        # Keys are added in the order their groups are numbered; the automaton itself tells a
        # key seen before (no dict of every key string beside it), and each (entry, key) pair is
        # let go once grouped: a large termbase's index is built in about half the memory.
        self.automaton: Any = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        add_word, known = self.automaton.add_word, self.automaton.get
        keyed.reverse()
        while keyed:
            entry, key = keyed.pop()
            string = key if isinstance(key, str) else "".join(self.codes[k] for k in key)
            gid = known(string, -1)
            if gid < 0:
                gid = len(self.groups)
                add_word(string, gid)
                self.groups.append([])
                lengths.append(len(key))
            self.groups[gid].append(entry)
        self.empty = not self.groups
        if self.groups:
            self.automaton.make_automaton()

    @classmethod
    def restored(
        cls,
        mode: str,
        morphology: Morphology | None,
        rank: Callable[[Entry, str], int],
        *,
        automaton: Any,
        lengths: Sequence[int],
        word_count: int,
        codes: Mapping[str, str],
        groups: Sequence[list[Entry]],
        empty: bool,
    ) -> Index:
        """An index from its saved parts (:mod:`termbase.recognize.cache`), without a ``reader``:
        text words are read by the morphology's candidates, which a reader must agree with."""
        index = cls.__new__(cls)
        index.mode = mode
        index.rank = rank
        index.groups = groups  # type: ignore[assignment]
        index.word_count = word_count
        index.codes = codes  # type: ignore[assignment]
        index.word_cache = {}
        index._sorted = {}
        index._candidates = morphology.keys if morphology is not None else _no_candidates
        index._reader = None
        index.lengths = lengths
        index.automaton = automaton
        index.empty = empty
        return index

    def entries(self, gid: int, lang: str) -> tuple[Entry, ...]:
        """The entries of group ``gid``, best ranked for ``lang`` first."""
        found = self._sorted.get((gid, lang))
        if found is None:
            group = self.groups[gid]
            rank = self.rank
            found = tuple(group) if len(group) == 1 else tuple(sorted(group, key=lambda e: rank(e, lang)))
            self._sorted[(gid, lang)] = found
        return found

    def _text_codes(self, word: str) -> str:
        keys = self._reader(word) if self._reader is not None else None
        codes = self.codes
        if keys is None:
            out = "".join(dict.fromkeys(codes[c] for c in self._candidates(word) if c in codes)) or NO_CODE
        else:
            out = "".join([codes[k] for k in keys]) or NO_CODE
        if len(self.word_cache) >= _CACHE_LIMIT:
            self.word_cache.clear()
        self.word_cache[word] = out
        return out

    def _combinations(
        self, primary: str, codes: list[str], cluster: list[int], found: dict[tuple[int, int, int], int]
    ) -> None:
        """Matches using other readings of the ambiguous words of ``cluster`` (all combinations, bounded)."""
        width = self.word_count
        low = max(0, cluster[0] - width + 1)
        high = min(len(codes), cluster[-1] + width)
        options = [[codes[i][k : k + DIGITS] for k in range(0, len(codes[i]), DIGITS)] for i in cluster]
        if prod(len(o) for o in options) > _MAX_COMBINATIONS:  # read one word at a time instead
            choices: Iterable[tuple[str, ...]] = (
                tuple(alt if j == k else o[0] for j, o in enumerate(options))
                for k, o in enumerate(options)
                for alt in o[1:]
            )
        else:
            choices = itertools.product(*options)
        base = [primary[j * DIGITS : (j + 1) * DIGITS] for j in range(low, high)]
        for choice in choices:
            changed = [p for p, c in zip(cluster, choice, strict=True) if c != codes[p][:DIGITS]]
            if not changed:  # the primary reading, already searched
                continue
            # A match using another reading covers one of the changed words, so lies within
            # ``width`` words of them.
            start = max(low, changed[0] - width + 1)
            stop = min(high, changed[-1] + width)
            window = base[start - low : stop - low]
            for position, code in zip(cluster, choice, strict=True):
                if start <= position < stop:
                    window[position - start] = code
            for end, gid in self.automaton.iter("".join(window)):
                last = start + (end + 1) // DIGITS
                first = last - self.lengths[gid]
                rank = sum(1 for p in changed if first <= p < last)
                if rank:
                    key = (first, last, gid)
                    found[key] = min(rank, found.get(key, rank))

    def spans(self, text: str) -> list[tuple[int, int, int, int]]:
        """Every (start, end, rank, group) match, before choosing among overlaps (offsets in ``text``).

        ``rank`` is 0 for a match on text words read by their first candidate key (the word
        as written comes first), higher for readings tried in the ambiguity windows.
        """
        if self.empty:
            return []
        if self.mode == "zh":
            normalized = to_simplified_chars(text)
            lengths = self.lengths
            matches = [
                (end + 1 - lengths[gid], end + 1, 0, gid) for end, gid in self.automaton.iter(normalized)
            ]
            return [match for match in matches if not _inside_word(text, match[0], match[1])]
        words, starts, ends = tokens(text, self.mode)
        get = self.word_cache.get
        compute = self._text_codes
        codes = [get(w) or compute(w) for w in words]
        primary = "".join(codes)
        ambiguous: list[int] = []
        if len(primary) != DIGITS * len(codes):
            ambiguous = [i for i, c in enumerate(codes) if len(c) > DIGITS]
            primary = "".join([c[:DIGITS] for c in codes])
        found: dict[tuple[int, int, int], int] = {}
        lengths = self.lengths
        for end, gid in self.automaton.iter(primary):
            last = (end + 1) // DIGITS
            found[(last - lengths[gid], last, gid)] = 0
        for cluster in _clusters(ambiguous, self.word_count):
            self._combinations(primary, codes, cluster, found)
        return [(starts[a], ends[b - 1], rank, gid) for (a, b, gid), rank in found.items()]


def _lettered(char: str) -> bool:
    """A letter or digit of an alphabetic script (not a Han character, which has no word edges)."""
    return char.isalnum() and ord(char) < 0x2E80


def _inside_word(text: str, start: int, end: int) -> bool:
    """Whether the match ``text[start:end]``, a term without Han characters, begins or ends with a
    letter that continues a word of letters around it: ``Trend`` in ``Trendy`` (Chinese text's
    Latin names match as whole words; a term with Han characters, ADA大学, matches as before).

    >>> _inside_word("据Trend报道", 1, 6), _inside_word("Trendy", 0, 5), _inside_word("(Trend)", 1, 6)
    (False, True, False)
    >>> _inside_word("创用CCADA大学", 4, 9)
    False
    """
    edge = (start > 0 and _lettered(text[start]) and _lettered(text[start - 1])) or (
        end < len(text) and _lettered(text[end - 1]) and _lettered(text[end])
    )
    return edge and not is_han(text[start:end])


def _no_candidates(word: str) -> tuple[str, ...]:
    return ()


def _clusters(positions: list[int], width: int) -> Iterator[list[int]]:
    """Ambiguous word positions grouped so that no term can span two groups."""
    group: list[int] = []
    for position in positions:
        if group and position - group[-1] >= width:
            yield group
            group = []
        group.append(position)
    if group:
        yield group


def choose(spans: list[tuple[int, int, int, int]], size: int) -> list[tuple[int, int, int]]:
    """Longest first, then leftmost, then best ranked; no two chosen spans overlap. In text order.

    ``spans`` are :meth:`Index.spans` (sorted here in place), ``size`` the text's length.

    >>> choose([(0, 5, 0, 0), (3, 9, 0, 1), (6, 8, 0, 2), (9, 12, 0, 3)], 12)
    [(3, 9, 1), (9, 12, 3)]
    """
    spans.sort(key=lambda s: (s[0] - s[1], s[0], s[2], s[3]))
    taken = bytearray(size)
    chosen: list[tuple[int, int, int]] = []
    one = b"\x01"
    for start, end, _rank, gid in spans:
        if taken.find(one, start, end) != -1:
            continue
        taken[start:end] = one * (end - start)
        chosen.append((start, end, gid))
    chosen.sort()
    return chosen
