"""Kinds of text: which one a language tag is, and each kind's morphology hooks.

Text is searched for terms in one of these modes:

* ``zh`` (any Chinese tag): characters, no word boundaries. Text and terms are read
  through :func:`to_simplified_chars`, one character for one, so offsets hold.
* ``ru``, ``az`` (Latin alphabet), ``az-Cyrl``, ``en``: words, each read by its language's
  :class:`Morphology` (:mod:`~termbase.recognize.russian`,
  :mod:`~termbase.recognize.azerbaijani`, :mod:`~termbase.recognize.english`).
* ``plain:<tag>`` for every other language: words, case-folded.

>>> mode("zh-Hant-TW"), mode("az-Latn"), mode("ru"), mode("de")
('zh', 'az', 'ru', 'plain:de')
>>> MORPHOLOGIES["en"].keys("Russia’s")  # apostrophes dropped from keys
('russias', 'russia')
>>> morphology("plain:de").keys("Straße")
('strasse',)
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TypeAlias

from termbase.casing import is_turkic, turkic_casefold
from termbase.langtags import is_chinese
from termbase.recognize.azerbaijani import az_cyrl_fold, az_cyrl_stems, az_fold, az_stems
from termbase.recognize.english import en_fold, en_stems
from termbase.recognize.russian import ru_candidates, ru_glossary_key, ru_term_key, russian_reader
from termbase.recognize.words import APOSTROPHES
from termbase.scripts.chinese import fold_to_simplified

__all__ = [
    "MORPHOLOGIES",
    "PLAIN",
    "TURKIC_PLAIN",
    "Morphology",
    "Reader",
    "family",
    "mode",
    "morphology",
    "to_simplified_chars",
]


Reader: TypeAlias = Callable[[str], tuple[str, ...] | None]
"""A fast reading of text words: a word's keys, or None to ask :attr:`Morphology.candidates`."""


@dataclass(frozen=True, slots=True)
class Morphology:
    """How the words of one kind of text are read: a language's hooks.

    ``term_key`` gives a glossary word its one key, ``candidates`` gives a text word its
    candidate keys, best first; a text word is a form of a glossary word when its candidates
    hold that word's key. ``reader``, if set, builds a faster reading of text words from an
    index's glossary words and keys (Russian: :class:`~termbase.recognize.russian.RussianForms`);
    it must give the keys ``candidates`` would, or None where it cannot tell.
    """

    term_key: Callable[[str], str]
    candidates: Callable[[str], tuple[str, ...]]
    reader: Callable[[Iterable[str], Collection[str]], Reader] | None = None
    bare_key: Callable[[str], str] | None = None

    def key(self, word: str) -> str:
        """The key of a glossary word, apostrophes dropped (:data:`~termbase.recognize.words.APOSTROPHES`)."""
        return str(self.term_key(word)).translate(APOSTROPHES)

    def word_key(self, word: str) -> str:
        """:meth:`key`, computed by ``bare_key`` if set: the same key without what ``term_key``
        prepares for a ``reader`` (Russian: the key alone, not every form of the word's lexemes, for
        the word index of :mod:`termbase.wordsearch`, which reads no text).

        >>> MORPHOLOGIES["ru"].word_key("Российская"), MORPHOLOGIES["en"].word_key("Baku's")
        ('российский', 'bakus')
        """
        if self.bare_key is None:
            return self.key(word)
        return str(self.bare_key(word)).translate(APOSTROPHES)

    def keys(self, word: str) -> tuple[str, ...]:
        """The candidate keys of a text word, apostrophes dropped, no duplicates."""
        return tuple(dict.fromkeys(c.translate(APOSTROPHES) for c in self.candidates(word)))


def _plain(word: str) -> str:
    return unicodedata.normalize("NFC", word.casefold())


def _plain_candidates(word: str) -> tuple[str, ...]:
    return (_plain(word),)


PLAIN = Morphology(_plain, _plain_candidates)
"""Words of a language without hooks of its own: case-folded, no inflection."""

MORPHOLOGIES: Mapping[str, Morphology] = MappingProxyType(
    {
        "ru": Morphology(ru_glossary_key, ru_candidates, russian_reader, ru_term_key),
        "az": Morphology(az_fold, az_stems),
        "az-Cyrl": Morphology(az_cyrl_fold, az_cyrl_stems),
        "en": Morphology(en_fold, en_stems),
    }
)
"""The word modes with hooks of their own."""


def mode(lang: str) -> str:
    """The kind of text ``lang`` is."""
    if is_chinese(lang):
        return "zh"
    if lang in ("ru", "az-Cyrl", "en"):
        return lang
    if lang == "az-Latn":
        return "az"
    return "plain:" + lang


def _turkic(word: str) -> str:
    return unicodedata.normalize("NFC", turkic_casefold(word))


def _turkic_candidates(word: str) -> tuple[str, ...]:
    """The word, and its stem before an apostrophe (Turkish writes İstanbul'da, Ankara'ya)."""
    folded = _turkic(word)
    for mark in "'’ʼ":
        if mark in folded:
            return (folded, folded.split(mark, 1)[0])
    return (folded,)


TURKIC_PLAIN = Morphology(_turkic, _turkic_candidates)
"""Words of another Turkic language (tr, crh, gag): Turkic casing (I/ı, İ/i), suffixes after an
apostrophe dropped.

>>> TURKIC_PLAIN.keys("İSTANBUL'da"), TURKIC_PLAIN.key("İstanbul")
(('istanbulda', 'istanbul'), 'istanbul')
"""


def morphology(word_mode: str) -> Morphology:
    """The hooks of a word mode (:data:`PLAIN` for a mode without its own, Turkic casing for
    a Turkic language).

    >>> morphology("plain:tr") is TURKIC_PLAIN, morphology("plain:de") is PLAIN
    (True, True)
    """
    found = MORPHOLOGIES.get(word_mode)
    if found is not None:
        return found
    if word_mode.startswith("plain:") and is_turkic(word_mode[6:]):
        return TURKIC_PLAIN
    return PLAIN


def family(lang: str) -> str:
    """The language a tag belongs to: ``zh`` for any Chinese tag, else its first subtag.

    >>> family("zh-Hant-TW"), family("az-Cyrl")
    ('zh', 'az')
    """
    return "zh" if is_chinese(lang) else lang.split("-", 1)[0]


_DOTS = "\u00b7\u2022\u2027\u30fb\uff65\u2219"  # middle-dot variants in Chinese names → U+00B7
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uff0d\ufe63"
"""Hyphen and dash variants Chinese text joins names with (俄罗斯—阿塞拜疆关系, 俄罗斯－阿塞拜疆, 俄罗斯-…)."""
_DOT_FOLD = str.maketrans({**dict.fromkeys(_DOTS, "\u00b7"), **dict.fromkeys(_DASHES, "-")})


def to_simplified_chars(text: str) -> str:
    """Each character to its Simplified form, middle-dot variants to U+00B7, dash variants to
    ``-`` (same length, so offsets hold).

    >>> to_simplified_chars("俄羅斯與亞塞拜然・巴庫"), to_simplified_chars("俄羅斯—亞塞拜然關係")
    ('俄罗斯与亚塞拜然·巴库', '俄罗斯-亚塞拜然关系')
    """
    return fold_to_simplified(text).translate(_DOT_FOLD)
