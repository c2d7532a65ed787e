"""Romanisation of Russian: ISO 9:1995, GOST 7.79-2000 System B, BGN/PCGN 1947 and ICAO Doc 9303.

Only the 33 letters of the Russian alphabet are converted; everything else (digits, punctuation,
Latin, Han, the letters of other Cyrillic alphabets such as Azerbaijani ``Ә Ҹ Ј``) passes through.
Input and output are NFC.

>>> to_iso9("Щукин"), from_iso9("Ŝukin")
('Ŝukin', 'Щукин')
>>> to_gost_b("Щукин"), from_gost_b("Shhukin")
('Shhukin', 'Щукин')
>>> to_bgn_pcgn("Екатеринбург"), to_icao("Екатеринбург")
('Yekaterinburg', 'Ekaterinburg')
>>> to_bgn_pcgn("ЮЖНАЯ"), to_icao("Юрий"), to_bgn_pcgn("Юрий")
('YUZHNAYA', 'Iurii', 'Yuriy')

Case. A Russian letter written with several Latin letters (``Щ`` → ``Shch``) is title-cased when the
next letter is lower-case (or, at the end of a word, when the previous one is), and all capitals
when its neighbour is upper-case: ``ЩУКИН`` → ``SHCHUKIN``. A letter standing alone (an initial,
``Ю. Я.``) is title-cased. ISO 9 and GOST B write the hard and soft signs with caseless marks
(ISO 9: ``ʺ`` and ``ʹ``; GOST B: two grave accents and one); going back, a sign is upper-case when
the letter before it is upper-case and the letter after it is not lower-case. That restores every
word spelt by Russian orthography (a sign follows a consonant) in lower, title or upper case,
except a capital followed by a sign and nothing else (``Вь`` and ``ВЬ`` read the same), which no
Russian word is. GOST B also writes ``еь`` and ``э`` alike (e and a grave accent), and ``ьь`` and ``ъ``
(two grave accents): sequences Russian spelling does not have.

Sources of the tables (each cited again at the table):

* ISO 9:1995 table 1 (= GOST 7.79-2000 System A), as reproduced in the Wikipedia article "ISO 9".
* GOST 7.79-2000 table 4, System B (section 6), as reproduced in the Wikipedia article
  "GOST 7.79-2000": ``ц`` is ``c`` before ``i, e, y, j`` and ``cz`` elsewhere.
* BGN/PCGN, "Romanization of Russian, BGN/PCGN 1947 System" (PCGN, checked June 2019,
  assets.publishing.service.gov.uk ... ROMANIZATION_OF_RUSSIAN.pdf), notes 1-3.
* ICAO Doc 9303, 7th ed., Part 3, transliteration of Cyrillic characters, Russian column; the same
  table is reproduced for Russian passports (FMS order No. 320 of 15 October 2012).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from functools import cache

__all__ = ["from_gost_b", "from_iso9", "to_bgn_pcgn", "to_gost_b", "to_icao", "to_iso9"]

LOWER = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
UPPER = LOWER.upper()
VOWELS = frozenset("аеёиоуыэюя")
CONSONANTS = frozenset("бвгджзйклмнпрстфхцчшщ")

# ISO 9:1995 table 1, Russian letters; ъ = U+02BA MODIFIER LETTER DOUBLE PRIME, ь = U+02B9 MODIFIER
# LETTER PRIME (the Unicode column of the Wikipedia reproduction of the table).
_ISO9 = dict(
    zip(
        LOWER,
        "a b v g d e ë ž z i j k l m n o p r s t u f h c č š ŝ ʺ y ʹ è û â".split(),  # noqa: SIM905 (one table row)
        strict=True,
    )
)

# GOST 7.79-2000 System B (table 4, Russian column). ц is "cz" here; "c" before i, e, y, j is a rule.
_GOST_B = dict(
    zip(
        LOWER,
        "a b v g d e yo zh z i j k l m n o p r s t u f x cz ch sh shh `` y` ` e` yu ya".split(),  # noqa: SIM905 (one table row)
        strict=True,
    )
)
# Russian letters whose System B form starts with i, e, y or j: ц before them is "c".
_GOST_C_BEFORE = frozenset("еёийыэюя")

# BGN/PCGN 1947: table and note 1-2 (ye/yë word-initially and after vowels, й, ъ, ь); note 3's
# optional middle dots are applied by to_bgn_pcgn(middle_dot=True). ъ = U+201D, ь = U+2019.
_BGN = dict(
    zip(
        LOWER,
        "a b v g d e ë zh z i y k l m n o p r s t u f kh ts ch sh shch \u201d y \u2019 e yu ya".split(),  # noqa: SIM905 (one table row)
        strict=True,
    )
)
_BGN_YE_AFTER = VOWELS | frozenset("йъь")
_BGN_DOT_BEFORE = frozenset("ауыэ")  # note 3: й and ы before а, у, ы or э take y·
_BGN_CONSONANTS_FOR_E = CONSONANTS - {"й"}  # note 3: э after any consonant except й is ·e

# ICAO Doc 9303 Part 3, Russian: ь is not transliterated (absent from the table).
_ICAO = dict(
    zip(
        LOWER,
        "a b v g d e e zh z i i k l m n o p r s t u f kh ts ch sh shch ie y _ e iu ia".split(),  # noqa: SIM905 (one table row)
        strict=True,
    )
)
_ICAO["ь"] = ""  # "_" above only holds its place in the split


def _title(out: str) -> str:
    """Upper-case the first letter of ``out`` (``shch`` → ``Shch``, ``·e`` → ``·E``)."""
    for k, char in enumerate(out):
        if char.isalpha():
            return out[:k] + char.upper() + out[k + 1 :]
    return out


def _neighbour_letter(text: str, i: int, step: int) -> str:
    """The character next to ``text[i]`` in direction ``step``, skipping combining marks ('' at the end)."""
    j = i + step
    while 0 <= j < len(text) and unicodedata.combining(text[j]):
        j += step
    return text[j] if 0 <= j < len(text) else ""


def all_caps_context(text: str, i: int) -> bool:
    """Whether the upper-case letter ``text[i]`` stands among capitals (so ``Щ`` → ``SHCH``).

    The next letter decides; at the end of a word, the previous one; a letter alone is not.

    >>> all_caps_context("ЩУКИН", 0), all_caps_context("Щукин", 0), all_caps_context("ЛОЖ", 2)
    (True, False, True)
    >>> all_caps_context("Ю. Я.", 3)
    False
    """
    after = _neighbour_letter(text, i, 1)
    if after.isalpha():
        return after.isupper()
    before = _neighbour_letter(text, i, -1)
    return before.isalpha() and before.isupper()


def cased(out: str, text: str, i: int) -> str:
    """Case ``out``, the romanisation of ``text[i]``, after the case of that letter and its context."""
    if text[i].islower():
        return out
    if sum(char.isalpha() for char in out) > 1 and all_caps_context(text, i):
        return out.upper()
    return _title(out)


def translation_table(lower: Mapping[str, str]) -> dict[int, str]:
    """A ``str.translate`` table for lower-case letters and their capitals (title-cased output)."""
    table = {ord(letter): out for letter, out in lower.items()}
    table.update({ord(letter.upper()): _title(out) for letter, out in lower.items()})
    return table


@cache
def _letter_class(upper: bool) -> str:
    """A regex character class of every upper-case (or lower-case) character of the BMP."""
    test = str.isupper if upper else str.islower
    ranges: list[tuple[int, int]] = []
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF or not test(chr(code)):
            continue
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    parts = (re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)
    return "[" + "".join(parts) + "]"


def multi_letter_capitals(lower: Mapping[str, str]) -> str:
    """Regex matching a capital with a multi-letter romanisation that is not followed by a lower-case letter.

    These are the only capitals whose case depends on context (the table gives the title case).
    """
    capitals = "".join(sorted(k.upper() for k, v in lower.items() if sum(c.isalpha() for c in v) > 1))
    return f"[{capitals}](?!{_letter_class(False)})"


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _convert(
    text: str, table: Mapping[int, str], pattern: re.Pattern[str] | None, repl: Callable[[re.Match[str]], str]
) -> str:
    """Context rules first (regex on the untouched source), then the letter table, then NFC."""
    text = _nfc(text)
    if pattern is not None:
        text = pattern.sub(repl, text)
    return _nfc(text.translate(table))


# --- ISO 9:1995 ------------------------------------------------------------------------------


@cache
def _iso9_tables() -> tuple[dict[int, str], dict[int, str]]:
    forward = translation_table(_ISO9)
    back: dict[int, str] = {}
    for letter, out in _ISO9.items():
        if out not in "ʹʺ":  # the caseless signs go back by context (see _sign_case)
            back[ord(out)] = letter
            back[ord(out.upper())] = letter.upper()
    return forward, back


def to_iso9(text: str) -> str:
    """Transliterate Russian Cyrillic by ISO 9:1995 (System A of GOST 7.79-2000), one letter for one.

    >>> to_iso9("Азербайджан, Ильхам Алиев, Санкт-Петербург")
    'Azerbajdžan, Ilʹham Aliev, Sankt-Peterburg'
    >>> to_iso9("Ёлка, ЩИТ: 巴库 Baku 2024, Һејдәр")  # Han, Latin, digits, Azerbaijani letters pass
    'Ëlka, ŜIT: 巴库 Baku 2024, Һeјdәr'
    """
    return _nfc(_nfc(text).translate(_iso9_tables()[0]))


def _sign_is_upper(text: str, start: int, end: int) -> bool:
    """A caseless sign is a capital when the letter before is upper-case and the one after is not lower."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    return before.isupper() and not after.islower()


