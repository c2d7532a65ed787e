"""One registry of script conversions: ``convert(text, to=SCHEME, source=TAG)``.

Each scheme names the function that does the work as ``module:function``; the module
is imported on first use only, so ``import termbase`` stays light.

>>> convert("Баку", to="iso9")
'Baku'
>>> convert("Bakı", to="az-Cyrl")
'Бакы'
>>> [s.name for s in schemes()][:4]
['zh-Hans', 'zh-Hant', 'zh-Hant-TW', 's2tw']
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from termbase.errors import UsageError

__all__ = ["Scheme", "UnknownSchemeError", "convert", "scheme", "schemes"]

_ZH = ("zh-Hans", "zh-Hant", "zh-Hant-TW", "zh-Hant-HK")


class UnknownSchemeError(UsageError):
    """A scheme name, or a source that a scheme does not convert from."""


@dataclass(frozen=True, slots=True)
class Scheme:
    """A named conversion.

    ``tag`` is the BCP 47 tag its output carries in exports; ``sources`` the language
    tags it converts from; ``function`` the ``module:function`` doing the work;
    ``inverse`` the function back, for reversible schemes; ``example`` a pair
    (input, output) taken from the scheme's standard or a cited source.
    """

    name: str
    tag: str
    sources: tuple[str, ...]
    function: str
    description: str
    example: tuple[str, str]
    inverse: str | None = None
    inverse_tag: str | None = None
    source_aware: bool = False  # the function takes ``source=`` (the input's language tag) too

    def __call__(self, text: str, source: str | None = None) -> str:
        if self.source_aware:
            return _load_with_source(self.function)(text, source)
        return _load(self.function)(text)

    def back(self, text: str) -> str:
        """Convert output of this scheme back to its source script (reversible schemes)."""
        if self.inverse is None:
            raise UnknownSchemeError(f"scheme {self.name!r} is not reversible")
        return _load(self.inverse)(text)


_SCHEMES: tuple[Scheme, ...] = (
    Scheme(
        "zh-Hans",
        "zh-Hans",
        _ZH,
        "chinese:to_simplified",
        "Traditional → Simplified (OpenCC t2s; from zh-Hant-TW tw2sp, from zh-Hant-HK hk2s)",
        ("亞塞拜然", "亚塞拜然"),
        source_aware=True,
    ),
    Scheme(
        "zh-Hant",
        "zh-Hant",
        _ZH,
        "chinese:to_traditional",
        "Simplified → Traditional (OpenCC s2t)",
        ("俄罗斯", "俄羅斯"),
    ),
    Scheme(
        "zh-Hant-TW",
        "zh-Hant-TW",
        _ZH,
        "chinese:to_taiwan",
        "Simplified → Traditional, Taiwan characters and vocabulary (OpenCC s2twp)",
        ("软件", "軟體"),
    ),
    Scheme(
        "s2tw",
        "zh-Hant-TW",
        _ZH,
        "chinese:to_taiwan_characters",
        "Simplified → Traditional, Taiwan characters only (OpenCC s2tw)",
        ("软件", "軟件"),
    ),
    Scheme(
        "zh-Hant-HK",
        "zh-Hant-HK",
        _ZH,
        "chinese:to_hongkong",
        "Simplified → Traditional, Hong Kong characters (OpenCC s2hk)",
        ("里海", "裏海"),
    ),
    Scheme(
        "zh-Hans-name",
        "zh-Hans",
        _ZH,
        "chinese:name_to_simplified",
        "Traditional → Simplified, name-safe: character by character, no vocabulary (derived forms)",
        ("裡海", "里海"),
    ),
    Scheme(
        "zh-Hant-name",
        "zh-Hant",
        _ZH,
        "chinese:name_to_traditional",
        "Simplified → Traditional, name-safe: character by character, no vocabulary (derived forms)",
        ("国际在线", "國際在線"),
    ),
    Scheme(
        "zh-Hant-TW-name",
        "zh-Hant-TW",
        _ZH,
        "chinese:name_to_taiwan",
        "Simplified → Traditional, Taiwan characters, name-safe (derived forms)",
        ("国际在线", "國際在線"),
    ),
    Scheme(
        "zh-Hant-HK-name",
        "zh-Hant-HK",
        _ZH,
        "chinese:name_to_hongkong",
        "Simplified → Traditional, Hong Kong characters, name-safe (derived forms)",
        ("里海", "裏海"),
    ),
    Scheme(
        "pinyin",
        "zh-Latn-pinyin",
        _ZH,
        "pinyin:pinyin",
        "Hanyu Pinyin with tone marks, proper-noun form",
        ("巴库", "Bākù"),
    ),
    Scheme(
        "pinyin-numbers",
        "zh-Latn-pinyin-x-numeric",
        _ZH,
        "pinyin:pinyin_numbers",
        "Hanyu Pinyin with tone numbers",
        ("巴库", "Ba1ku4"),
    ),
    Scheme(
        "pinyin-plain",
        "zh-Latn-pinyin-x-toneless",
        _ZH,
        "pinyin:pinyin_plain",
        "Hanyu Pinyin without tones",
        ("巴库", "Baku"),
    ),
    Scheme("zhuyin", "zh-Bopo", _ZH, "pinyin:zhuyin", "Zhuyin (Bopomofo)", ("巴库", "ㄅㄚ ㄎㄨˋ")),
    Scheme(
        "wade-giles",
        "zh-Latn-wadegile",
        _ZH,
        "pinyin:wade_giles",
        "Wade–Giles with tone superscripts",
        ("巴库", "Pa¹-k'u⁴"),
    ),
    Scheme(
        "palladius",
        "zh-Cyrl-t-zh-x0-palladius",
        _ZH,
        "pinyin:palladius",
        "Palladius Cyrillic system",
        ("巴库", "Баку"),
    ),
    Scheme(
        "iso9",
        "ru-Latn-t-ru-m0-iso",
        ("ru",),
        "russian:to_iso9",
        "ISO 9:1995 (reversible, with diacritics)",
        ("Щукин", "Ŝukin"),
        "russian:from_iso9",
        "ru",
    ),
    Scheme(
        "gost-b",
        "ru-Latn-t-ru-m0-gost",
        ("ru",),
        "russian:to_gost_b",
        "GOST 7.79-2000 System B (ASCII, reversible)",
        ("Щукин", "Shhukin"),
        "russian:from_gost_b",
        "ru",
    ),
    Scheme(
        "bgn-pcgn",
        "ru-Latn-t-ru-m0-bgn",
        ("ru",),
        "russian:to_bgn_pcgn",
        "BGN/PCGN 1947",
        ("Щукин", "Shchukin"),
    ),
    Scheme(
        "icao",
        "ru-Latn-t-ru-x0-icao",
        ("ru",),
        "russian:to_icao",
        "ICAO Doc 9303 (Russian passports)",
        ("Щукин", "Shchukin"),
    ),
    Scheme(
        "az-Cyrl",
        "az-Cyrl",
        ("az-Latn",),
        "azerbaijani:to_cyrillic",
        "Azerbaijani Latin → Cyrillic (1958–1991)",
        ("Bakı", "Бакы"),
        "azerbaijani:to_latin",
        "az-Latn",
    ),
    Scheme(
        "az-Latn",
        "az-Latn",
        ("az-Cyrl",),
        "azerbaijani:to_latin",
        "Azerbaijani Cyrillic → Latin",
        ("Бакы", "Bakı"),
        "azerbaijani:to_cyrillic",
        "az-Cyrl",
    ),
)
_BY_NAME = {s.name.casefold(): s for s in _SCHEMES}


@cache
def _load(target: str) -> Callable[[str], str]:
    module_name, _, function_name = target.partition(":")
    module = importlib.import_module(f"termbase.scripts.{module_name}")
    function: Callable[[str], str] = getattr(module, function_name)
    return function


@cache
def _load_with_source(target: str) -> Callable[[str, str | None], str]:
    module_name, _, function_name = target.partition(":")
    module = importlib.import_module(f"termbase.scripts.{module_name}")
    function: Callable[[str, str | None], str] = getattr(module, function_name)
    return function


def schemes() -> tuple[Scheme, ...]:
    """Every registered scheme, in a fixed order."""
    return _SCHEMES


def scheme(name: str) -> Scheme:
    """The scheme called ``name`` (case-insensitive), or a one-line error listing them all.

    >>> scheme("ISO9").tag
    'ru-Latn-t-ru-m0-iso'
    >>> scheme("klingon")
    Traceback (most recent call last):
    ...
    termbase.scripts.UnknownSchemeError: unknown scheme 'klingon'; known: zh-Hans, zh-Hant, ...
    """
    found = _BY_NAME.get(name.strip().casefold())
    if found is None:
        known = ", ".join(s.name for s in _SCHEMES)
        raise UnknownSchemeError(f"unknown scheme {name!r}; known: {known}")
    return found


def convert(text: str, to: str, source: str | None = None) -> str:
    """Convert ``text`` to scheme ``to``.

    ``source`` is the language tag (or, to go back, the scheme name) of the input.
    A scheme ``to`` given as ``ru`` with ``source`` a reversible scheme's name
    converts back: ``convert("Ŝukin", to="ru", source="iso9")`` → ``'Щукин'``.
    Text in other scripts passes through unchanged. Chinese schemes are OpenCC's profiles
    (``zh-Hans`` from ``zh-Hant-TW`` is ``tw2sp``: vocabulary too); the ``…-name`` schemes
    convert character by character and are the ones derived forms use.

    >>> convert("軟體", to="zh-Hans", source="zh-Hant-TW"), convert("國際線上", to="zh-Hans")
    ('软件', '国际线上')
    >>> convert("国际在线", to="zh-Hant-TW"), convert("国际在线", to="zh-Hant-TW-name")
    ('國際線上', '國際在線')
    """
    if source is not None:
        back = _BY_NAME.get(source.strip().casefold())
        if back is not None and back.inverse is not None and to.strip() == back.inverse_tag:
            return back.back(text)
    target = scheme(to)
    tag = None
    if source is not None:
        from termbase.langtags import normalize_tag

        tag = normalize_tag(source)
        if tag not in target.sources:
            raise UnknownSchemeError(
                f"scheme {target.name!r} converts from {', '.join(target.sources)}, not {tag}"
            )
    return target(text, tag)
