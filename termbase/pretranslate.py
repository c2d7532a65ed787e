"""Pretranslation: fill the empty targets of an XLIFF or PO file from the translation memory.

For each segment that may be filled (translatable, not locked or final, no target yet) the
memory's best match of at least ``min_score`` is put in: an exact match (100) whose inline codes
can all be placed becomes a translated target, anything else a target to review, with the match
recorded as the format allows (see :mod:`termbase.formats.xliff12`, :mod:`~termbase.formats.xliff2`,
:mod:`~termbase.formats.po`). A segment the memory has no match for that is, whole, a term of the
termbase (``Baku``, ``Гейдар Алиев``: an exact, case or normalised hit of the source language)
gets that concept's term in the target language (:meth:`~termbase.model.Concept.counterpart`;
for a Traditional Chinese target without a term, its Simplified term converted as the derived
name forms are), always to review (outcome ``glossary``). Nothing else in the file changes. Segments with the same source
text are looked up once. The output is written atomically (a temporary file, then a rename;
``-`` is standard output), and only after every segment is done, so a failure leaves no file.

>>> import termbase, tempfile, os
>>> from termbase.formats.xliff12 import write_xliff12
>>> folder = tempfile.mkdtemp()
>>> path, out = os.path.join(folder, "in.xlf"), os.path.join(folder, "out.xlf")
>>> query = "2003年，俄罗斯总统普京正式访问阿塞拜疆，是阿塞拜疆独立以来访问的俄罗斯最高领导人；"
>>> with open(path, "wb") as handle:
...     write_xliff12(handle, [("1", query, None), ("2", "完全不同的句子", None)], "zh-Hans", "en")
2
>>> result = pretranslate(termbase.open(), path, out)
>>> result.to_dict()["review"], result.to_dict()["no_match"]
(1, 1)
>>> [(s.id, s.outcome, 95 <= (s.score or 0) < 100) for s in result.segments]
[('1', 'review', True), ('2', 'no-match', False)]
>>> with open(path, "wb") as handle:
...     write_xliff12(handle, [("1", "巴库", None)], "zh-Hans", "ru")
1
>>> [(s.outcome, s.unit_id) for s in pretranslate(termbase.open(), path, out).segments]
[('glossary', 'baku')]
>>> 'state-qualifier="leveraged-glossary">Баку</target>' in open(out, encoding="utf-8").read()
True
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from termbase.errors import UsageError
from termbase.formats.bilingual import BilingualDocument, Filled, Segment, load

if TYPE_CHECKING:
    from termbase.model import Concept, Term
    from termbase.termbase import Termbase

__all__ = ["PretranslateResult", "SegmentResult", "best_match", "glossary_match", "pretranslate"]

ORIGIN = "termbase"
GLOSSARY_ORIGIN = "termbase glossary"


@dataclass(frozen=True, slots=True)
class SegmentResult:
    """What pretranslation did with one segment: ``outcome`` is ``translated``, ``review``,
    ``glossary`` (a term of the termbase, to review; ``unit_id`` is the concept's id), ``no-match``
    or ``kept`` (not fillable: a target already there, locked, not translatable)."""

    id: str
    line: int | None
    outcome: str
    score: int | None = None
    unit_id: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "line": self.line,
            "outcome": self.outcome,
            "score": self.score,
            "unit": self.unit_id,
        }


@dataclass(slots=True)
class PretranslateResult:
    """Counts per outcome, and each segment's result in document order."""

    path: str
    source: str
    target: str
    segments: list[SegmentResult] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for s in self.segments if s.outcome == outcome)

    def to_dict(self) -> dict[str, object]:
        """The stable JSON object of ``termbase pretranslate --json``."""
        return {
            "file": self.path,
            "source": self.source,
            "target": self.target,
            "segments": len(self.segments),
            "translated": self.count("translated"),
            "review": self.count("review"),
            "glossary": self.count("glossary"),
            "no_match": self.count("no-match"),
            "kept": self.count("kept"),
            "results": [s.to_dict() for s in self.segments],
        }


@dataclass(frozen=True, slots=True)
class _Best:
    score: int
    unit_id: str
    source: str
    target: str
    markup: bool
    glossary: bool = False  # a term of the termbase (unit_id: the concept's id), not a memory match


_WHOLE_TERM = frozenset({"exact", "case", "normalized"})
"""The lookup hits that make a segment one term (not an inflected form, a word, a typo)."""


def glossary_match(tb: Termbase, text: str, source: str, target: str, min_score: int) -> _Best | None:
    """The term of ``target`` for a segment that is, whole, a term of ``source`` in the termbase.

    >>> import termbase
    >>> best = glossary_match(termbase.open(), " baku ", "en", "ru-RU", 75)
    >>> best.target, best.score, best.unit_id, best.glossary
    ('Баку', 96, 'baku', True)
    >>> glossary_match(termbase.open(), "Baku is the capital", "en", "ru", 75) is None
    True
    """
    from termbase.langtags import normalize_foreign_tag

    query = text.strip()
    if not query:
        return None
    try:
        source_tag, target_tag = normalize_foreign_tag(source), normalize_foreign_tag(target)
        matches = tb.lookup(query, source_tag, limit=5, whole=True)
    except UsageError:
        return None
    for match in matches:
        if match.how not in _WHOLE_TERM or match.score < min_score or not _same_lang(match.lang, source_tag):
            continue
        concept, of = match.concept, match.matched_term()
        term = concept.counterpart(target_tag, of)
        written = term.text if term is not None else _in_traditional(concept, target_tag, of)
        if written is not None:
            return _Best(match.score, concept.id, match.text, written, False, glossary=True)
    return None


