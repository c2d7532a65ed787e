"""The concept-oriented data model: immutable concepts, terms and translation units.

A :class:`Concept` is one thing in the world (a city, a person, a treaty); it holds
:class:`Term` objects, each a name for it in one language. The vocabularies
(category, term type, status) are closed enums whose values are the TBX names.

>>> baku = Concept(
...     id="baku",
...     category=Category.CITY,
...     terms=(
...         Term("巴库", "zh-Hans"),
...         Term("Bakı", "az-Latn"),
...         Term("Baku", "en"),
...     ),
... )
>>> baku.terms("az-Latn")[0].text
'Bakı'
>>> baku.languages()
('zh-Hans', 'az-Latn', 'en')
"""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from termbase.langtags import canonical_tag

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing slows `termbase lookup` down
if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "Category",
    "Concept",
    "Status",
    "Term",
    "TermType",
    "TranslationUnit",
]


class Category(enum.StrEnum):
    """What kind of thing a concept is: a closed set."""

    COUNTRY = "country"
    FORMER_STATE = "former-state"
    REGION = "region"
    CITY = "city"
    PLACE = "place"
    PERSON = "person"
    ORGANIZATION = "organization"
    DOCUMENT = "document"
    EVENT = "event"
    TITLE = "title"
    LANGUAGE = "language"
    PEOPLE = "people"
    OTHER = "other"


class TermType(enum.StrEnum):
    """The TBX ``termType`` of a term."""

    FULL_FORM = "fullForm"
    SHORT_FORM = "shortForm"
    ABBREVIATION = "abbreviation"
    VARIANT = "variant"


class Status(enum.StrEnum):
    """The TBX ``administrativeStatus`` of a term, without the ``-admn-sts`` suffix."""

    PREFERRED = "preferred"
    ADMITTED = "admitted"
    DEPRECATED = "deprecated"


_STATUS_RANK = {status.value: rank for rank, status in enumerate(Status)}


def status_rank(status: Status | str) -> int:
    """Where a status sorts, best first: preferred 0, admitted 1, deprecated 2, anything else 3.

    The one ranking of statuses: lookup, recognition and ``Concept.terms`` all use it.

    >>> status_rank(Status.ADMITTED), status_rank("deprecated"), status_rank("unknown")
    (1, 2, 3)
    """
    return _STATUS_RANK.get(status, len(_STATUS_RANK))


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _frozen_map(value: Mapping[str, str] | None) -> Mapping[str, str]:
    normalize = unicodedata.normalize
    return MappingProxyType({k: normalize("NFC", v) for k, v in (value or {}).items()})


@dataclass(frozen=True, slots=True)
class Term:
    """One designation of a concept in one language.

    Text is stored in NFC whatever form it was given in:

    >>> Term("I\\u0307lham", "az-Latn").text
    'İlham'
    >>> Term("Путин", "ru", type=TermType.SHORT_FORM).type.value
    'shortForm'
    """

    text: str
    lang: str
    type: TermType = TermType.FULL_FORM
    status: Status = Status.PREFERRED
    note: str | None = None
    source: str | None = None
    region: str | None = None

    def __post_init__(self) -> None:
        # Written for speed (an import builds a Term per cell): an enum member given is kept
        # without the enum's call, and only the fields that are set are normalised.
        setter = object.__setattr__
        text = _nfc(self.text).strip()
        setter(self, "text", text)
        setter(self, "lang", canonical_tag(self.lang))
        if type(self.type) is not TermType:
            setter(self, "type", TermType(self.type))
        if type(self.status) is not Status:
            setter(self, "status", Status(self.status))
        if self.note is not None:
            setter(self, "note", _nfc(self.note))
        if self.source is not None:
            setter(self, "source", _nfc(self.source))
        if self.region is not None:
            setter(self, "region", _nfc(self.region))
        if not text:
            raise ValueError("a term's text must not be empty")

    def to_dict(self) -> dict[str, Any]:
        """A plain dict with only the fields that are set (for JSON and TOML)."""
        out: dict[str, Any] = {"text": self.text, "lang": self.lang}
        if self.type is not TermType.FULL_FORM:
            out["type"] = self.type.value
        if self.status is not Status.PREFERRED:
            out["status"] = self.status.value
        for name in ("note", "source", "region"):
            value = getattr(self, name)
            if value:
                out[name] = value
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Term:
        return cls(
            text=data["text"],
            lang=data["lang"],
            type=TermType(data.get("type", TermType.FULL_FORM)),
            status=Status(data.get("status", Status.PREFERRED)),
            note=data.get("note") or None,
            source=data.get("source") or None,
            region=data.get("region") or None,
        )


