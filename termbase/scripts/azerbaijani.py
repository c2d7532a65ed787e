"""Azerbaijani Latin (az-Latn, 1991) ↔ Cyrillic (az-Cyrl, the 1958–1991 alphabet).

The 32 letters correspond one to one, so Latin → Cyrillic → Latin is the identity on any text, and
Cyrillic → Latin → Cyrillic on any text written with the 32 native Cyrillic letters. The pairs to
mind are ``Y y ↔ Ј ј``, ``J j ↔ Ж ж``, ``İ i ↔ И и``, ``I ı ↔ Ы ы``, ``Q q ↔ Г г``,
``G g ↔ Ҝ ҝ``, ``C c ↔ Ҹ ҹ`` and ``H h ↔ Һ һ``.

>>> to_cyrillic("İlham Əliyev, Bakı, Xocalı")
'Илһам Әлијев, Бакы, Хоҹалы'
>>> to_latin("Һејдәр Әлијев, Азәрбајҹан")
'Heydər Əliyev, Azərbaycan'

Source of the table: BGN/PCGN, "Azerbaijani, Table of correspondences Cyrillic-Roman, BGN/PCGN 1993
Agreement" (PCGN, checked April 2020): letters 1-32 and the apostrophe ’ (33), which is kept.

Russian letters outside the 1958 alphabet (loanwords, Russian names quoted in az-Cyrl text) are
romanised on the way to Latin as the pre-1958 Azerbaijani Cyrillic alphabet had them: ``я → ya``,
``ю → yu``, ``ё → yo``, ``й → y``, ``э → e``, ``ц → ts`` (the table of both Cyrillic alphabets at
rendszam.guru/romanization/azeri_cyrillic.html; BGN/PCGN 1993 note 2 agrees on ``ю yu, я ya`` and
marks the obsolete ``й, э`` as ``ẏ, ė``, which are not Azerbaijani letters). ``щ → şç`` (Russian
``щ`` = ``ш`` + ``ч``, spelled with their Azerbaijani letters; no table found for it); ``ъ, ь`` are
dropped, as the Latin alphabet has no such sign (they are absent from both tables), except before
``е``, where Russian spelling uses them for the sound y: ``объект → obyekt``, the Azerbaijani
spelling of the word. Case goes through :mod:`termbase.casing` (``И → İ``, ``Ы → I``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from termbase.casing import turkic_upper
from termbase.scripts.russian import cased, multi_letter_capitals

__all__ = ["CYRILLIC_LETTERS", "LATIN_LETTERS", "to_cyrillic", "to_latin"]

# BGN/PCGN 1993 table, in Latin alphabetical order (a b c ç d e ə f g ğ h x ı i j k q l m n o ö p r s ş t
# u ü v y z) and the Cyrillic letter of each.
LATIN_LETTERS = "abcçdeəfgğhxıijkqlmnoöprsştuüvyz"
CYRILLIC_LETTERS = "абҹчдеәфҝғһхыижкглмноөпрсштуүвјз"

# Russian letters outside the 1958 alphabet, to Latin (see the module docstring for sources).
_LOANS = {"я": "ya", "ю": "yu", "ё": "yo", "й": "y", "э": "e", "ц": "ts", "щ": "şç", "ъ": "", "ь": ""}


@cache
def _tables() -> tuple[dict[int, str], dict[int, str], re.Pattern[str]]:
    to_cyr: dict[int, str] = {}
    to_lat: dict[int, str] = {}
    for latin, cyrillic in zip(LATIN_LETTERS, CYRILLIC_LETTERS, strict=True):
        latin_upper, cyrillic_upper = turkic_upper(latin), cyrillic.upper()
        to_cyr[ord(latin)], to_cyr[ord(latin_upper)] = cyrillic, cyrillic_upper
        to_lat[ord(cyrillic)], to_lat[ord(cyrillic_upper)] = latin, latin_upper
    for cyrillic, latin in _LOANS.items():
        to_lat[ord(cyrillic)] = latin
        to_lat[ord(cyrillic.upper())] = turkic_upper(latin[:1]) + latin[1:]
    # A capital loan letter needs its context (ЯЛТА → YALTA, Ялта → Yalta) unless a lower-case letter follows.
    # ъ, ь before е are the sound y in Russian spelling (объект → obyekt, as Azerbaijani spells the word).
    return to_cyr, to_lat, re.compile(f"[ъЪьЬ](?=[еЕ])|{multi_letter_capitals(_LOANS)}")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def to_cyrillic(text: str) -> str:
    """Azerbaijani Latin → Cyrillic, letter for letter; other characters pass through.

    >>> to_cyrillic("AZƏRBAYCAN RESPUBLİKASI, Qəbələ, Gəncə, İsmayıllı")
    'АЗӘРБАЈҸАН РЕСПУБЛИКАСЫ, Гәбәлә, Ҝәнҹә, Исмајыллы'
    >>> to_cyrillic("Bakı 巴库 Баку 1991")
    'Бакы 巴库 Баку 1991'
    """
    return _nfc(_nfc(text).translate(_tables()[0]))


def _loan(match: re.Match[str]) -> str:
    letter = match.group()
    if letter in "ъЪьЬ":  # before е
        return "Y" if match.string[match.end()] == "Е" else "y"
    # The loan romanisations hold no i or ı, so plain upper-casing in cased() is the Turkic one.
    return cased(_LOANS[letter.lower()], match.string, match.start())


def to_latin(text: str) -> str:
    """Azerbaijani Cyrillic → Latin; Russian loan letters romanised, other characters pass through.

    >>> to_latin("АЗӘРБАЈҸАН РЕСПУБЛИКАСЫ, Гәбәлә, Ҝәнҹә, Исмајыллы")
    'AZƏRBAYCAN RESPUBLİKASI, Qəbələ, Gəncə, İsmayıllı'
    >>> to_latin("Ялта, ЯЛТА, Цхинвали, объект, Бакы Bakı")
    'Yalta, YALTA, Tsxinvali, obyekt, Bakı Bakı'
    """
    to_lat, pattern = _tables()[1], _tables()[2]
    text = _nfc(text)
    text = pattern.sub(_loan, text)
    return _nfc(text.translate(to_lat))
