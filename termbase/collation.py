"""Sort keys in the order of each language's own alphabet.

``sort_key(text, lang)`` returns a tuple; sorting by it puts words in dictionary order:

* Azerbaijani (``az-Latn``), the Latin alphabet of 1992 (Wikipedia, "Azerbaijani alphabet"):
  a b c ç d e ə f g ğ h x ı i j k q l m n o ö p r s ş t u ü v y z — ``x`` after ``h``,
  ``ı`` before ``i``, ``q`` after ``k``; case by Turkic rules (``I`` is upper-case ``ı``).
  Azerbaijani Cyrillic (``az-Cyrl``), the alphabet of 1958–1991: а б в г ғ д е ә ж з и ы ј к ҝ л
  м н о ө п р с т у ү ф х һ ч ҹ ш.
* Russian (``ru``), the 33 letters of the alphabet with ``ё`` right after ``е``
  (Wikipedia, "Russian alphabet").
* Chinese (``zh-*``), by toneless pinyin syllable by syllable, then tones, then the
  characters (the order of 《现代汉语词典》 headwords, without its stroke tie-break).
* English and everything else: case-insensitive Latin order, accents only breaking ties.

A key is ``(primary, secondary, tertiary, text)``: letters; then accents (or tones);
then case; then the text itself, so that no two different strings compare equal.
Spaces and punctuation sort before digits, digits before letters; letters outside the
language's alphabet come after its own letters.

>>> sorted(["qız", "xalq", "ılıq", "igid", "həyat", "çay", "zəng"], key=lambda w: sort_key(w, "az-Latn"))
['çay', 'həyat', 'xalq', 'ılıq', 'igid', 'qız', 'zəng']
>>> sorted(["ёж", "жук", "ель", "еда"], key=lambda w: sort_key(w, "ru"))
['еда', 'ель', 'ёж', 'жук']
>>> sorted(["俄罗斯", "阿塞拜疆", "巴库"], key=lambda w: sort_key(w, "zh-Hans"))
['阿塞拜疆', '巴库', '俄罗斯']
>>> sorted(["baku", "Azerbaijan", "Ägypt", "azerbaijan"], key=lambda w: sort_key(w, "en"))
['Ägypt', 'azerbaijan', 'Azerbaijan', 'baku']
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

from termbase.casing import lower

__all__ = ["ALPHABETS", "sort_key"]

# The alphabets, lower case, in their published order.
ALPHABETS: dict[str, str] = {
    # Law of the Republic of Azerbaijan on the Azerbaijani alphabet (1992); Wikipedia "Azerbaijani alphabet".
    "az-Latn": "abcçdeəfgğhxıijkqlmnoöprsştuüvyz",
    # The Cyrillic alphabet of 1958–1991 (Wikipedia, "Azerbaijani alphabet"; also the table at
    # rendszam.guru/romanization/azeri_cyrillic.html):
    # а б в г ғ д е ә ж з и ы ј к ҝ л м н о ө п р с т у ү ф х һ ч ҹ ш.
    "az-Cyrl": "абвгғдеәжзиыјкҝлмноөпрстуүфхһчҹш",
    # Wikipedia "Russian alphabet": а б в г д е ё ж з и й к л м н о п р с т у ф х ц ч ш щ ъ ы ь э ю я.
    "ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    "en": "abcdefghijklmnopqrstuvwxyz",
}

# Character classes, in sort order.
_SEPARATOR, _DIGIT, _OWN_LETTER, _OTHER_LETTER, _HAN = 0, 1, 2, 3, 4
_PINYIN = re.compile(r"^([a-zü]+)([1-5])$")

Weight = tuple[int, int, str]


def _base_and_marks(char: str) -> tuple[str, str]:
    decomposed = unicodedata.normalize("NFD", char)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    marks = "".join(c for c in decomposed if unicodedata.combining(c))
    return (base or char), marks


@cache
def _rank_tables(lang: str) -> dict[str, int]:
    alphabet = ALPHABETS.get(lang, ALPHABETS["en"])
    return {letter: i for i, letter in enumerate(alphabet)}


def _char_weight(char: str, folded: str, ranks: dict[str, int]) -> tuple[Weight, str]:
    """The primary weight of one (already case-folded) character, and its accent marks."""
    if folded in ranks:
        return (_OWN_LETTER, ranks[folded], ""), ""
    base, marks = _base_and_marks(folded)
    if base in ranks:
        return (_OWN_LETTER, ranks[base], ""), marks
    category = unicodedata.category(char)
    if category == "Nd":
        return (_DIGIT, unicodedata.digit(char, 0), ""), ""
    if category.startswith("L"):
        return (_OTHER_LETTER, 0, base), marks
    return (_SEPARATOR, 0, folded), ""


def _alphabet_key(text: str, lang: str) -> tuple[Any, ...]:
    ranks = _rank_tables(lang)
    primary: list[Weight] = []
    secondary: list[str] = []
    tertiary: list[int] = []
    for char in text:
        folded = lower(char, lang)
        if len(folded) != 1:  # e.g. İ under non-Turkic rules; keep one character per position
            folded = unicodedata.normalize("NFC", folded)[:1]
        weight, marks = _char_weight(char, folded, ranks)
        primary.append(weight)
        secondary.append(marks)
        tertiary.append(0 if folded == char else 1)
    return (tuple(primary), tuple(secondary), tuple(tertiary), text)


def _one_per_character(chunk: str) -> Any:
    """pypinyin's ``errors`` callback: a run of non-Han characters, one reading per character."""
    return list(chunk)


