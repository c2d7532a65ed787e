"""Russian for recognition: lemmas from pymorphy3, and a fast reading of text words by the glossary's lexemes.

A glossary word has one key, its lemma (:func:`ru_term_key`); a text word's candidate keys
are the word itself and its lemmas (:func:`ru_candidates`), ``ё`` read as ``е`` and stress
marks dropped (:func:`ru_fold`). pymorphy3 is imported on first use, every parse kept and
cached.

Asking pymorphy3 about every word of a text is the slow part of recognition, so
:class:`RussianForms` expands each glossary word into the forms of its lexemes when the
index is built and reads most text words from them, leaving to pymorphy3 only the words that
could still be a glossary word.

>>> ru_lemmas("Азербайджана")
('азербайджан',)
>>> ru_candidates("Москвы")
('москвы', 'москва')
>>> RussianForms(["Москва"], {"москва"}).keys_of("Москвою"), RussianForms(["Москва"], {"москва"}).keys_of("домом")
(('москва',), ())
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Collection, Iterable
from functools import cache, lru_cache
from typing import Any

from termbase.recognize.words import APOSTROPHES, has_apostrophe

__all__ = [
    "RussianForms",
    "ru_candidates",
    "ru_fold",
    "ru_glossary_key",
    "ru_is_known",
    "ru_lemmas",
    "ru_term_forms",
    "ru_term_key",
    "russian_reader",
]

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


def ru_candidates(word: str) -> tuple[str, ...]:
    """A text word's candidate keys: the folded word, then its lemmas (pymorphy3's order)."""
    return (ru_fold(word), *ru_lemmas(word))


def ru_glossary_key(word: str) -> str:
    """:func:`ru_term_key` by way of :func:`ru_term_forms`, so that a glossary word is analysed once.

    >>> ru_glossary_key("Российская") == ru_term_key("Российская")
    True
    """
    return ru_term_forms(word)[0]


class RussianForms:
    """Russian text words read without pymorphy3 where the glossary's lexemes decide them.

    ``words`` are the glossary's words, ``keys`` the glossary word keys the index has (with
    apostrophes dropped). Every glossary word's key is expanded into the folded forms of its
    lexemes (:func:`ru_term_forms`). :meth:`keys_of` reads a text word so, ``None`` meaning
    "ask pymorphy3" (the reading of :func:`ru_candidates`):

    * a dictionary word: its lemmas are those of its dictionary lexemes, so its glossary keys
      are the keys whose dictionary lexemes have it (none if no glossary lexeme has it) —
      exactly what pymorphy3 gives;
    * an unknown word that is a form of a lexeme pymorphy3 guesses for a glossary word: that
      key. pymorphy3 does not always read such a form back to the word it was generated
      from (``Карамаовым``, instrumental of a guessed surname ``Карамаов``), so here the fast
      reading finds more than pymorphy3 on every word would; and pymorphy3's other guesses
      for the word (``Карамаов`` as a genitive plural of a noun ``карама``) are not tried;
    * any other unknown word: none if no glossary form begins with its first three letters
      (after по- or наи-, prefixes pymorphy3 strips), else pymorphy3.

    A word with two or more keys besides itself is left to pymorphy3, which orders them,
    and so is an unknown word beginning with по- or наи-, or one with an apostrophe.
    """

    def __init__(self, words: Iterable[str], keys: Collection[str]) -> None:
        self.keys = keys
        forms: dict[str, tuple[list[str], list[str]]] = {}
        for word in words:
            key, known, guessed = ru_term_forms(word)
            key = key.translate(APOSTROPHES)
            if key not in keys:
                continue
            forms.setdefault(key, ([], []))
            for lexemes, side in ((known, 0), (guessed, 1)):
                for form in lexemes:
                    if has_apostrophe(form):
                        continue
                    found = forms.setdefault(form, ([], []))[side]
                    if key not in found:
                        found.append(key)
        for key in keys:
            forms.setdefault(key, ([], []))
        # Tuples of strings, which the garbage collector stops tracking (lists it would scan).
        self.forms: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
            form: (tuple(known), tuple(guessed)) for form, (known, guessed) in forms.items()
        }
        self.prefixes = {form[:3] for form in self.forms}

    def _may_be_guessed_as_a_key(self, folded: str) -> bool:
        prefixes = self.prefixes
        return (
            folded[:3] in prefixes
            or (folded.startswith("по") and folded[2:5] in prefixes)
            or (folded.startswith("наи") and folded[3:6] in prefixes)
        )

    def keys_of(self, word: str) -> tuple[str, ...] | None:
        """The word's glossary keys (the word itself first if it is a key; empty for none), or
        None to ask pymorphy3."""
        if not word.isalpha() and has_apostrophe(word):
            return None
        folded = ru_fold(word)
        entry = self.forms.get(folded)
        if entry is None:
            if not self._may_be_guessed_as_a_key(folded) or ru_is_known(folded):
                return ()
            return None
        stripped = folded.startswith(("по", "наи"))
        if entry[0] == entry[1] and not stripped:
            keys = entry[0]  # known or not
        elif ru_is_known(folded):
            keys = entry[0]
        elif stripped:
            return None
        else:
            keys = entry[1]
        own = (folded,) if folded in self.keys else ()
        if not keys:
            return own
        if len(keys) == 1:
            other = keys[0]
            return own if other == folded else (*own, other)
        others = [k for k in keys if k != folded]
        if len(others) > 1:
            return None
        return (*own, others[0])


def russian_reader(words: Iterable[str], keys: Collection[str]) -> Callable[[str], tuple[str, ...] | None]:
    """The fast reading of Russian text words for an index of ``keys`` (:meth:`RussianForms.keys_of`)."""
    return RussianForms(words, keys).keys_of
