"""English for recognition: a word, and the word without a possessive and a plural ending.

A glossary word's key is the word case-folded (:func:`en_fold`); a text word's candidate
keys are the folded word, the word without a possessive ``'s``/``'``, and its singulars
without ``-s``, ``-es`` or ``-ies`` (:func:`en_stems`).

>>> en_stems("presidents'")
("presidents'", 'presidents', 'president')
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache

__all__ = ["en_fold", "en_stems"]


def en_fold(word: str) -> str:
    """Case-folded, with the typographic apostrophe read as ``'``.

    >>> en_fold("Russia’s")
    "russia's"
    """
    return unicodedata.normalize("NFC", word.casefold()).replace("’", "'").replace("ʼ", "'")


def _en_singulars(word: str) -> Iterable[str]:
    if len(word) > 3 and word.endswith("ies"):
        yield word[:-3] + "y"
    if len(word) > 3 and word.endswith(("ses", "xes", "zes", "ches", "shes")):
        yield word[:-2]
    if len(word) > 2 and word.endswith("s") and not word.endswith("ss"):
        yield word[:-1]


@lru_cache(maxsize=262144)
def en_stems(word: str) -> tuple[str, ...]:
    """The folded word, without a possessive, and its singulars.

    >>> en_stems("Azerbaijanis"), en_stems("Russia's")
    (('azerbaijanis', 'azerbaijani'), ("russia's", 'russia'))
    >>> en_stems("Presidential")
    ('presidential',)
    """
    folded = en_fold(word)
    out: dict[str, None] = {folded: None}
    base = folded
    if folded.endswith("'s"):
        base = folded[:-2]
    elif folded.endswith("s'"):
        base = folded[:-1]
    out[base] = None
    for singular in _en_singulars(base):
        out[singular] = None
    return tuple(out)
