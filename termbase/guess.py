"""Guess the language of a short text from its script, for commands whose ``--from`` is optional.

Han → ``zh-Hans`` or ``zh-Hant`` (whichever the characters are written in), Cyrillic →
``ru`` (``az-Cyrl`` with letters only Azerbaijani Cyrillic has), Latin with ə, ğ or ı →
``az-Latn``, other Latin → ``en``. None when the text has no letters of these scripts.

>>> [guess_language(t) for t in ("巴库", "巴庫", "Баку", "Бакы шәһәри", "Bakı", "Baku", "123")]
['zh-Hans', 'zh-Hant', 'ru', 'az-Cyrl', 'az-Latn', 'en', None]
"""

from __future__ import annotations

__all__ = ["guess_language"]

_AZ_CYRILLIC = set("әҹҝғһөүјӘҸҜҒҺӨҮЈ")
_AZ_LATIN = set("əğıƏĞİ")


def guess_language(text: str) -> str | None:
    """The language tag ``text`` is most likely in, judged by its script alone."""
    from termbase.scripts.chinese import is_han

    han = [c for c in text if is_han(c)]
    if han:
        from termbase.scripts.chinese import fold_to_simplified

        chars = "".join(han)
        return "zh-Hans" if fold_to_simplified(chars) == chars else "zh-Hant"
    if any("\u0400" <= c <= "\u04ff" for c in text):
        return "az-Cyrl" if _AZ_CYRILLIC.intersection(text) else "ru"
    if any(c.isalpha() and c.isascii() for c in text) or _AZ_LATIN.intersection(text):
        return "az-Latn" if _AZ_LATIN.intersection(text) else "en"
    return None
