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
kept until the termbase changes.

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
from collections.abc import Iterable
from dataclasses import dataclass, field

from termbase.scripts.han import is_han

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


@dataclass
class WordIndex:
    """Every form's words by (word mode, key); form rows are (concept id, lang, text, scheme)."""

    forms: list[tuple[str, str, str, str | None]] = field(default_factory=list)
    words: dict[tuple[str, str], set[int]] = field(default_factory=dict)
    counts: list[int] = field(default_factory=list)
    sorted_keys: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, rows: Iterable[tuple[str, str, str, str | None]]) -> WordIndex:
        from termbase.recognize.modes import mode, morphology
        from termbase.recognize.words import tokens

        index = cls()
        for row in rows:
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
                keys = [hooks.key(word) for word in words]
            number = len(index.forms)
            index.forms.append(row)
            index.counts.append(len(keys))
            for key in keys:
                index.words.setdefault((kind, key), set()).add(number)
        for kind, key in index.words:
            index.sorted_keys.setdefault(kind, []).append(key)
        for keys in index.sorted_keys.values():
            keys.sort()
        return index

    def search(self, query: str) -> list[tuple[int, tuple[str, str, str, str | None]]]:
        """(score, form row) of every form the query's words match, best first per form."""
        from termbase.recognize.modes import morphology
        from termbase.recognize.words import tokens

        best: dict[int, int] = {}
        for kind in query_modes(query):
            if kind == "zh":
                found: set[int] | None = None
                for part in name_parts(query):
                    holding = self.words.get((kind, part), set())
                    found = holding if found is None else found & holding
                for number in found or ():
                    best[number] = max(best.get(number, 0), WORD_SCORE)
                continue
            hooks = morphology(kind)
            words = tokens(query, kind)[0]
            if not words:
                continue
            whole: set[int] | None = None
            prefixed: set[int] | None = None
            for word in words:
                keys = hooks.keys(word)
                exact = set().union(*(self.words.get((kind, k), set()) for k in keys))
                near = set(exact)
                for key in keys[:1]:
                    if len(key) >= _MIN_PREFIX:
                        near |= self._prefixed(kind, key)
                whole = exact if whole is None else whole & exact
                prefixed = near if prefixed is None else prefixed & near
            for number in prefixed or ():
                if whole and number in whole:
                    score = INFLECTED_SCORE if self.counts[number] == len(words) else WORD_SCORE
                else:
                    score = PREFIX_SCORE
                if score > best.get(number, 0):
                    best[number] = score
        return sorted(((s, self.forms[n]) for n, s in best.items()), key=lambda item: -item[0])

    def _prefixed(self, kind: str, prefix: str) -> set[int]:
        keys = self.sorted_keys.get(kind, [])
        out: set[int] = set()
        for i in range(bisect.bisect_left(keys, prefix), len(keys)):
            if not keys[i].startswith(prefix):
                break
            out |= self.words[(kind, keys[i])]
        return out
