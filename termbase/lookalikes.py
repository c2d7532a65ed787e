"""Letters of the wrong script inside a name: a Latin ``a`` typed or pasted into a Russian word
(Бaку), a Cyrillic ``ә`` into an Azerbaijani one (Hәsәnov). They look the same and are not; left
alone they end up in a transcription (布a库) or keep a lookup from finding the name.

:func:`mend` reads such a letter as its twin in the source language's script, in a word that
already has letters of that script, and says what it read; a word wholly in the other script is
left as it is (Baku is not a misspelt Баку). The twins are Unicode's (``data/lookalikes.tsv``:
the Latin and Cyrillic letters with equal UTS #39 skeletons in confusables.txt, made by
``tools/make_lookalikes.py``).

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
from functools import cache
from importlib.resources import files

__all__ = [
    "SCRIPTS",
    "foreign_letters",
    "has_letters_of",
    "mend",
    "mend_text",
    "mixed",
    "only_han",
    "source_by_script",
    "twins",
]

#: What each source language's names are written in (for messages).
SCRIPTS = {"ru": "Cyrillic", "az-Latn": "Azerbaijani Latin"}
# The script of each source language's letters, as _script() names it.
_OWN = {"ru": "Cyrillic", "az-Latn": "Latin"}

_WORD = re.compile(r"[^\W\d_]+")
_RUSSIAN = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")
_AZERBAIJANI = frozenset("abcçdeəfgğhxıijkqlmnoöprsştuüvyz")
_LATIN_AND_CYRILLIC = re.compile(
    r"[A-Za-z\u00c0-\u02af][^\W\d_]*[\u0400-\u04ff]|[\u0400-\u04ff][^\W\d_]*[A-Za-z\u00c0-\u02af]"
)


@cache
def twins() -> dict[str, dict[str, str]]:
    """Source language → {a letter of the other script: its twin in the source's alphabet}, from
    ``data/lookalikes.tsv`` (the file's first twin of a letter wins).

    >>> twins()["ru"]["a"], twins()["az-Latn"]["ә"], twins()["az-Latn"]["һ"]
    ('а', 'ə', 'h')
    """
    to_cyrillic: dict[str, str] = {}
    to_latin: dict[str, str] = {}
    text = files("termbase").joinpath("data", "lookalikes.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        latin, cyrillic = line.split("\t")
        if cyrillic.lower() in _RUSSIAN:
            to_cyrillic.setdefault(latin, cyrillic)
        if latin.lower() in _AZERBAIJANI:
            to_latin.setdefault(cyrillic, latin)
    return {"ru": to_cyrillic, "az-Latn": to_latin}


def mixed(text: str) -> bool:
    """Whether a word of ``text`` has both Latin and Cyrillic letters (a cheap test, first).

    >>> mixed("Бaку"), mixed("Baku Баку")
    (True, False)
    """
    return _LATIN_AND_CYRILLIC.search(text) is not None


def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    return "Cyrillic" if name.startswith("CYRILLIC") else "Latin" if name.startswith("LATIN") else ""


def source_by_script(text: str) -> str | None:
    """The source language whose script most of ``text``'s letters are in (``ru``: Cyrillic,
    ``az-Latn``: Latin), None when it has letters of neither.

    >>> source_by_script("Гянджа"), source_by_script("Gəncə"), source_by_script("Бaку"), source_by_script("巴库")
    ('ru', 'az-Latn', 'ru', None)
    """
    counts = {script: 0 for script in _OWN.values()}
    for char in text:
        script = _script(char) if char.isalpha() else ""
        if script in counts:
            counts[script] += 1
    best = max(_OWN, key=lambda source: counts[_OWN[source]])
    return best if counts[_OWN[best]] else None


def has_letters_of(text: str, source: str) -> bool:
    """Whether ``text`` has a letter of the script ``source``'s names are written in.

    >>> has_letters_of("Baku", "ru"), has_letters_of("Bakı", "az-Latn")
    (False, True)
    """
    return any(_script(char) == _OWN[source] for char in text)


def foreign_letters(text: str, source: str) -> list[str]:
    """The distinct letters of ``text`` (after :func:`mend`) not in ``source``'s script, in order.

    >>> foreign_letters("Бqкуä", "ru"), foreign_letters("Bаkı", "az-Latn")
    (['q', 'ä'], [])
    """
    mended, _ = mend(text, source)
    return list(dict.fromkeys(char for char in _letters(mended) if _script(char) != _OWN[source]))


def mend(text: str, source: str) -> tuple[str, tuple[str, ...]]:
    """``text`` with each letter of the other script read as its twin in ``source``'s script, in the
    words that have a letter of that script; with a step for each letter read."""
    if not mixed(text):
        return text, ()
    table = twins()[source]
    own = _OWN[source]
    other = "Latin" if own == "Cyrillic" else "Cyrillic"
    steps: list[str] = []

    def word(match: re.Match[str]) -> str:
        found = match.group()
        scripts = {_script(char) for char in found}
        if own not in scripts or other not in scripts:
            return found
        out = []
        for char in found:
            twin = table.get(char) if _script(char) == other else None
            if twin is None:
                out.append(char)
                continue
            steps.append(
                f"lookalike: {other} {char!r} (U+{ord(char):04X}) read as {own} {twin!r} (U+{ord(twin):04X}) in {found!r}"
            )
            out.append(twin)
        return "".join(out)

    return _WORD.sub(word, text), tuple(steps)


def mend_text(text: str, lang: str) -> str:
    """Running text of language ``lang`` with :func:`mend`'s readings when ``lang`` is Russian or
    Azerbaijani in Latin script; the same length as ``text`` (every twin is one letter for one:
    the data file's test checks it), so offsets into one are offsets into the other.

    >>> mend_text("Алиев прибыл в Бaку", "ru"), mend_text("Bаkı", "az-Latn"), mend_text("Бaку", "en")
    ('Алиев прибыл в Баку', 'Bakı', 'Бaку')
    """
    source = "ru" if lang == "ru" or lang.startswith("ru-") else "az-Latn" if lang == "az-Latn" else None
    return text if source is None else mend(text, source)[0]


def only_han(text: str) -> bool:
    """Whether every letter of ``text`` is a Han character (digits, dots and hyphens may be there too).

    >>> only_han("苏-27"), only_han("布a库")
    (True, False)
    """
    return all(unicodedata.name(char, "").startswith("CJK") for char in _letters(text))


def _letters(text: str) -> str:
    return "".join(char for char in text if unicodedata.category(char).startswith("L"))
