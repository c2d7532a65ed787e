"""BCP 47 language tags: the eight termbase knows, what users type for them, and their names.

Canonical tags are ``zh-Hans``, ``zh-Hant``, ``zh-Hant-TW``, ``zh-Hant-HK``, ``ru``,
``az-Latn``, ``az-Cyrl`` and ``en``. What people type normalises to them; Simplified and
Traditional Chinese are never swapped: ``zh-Hans-TW`` stays Simplified, ``zh-TW`` is
Traditional because that is what the region writes.

>>> [normalize_tag(t) for t in ("zh", "zh-CN", "zh_TW", "ZH-hk", "az", "az-latn", "RU")]
['zh-Hans', 'zh-Hans', 'zh-Hant-TW', 'zh-Hant-HK', 'az-Latn', 'az-Latn', 'ru']
>>> normalize_tag("xx")
Traceback (most recent call last):
...
termbase.errors.UsageError: unknown language tag 'xx'; known: zh-Hans, zh-Hant, zh-Hant-TW, zh-Hant-HK, ru, az-Latn, az-Cyrl, en
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


def normalize_tag(tag: str) -> str:
    """The canonical tag for what a user typed, or a one-line :class:`UsageError`.

    Regions termbase does not distinguish fold away (``ru-RU`` → ``ru``); a script
    subtag is never dropped or swapped.

    >>> normalize_tag("zh-Hant"), normalize_tag("zh-Hans-HK"), normalize_tag("az-Cyrl-AZ")
    ('zh-Hant', 'zh-Hans', 'az-Cyrl')
    """
    found = _known(tag)
    if found is None:
        raise UsageError(f"unknown language tag {tag!r}; known: {', '.join(KNOWN_TAGS)}")
    return found


def normalize_foreign_tag(tag: str) -> str:
    """The canonical tag if ``tag`` names a known language, else ``tag`` as well-formed BCP 47.

    Used by importers, which keep languages termbase does not know and report them.

    >>> normalize_foreign_tag("zh-tw"), normalize_foreign_tag("DE-de"), normalize_foreign_tag("sr-latn-rs")
    ('zh-Hant-TW', 'de-DE', 'sr-Latn-RS')
    """
    found = _known(tag)
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
