"""Azerbaijani for recognition: a word's stems, found by removing suffixes that vowel harmony allows.

A glossary word's key is the word folded with Turkic casing (:func:`az_fold`: ``BAKIDA``
→ ``bakıda``, ``İ``/``i`` and ``I``/``ı`` kept apart); a text word's candidate keys are the
folded word and every stem left by removing a chain of plural, possessive, case, ``-kı``
and predicative suffixes, each split checked by regenerating the word with vowel harmony
and buffer consonants (:func:`az_inflect`, :func:`az_stems`). Text in the Cyrillic alphabet
is read through the ``az-Latn`` scheme of :mod:`termbase.scripts` first (:func:`az_cyrl_fold`,
:func:`az_cyrl_stems`).

>>> "bakı" in az_stems("Bakının"), "bakı" in az_stems("Bakıxanov")
(True, False)
>>> "bakı" in az_cyrl_stems("Бакыда")
True
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Callable
from functools import cache, lru_cache

from termbase.casing import turkic_casefold
from termbase.scripts import scheme

__all__ = [
    "AZ_SUFFIXES",
    "az_cyrl_fold",
    "az_cyrl_stems",
    "az_fold",
    "az_inflect",
    "az_stems",
]

#
# Suffixes of the noun, in the order they follow the stem (plural, possessive, case, then
# the relative -kı and the personal predicative endings -am, -san, -dır, -ıq, -sınız).
# Capitals are harmony slots: A is the two-way vowel (a after a, ı, o, u; ə after e, ə, i,
# ö, ü), I the four-way vowel (ı after a, ı; i after e, ə, i; u after o, u; ü after ö, ü);
# the vowel deciding is the last vowel of the word so far. "V:" marks the shape after a
# vowel-final word (buffer consonants y, n, s),
# "C:" after a consonant; "P:" after a third-person possessive (the pronominal n).
# Reference: Wikibooks, "Azerbaijani/Contents (Latin)/Nouns" (declension of nazir, baba,
# qapı); talkinazerbaijani.com, "A Simple Guide To Azerbaijani Noun Cases" (buffer n of the
# genitive: qızın, evin, atanın); Apertium Azerbaijani grammar notes (minor <A> and major
# <I> harmony: toplar, dillər).

AZ_SUFFIXES: dict[str, dict[str, str]] = {
    "plural": {"C": "lAr", "V": "lAr"},  # prezidentlər, ölkələr
    "poss1sg": {"C": "Im", "V": "m"},
    "poss2sg": {"C": "In", "V": "n"},
    "poss3sg": {"C": "I", "V": "sI"},  # respublikası, prezidenti
    "poss1pl": {"C": "ImIz", "V": "mIz"},
    "poss2pl": {"C": "InIz", "V": "nIz"},
    "poss3pl": {"C": "lArI", "V": "lArI"},
    "gen": {"C": "In", "V": "nIn", "P": "nIn"},  # Əliyevin, Bakının, Rusiyanın
    "acc": {"C": "I", "V": "nI", "P": "nI"},  # Bakını, naziri
    "dat": {"C": "A", "V": "yA", "P": "nA"},  # Azərbaycana, Bakıya, Moskvaya, respublikasına
    "loc": {"C": "dA", "V": "dA", "P": "ndA"},  # Bakıda, Moskvada, respublikasında
    "abl": {"C": "dAn", "V": "dAn", "P": "ndAn"},  # Bakıdan, respublikasından
    "ins": {"C": "lA", "V": "ylA", "P": "ylA"},  # Gürcüstanla, Əliyevlə, Bakıyla (ilə)
    "ki": {"C": "kI", "V": "kI"},  # Bakıdakı
    "pred": {"C": "dIr", "V": "dIr"},  # Bakıdır (3rd person "is")
    "pred1sg": {"C": "Am", "V": "yAm"},  # Bakıdayam "I am in Baku"
    "pred2sg": {"C": "sAn", "V": "sAn"},
    "pred1pl": {"C": "Iq", "V": "yIq"},
    "pred2pl": {"C": "sInIz", "V": "sInIz"},
}
_PREDICATIVES = ("pred", "pred1sg", "pred2sg", "pred1pl", "pred2pl")
_POSSESSIVES = ("poss1sg", "poss2sg", "poss3sg", "poss1pl", "poss2pl", "poss3pl")
_CASES = ("gen", "acc", "dat", "loc", "abl", "ins")
_THIRD_PERSON = frozenset({"poss3sg", "poss3pl"})

_BACK = frozenset("aıou")
_FRONT = frozenset("eəiöü")
_VOWELS = _BACK | _FRONT
_FOUR_WAY = {"a": "ı", "ı": "ı", "o": "u", "u": "u", "e": "i", "ə": "i", "i": "i", "ö": "ü", "ü": "ü"}


def az_fold(word: str) -> str:
    """Case-folded with Turkic rules (``BAKIDA`` → ``bakıda``), in NFC.

    >>> az_fold("BAKIDA"), az_fold("İLHAM")
    ('bakıda', 'ilham')
    """
    return unicodedata.normalize("NFC", turkic_casefold(unicodedata.normalize("NFC", word)))


def _last_vowel(word: str) -> str | None:
    for char in reversed(word):
        if char in _VOWELS:
            return char
    return None


def _add(word: str, name: str, after_third_person: bool) -> str:
    shapes = AZ_SUFFIXES[name]
    if after_third_person and "P" in shapes:
        shape = shapes["P"]
    else:
        shape = shapes["V" if word[-1:] in _VOWELS else "C"]
    out = word
    for slot in shape:
        if slot == "A":
            vowel = _last_vowel(out)
            out += "a" if vowel in _BACK else "ə"
        elif slot == "I":
            vowel = _last_vowel(out)
            out += _FOUR_WAY.get(vowel or "ə", "i")
        else:
            out += slot
    return out


def az_inflect(stem: str, *suffixes: str) -> str:
    """``stem`` with the named suffixes of :data:`AZ_SUFFIXES` added in order, harmony applied.

    >>> az_inflect("Bakı", "loc"), az_inflect("Moskva", "dat"), az_inflect("Gürcüstan", "ins")
    ('Bakıda', 'Moskvaya', 'Gürcüstanla')
    >>> az_inflect("Əliyev", "gen"), az_inflect("prezident", "plural", "acc")
    ('Əliyevin', 'prezidentləri')
    >>> az_inflect("respublika", "poss3sg", "loc")
    'respublikasında'
    """
    out = stem
    third = False
    for name in suffixes:
        out = _add(out, name, third)
        third = name in _THIRD_PERSON
    return out


def _chains() -> list[tuple[str, ...]]:
    """Every valid order of suffixes: [plural] [possessive] [case] [ki after gen/loc] [pred]."""
    out: list[tuple[str, ...]] = []
    for plural, poss, case, ki, pred in itertools.product(
        ((), ("plural",)),
        ((), *((p,) for p in _POSSESSIVES)),
        ((), *((c,) for c in _CASES)),
        ((), ("ki",)),
        ((), *((p,) for p in _PREDICATIVES)),
    ):
        if ki and case not in (("gen",), ("loc",)):
            continue
        if plural and poss == ("poss3pl",):
            continue  # -ları already carries the plural
        chain = plural + poss + case + ki + pred
        if chain:
            out.append(chain)
    return out


_SuffixTable = tuple[dict[str, tuple[tuple[str, ...], ...]], int]


@cache
def _suffix_table() -> _SuffixTable:
    """Surface suffix string → the chains that can produce it; and the longest surface.

    Computed once for the installed code and kept in the cache directory (a new process
    reads it in milliseconds instead of spending half a second).
    """
    from termbase.cache import computed_once

    found: _SuffixTable = computed_once("az-suffixes", _make_suffix_table, _is_suffix_table)
    return found


def _is_suffix_table(value: object) -> bool:
    if not (isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], dict)):
        return False
    table, longest = value
    return isinstance(longest, int) and all(
        isinstance(k, str) and isinstance(v, tuple) and all(isinstance(c, tuple) for c in v)
        for k, v in table.items()
    )


def _make_suffix_table() -> _SuffixTable:
    table: dict[str, set[tuple[str, ...]]] = {}
    dummies = [f"b{v}" for v in _VOWELS] + [f"b{v}b" for v in _VOWELS] + ["bb"]
    for chain in _chains():
        for stem in dummies:
            surface = az_inflect(stem, *chain)[len(stem) :]
            table.setdefault(surface, set()).add(chain)
    longest = max(len(s) for s in table)
    return {k: tuple(sorted(v)) for k, v in table.items()}, longest


_MUTATED = {"ğ": "q", "y": "k"}  # bulaq → bulağı, çörək → çörəyi before a vowel


@lru_cache(maxsize=262144)
def az_stems(word: str) -> tuple[str, ...]:
    """The folded word and every stem (and partly inflected stem) it can be read as.

    A split is kept only if regenerating the word from the stem gives it back, so
    suffixes must agree in harmony and buffer consonants with the stem:

    >>> {"respublikası", "respublika"} <= set(az_stems("Respublikasında"))
    True
    >>> "bakı" in az_stems("BAKIDA"), "bakı" in az_stems("Bakıdə")
    (True, False)
    """
    folded = az_fold(word)
    out: dict[str, None] = {folded: None}
    table, longest = _suffix_table()
    for length in range(1, min(longest, len(folded) - 2) + 1):
        chains = table.get(folded[-length:])
        if not chains:
            continue
        stem = folded[:-length]
        if _last_vowel(stem) is None:
            continue
        for chain in chains:
            if az_inflect(stem, *chain) != folded:
                continue
            out[stem] = None
            for cut in range(1, len(chain)):
                out[az_inflect(stem, *chain[:cut])] = None
            if stem[-1] in _MUTATED and folded[len(stem)] in _VOWELS:
                out[stem[:-1] + _MUTATED[stem[-1]]] = None
    return tuple(out)


@cache
def _to_latin() -> Callable[[str], str]:
    return scheme("az-Latn").__call__


def az_cyrl_fold(word: str) -> str:
    """:func:`az_fold` of a word in the Cyrillic alphabet, read in the Latin one.

    >>> az_cyrl_fold("ӘЛИЈЕВ")
    'əliyev'
    """
    return az_fold(_to_latin()(word))


def az_cyrl_stems(word: str) -> tuple[str, ...]:
    """:func:`az_stems` of a word in the Cyrillic alphabet, read in the Latin one."""
    return az_stems(_to_latin()(word))
