"""What lookups, imports and statistics return: :class:`Match`, :class:`Form`,
:class:`ImportSummary`, :class:`Stats`. Each has ``to_dict()``, the stable JSON of ``--json``.

>>> Stats(1, {"city": 1}, {"en": 1}, {}).to_dict()["categories"]
{'city': 1}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from termbase.model import Concept, Term, TermType

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing slows `termbase lookup` down
if TYPE_CHECKING:
    from typing import Literal, TypeAlias

    MatchHow: TypeAlias = Literal[
        "exact", "case", "normalized", "inflected", "word", "prefix", "homophone", "fuzzy"
    ]

__all__ = ["Form", "ImportProgress", "ImportSummary", "Match", "Stats", "counted"]


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``count`` and the noun, singular for one (English messages: "1 concept", "2 entries").

    >>> counted(1, "concept"), counted(2, "concept"), counted(0, "entry", "entries")
    ('1 concept', '2 concepts', '0 entries')
    """
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


@dataclass(frozen=True, slots=True)
class Match:
    """One lookup result: the concept, a score (0–100) and what matched.

    ``how`` is ``"exact"``, ``"case"``, ``"normalized"``, ``"inflected"`` (an inflected form of
    the whole term), ``"word"`` (a word of a longer term), ``"prefix"`` or ``"fuzzy"`` (typed as the
    ``Literal`` ``MatchHow``); ``scheme`` names the
    conversion when the form that matched was derived (``zh-Hant-TW``, ``iso9`` …).
    """

    concept: Concept
    score: int
    lang: str
    text: str
    how: MatchHow
    scheme: str | None = None
    termbase: str | None = None

    def to_dict(self) -> dict[str, object]:
        """The stable JSON object of ``termbase lookup --json``: ``terms`` maps each language to
        its term texts, ``term_details`` to each term's text, type and status; ``termbase``
        names the termbase the concept came from."""
        terms: dict[str, list[str]] = {}
        details: dict[str, list[dict[str, str]]] = {}
        for lang in self.concept.languages():
            terms[lang] = [t.text for t in self.concept.terms(lang)]
            details[lang] = [
                {"text": t.text, "type": t.type.value, "status": t.status.value}
                for t in self.concept.terms(lang)
            ]
        return {
            "id": self.concept.id,
            "category": self.concept.category.value,
            "score": self.score,
            "matched": {"lang": self.lang, "text": self.text, "how": self.how, "scheme": self.scheme},
            "terms": terms,
            "term_details": details,
            "termbase": self.termbase,
        }

    def matched_term(self) -> Term | None:
        """The concept's term of the matched language and text (None where a derived form matched:
        it is no term): what ``lookup -`` and pretranslation take the counterpart of
        (:meth:`~termbase.model.Concept.counterpart`).

        >>> import termbase
        >>> termbase.open().lookup("Путин")[0].matched_term().type.value
        'shortForm'
        """
        return next((t for t in self.concept.terms(self.lang) if t.text == self.text), None)


@dataclass(frozen=True, slots=True)
class Form:
    """A searchable form of a concept: a stored term (``scheme`` None) or a derived one."""

    concept_id: str
    lang: str
    text: str
    status: str
    scheme: str | None = None
    type: str = TermType.FULL_FORM.value


@dataclass(frozen=True, slots=True)
class ImportProgress:
    """How far an import is: entries read, bytes of the file read and in all, seconds so far.

    >>> p = ImportProgress(entries=5000, bytes_read=250, total_bytes=1000, seconds=2.0)
    >>> p.fraction, p.rate
    (0.25, 2500.0)
    """

    entries: int
    bytes_read: int
    total_bytes: int
    seconds: float

    @property
    def fraction(self) -> float:
        """The part of the file read, 0.0–1.0 (bytes: a gzipped file counts compressed bytes)."""
        return min(1.0, self.bytes_read / self.total_bytes) if self.total_bytes else 1.0

    @property
    def rate(self) -> float:
        """Entries (units or concepts) per second so far."""
        return self.entries / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, object]:
        """The progress as plain data."""
        return {
            "entries": self.entries,
            "bytes_read": self.bytes_read,
            "total_bytes": self.total_bytes,
            "seconds": round(self.seconds, 3),
        }


@dataclass(slots=True)
class ImportSummary:
    """What an import did. ``ignored`` counts entries of a kind the import was not asked for
    (concepts in a TMX file imported into the memory, units with no text)."""

    added: int = 0
    merged: int = 0
    skipped: int = 0
    replaced: int = 0
    terms_added: int = 0
    units_added: int = 0
    ignored: int = 0
    unknown_tags: set[str] = field(default_factory=set)

    def to_dict(self) -> dict[str, object]:
        """The counts as a plain dict (unknown tags sorted)."""
        return {
            "added": self.added,
            "merged": self.merged,
            "skipped": self.skipped,
            "replaced": self.replaced,
            "terms_added": self.terms_added,
            "units_added": self.units_added,
            "ignored": self.ignored,
            "unknown_tags": sorted(self.unknown_tags),
        }

    def __str__(self) -> str:
        """The counts in a line; a file of translation units alone says nothing of concepts.

        >>> print(ImportSummary(units_added=34))
        34 translation units added
        >>> print(ImportSummary(added=1, terms_added=3, units_added=2))
        1 concept added, 0 merged, 0 skipped, 0 replaced; 3 terms added; 2 translation units added
        """
        parts = []
        if (
            self.added
            or self.merged
            or self.skipped
            or self.replaced
            or self.terms_added
            or not self.units_added
        ):
            parts.append(
                f"{counted(self.added, 'concept')} added, {self.merged} merged, {self.skipped} skipped, "
                f"{self.replaced} replaced; {counted(self.terms_added, 'term')} added"
            )
        if self.units_added:
            parts.append(f"{counted(self.units_added, 'translation unit')} added")
        text = "; ".join(parts)
        if self.ignored:
            text += f"; {counted(self.ignored, 'entry', 'entries')} ignored"
        if self.unknown_tags:
            text += f"; language tags outside the known set: {', '.join(sorted(self.unknown_tags))}"
        return text


@dataclass(frozen=True, slots=True)
class Stats:
    """What a termbase holds: concepts, concepts per category, terms per language, derived forms
    per scheme, translation units, their segments per language (each table sorted by key), and
    the size of its file in bytes (``None`` for a termbase in memory or not created yet)."""

    concepts: int
    categories: Mapping[str, int]
    terms: Mapping[str, int]
    derived: Mapping[str, int]
    units: int = 0
    segments: Mapping[str, int] = field(default_factory=dict)
    file_bytes: int | None = None

    def to_dict(self) -> dict[str, object]:
        """The stable JSON object of ``termbase stats --json``; ``units`` counts translation
        units of the memory, ``segments`` their segments per language."""
        return {
            "concepts": self.concepts,
            "categories": dict(self.categories),
            "terms": dict(self.terms),
            "derived": dict(self.derived),
            "units": self.units,
            "segments": dict(self.segments),
            "file_bytes": self.file_bytes,
        }
