"""BCP 47 language tags: the eight termbase knows, any other CLDR language, and their names.

Canonical tags are ``zh-Hans``, ``zh-Hant``, ``zh-Hant-TW``, ``zh-Hant-HK``, ``ru``,
``az-Latn``, ``az-Cyrl`` and ``en``. What people type normalises to them; Simplified and
Traditional Chinese are never swapped: ``zh-Hans-TW`` stays Simplified, ``zh-TW`` is
Traditional because that is what the region writes.

>>> [normalize_tag(t) for t in ("zh", "zh-CN", "zh_TW", "ZH-hk", "az", "az-latn", "RU")]
['zh-Hans', 'zh-Hans', 'zh-Hant-TW', 'zh-Hant-HK', 'az-Latn', 'az-Latn', 'ru']
>>> normalize_tag("xx")
Traceback (most recent call last):
...
termbase.errors.UsageError: unknown language tag 'xx'; known: zh-Hans, zh-Hant, zh-Hant-TW, zh-Hant-HK, ru, az-Latn, az-Cyrl, en, or any BCP 47 tag of a CLDR language (tr, de-AT, ka, uk …)
>>> normalize_tag("tr-tr"), normalize_tag("uk")
('tr-TR', 'uk')
>>> normalize_foreign_tag("EN-US"), normalize_foreign_tag("de-AT")
('en', 'de-AT')
>>> language_name("az-Latn", "zh")
'阿塞拜疆语 (拉丁文)'
"""

from __future__ import annotations

import re
from functools import cache

from termbase.errors import UsageError

__all__ = [
    "KNOWN_TAGS",
    "canonical_tag",
    "display_language",
    "is_chinese",
    "language_name",
    "language_names",
    "normalize_foreign_tag",
    "normalize_tag",
]

KNOWN_TAGS: tuple[str, ...] = (
    "zh-Hans",
    "zh-Hant",
    "zh-Hant-TW",
    "zh-Hant-HK",
    "ru",
    "az-Latn",
    "az-Cyrl",
    "en",
)

# The languages names are shown in (``termbase langs --in``), as Babel locales.
DISPLAY_LOCALES: dict[str, str] = {"zh": "zh_Hans", "ru": "ru", "az": "az", "en": "en"}

_BY_FOLDED = {t.casefold(): t for t in KNOWN_TAGS}
_TAG_SHAPE = re.compile(r"^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$")
_TRADITIONAL_REGIONS = {"tw": "zh-Hant-TW", "hk": "zh-Hant-HK", "mo": "zh-Hant-HK"}
_SIMPLIFIED_REGIONS = {"cn", "sg", "my"}


def _subtags(tag: str) -> list[str]:
    return [s for s in tag.strip().replace("_", "-").split("-") if s]


def _known(tag: str) -> str | None:
    """The canonical tag for ``tag`` if it names one of the known languages, else None."""
    folded = "-".join(_subtags(tag)).casefold()
    if folded in _BY_FOLDED:
        return _BY_FOLDED[folded]
    parts = folded.split("-")
    language, rest = parts[0], parts[1:]
    script = next((p for p in rest if len(p) == 4 and p.isalpha()), None)
    region = next((p for p in rest if len(p) == 2 or (len(p) == 3 and p.isdigit())), None)
    if language in {"zh", "zho", "chi", "cmn"}:
        if script == "hans":
            return "zh-Hans"
        if script == "hant":
            return _TRADITIONAL_REGIONS.get(region or "", "zh-Hant")
        if script is not None:
            return None
        if region in _TRADITIONAL_REGIONS:
            return _TRADITIONAL_REGIONS[region]
        if region is None or region in _SIMPLIFIED_REGIONS:
            return "zh-Hans"
        return None
    if language in {"ru", "rus"}:
        return "ru" if script in (None, "cyrl") else None
    if language in {"az", "aze", "azj"}:
        if script == "cyrl":
            return "az-Cyrl"
        return "az-Latn" if script in (None, "latn") else None
    if language in {"en", "eng"}:
        return "en" if script in (None, "latn") else None
    return None


def _refusal(tag: str) -> UsageError:
    """The one message for a tag termbase refuses, wherever it was typed."""
    return UsageError(
        f"unknown language tag {tag!r}; known: {', '.join(KNOWN_TAGS)}, "
        "or any BCP 47 tag of a CLDR language (tr, de-AT, ka, uk …)"
    )


@cache
def _cldr_codes() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """CLDR's language, script and territory codes (from Babel's English display names)."""
    from babel import Locale  # heavy: only for tags outside the known eight

    english = Locale("en")
    codes = [str(code) for code in english.languages]
    languages = frozenset(code for code in codes if "_" not in code) - {"und", "root"}
    return languages, frozenset(map(str, english.scripts)), frozenset(map(str, english.territories))


