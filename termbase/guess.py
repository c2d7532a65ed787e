"""Guess the language of a short text from its script, for commands whose ``--from`` is optional.

Han → ``zh-Hans`` or ``zh-Hant`` (whichever the characters are written in), Cyrillic →
``ru`` (``az-Cyrl`` with letters only Azerbaijani Cyrillic has), Latin with ə, ğ or ı →
``az-Latn``, other Latin → ``en``. None when the text has no letters of these scripts.

>>> [guess_language(t) for t in ("巴库", "巴庫", "Баку", "Бакы шәһәри", "Bakı", "Baku", "123")]
['zh-Hans', 'zh-Hant', 'ru', 'az-Cyrl', 'az-Latn', 'en', None]
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["guess_language", "language_from_script"]

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


def language_from_script(text: str, give: str, guess: Callable[[str], str | None] = guess_language) -> str:
    """The language of ``text`` as ``guess`` reads it from the script, for a command or request
    whose language was left out; a UsageError saying to ``give`` it (``--from TAG``, ``the
    parameter 'from'``) when the script tells nothing.

    >>> language_from_script("Бакы", "--from TAG")
    'ru'
    >>> language_from_script("2008 — 2024", "--lang TAG")
    Traceback (most recent call last):
    ...
    termbase.errors.UsageError: cannot tell the language of '2008 — 2024' from its script; give --lang TAG
    """
    guessed = guess(text)
    if guessed is None:
        from termbase.errors import UsageError

        text = text.strip()
        shown = text if len(text) <= 60 else text[:57] + "..."
        raise UsageError(f"cannot tell the language of {shown!r} from its script; give {give}")
    return guessed