@dataclass(frozen=True, slots=True)
class Concept:
    """A concept with its terms in every language, in the order they were given.

    ``definitions`` and ``notes`` map a language tag to text. ``sources`` cite where
    the concept's forms come from. :meth:`terms` is the one way to read the terms (all, or
    one language's, preferred first); :meth:`replace` makes a changed copy.
    """

    id: str
    category: Category
    _terms: tuple[Term, ...] = ()
    wikidata: str | None = None
    definitions: Mapping[str, str] = field(default_factory=dict)
    notes: Mapping[str, str] = field(default_factory=dict)
    sources: tuple[str, ...] = ()

    def __init__(
        self,
        id: str,
        category: Category | str,
        terms: tuple[Term, ...] | list[Term] = (),
        wikidata: str | None = None,
        definitions: Mapping[str, str] | None = None,
        notes: Mapping[str, str] | None = None,
        sources: tuple[str, ...] | list[str] = (),
    ) -> None:
        if not id or id != id.strip():
            raise ValueError(f"invalid concept id {id!r}")
        object.__setattr__(self, "id", _nfc(id))
        object.__setattr__(self, "category", category if type(category) is Category else Category(category))
        object.__setattr__(self, "_terms", tuple(terms))
        object.__setattr__(self, "wikidata", _nfc(wikidata) if wikidata else None)
        object.__setattr__(self, "definitions", _frozen_map(definitions))
        object.__setattr__(self, "notes", _frozen_map(notes))
        object.__setattr__(self, "sources", tuple(_nfc(source) for source in sources))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Concept):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    def __hash__(self) -> int:
        return hash((self.id, self._terms))

    def __repr__(self) -> str:
        return f"Concept(id={self.id!r}, category={self.category.value!r}, terms={len(self._terms)})"

    def terms(self, lang: str | None = None) -> tuple[Term, ...]:
        """The concept's terms, all or in one language, preferred first (a stable sort)."""
        chosen = self._terms if lang is None else tuple(t for t in self._terms if t.lang == lang)
        if lang is None:
            return chosen
        return tuple(sorted(chosen, key=lambda t: status_rank(t.status)))

    def languages(self) -> tuple[str, ...]:
        """The language tags the concept has terms in, in first-seen order."""
        return tuple(dict.fromkeys(t.lang for t in self._terms))

    def preferred(self, lang: str) -> Term | None:
        """The first preferred term in ``lang``, or else its first term, or None."""
        found = self.terms(lang)
        return found[0] if found else None

    def counterpart(self, lang: str, of: Term | None = None) -> Term | None:
        """The term of ``lang`` to write where ``of`` was written: a preferred term of ``of``'s
        type (a short form for a short form: Путин → 普京), the one at ``of``'s place among its
        language's preferred terms of that type when there are several (glossaries list them in
        the same order in each language); else :meth:`preferred`.

        >>> short = TermType.SHORT_FORM
        >>> putin = Concept("putin", "person", [
        ...     Term("Владимир Путин", "ru"), Term("В. Путин", "ru", short), Term("Путин", "ru", short),
        ...     Term("弗拉基米尔·普京", "zh-Hans"), Term("弗·普京", "zh-Hans", short), Term("普京", "zh-Hans", short)])
        >>> [putin.counterpart("zh-Hans", term).text for term in putin.terms("ru")]
        ['弗拉基米尔·普京', '弗·普京', '普京']
        >>> putin.counterpart("zh-Hans").text
        '弗拉基米尔·普京'
        """

        def alike(language: str) -> list[Term]:
            assert of is not None
            return [t for t in self.terms(language) if t.type == of.type and t.status == Status.PREFERRED]

        if of is not None and (choices := alike(lang)):
            mine = alike(of.lang)
            place = mine.index(of) if of in mine else 0
            return choices[min(place, len(choices) - 1)]
        return self.preferred(lang)

    def with_terms(self, terms: tuple[Term, ...] | list[Term]) -> Concept:
        """A copy with other terms."""
        return self.replace(terms=tuple(terms))

    def replace(self, **changes: Any) -> Concept:
        """A copy with some fields changed (``dataclasses.replace``, with ``terms`` by that name).

        >>> Concept("baku", "city", [Term("Baku", "en")]).replace(id="bakı").id
        'bakı'
        """
        fields: dict[str, Any] = {
            "id": self.id,
            "category": self.category,
            "terms": self._terms,
            "wikidata": self.wikidata,
            "definitions": self.definitions,
            "notes": self.notes,
            "sources": self.sources,
        }
        unknown = set(changes) - set(fields)
        if unknown:
            raise TypeError(f"Concept has no field {', '.join(sorted(unknown))}")
        fields.update(changes)
        return Concept(**fields)

    def to_dict(self) -> dict[str, Any]:
        """A plain dict (the layout of a glossary TOML file and of ``--json``)."""
        out: dict[str, Any] = {"id": self.id, "category": self.category.value}
        if self.wikidata:
            out["wikidata"] = self.wikidata
        if self.sources:
            out["sources"] = list(self.sources)
        if self.definitions:
            out["definition"] = dict(self.definitions)
        if self.notes:
            out["note"] = dict(self.notes)
        out["terms"] = [t.to_dict() for t in self._terms]
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Concept:
        return cls(
            id=data["id"],
            category=Category(data["category"]),
            terms=tuple(Term.from_dict(t) for t in data.get("terms", ())),
            wikidata=data.get("wikidata"),
            definitions=data.get("definition") or {},
            notes=data.get("note") or {},
            sources=tuple(data.get("sources", ())),
        )