def _cldr_tag(tag: str) -> str | None:
    """``tag`` in canonical case if each subtag is a CLDR code (language, script, region,
    variants), else None. Languages termbase knows are not taken here (see :func:`_known`)."""
    parts = _subtags(tag)
    if not parts or not _TAG_SHAPE.match("-".join(parts)):
        return None
    language, rest = parts[0].lower(), parts[1:]
    if language in {"zh", "zho", "chi", "cmn", "ru", "rus", "az", "aze", "azj", "en", "eng"}:
        return None  # a script or region of a known language that termbase does not keep apart
    languages, scripts, regions = _cldr_codes()
    if language not in languages:
        return None
    out = [language]
    stage = 0  # 1 after a script, 2 after a region
    for part in rest:
        if stage == 0 and len(part) == 4 and part.isalpha():
            if part.title() not in scripts:
                return None
            out.append(part.title())
            stage = 1
        elif stage <= 1 and ((len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit())):
            if part.upper() not in regions:
                return None
            out.append(part.upper())
            stage = 2
        elif (5 <= len(part) <= 8 and part.isalnum()) or (len(part) == 4 and part[0].isdigit()):
            out.append(part.lower())  # a variant (1996, fonipa …)
            stage = 2
        else:
            return None
    return "-".join(out)


def normalize_tag(tag: str) -> str:
    """The canonical tag for what a user typed, or a one-line :class:`UsageError`.

    Regions termbase does not distinguish fold away (``ru-RU`` → ``ru``); a script
    subtag is never dropped or swapped. Any other language is accepted when CLDR (through
    Babel) knows its language, script and region codes, and written in canonical case.

    >>> normalize_tag("zh-Hant"), normalize_tag("zh-Hans-HK"), normalize_tag("az-Cyrl-AZ")
    ('zh-Hant', 'zh-Hans', 'az-Cyrl')
    >>> normalize_tag("TR"), normalize_tag("de_at"), normalize_tag("sr-latn-rs"), normalize_tag("ka")
    ('tr', 'de-AT', 'sr-Latn-RS', 'ka')
    >>> normalize_tag("XA")
    Traceback (most recent call last):
    ...
    termbase.errors.UsageError: unknown language tag 'XA'; known: zh-Hans, zh-Hant, zh-Hant-TW, zh-Hant-HK, ru, az-Latn, az-Cyrl, en, or any BCP 47 tag of a CLDR language (tr, de-AT, ka, uk …)
    """
    found = _known(tag)
    if found is None:
        found = _cldr_tag(tag)
    if found is None:
        raise _refusal(tag)
    return found


@cache
def canonical_tag(tag: str) -> str:
    """:func:`normalize_tag` of ``tag``, or ``tag`` itself when termbase refuses it (what a
    :class:`~termbase.model.Term` stores: importers keep tags they report as unknown).

    >>> canonical_tag("RU"), canonical_tag("zh_TW"), canonical_tag("tr-tr"), canonical_tag("x-klingon")
    ('ru', 'zh-Hant-TW', 'tr-TR', 'x-klingon')
    """
    try:
        return normalize_tag(tag)
    except UsageError:
        return tag


def normalize_foreign_tag(tag: str) -> str:
    """The canonical tag if ``tag`` names a known language, else ``tag`` as well-formed BCP 47.

    Used by importers, which keep languages termbase does not know and report them.

    >>> normalize_foreign_tag("zh-tw"), normalize_foreign_tag("DE-de"), normalize_foreign_tag("sr-latn-rs")
    ('zh-Hant-TW', 'de-DE', 'sr-Latn-RS')
    """
    found = _known(tag) or _cldr_tag(tag)
    if found is not None:
        return found
    parts = _subtags(tag)
    if not parts or not _TAG_SHAPE.match("-".join(parts)):
        raise UsageError(f"malformed language tag {tag!r}")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif len(part) == 2 and part.isalpha():
            out.append(part.upper())
        else:
            out.append(part.lower())
    return "-".join(out)


def is_chinese(tag: str) -> bool:
    """Whether a (canonical) language tag is Chinese: ``zh`` or any ``zh-…`` tag (not Zhuang, ``zha``).

    The one Chinese-tag test; ``termbase.scripts.chinese.is_chinese_tag`` is this function.

    >>> is_chinese("zh-Hant-TW"), is_chinese("zh"), is_chinese("zha"), is_chinese("ru")
    (True, True, False, False)
    """
    return tag == "zh" or tag.startswith("zh-")


def display_language(display: str) -> str:
    """The language names are shown in, of what a user typed (``zh-Hant`` → ``zh``), or a UsageError.

    >>> display_language("ru_RU")
    'ru'
    """
    primary = _subtags(display)[0].lower() if _subtags(display) else ""
    if primary not in DISPLAY_LOCALES:
        raise UsageError(f"unknown display language {display!r}; known: {', '.join(DISPLAY_LOCALES)}")
    return primary


def _babel_locale(display: str) -> str:
    return DISPLAY_LOCALES[display_language(display)]


@cache
def language_name(tag: str, display: str = "en") -> str:
    """The CLDR name of ``tag`` in language ``display`` (zh, ru, az or en), from Babel.

    >>> language_name("ru", "zh"), language_name("zh-Hant-TW", "en")
    ('俄语', 'Chinese (Traditional, Taiwan)')
    """
    from babel import Locale  # heavy: only where names are shown

    locale = Locale.parse(_babel_locale(display))
    parsed = Locale.parse(tag.replace("-", "_"))
    name: str = parsed.get_display_name(locale) or tag
    return name


def language_names(display: str = "en") -> dict[str, str]:
    """Every known tag with its CLDR name in ``display`` (what ``termbase langs`` lists).

    >>> language_names("en")["az-Cyrl"]
    'Azerbaijani (Cyrillic)'
    """
    return {tag: language_name(tag, display) for tag in KNOWN_TAGS}
