"""Case mapping that is correct for Azerbaijani (and Turkish), and plain Unicode elsewhere.

Python's ``str.lower`` maps ``İ`` to ``i`` + U+0307 and ``I`` to ``i``; Azerbaijani needs
``İ ↔ i`` and ``I ↔ ı``. Every comparison or display of Azerbaijani text in termbase
goes through this module.

>>> turkic_lower("İLHAM ƏLİYEV")
'ilham əliyev'
>>> turkic_upper("Bakı")
'BAKI'
>>> turkic_title("ilham əliyev")
'İlham Əliyev'
>>> turkic_casefold("IĞDIR") == turkic_casefold("ığdır")
True
>>> lower("BAKI", "az-Latn"), lower("BAKI", "en")
('bakı', 'baki')
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = [
    "casefold",
    "is_turkic",
    "lower",
    "title",
    "turkic_casefold",
    "turkic_lower",
    "turkic_title",
    "turkic_upper",
    "upper",
]

_TO_LOWER = str.maketrans({"İ": "i", "I": "ı"})
_TO_UPPER = str.maketrans({"i": "İ", "ı": "I"})


def is_turkic(lang: str | None) -> bool:
    """Whether a language tag names a language with the dotted/dotless i pair.

    >>> is_turkic("az-Latn"), is_turkic("az-Cyrl"), is_turkic("en")
    (True, True, False)
    """
    if not lang:
        return False
    primary = lang.replace("_", "-").split("-", 1)[0].lower()
    return primary in {"az", "tr", "crh", "gag"}


def turkic_lower(text: str) -> str:
    """Lower-case with Turkic rules: İ → i, I → ı; everything else as Unicode says."""
    return text.translate(_TO_LOWER).lower()


def turkic_upper(text: str) -> str:
    """Upper-case with Turkic rules: i → İ, ı → I."""
    return text.translate(_TO_UPPER).upper()


def turkic_casefold(text: str) -> str:
    """Case-fold with Turkic rules (lower-casing, then the full Unicode fold for the rest)."""
    return turkic_lower(text).casefold()


def _title(text: str, up: Callable[[str], str], down: Callable[[str], str]) -> str:
    out: list[str] = []
    start_of_word = True
    for char in text:
        if char.isalpha():
            out.append(up(char) if start_of_word else down(char))
            start_of_word = False
        else:
            out.append(char)
            start_of_word = char not in "'’"
    return "".join(out)


def turkic_title(text: str) -> str:
    """Title-case each word with Turkic rules (``ilham`` → ``İlham``)."""
    return _title(text, turkic_upper, turkic_lower)


def lower(text: str, lang: str | None = None) -> str:
    """Lower-case for ``lang``: Turkic rules for Azerbaijani, Unicode rules otherwise."""
    return turkic_lower(text) if is_turkic(lang) else text.lower()


def upper(text: str, lang: str | None = None) -> str:
    """Upper-case for ``lang``."""
    return turkic_upper(text) if is_turkic(lang) else text.upper()


def title(text: str, lang: str | None = None) -> str:
    """Title-case for ``lang`` (word by word; apostrophes do not start a word)."""
    if is_turkic(lang):
        return turkic_title(text)
    return _title(text, str.upper, str.lower)


def casefold(text: str, lang: str | None = None) -> str:
    """Case-fold for ``lang``."""
    return turkic_casefold(text) if is_turkic(lang) else text.casefold()
