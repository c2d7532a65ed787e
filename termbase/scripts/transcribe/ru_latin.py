"""Russian → Azerbaijani Latin and Russian → English: letter rules and conventions.

Azerbaijani writes Russian names by its own alphabet (``data/ru_az_rules.tsv``): г q, х x, ж j, ч ç,
ш ş, щ şş, -ий i (Аркадий Arkadi), -ей ey (Андрей Andrey). English uses BGN/PCGN (termbase's
``bgn-pcgn`` scheme) with the conventions of English usage (as in en.wikipedia's titles): no marks
for ь and ъ (Anatolyevich), -iy/-yy at the end of a word written -y (Nizhny Novgorod, Dmitry), -iya
written -ia (Abkhazia), X-на-Y X-on-Y (Rostov-on-Don), and the established English names
(Moscow, Saint Petersburg; ``data/ru_exceptions.tsv``).

>>> [o.text for o in to_azerbaijani("Нижний Новгород")][:1]
['Nijni Novqorod']
>>> [o.text for o in to_azerbaijani("Хрущёв")][:1]
['Xruşşov']
>>> [o.text for o in to_english("Ростов-на-Дону")][:1]
['Rostov-on-Don']
>>> [o.text for o in to_english("Дмитрий Песков")][:1]
['Dmitry Peskov']
"""

from __future__ import annotations

import re

from termbase.casing import turkic_upper
from termbase.scripts.transcribe import _data
from termbase.scripts.transcribe._common import (
    ALTERNATIVE,
    CONVENTION,
    EXCEPTION,
    GIVEN,
    TABLE,
    Option,
    best,
    combine,
)

__all__ = ["to_azerbaijani", "to_english"]

_VOWELS = frozenset("аеёиоуыэюя")
_SIGNS = frozenset("ьъ")
_LETTERS = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")


def _fold(text: str) -> str:
    return text.lower().replace("ё", "е")


def _match_case(source: str, text: str) -> str:
    """``text`` in the case pattern of ``source``: ALL CAPS, Title or lower (Turkic İ for И)."""
    if not text:
        return text
    letters = [c for c in source if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return turkic_upper(text)
    if letters and letters[0].isupper():
        return turkic_upper(text[0]) + text[1:]
    return text


def _rule_applies(context: str, s: str, i: int, letters: str) -> bool:
    end = i + len(letters)
    if context == "any":
        return True
    if context == "initial":
        return i == 0
    if context == "final":
        return end == len(s)
    if context == "after-vowel":
        return i > 0 and (s[i - 1] in _VOWELS or s[i - 1] in _SIGNS)
    if context.startswith("after:"):
        return i > 0 and s[i - 1] in context[6:]
    if context.startswith("before:"):
        return end < len(s) and s[end] in context[7:]
    return False


def _az_word(word: str) -> list[Option]:
    low = word.lower()
    rules = _data.ru_az_rules()
    pieces: list[tuple[str, tuple[str, ...]]] = []
    i = 0
    while i < len(low):
        for rule in rules.get(low[i], ()):
            if low.startswith(rule.letters, i) and _rule_applies(rule.context, low, i, rule.letters):
                pieces.append((rule.letters, rule.forms))
                i += len(rule.letters)
                break
        else:
            pieces.append((low[i], (low[i],)))
            i += 1
    steps = tuple(f"rule: {ru}→{forms[0] or '∅'}" for ru, forms in pieces)
    options = [Option(_match_case(word, "".join(f[0] for _, f in pieces)), "table", steps, TABLE)]
    for n, (ru, forms) in enumerate(pieces):
        for alt in forms[1:]:
            text = "".join(alt if m == n else f[0] for m, (_, f) in enumerate(pieces))
            options.append(
                Option(
                    _match_case(word, text),
                    "table",
                    (*steps, f"alternative: {ru}→{alt}"),
                    TABLE * ALTERNATIVE,
                )
            )
    return options


def _word(word: str, target: str) -> list[Option]:
    """One Russian word (hyphenated parts each by itself) in ``target`` (``az-Latn`` or ``en``)."""
    if "-" in word.strip("-"):
        parts = [p for p in word.split("-") if p]
        if len(parts) == 3 and _fold(parts[1]) == "на" and target == "en":
            river = _river(_fold(parts[2]))
            if river is not None and river.en:
                return [
                    Option(
                        f"{o.text}-on-{river.en}",
                        "convention",
                        (f"X-на-Y → X-on-Y ({river.source})", *o.steps),
                        CONVENTION,
                    )
                    for o in _word(parts[0], target)[:2]
                ]
        return combine([_word(p, target) for p in parts], "-")
    exception = _data.ru_exceptions().get((_fold(word), target))
    if exception:
        return [
            Option(
                exception[0],
                "convention",
                (f"established: {word} → {exception[0]} ({exception[1]})",),
                EXCEPTION,
            )
        ]
    if not any(c in _LETTERS for c in word.lower()):
        return [] if not word or any(c.isalpha() for c in word) else [Option(word, "table", (), TABLE)]
    given = _data.given_names().get(word.lower()) or _data.given_names().get(word.lower().replace("е", "ё"))
    options: list[Option] = []
    form = None if given is None else (given.az if target == "az-Latn" else given.en)
    if given is not None and form:
        options.append(
            Option(_match_case(word, form), "convention", (f"given name: {given.ru} → {form}",), GIVEN)
        )
    if target == "az-Latn":
        options += _az_word(word)
    else:
        options += _en_word(word)
    return best(options)


def _en_word(word: str) -> list[Option]:
    from termbase.scripts import convert

    bgn = convert(word, to="bgn-pcgn")
    options = []
    english = bgn.replace("\u2019", "").replace("\u201d", "")
    english = re.sub(r"(?i)(?<=[a-z])(iy|yy)$", lambda m: "Y" if m.group(0).isupper() else "y", english)
    english = re.sub(r"(?<=[a-z])iya$", "ia", english)
    if english != bgn:
        steps = (f"BGN/PCGN: {bgn}", "English usage: no soft/hard-sign marks, -iy/-yy → -y, -iya → -ia")
        options.append(Option(english, "convention", steps, CONVENTION * TABLE))
    options.append(
        Option(bgn, "table", (f"BGN/PCGN: {word} → {bgn}",), TABLE * (ALTERNATIVE if options else 1))
    )
    return options


def _river(folded: str) -> _data.Convention | None:
    rivers = _data.conventions()["river"]
    for stem in (folded, folded[:-1], folded[:-1] + "а", folded[:-1] + "ь"):
        if stem in rivers:
            return rivers[stem]
    return None


def _name(name: str, target: str) -> list[Option]:
    words = name.split()
    if not words:
        return []
    whole = _data.ru_exceptions().get((_fold(" ".join(words)), target))
    if whole:
        return [
            Option(whole[0], "convention", (f"established: {name} → {whole[0]} ({whole[1]})",), EXCEPTION)
        ]
    return combine([_word(w, target) for w in words], " ")


def to_azerbaijani(name: str) -> list[Option]:
    """Azerbaijani Latin renderings of a Russian name, best first."""
    return _name(name, "az-Latn")


def to_english(name: str) -> list[Option]:
    """English renderings of a Russian name, best first."""
    return _name(name, "en")
