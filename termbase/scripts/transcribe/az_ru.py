"""Azerbaijani Latin → Russian: how Russian writes Azerbaijani names (``data/az_ru_rules.tsv``).

>>> [o.text for o in to_russian("Hacıyev")][:1]
['Гаджиев']
>>> [o.text for o in to_russian("Əhmədov")][:1]
['Ахмедов']
>>> [o.text for o in to_russian("Şəmkir")][:1]
['Шамкир']
"""

from __future__ import annotations

from termbase.casing import turkic_lower
from termbase.scripts.transcribe import _data
from termbase.scripts.transcribe._common import ALTERNATIVE, EXCEPTION, TABLE, Option, best, combine

__all__ = ["to_russian"]

VOWELS = frozenset("aeəıioöuü")
_FRONT = frozenset("eəiöü")
LETTERS = frozenset("abcçdeəfgğhxıijkqlmnoöprsştuüvyz")


def _applies(context: str, s: str, i: int, letters: str) -> bool:
    end = i + len(letters)
    after = s[end] if end < len(s) else ""
    if context == "any":
        return True
    if context == "initial":
        return i == 0
    if context == "final":
        return end == len(s)
    if context == "between-vowels":
        return i > 0 and s[i - 1] in VOWELS and after != "" and after in VOWELS
    if context.startswith("after:"):
        return i > 0 and s[i - 1] in context[6:]
    if context == "front-before-consonant":
        return i > 0 and s[i - 1] in _FRONT and (after == "" or after not in VOWELS)
    return False


def _word(word: str) -> list[Option]:
    low = turkic_lower(word)
    exception = _data.az_exceptions().get((low, "ru"))
    if exception:
        return [
            Option(
                exception[0],
                "convention",
                (f"established: {word} → {exception[0]} ({exception[1]})",),
                EXCEPTION,
            )
        ]
    if "-" in low.strip("-"):
        return combine([_word(p) for p in word.split("-") if p], "-")
    if not any(c in LETTERS for c in low):
        return [] if not word or any(c.isalpha() for c in low) else [Option(word, "table", (), TABLE)]
    # double consonants once (Məmmədov Мамедов, Mütəllibov Муталибов)
    s = "".join(c for n, c in enumerate(low) if n == 0 or c != low[n - 1] or c in VOWELS)
    rules = _data.az_ru_rules()
    pieces: list[tuple[str, tuple[str, ...]]] = []
    i = 0
    while i < len(s):
        for rule in rules.get(s[i], ()):
            if s.startswith(rule.letters, i) and _applies(rule.context, s, i, rule.letters):
                pieces.append((rule.letters, rule.forms))
                i += len(rule.letters)
                break
        else:
            pieces.append((s[i], (s[i],)))
            i += 1
    steps = tuple(f"rule: {az}→{forms[0]}" for az, forms in pieces)
    capital = word[:1].isupper()

    def cased(text: str) -> str:
        if word.isupper() and len(word) > 1:
            return text.upper()
        return text[:1].upper() + text[1:] if capital else text

    options = [Option(cased("".join(f[0] for _, f in pieces)), "table", steps, TABLE)]
    for n, (az, forms) in enumerate(pieces):
        for alt in forms[1:]:
            text = "".join(alt if m == n else f[0] for m, (_, f) in enumerate(pieces))
            options.append(
                Option(cased(text), "table", (*steps, f"alternative: {az}→{alt}"), TABLE * ALTERNATIVE)
            )
    return best(options)


def to_russian(name: str) -> list[Option]:
    """Russian renderings of an Azerbaijani (Latin) name, best first."""
    words = name.split()
    if not words:
        return []
    whole = _data.az_exceptions().get((turkic_lower(" ".join(words)), "ru"))
    if whole:
        return [
            Option(whole[0], "convention", (f"established: {name} → {whole[0]} ({whole[1]})",), EXCEPTION)
        ]
    return combine([_word(w) for w in words], " ")