def _iso9_sign(match: re.Match[str]) -> str:
    sign = "ъ" if match.group() == "ʺ" else "ь"
    return sign.upper() if _sign_is_upper(match.string, match.start(), match.end()) else sign


_ISO9_SIGNS = re.compile("[ʹʺ]")


def from_iso9(text: str) -> str:
    """Back from ISO 9:1995 to Russian Cyrillic; Latin letters outside the table (q, w, x) pass through.

    >>> from_iso9("Azerbajdžan, OBʺEKT, obʺekt, Ilʹham")
    'Азербайджан, ОБЪЕКТ, объект, Ильхам'
    """
    return _nfc(_ISO9_SIGNS.sub(_iso9_sign, _nfc(text)).translate(_iso9_tables()[1]))


# --- GOST 7.79-2000 System B -----------------------------------------------------------------


@cache
def _gost_forward() -> tuple[dict[int, str], re.Pattern[str]]:
    pattern = re.compile(f"[цЦ]|{multi_letter_capitals(_GOST_B)}")
    return translation_table(_GOST_B), pattern


def _gost_letter(match: re.Match[str]) -> str:
    text, i = match.string, match.start()
    lower = text[i].lower()
    out = _GOST_B[lower]
    if lower == "ц" and i + 1 < len(text) and text[i + 1].lower() in _GOST_C_BEFORE:
        out = "c"
    return cased(out, text, i)


