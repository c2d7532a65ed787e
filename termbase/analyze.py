"""Match-band analysis of an XLIFF or PO file against the memory, and the terms of its segments.

:func:`analyze` is the word-count analysis a project manager expects of a CAT tool: every
translatable segment falls into one band by its best memory match: ``repetitions`` (the same
source text as an earlier segment of the file), ``100``, ``95-99``, ``85-94``, ``75-84``, ``50-74`` or
``no-match``. Words are counted by the source language's convention (:func:`count_words`): Chinese
counts each Han character (and each run of other letters or digits) as a word, other languages
count runs of letters and digits (with inner apostrophes and hyphens) as one word each.

:func:`recognize_file` finds the termbase's terms in each segment's source (and target).

>>> count_words("Prezident İlham Əliyev Moskvaya gəlib.", "az-Latn")
5
>>> count_words("俄罗斯总统普京访问巴库。2003年", "zh-Hans")
13
>>> count_words("Санкт-Петербург и Баку", "ru")
3
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from termbase.errors import UsageError
from termbase.formats.bilingual import load

if TYPE_CHECKING:
    from termbase.recognize import Recognized
    from termbase.termbase import Termbase

__all__ = ["BANDS", "Analysis", "Band", "SegmentTerms", "analyze", "band_of", "count_words", "recognize_file"]

BANDS = ("repetitions", "100", "95-99", "85-94", "75-84", "50-74", "no-match")
"""The bands, in the order a report lists them."""

_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")


def count_words(text: str, lang: str) -> int:
    """Words in ``text`` by the convention of ``lang`` (Chinese: Han characters; see the module doc)."""
    if lang.split("-")[0].lower() in ("zh", "ja"):
        from termbase.scripts.han import HAN_CHAR

        han = len(HAN_CHAR.findall(text))
        rest = HAN_CHAR.sub(" ", text)
        return han + len(_WORD.findall(rest))
    return len(_WORD.findall(text))


def band_of(score: int | None) -> str:
    """The band of a best-match score (None: no match of 50 or more).

    >>> [band_of(s) for s in (100, 99, 95, 94, 85, 84, 75, 74, 50, 49, None)]
    ['100', '95-99', '95-99', '85-94', '85-94', '75-84', '75-84', '50-74', '50-74', 'no-match', 'no-match']
    """
    if score is None or score < 50:
        return "no-match"
    if score >= 100:
        return "100"
    if score >= 95:
        return "95-99"
    if score >= 85:
        return "85-94"
    if score >= 75:
        return "75-84"
    return "50-74"


@dataclass(slots=True)
class Band:
    """Segments and words of one band."""

    segments: int = 0
    words: int = 0

    def to_dict(self) -> dict[str, int]:
        return {"segments": self.segments, "words": self.words}


@dataclass(slots=True)
class Analysis:
    """The analysis of one file."""

    path: str
    source: str
    target: str
    bands: dict[str, Band] = field(default_factory=lambda: {name: Band() for name in BANDS})

    @property
    def segments(self) -> int:
        return sum(b.segments for b in self.bands.values())

    @property
    def words(self) -> int:
        return sum(b.words for b in self.bands.values())

    def to_dict(self) -> dict[str, object]:
        """The stable JSON object of ``termbase analyze --json``."""
        return {
            "file": self.path,
            "source": self.source,
            "target": self.target,
            "segments": self.segments,
            "words": self.words,
            "bands": {name: band.to_dict() for name, band in self.bands.items()},
        }


def analyze(
    tb: Termbase,
    path: str | os.PathLike[str],
    *,
    source: str | None = None,
    target: str | None = None,
    format: str | None = None,
) -> Analysis:
    """The match-band analysis of the file at ``path`` against ``tb``'s memory (see the module doc).

    >>> import termbase, tempfile, os
    >>> from termbase.formats.xliff2 import write_xliff2
    >>> path = os.path.join(tempfile.mkdtemp(), "a.xlf")
    >>> text = "2003年，俄罗斯总统普京正式访问阿塞拜疆，是阿塞拜疆独立以来访问的俄罗斯最高领导人；"
    >>> with open(path, "wb") as out:
    ...     write_xliff2(out, [("1", text, None), ("2", text, None), ("3", "你好", None)], "zh-Hans", "ru")
    3
    >>> result = analyze(termbase.open(), path).to_dict()
    >>> result["segments"], result["bands"]["repetitions"], result["bands"]["no-match"]
    (3, {'segments': 1, 'words': 37}, {'segments': 1, 'words': 2})
    """
    document = load(path, format=format, source=source, target=target)
    if document.target_lang is None:
        raise UsageError(f"{document.path}: the file names no target language; give it with --to")
    src, tgt = document.source_lang, document.target_lang
    result = Analysis(document.path, src, tgt)
    seen: set[str] = set()
    for segment in document.segments():
        if not segment.translatable:
            continue
        words = count_words(segment.source, src)
        key = " ".join(segment.source.split())
        if key in seen:
            name = "repetitions"
        else:
            seen.add(key)
            score = None
            if key:
                found = tb.memory.search(segment.source, source=src, target=tgt, min_score=50, limit=1)
                score = found[0].score if found else None
            name = band_of(score)
        band = result.bands[name]
        band.segments += 1
        band.words += words
    return result


@dataclass(frozen=True, slots=True)
class SegmentTerms:
    """The terms found in one segment's source and target."""

    id: str
    line: int | None
    source: tuple[Recognized, ...]
    target: tuple[Recognized, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "line": self.line,
            "source": [r.to_dict() for r in self.source],
            "target": [r.to_dict() for r in self.target],
        }


def recognize_file(
    tb: Termbase,
    path: str | os.PathLike[str],
    *,
    source: str | None = None,
    target: str | None = None,
    format: str | None = None,
    all_forms: bool = False,
) -> list[SegmentTerms]:
    """The terms of ``tb`` in each segment of an XLIFF/PO file (segments with none are left out)."""
    document = load(path, format=format, source=source, target=target)
    found: list[SegmentTerms] = []
    for segment in document.segments():
        in_source = tb.recognize(segment.source, document.source_lang, all_forms=all_forms)
        in_target: list[Recognized] = []
        if segment.target and document.target_lang:
            in_target = tb.recognize(segment.target, document.target_lang, all_forms=all_forms)
        if in_source or in_target:
            found.append(SegmentTerms(segment.id, segment.line, tuple(in_source), tuple(in_target)))
    return found
