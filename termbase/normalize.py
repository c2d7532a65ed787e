"""The one place that makes search keys.

A stored form is indexed under three keys, one per *level*; a query is looked up under
the same levels, and a hit is only counted at the level whose key matched:

* level 0, :data:`EXACT`: the text in NFC;
* level 1, :data:`CASE`: case-folded, with Turkic rules (İ → i, I → ı) for Azerbaijani;
* level 2, :data:`LOOSE`: case-folded, NFKC, diacritics dropped (but Russian й kept),
  Azerbaijani ə and ı read as e and i, and every space, hyphen, dash, middle dot,
  apostrophe, quotation mark and other punctuation removed.

A query's language is usually unknown, so it is case-folded both ways: the Turkic way
(``BAKI`` → ``bakı``) and the Unicode way (``BAKU`` → ``baku``).

>>> casefold_key("İLHAM ƏLİYEV", "az-Latn")
'ilham əliyev'
>>> loose("Sankt-Peterburg") == loose("Sankt Peterburg") == "sanktpeterburg"
True
>>> loose("Elçibəy"), loose("Xī'ān"), loose("Ёлкин"), loose("Йошкар-Ола")
('elcibey', 'xian', 'елкин', 'йошкарола')
>>> loose("盖达尔·阿利耶夫国际机场") == loose("盖达尔阿利耶夫国际机场")
True
>>> sorted(query_keys("BAKI")[CASE])
['baki', 'bakı']

A form's keys of neighbouring levels are often the same string (Han text: all three; a
lower-case romanisation: two). Such a key is stored once, in a row whose level column holds a
*span* code (:data:`SPANS`): the levels it is the form's key of. A reader counts a row at the
lowest level of its span whose query keys hold it (:func:`stored_levels` for one level).

>>> stored_keys("巴库", "zh-Hans"), stored_keys("sankt-peterburg", "en")
(((5, '巴库'),), ((3, 'sankt-peterburg'), (2, 'sanktpeterburg')))
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from termbase.casing import casefold, is_turkic, turkic_casefold
from termbase.lookalikes import mend, mixed

__all__ = [
    "CASE",
    "EXACT",
    "LEVELS",
    "LOOSE",
    "SPANS",
    "casefold_key",
    "exact_key",
    "loose",
    "query_keys",
    "search_keys",
    "search_keys_for",
    "stored_keys",
    "stored_keys_for",
    "stored_levels",
]

EXACT = 0
CASE = 1
LOOSE = 2
LEVELS = (EXACT, CASE, LOOSE)

SPANS: dict[int, tuple[int, ...]] = {
    EXACT: (EXACT,),
    CASE: (CASE,),
    LOOSE: (LOOSE,),
    3: (EXACT, CASE),
    4: (CASE, LOOSE),
    5: (EXACT, CASE, LOOSE),
}
"""A stored ``search_key.level`` → the levels whose key the row's key is (codes 3–5: one row for a
key that several neighbouring levels share; files written before schema version 5 hold 0–2 only)."""

_SPAN_CODE = {levels: code for code, levels in SPANS.items()}

# Letters that are not a base letter plus a combining mark, read as their plain twin
# in loose keys. Azerbaijani ə/ı and the like are what people type without an az keyboard.
_PLAIN_LETTERS = str.maketrans(
    {"ı": "i", "ə": "e", "ł": "l", "đ": "d", "ø": "o", "æ": "ae", "œ": "oe", "ʻ": None, "ʼ": None}
)
_KEEP_BREVE = {"и": "й"}  # Russian й is its own letter, not и with a diacritic
_DROPPED_CATEGORIES = frozenset(
    {"Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Zs", "Zl", "Zp", "Cc", "Cf", "Sk"}
)


def exact_key(text: str) -> str:
    """Level 0: the text in NFC."""
    return unicodedata.normalize("NFC", text)


def casefold_key(text: str, lang: str | None = None) -> str:
    """Level 1: case-folded for ``lang`` (Turkic rules for Azerbaijani), in NFC."""
    return unicodedata.normalize("NFC", casefold(exact_key(text), lang))


class _LooseChars(dict[int, int | None]):
    """Code point → itself, or None for a character a loose key drops (a combining mark, or
    one of :data:`_DROPPED_CATEGORIES`): ``str.translate``'s table, filled per character on use."""

    def __missing__(self, code: int) -> int | None:
        char = chr(code)
        dropped = unicodedata.combining(char) or unicodedata.category(char) in _DROPPED_CATEGORIES
        value = self[code] = None if dropped else code
        return value