def to_gost_b(text: str) -> str:
    """Transliterate Russian by GOST 7.79-2000 System B (ASCII letter combinations, reversible).

    >>> to_gost_b("Щукин, Цюрих, центр, цапля, объём, ЦАРЬ")
    'Shhukin, Cyurix, centr, czaplya, ob``yom, CZAR`'
    """
    table, pattern = _gost_forward()
    return _convert(text, table, pattern, _gost_letter)


@cache
def _gost_back() -> tuple[dict[int, str], re.Pattern[str], dict[str, str]]:
    singles: dict[int, str] = {}
    multi: dict[str, str] = {}
    for letter, out in _GOST_B.items():
        if len(out) == 1 and out.isalpha():
            singles[ord(out)] = letter
            singles[ord(out.upper())] = letter.upper()
        else:
            multi[out] = letter
    multi["c"] = "ц"  # before i, e, y, j
    letters = sorted((k for k in multi if k.isalpha() or k[0].isalpha()), key=len, reverse=True)
    alternatives = [re.escape(k) for k in letters if k != "c"] + ["c(?=[iejy])"]
    pattern = re.compile("(?i:" + "|".join(alternatives) + ")|``|`")
    return singles, pattern, multi


def _gost_back_letter(match: re.Match[str]) -> str:
    found = match.group()
    letter = _gost_back()[2][found.lower()]
    if found[0] == "`":
        upper = _sign_is_upper(match.string, match.start(), match.end())
    else:
        upper = found[0].isupper()
    return letter.upper() if upper else letter