def _chinese_key(text: str) -> tuple[Any, ...]:
    from pypinyin import Style, pinyin  # heavy: only when Chinese is sorted

    readings = pinyin(
        text,
        style=Style.TONE3,
        neutral_tone_with_five=True,
        v_to_u=True,
        errors=_one_per_character,
    )
    chars = list(text)
    primary: list[Weight] = []
    tones: list[int] = []
    if len(readings) != len(chars):  # pypinyin grouped something; fall back to per-character readings
        readings = [pinyin(c, style=Style.TONE3, neutral_tone_with_five=True, v_to_u=True)[0] for c in chars]
    for char, reading in zip(chars, readings, strict=True):
        syllable = reading[0] if reading else char
        found = _PINYIN.match(syllable)
        if found and unicodedata.category(char) == "Lo":
            primary.append((_HAN, 0, found.group(1)))
            tones.append(int(found.group(2)))
            continue
        weight, _ = _char_weight(char, char.casefold()[:1] or char, _rank_tables("en"))
        primary.append(weight)
        tones.append(0)
    return (tuple(primary), tuple(tones), (), text)


def sort_key(text: str, lang: str | None = None) -> tuple[Any, ...]:
    """A key that sorts ``text`` in the dictionary order of ``lang`` (a canonical tag).

    >>> sort_key("Ilham", "az-Latn") < sort_key("İlkin", "az-Latn")  # I is ı, which precedes i
    True
    >>> sort_key("Ilham", "en") < sort_key("Ilkin", "en")
    True
    >>> sorted(["妈", "马", "骂", "麻"], key=lambda w: sort_key(w, "zh-Hans"))  # mā má mǎ mà
    ['妈', '麻', '马', '骂']
    """
    text = unicodedata.normalize("NFC", text)
    tag = lang or "en"
    if tag.startswith("zh"):
        return _chinese_key(text)
    if tag.split("-", 1)[0] == "az":
        return _alphabet_key(text, "az-Cyrl" if "cyrl" in tag.casefold() else "az-Latn")
    if tag.split("-", 1)[0] == "ru":
        return _alphabet_key(text, "ru")
    return _alphabet_key(text, "en")