_LOOSE_CHARS = _LooseChars()
_PLAIN_CHAR = re.compile("[" + "".join(chr(code) for code in _PLAIN_LETTERS) + "]")


def _plain(text: str) -> str:
    """``text`` with the letters of :data:`_PLAIN_LETTERS` replaced (translated only if it has one:
    a search is a tenth of the cost of a translation that changes nothing)."""
    return text.translate(_PLAIN_LETTERS) if _PLAIN_CHAR.search(text) else text


@lru_cache(maxsize=65536)
def _loose(folded: str) -> str:
    decomposed = unicodedata.normalize("NFKD", _plain(folded))
    if "\u0306" in decomposed:
        decomposed = decomposed.replace("\u0438\u0306", "\u0439")  # и + breve: Russian й stays
        if "\u0306" in decomposed:  # a breve elsewhere: the character-by-character rules
            return _loose_by_char(folded)
    # NFKD can reveal upper-case compatibility letters (e.g. ℃); fold once more.
    return unicodedata.normalize("NFC", _plain(decomposed.translate(_LOOSE_CHARS).casefold()))


def _loose_by_char(folded: str) -> str:
    """:func:`_loose` character by character (the definition; the tests compare the two)."""
    decomposed = unicodedata.normalize("NFKD", folded.translate(_PLAIN_LETTERS))
    out: list[str] = []
    for char in decomposed:
        if unicodedata.combining(char):
            if char == "\u0306" and out and out[-1] in _KEEP_BREVE:
                out[-1] = _KEEP_BREVE[out[-1]]
            continue
        if unicodedata.category(char) in _DROPPED_CATEGORIES:
            continue
        out.append(char)
    # NFKD can reveal upper-case compatibility letters (e.g. ℃); fold once more.
    return unicodedata.normalize("NFC", "".join(out).casefold().translate(_PLAIN_LETTERS))


def loose(text: str, lang: str | None = None) -> str:
    """Level 2: the key that ignores case, diacritics, spacing and punctuation."""
    return _loose(casefold(exact_key(text), lang))


# ASCII characters a loose key drops (those of the dropped categories), for the fast path: for
# ``bytes.translate`` (a C loop, without ``str.translate``'s look-up per character).
_ASCII_DROPPED = bytes(c for c in range(128) if unicodedata.category(chr(c)) in _DROPPED_CATEGORIES)


def search_keys(text: str, lang: str | None) -> tuple[tuple[int, str], ...]:
    """The (level, key) pairs a stored form of language ``lang`` is indexed under.

    >>> search_keys("Bakı", "az-Latn")
    ((0, 'Bakı'), (1, 'bakı'), (2, 'baki'))
    >>> search_keys("Sankt-Peterburg", "en")
    ((0, 'Sankt-Peterburg'), (1, 'sankt-peterburg'), (2, 'sanktpeterburg'))
    """
    return _keys(text, is_turkic(lang))


def search_keys_for(text: str, turkic: bool) -> tuple[tuple[int, str], ...]:
    """:func:`search_keys` with the language given as whether it is Turkic (:func:`~termbase.casing.is_turkic`):
    for a bulk write, which asks once per language.

    >>> search_keys_for("BAKI", True) == search_keys("BAKI", "az-Latn")
    True
    """
    return _keys(text, turkic)


@lru_cache(maxsize=4096)  # a term's derived forms often repeat its text (zh-Hant, zh-Hant-TW, …)
def _keys(text: str, turkic: bool) -> tuple[tuple[int, str], ...]:
    if text.isascii() and ("I" not in text or not turkic):
        # Plain ASCII (most romanisations): NFC, NFKD and the Unicode fold change nothing but
        # case, and no letter carries a diacritic; the same keys as the general path, faster.
        folded = text.lower()
        keys = (
            (EXACT, text),
            (CASE, folded),
            (LOOSE, folded.encode().translate(None, _ASCII_DROPPED).decode()),
        )
    else:
        exact = unicodedata.normalize("NFC", text)
        raw_fold = turkic_casefold(exact) if turkic else exact.casefold()  # casefold(exact, lang)
        folded = unicodedata.normalize("NFC", raw_fold)
        plain = _plain(folded).replace(" ", "")
        if plain.isalnum() and unicodedata.is_normalized("NFKD", plain):
            # Letters and digits (and spaces, dropped) only, none with a diacritic or a
            # compatibility form (Han, most Cyrillic): nothing else for the loose rules to do.
            loose_key = unicodedata.normalize("NFC", _plain(plain.casefold()))
        else:
            loose_key = _loose(raw_fold)  # loose(exact, lang)
        keys = ((EXACT, exact), (CASE, folded), (LOOSE, loose_key))
    if keys[0][1] and keys[1][1] and keys[2][1]:
        return keys
    return tuple((level, key) for level, key in keys if key)