@dataclass(frozen=True, slots=True)
class TranslationUnit:
    """A segment in several languages: ``variants`` maps a language tag to text.

    >>> tu = TranslationUnit("s1", {"zh-Hans": "巴库", "en": "Baku"})
    >>> tu.variants["en"]
    'Baku'
    """

    id: str
    variants: Mapping[str, str]
    origin: str | None = None
    note: str | None = None
    created: str | None = None
    changed: str | None = None
    usage_count: int = 0
    props: Mapping[str, str] = field(default_factory=dict)

    def __init__(
        self,
        id: str,
        variants: Mapping[str, str],
        origin: str | None = None,
        note: str | None = None,
        created: str | None = None,
        changed: str | None = None,
        usage_count: int = 0,
        props: Mapping[str, str] | None = None,
    ) -> None:
        # Written out rather than generated: readers build millions of units, and one call
        # that sets the frozen fields is cheaper than __init__ plus __post_init__.
        self._set(id, _frozen_map(variants), origin, note, created, changed, usage_count, dict(props or {}))

    @classmethod
    def as_normalized(cls, *fields: Any) -> TranslationUnit:
        """A unit of all :meth:`__init__`'s fields, in its order, already as it makes them (NFC
        variants; the variants and props dicts are taken as they are): what a process that parsed
        a file sends back, not normalised twice.

        >>> TranslationUnit.as_normalized("s1", {"en": "Baku"}, None, None, None, None, 0, {}).variants["en"]
        'Baku'
        """
        unit = object.__new__(cls)
        unit_id, variants, *rest = fields
        unit._set(unit_id, MappingProxyType(variants), *rest)
        return unit

    def _set(
        self,
        id: str,
        variants: Mapping[str, str],
        origin: str | None,
        note: str | None,
        created: str | None,
        changed: str | None,
        usage_count: int,
        props: dict[str, str],
    ) -> None:
        setter = object.__setattr__
        setter(self, "id", id)
        setter(self, "variants", variants)
        setter(self, "origin", origin)
        setter(self, "note", note)
        setter(self, "created", created)
        setter(self, "changed", changed)
        setter(self, "usage_count", usage_count)
        setter(self, "props", MappingProxyType(props))

    def __hash__(self) -> int:
        return hash((self.id, tuple(sorted(self.variants.items()))))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TranslationUnit):
            return NotImplemented
        return (
            self.id == other.id
            and dict(self.variants) == dict(other.variants)
            and self.origin == other.origin
            and self.note == other.note
            and dict(self.props) == dict(other.props)
        )
