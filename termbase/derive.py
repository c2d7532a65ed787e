"""Forms derived from a concept's stored terms through the script conversions.

Which schemes apply depends on a term's language: Simplified Chinese gets its
Traditional, Taiwan and Hong Kong forms (schemes ``zh-Hant-name``, ``zh-Hant-TW-name``,
``zh-Hant-HK-name``: character by character over OpenCC's data, so that names are never
rewritten as vocabulary) and its romanisations; Traditional Chinese its Simplified form
(``zh-Hans-name``); Russian its four romanisations; Azerbaijani its other script.

Curated terms win: a regional form is derived only for a concept that has no curated
term in that region's tag (the glossary's 亞塞拜然 stands, no 阿塞拜疆 is derived for
Taiwan). Derived forms are computed when a termbase is built or changed, never when it
is searched.

>>> from collections.abc import Sequence

from termbase.model import Concept, Term
>>> baku = Concept("baku", "city", [Term("Баку", "ru"), Term("Bakı", "az-Latn")])
>>> derived_forms(baku)["az-Cyrl"], derived_forms(baku)["bgn-pcgn"]
(['Бакы'], ['Baku'])
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence

from termbase.model import Concept, Term
from termbase.scripts import Scheme, scheme

__all__ = [
    "DerivedForm",
    "derive",
    "derive_many",
    "derive_terms",
    "derive_texts",
    "derived_forms",
    "derived_scheme",
    "schemes_for",
]

_CHINESE_ROMANISATIONS = ("pinyin", "pinyin-numbers", "pinyin-plain", "zhuyin", "wade-giles", "palladius")

# Source language → the schemes whose forms are derived from its terms.
_SCHEMES_BY_LANG: dict[str, tuple[str, ...]] = {
    "zh-Hans": ("zh-Hant-name", "zh-Hant-TW-name", "zh-Hant-HK-name", *_CHINESE_ROMANISATIONS),
    "zh-Hant": ("zh-Hans-name",),
    "zh-Hant-TW": ("zh-Hans-name",),
    "zh-Hant-HK": ("zh-Hans-name",),
    "ru": ("iso9", "gost-b", "bgn-pcgn", "icao"),
    "az-Latn": ("az-Cyrl",),
    "az-Cyrl": ("az-Latn",),
}

DerivedForm = tuple[str, str, str]  # (scheme name, output language tag, text)


def derived_scheme(name: str) -> str:
    """The derived-form scheme a user means by ``name``: itself, or its name-safe twin.

    Derived Chinese script forms are made character by character (``zh-Hant-TW-name``), so
    asking for the derived ``zh-Hant-TW`` forms means those; a scheme no derived form uses
    is a :class:`~termbase.errors.UsageError` naming the ones that are.

    >>> derived_scheme("zh-Hant-TW"), derived_scheme("iso9")
    ('zh-Hant-TW-name', 'iso9')
    >>> derived_scheme("s2tw")
    Traceback (most recent call last):
    ...
    termbase.errors.UsageError: no derived forms use scheme 's2tw'; derived schemes: az-Cyrl, az-Latn, bgn-pcgn, gost-b, icao, iso9, palladius, pinyin, pinyin-numbers, pinyin-plain, wade-giles, zh-Hans-name, zh-Hant-HK-name, zh-Hant-TW-name, zh-Hant-name, zhuyin
    """
    known = {name for names in _SCHEMES_BY_LANG.values() for name in names}
    resolved = scheme(name).name
    for candidate in (resolved, f"{resolved}-name"):
        if candidate in known:
            return candidate
    from termbase.errors import UsageError

    raise UsageError(f"no derived forms use scheme {name!r}; derived schemes: {', '.join(sorted(known))}")


def schemes_for(lang: str) -> tuple[str, ...]:
    """The schemes derived from terms of ``lang``.

    >>> schemes_for("ru")
    ('iso9', 'gost-b', 'bgn-pcgn', 'icao')
    """
    return _SCHEMES_BY_LANG.get(lang, ())


_Converter = tuple[str, str, Callable[[str], str]]
_CONVERTERS: dict[str, tuple[_Converter, ...]] = {}


def _function(conversion: Scheme) -> Callable[[str], str]:
    """The function that does ``conversion``'s work, called directly (a :class:`Scheme` call
    looks the function up again each time)."""
    if conversion.source_aware:
        return conversion
    module, _, name = conversion.function.partition(":")
    function: Callable[[str], str] = getattr(importlib.import_module(f"termbase.scripts.{module}"), name)
    return function


def _converters(lang: str) -> tuple[_Converter, ...]:
    """(scheme name, output tag, conversion) of every scheme derived from terms of ``lang``, resolved once."""
    found = _CONVERTERS.get(lang)
    if found is None:
        found = _CONVERTERS[lang] = tuple(
            (name, scheme(name).tag, _function(scheme(name))) for name in schemes_for(lang)
        )
    return found


def derive(concept: Concept) -> list[tuple[Term, DerivedForm]]:
    """Every derived form of ``concept`` with the stored term it comes from, without duplicates."""
    return derive_many([concept])[0]


def derive_many(concepts: Sequence[Concept]) -> list[list[tuple[Term, DerivedForm]]]:
    """:func:`derive` of each concept, each scheme run once per distinct text of the batch.

        Names repeat across a large glossary (surnames, the parts of place names); each conversion
        is a function of its text alone, so a text is converted once, whichever concepts hold it.

        >>> from collections.abc import Sequence

    from termbase.model import Concept, Term
        >>> pair = [Concept(c, "city", [Term("Баку", "ru")]) for c in ("a", "b")]
        >>> [[text for _, (_, _, text) in forms][:2] for forms in derive_many(pair)]
        [['Baku', 'Baku'], ['Baku', 'Baku']]
    """
    return derive_terms([concept.terms() for concept in concepts])


def derive_terms(term_lists: Sequence[Sequence[Term]]) -> list[list[tuple[Term, DerivedForm]]]:
    """:func:`derive_many` of concepts given by their terms alone.

    >>> derive_terms([[Term("Баку", "ru")]])[0][0][1]
    ('iso9', 'ru-Latn-t-ru-m0-iso', 'Baku')
    """
    found = derive_texts([[(t.lang, t.text) for t in terms] for terms in term_lists])
    return [[(terms[i], form) for i, form in forms] for terms, forms in zip(term_lists, found, strict=True)]


def derive_texts(term_lists: Sequence[Sequence[tuple[str, ...]]]) -> list[list[tuple[int, DerivedForm]]]:
    """:func:`derive_terms` of terms given as tuples starting (language, text, …) (what a helper
    process is sent: plain tuples pickle at a tenth of the cost of :class:`Term` s); each form
    with the index of its term in its list.

    >>> derive_texts([[("en", "Baku"), ("ru", "Баку")]])[0][0]
    (1, ('iso9', 'ru-Latn-t-ru-m0-iso', 'Baku'))
    """
    converted: dict[str, dict[str, str]] = {}  # scheme name → {text: its form}
    out: list[list[tuple[int, DerivedForm]]] = []
    for terms in term_lists:
        curated_tags = {term[0] for term in terms}
        seen: set[tuple[str, str]] = {(term[0], term[1]) for term in terms}
        forms: list[tuple[int, DerivedForm]] = []
        for index, term in enumerate(terms):
            source = term[1]
            for name, tag, convert in _converters(term[0]):
                if tag in curated_tags:
                    continue
                done = converted.get(name)
                if done is None:
                    done = converted[name] = {}
                text = done.get(source)
                if text is None:
                    text = done[source] = convert(source)
                if not text or text.isspace() or (tag, text) in seen:
                    continue
                seen.add((tag, text))
                forms.append((index, (name, tag, text)))
        out.append(forms)
    return out


def derived_forms(concept: Concept) -> dict[str, list[str]]:
    """Scheme name → the forms derived for ``concept``, in term order."""
    out: dict[str, list[str]] = {}
    for _term, (name, _tag, text) in derive(concept):
        out.setdefault(name, []).append(text)
    return out
