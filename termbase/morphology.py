"""Per-language inflection for term recognition: Russian lemmas, Azerbaijani suffixes, English plurals.

Recognition matches a text word against a glossary word through *keys*: a glossary word
has one key, a text word a few candidate keys, and the two match when the word's
candidates contain the glossary word's key.

* Russian: keys are lemmas from pymorphy3 (imported lazily, every parse kept, cached),
  with ``ё`` read as ``е``.
* Azerbaijani: keys are the word and every stem left by removing a chain of plural,
  possessive, case, ``-kı`` and predicative suffixes, each checked by regenerating the
  word with vowel harmony and buffer consonants (:func:`az_inflect`).
* English: the word, and the word without a possessive ``'s``/``'`` and a plural ``-s``,
  ``-es`` or ``-ies``.

>>> ru_lemmas("Азербайджана")
('азербайджан',)
>>> "bakı" in az_stems("Bakının"), "bakı" in az_stems("Bakıxanov")
(True, False)
>>> en_stems("presidents'")
("presidents'", 'presidents', 'president')
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache
from typing import Any

from termbase.casing import turkic_casefold

__all__ = [
    "AZ_SUFFIXES",
    "az_fold",
    "az_inflect",
    "az_stems",
    "en_fold",
    "en_stems",
    "ru_fold",
    "ru_is_known",
    "ru_lemmas",
    "ru_term_forms",
    "ru_term_key",
]

# ---------------------------------------------------------------------------------------------
# Russian
# ---------------------------------------------------------------------------------------------

_STRESS = dict.fromkeys(map(ord, "\u0300\u0301"), None)


def ru_fold(word: str) -> str:
    """Case-folded, ``ё`` read as ``е``, stress marks dropped.

    >>> ru_fold("Ёлкин")
    'елкин'
    """
    decomposed = unicodedata.normalize("NFD", word.casefold()).translate(_STRESS)
    return unicodedata.normalize("NFC", decomposed).replace("ё", "е")


@cache
def _morph() -> Any:
    import pymorphy3  # heavy: loaded on first use only

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=262144)
def _ru_parses(word: str) -> tuple[tuple[str, bool], ...]:
    """(lemma, is nominative) for every parse, best first."""
    return tuple((ru_fold(parse.normal_form), "nomn" in parse.tag) for parse in _morph().parse(word))


@lru_cache(maxsize=262144)
def ru_lemmas(word: str) -> tuple[str, ...]:
    """Every lemma pymorphy3 gives for ``word`` (folded, best parse first, no duplicates).

    >>> ru_lemmas("Москве"), ru_lemmas("Медведевым"), ru_lemmas("Бакинской")
    (('москва',), ('медведев',), ('бакинский',))
    """
    folded = ru_fold(word)
    return tuple(dict.fromkeys(lemma for lemma, _ in _ru_parses(folded)))


@lru_cache(maxsize=65536)
def ru_term_key(word: str) -> str:
    """The one key of a glossary word, which its inflected forms have among their lemmas.

    A glossary term is written in the nominative. A word that is its own lemma in a
    nominative reading is its own key (``Путин`` is the surname, not the genitive plural
    of ``путина``); otherwise the lemma of its best nominative reading is (``Российская``
    → ``российский``). A word with no nominative reading is its own key: a dependent in
    the genitive does not inflect with its head (``Министерство иностранных дел``), and an
    unknown name the guesser misreads (``Муталибов`` as му- + ``талибов``) is its own lemma.

    >>> ru_term_key("Путин"), ru_term_key("Российская"), ru_term_key("иностранных"), ru_term_key("Муталибов")
    ('путин', 'российский', 'иностранных', 'муталибов')
    """
    folded = ru_fold(word)
    return _ru_key(folded, _ru_parses(folded))


def _ru_key(folded: str, parses: tuple[tuple[str, bool], ...]) -> str:
    if any(nominative and lemma == folded for lemma, nominative in parses):
        return folded
    return next((lemma for lemma, nominative in parses if nominative), folded)


@lru_cache(maxsize=65536)
def ru_term_forms(word: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """A glossary word's key (:func:`ru_term_key`) and the folded forms of its lexemes.

    The forms are those of every pymorphy3 reading of the word (and of its key) whose lemma
    is the key, in two groups: the forms of dictionary lexemes, and those of lexemes
    pymorphy3 guesses for words it does not know. pymorphy3 reads a dictionary word by its
    dictionary lexemes only, so a dictionary word that is a dictionary form of no glossary
    word's key has no glossary key among its lemmas.

    >>> key, known, guessed = ru_term_forms("Москва")
    >>> key, {"москвы", "москве", "москвою"} <= set(known), guessed
    ('москва', True, ())
    """
    morph = _morph()
    folded = ru_fold(word)
    analyses = morph.parse(folded)
    key = _ru_key(folded, tuple((ru_fold(p.normal_form), "nomn" in p.tag) for p in analyses))
    if key != folded:
        analyses = [*analyses, *morph.parse(key)]
    known: dict[str, None] = {}
    guessed: dict[str, None] = {}
    seen: set[tuple[object, ...]] = set()
    for parse in analyses:
        if ru_fold(parse.normal_form) != key:
            continue
        stack = parse.methods_stack
        dictionary = len(stack) == 1 and type(stack[0][0]).__name__ == "DictionaryAnalyzer"
        lexeme = (
            parse.normal_form,
            tuple(type(m[0]).__name__ for m in stack),
            stack[0][2] if len(stack[0]) > 2 else None,
            tuple(m[1] for m in stack[1:]),
        )
        if lexeme in seen:
            continue
        seen.add(lexeme)
        out = known if dictionary else guessed
        for form in parse.lexeme:
            out[ru_fold(form.word)] = None
    return key, tuple(known), tuple(guessed)


@lru_cache(maxsize=262144)
def ru_is_known(word: str) -> bool:
    """Whether pymorphy3's dictionary has ``word`` (folded; ``е`` also read as ``ё``)."""
    return bool(_morph().word_is_known(word))


# ---------------------------------------------------------------------------------------------
# Azerbaijani
# ---------------------------------------------------------------------------------------------
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


@cache
def _suffix_table() -> tuple[dict[str, tuple[tuple[str, ...], ...]], int]:
    """Surface suffix string → the chains that can produce it; and the longest surface."""
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


# ---------------------------------------------------------------------------------------------
# English
# ---------------------------------------------------------------------------------------------


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