def from_gost_b(text: str) -> str:
    """Back from GOST 7.79-2000 System B to Russian Cyrillic (longest match first: ``shh`` before ``sh``).

    >>> from_gost_b("Shhukin, Cyurix, centr, czaplya, ob``yom, CZAR`")
    'Щукин, Цюрих, центр, цапля, объём, ЦАРЬ'
    """
    singles, pattern, _ = _gost_back()
    return _nfc(pattern.sub(_gost_back_letter, _nfc(text)).translate(singles))


# --- BGN/PCGN 1947 ---------------------------------------------------------------------------


@cache
def _bgn_forward(middle_dot: bool) -> tuple[dict[int, str], re.Pattern[str]]:
    consonants = "".join(sorted(CONSONANTS - {"й"}))
    consonants += consonants.upper()
    # е/ё not after a consonant other than й: word-initial, or after a vowel, й, ъ, ь (_bgn_letter decides).
    alternatives = [f"[еЕёЁ](?<![{consonants}][еЕёЁ])", multi_letter_capitals(_BGN)]
    if middle_dot:
        alternatives += ["[йЙыЫ](?=[аАуУыЫэЭ])", "[ыЫэЭ]", "[тТ](?=[сС])", "[шШ](?=[чЧ])"]
    return translation_table(_BGN), re.compile("|".join(alternatives))


def _bgn_letter(match: re.Match[str], middle_dot: bool) -> str:
    text, i = match.string, match.start()
    lower = text[i].lower()
    before = text[i - 1].lower() if i > 0 else ""
    after = text[i + 1].lower() if i + 1 < len(text) else ""
    out = _BGN[lower]
    if lower in "её" and (not before.isalpha() or before in _BGN_YE_AFTER):
        out = "y" + out
    if middle_dot:
        if lower in "йы" and after in _BGN_DOT_BEFORE:
            out += "·"
        if (lower == "ы" and before in VOWELS) or (lower == "э" and before in _BGN_CONSONANTS_FOR_E):
            out = "·" + out
        elif (lower, after) in (("т", "с"), ("ш", "ч")):
            out += "·"
    return cased(out, text, i)


def to_bgn_pcgn(text: str, *, middle_dot: bool = False) -> str:
    """Romanise Russian by the BGN/PCGN 1947 system (not reversible).

    ``е``/``ё`` are ``ye``/``yë`` word-initially and after a vowel, ``й``, ``ъ`` or ``ь`` (notes 1-2);
    ``ий``/``ый`` are simply ``iy``/``yy`` (the standard has no ending rule). With ``middle_dot``,
    note 3's optional ``·`` separates the unusual sequences ``тс, шч``, ``й``/``ы`` before ``а у ы
    э``, ``ы`` after a vowel and ``э`` after a consonant.

    >>> to_bgn_pcgn("Азербайджан, Ильхам Алиев, Грозный, объезд")
    'Azerbaydzhan, Il’kham Aliyev, Groznyy, ob”yezd'
    >>> to_bgn_pcgn("Вяртсиля, Улан-Удэ", middle_dot=True)
    'Vyart·silya, Ulan-Ud·e'
    """
    table, pattern = _bgn_forward(middle_dot)
    return _convert(text, table, pattern, lambda m: _bgn_letter(m, middle_dot))


# --- ICAO Doc 9303 ---------------------------------------------------------------------------


@cache
def _icao_forward() -> tuple[dict[int, str], re.Pattern[str]]:
    return translation_table(_ICAO), re.compile(multi_letter_capitals(_ICAO))


def _icao_letter(match: re.Match[str]) -> str:
    return cased(_ICAO[match.group().lower()], match.string, match.start())


def to_icao(text: str) -> str:
    """Transliterate Russian by ICAO Doc 9303 Part 3 (Russian passports since 2013; not reversible).

    >>> to_icao("Азербайджан, Ильхам Алиев, Юрий, ЩУКИН, объезд")
    'Azerbaidzhan, Ilkham Aliev, Iurii, SHCHUKIN, obieezd'
    """
    table, pattern = _icao_forward()
    return _convert(text, table, pattern, _icao_letter)