def stored_levels(level: int) -> tuple[int, ...]:
    """The ``search_key.level`` codes of the rows that hold a form's key of ``level``.

    >>> stored_levels(EXACT), stored_levels(CASE), stored_levels(LOOSE)
    ((0, 3, 5), (1, 3, 4, 5), (2, 4, 5))
    """
    return tuple(code for code, levels in SPANS.items() if level in levels)


def stored_keys(text: str, lang: str | None) -> tuple[tuple[int, str], ...]:
    """The (span code, key) rows a stored form is written under: :func:`search_keys` with a key
    that neighbouring levels share given once, under the code of its levels (:data:`SPANS`).

    >>> stored_keys("Bakı", "az-Latn")
    ((0, 'Bakı'), (1, 'bakı'), (2, 'baki'))
    >>> stored_keys("Баку", "ru")
    ((0, 'Баку'), (4, 'баку'))
    """
    return _spans(_keys(text, is_turkic(lang)))


@lru_cache(maxsize=4096)  # a term's derived forms often repeat its text (zh-Hant, zh-Hant-TW, …)
def stored_keys_for(text: str, turkic: bool) -> tuple[tuple[int, str], ...]:
    """:func:`stored_keys` with the language given as whether it is Turkic (for a bulk write).

    >>> stored_keys_for("BAKI", True) == stored_keys("BAKI", "az-Latn")
    True
    >>> stored_keys_for("Xi'an", False), stored_keys_for("baku", False)
    (((0, "Xi'an"), (1, "xi'an"), (2, 'xian')), ((5, 'baku'),))
    """
    return _spans(_keys.__wrapped__(text, turkic))  # this cache stands for _keys' (no double entry)


def _spans(keys: tuple[tuple[int, str], ...]) -> tuple[tuple[int, str], ...]:
    """``keys`` (level, key) with each run of neighbouring levels of one key as one (code, key)."""
    if len(keys) == 3:  # levels 0, 1, 2 (the usual case, without a loop)
        exact, case, loose_key = keys[0][1], keys[1][1], keys[2][1]
        if exact == case:
            return ((5, exact),) if case == loose_key else ((3, exact), keys[2])
        return (keys[0], (4, case)) if case == loose_key else keys
    out: list[tuple[int, str]] = []
    run: list[int] = []
    for i, (level, key) in enumerate(keys):
        run.append(level)
        following = keys[i + 1] if i + 1 < len(keys) else None
        if following is None or following[1] != key or following[0] != level + 1:
            out.append((_SPAN_CODE[tuple(run)], key))
            run = []
    return tuple(out)


def _search_keys_slow(text: str, lang: str | None) -> tuple[tuple[int, str], ...]:
    """:func:`search_keys` by the definitions alone: no fast path, the loose key made character by
    character (the tests compare the two)."""
    loose_key = _loose_by_char(casefold(exact_key(text), lang))
    keys = ((EXACT, exact_key(text)), (CASE, casefold_key(text, lang)), (LOOSE, loose_key))
    return tuple((level, key) for level, key in keys if key)


def _both_folds(text: str) -> set[str]:
    """``text`` case-folded by the Unicode rules and by the Turkic ones (a query's language is unknown)."""
    return {
        unicodedata.normalize("NFC", text.casefold()),
        unicodedata.normalize("NFC", turkic_casefold(text)),
    }


def query_keys(text: str) -> dict[int, frozenset[str]]:
    """The keys a query of unknown language is looked up under, per level.

    A word mixing Latin and Cyrillic letters (a Latin ``a`` pasted into Бaку) is also looked up, at
    the loose level, with those letters read as their look-alike twins (:mod:`termbase.lookalikes`).

    >>> query_keys("Baku")[EXACT]
    frozenset({'Baku'})
    >>> "баку" in query_keys("Бaку")[LOOSE]
    True
    """
    nfc = exact_key(text.strip())
    folded = _both_folds(nfc)
    loose_keys = {_loose(f) for f in folded}
    if mixed(nfc):
        for source in ("ru", "az-Latn"):
            loose_keys |= {_loose(f) for f in _both_folds(mend(nfc, source)[0])}
    return {
        EXACT: frozenset({nfc}),
        CASE: frozenset(folded),
        LOOSE: frozenset(k for k in loose_keys if k),
    }