def _in_traditional(concept: Concept, target: str, of: Term | None) -> str | None:
    """For a Traditional Chinese target the concept has no term in: its Simplified term, converted
    by the scheme its derived name forms are made with (``zh-Hant-TW-name``: 巴库 → 巴庫); a curated
    regional term (亞塞拜然) is a term, found before.

    >>> from termbase.model import Concept, Term
    >>> _in_traditional(Concept("baku", "city", [Term("巴库", "zh-Hans")]), "zh-Hant-TW", None)
    '巴庫'
    """
    simplified = concept.counterpart("zh-Hans", of) if target.startswith("zh-Hant") else None
    if simplified is None:
        return None
    from termbase.scripts import UnknownSchemeError, convert

    try:
        return convert(simplified.text, to=f"{target}-name")
    except UnknownSchemeError:  # a Traditional region without a name scheme of its own
        return None


def best_match(
    tb: Termbase, text: str, source: str, target: str, min_score: int, cache: dict[str, _Best | None]
) -> _Best | None:
    """The memory's best match of ``text`` (None below ``min_score``), looked up once per text."""
    if text in cache:
        return cache[text]
    found: _Best | None = None
    if text.strip():
        matches = tb.memory.search(text, source=source, target=target, min_score=min_score, limit=1)
        if matches:
            best = matches[0]
            markup = False
            if "<" in best.target:  # stored markup? only the unit's props say
                from termbase.markup import MARKUP_PROP

                unit = tb.memory.get(best.unit_id)
                marked = [] if unit is None else unit.props.get(MARKUP_PROP, "").split()
                markup = any(_same_lang(lang, target) for lang in marked)
            found = _Best(best.score, best.unit_id, best.source, best.target, markup)
    cache[text] = found
    return found


def _same_lang(a: str, b: str) -> bool:
    from termbase.langtags import normalize_foreign_tag

    try:
        return normalize_foreign_tag(a) == normalize_foreign_tag(b)
    except UsageError:
        return a == b


def fill_document(tb: Termbase, document: BilingualDocument, *, min_score: int = 75) -> list[SegmentResult]:
    """Fill ``document``'s empty targets in place (see the module doc); the result of each segment."""
    if not 0 <= min_score <= 100:
        raise UsageError(f"the lowest score must be 0-100, not {min_score}")
    if document.target_lang is None:
        raise UsageError(f"{document.path}: the file names no target language; give it with --to")
    source, target = document.source_lang, document.target_lang
    cache: dict[str, _Best | None] = {}
    terms: dict[str, _Best | None] = {}  # glossary hits, by source text
    results: list[SegmentResult] = []
    for segment in document.segments():
        if not segment.fillable:
            results.append(SegmentResult(segment.id, segment.line, "kept"))
            continue
        best = best_match(tb, segment.source, source, target, min_score, cache)
        if best is None and not segment.plural:  # a term has no plural forms to fill
            if segment.source not in terms:
                terms[segment.source] = glossary_match(tb, segment.source, source, target, min_score)
            best = terms[segment.source]
        if best is None:
            results.append(SegmentResult(segment.id, segment.line, "no-match"))
            continue
        filled = _fill(tb, document, segment, best, source, target, min_score, cache)
        outcome = "glossary" if best.glossary else "translated" if filled is Filled.TRANSLATED else "review"
        results.append(SegmentResult(segment.id, segment.line, outcome, best.score, best.unit_id))
    return results


def _fill(
    tb: Termbase,
    document: BilingualDocument,
    segment: Segment,
    best: _Best,
    source: str,
    target: str,
    min_score: int,
    cache: dict[str, _Best | None],
) -> Filled:
    from termbase.formats.po import PoDocument

    if isinstance(document, PoDocument) and segment.plural:
        plural_source = document.plural_source(segment)
        other = best_match(tb, plural_source, source, target, min_score, cache) if plural_source else None
        plural_text = None if other is None else _plain(other)
        return document.fill(
            segment, _plain(best), score=best.score, match_source=best.source, plural_target=plural_text
        )
    return document.fill(
        segment,
        best.target,
        score=best.score,
        markup=best.markup,
        match_source=best.source,
        origin=GLOSSARY_ORIGIN if best.glossary else ORIGIN,
        glossary=best.glossary,
    )


def _plain(best: _Best) -> str:
    if not best.markup:
        return best.target
    from termbase.markup import markup_to_text

    return markup_to_text(best.target)


def pretranslate(
    tb: Termbase,
    path: str | os.PathLike[str],
    out: str | os.PathLike[str] | None = None,
    *,
    min_score: int = 75,
    source: str | None = None,
    target: str | None = None,
    format: str | None = None,
) -> PretranslateResult:
    """Pretranslate the XLIFF/PO file ``path`` from ``tb``'s memory and write it to ``out`` (``-``: stdout).

    ``source``/``target`` override the file's languages. With ``out`` None nothing is written.
    """
    document = load(path, format=format, source=source, target=target)
    results = fill_document(tb, document, min_score=min_score)
    if out is not None:
        data = document.to_bytes()
        from termbase.formats._atomic import atomic_output

        with atomic_output(out) as handle:
            handle.write(data)
    assert document.target_lang is not None
    return PretranslateResult(document.path, document.source_lang, document.target_lang, results)
