"""Letters of the wrong script inside a name: a Latin ``a`` typed or pasted into a Russian word
(Бaку), a Cyrillic ``ә`` into an Azerbaijani one (Hәsәnov). They look the same and are not; left
alone they end up in the output (布a库) or keep the name from the termbase.

:func:`mend` reads such a letter as its twin in the source language's script, in a word that
already has letters of that script, and says what it read; a word wholly in the other script is
left as it is (Baku is not a misspelt Баку). The twins are Unicode's (``data/lookalikes.tsv``).

>>> mend("Бaку", "ru")
('Баку', ("lookalike: Latin 'a' (U+0061) read as Cyrillic 'а' (U+0430) in 'Бaку'",))
>>> mend("Hәsәnov", "az-Latn")[0]
'Həsənov'
>>> mend("Baku", "ru")
('Baku', ())
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["SCRIPTS", "foreign_letters", "has_letters_of", "mend", "only_han"]

#: What each source language's names are written in (for messages).
SCRIPTS = {"ru": "Cyrillic", "az-Latn": "Azerbaijani Latin"}

_WORD = re.compile(r"[^\W\d_]+")


def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    return "Cyrillic" if name.startswith("CYRILLIC") else "Latin" if name.startswith("LATIN") else ""


def has_letters_of(text: str, source: str) -> bool:
    """Whether ``text`` has a letter of the script ``source``'s names are written in.

    >>> has_letters_of("Baku", "ru"), has_letters_of("Bakı", "az-Latn")
    (False, True)
    """
    want = "Cyrillic" if source == "ru" else "Latin"
    return any(_script(char) == want for char in text)


def foreign_letters(text: str, source: str) -> list[str]:
    """The distinct letters of ``text`` (after :func:`mend`) not in ``source``'s script, in order.

    >>> foreign_letters("Бqкуä", "ru"), foreign_letters("Bаkı", "az-Latn")
    (['q', 'ä'], [])
    """
    own = "Cyrillic" if source == "ru" else "Latin"
    mended, _ = mend(text, source)
    return list(dict.fromkeys(char for char in _letters(mended) if _script(char) != own))


def mend(text: str, source: str) -> tuple[str, tuple[str, ...]]:
    """``text`` with each letter of the other script read as its twin in ``source``'s script, in the
    words that have a letter of that script; with a step for each letter read."""
    from termbase.scripts.transcribe._data import lookalikes

    twins = lookalikes()[source]
    own = "Cyrillic" if source == "ru" else "Latin"
    other = "Latin" if source == "ru" else "Cyrillic"
    steps: list[str] = []

    def word(match: re.Match[str]) -> str:
        found = match.group()
        scripts = {_script(char) for char in found}
        if own not in scripts or other not in scripts:
            return found
        out = []
        for char in found:
            twin = twins.get(char) if _script(char) == other else None
            if twin is None:
                out.append(char)
                continue
            steps.append(
                f"lookalike: {other} {char!r} (U+{ord(char):04X}) read as {own} {twin!r} (U+{ord(twin):04X}) in {found!r}"
            )
            out.append(twin)
        return "".join(out)

    return _WORD.sub(word, text), tuple(steps)


def only_han(text: str) -> bool:
    """Whether every letter of ``text`` is a Han character (digits, dots and hyphens may be there too).

    >>> only_han("苏-27"), only_han("布a库")
    (True, False)
    """
    return all(unicodedata.name(char, "").startswith("CJK") for char in _letters(text))


def _letters(text: str) -> str:
    return "".join(char for char in text if unicodedata.category(char).startswith("L"))
