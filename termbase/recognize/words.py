"""Words of running text: where they begin and end, and the apostrophes their keys drop.

A word is a run of letters, digits and combining accents, with apostrophes inside it
(``Il’kham``, ``d'Estaing``). In English a possessive apostrophe after ``-s`` belongs to the
word (``presidents'``). Offsets are into the text as given.

>>> tokens("в Москве́, Il’kham", "ru")
(['в', 'Москве́', 'Il’kham'], [0, 2, 11], [1, 9, 18])
>>> tokens("the presidents' talks", "en")[0]
['the', "presidents'", 'talks']
>>> "Il’kham".translate(APOSTROPHES)
'Ilkham'
"""

from __future__ import annotations

import re
from itertools import accumulate

__all__ = ["APOSTROPHES", "has_apostrophe", "tokens"]

_WORD_CHAR = r"[\w\u0300-\u036f]"  # letters, digits (and _), combining accents
_WORD = re.compile(rf"({_WORD_CHAR}+(?:['’ʼ]{_WORD_CHAR}+)*)")
# English: a possessive apostrophe after -s belongs to the word (presidents').
_WORD_EN = re.compile(rf"({_WORD_CHAR}+(?:['’ʼ]{_WORD_CHAR}+)*(?:(?<=[sS])['’](?!{_WORD_CHAR}))?)")

_APOSTROPHE_CHARS = "'’ʼʹʻ"
# Apostrophes and primes inside a word are dropped from its keys: romanisations differ in them
# (BGN/PCGN Il’kham, ICAO Ilkham for Ильхам) and English possessives are stripped before.
APOSTROPHES = str.maketrans("", "", _APOSTROPHE_CHARS)


def tokens(text: str, mode: str) -> tuple[list[str], list[int], list[int]]:
    """Words of ``text`` with their start and end offsets (``mode`` ``"en"``: English words)."""
    parts = (_WORD_EN if mode == "en" else _WORD).split(text)
    positions = list(accumulate(map(len, parts), initial=0))
    words = parts[1::2]
    count = len(words)
    return words, positions[1::2][:count], positions[2::2][:count]


def has_apostrophe(word: str) -> bool:
    """Whether ``word`` has an apostrophe or a prime (any that :data:`APOSTROPHES` drops)."""
    return any(c in _APOSTROPHE_CHARS for c in word)
