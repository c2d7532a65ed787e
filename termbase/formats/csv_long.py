"""The lossless long CSV layout (``csv-long``) of glossaries: one row per term.

Columns ``concept_id, category,
wikidata, record, lang, text, type, status, note, source, region``; ``record`` is
``term``, ``definition`` (lang + text), ``note`` (concept note: lang + text),
``source`` (text) or ``concept`` (a concept with nothing else). Category and wikidata
are repeated on every row of a concept; a concept's rows must be consecutive.

Cells follow :mod:`termbase.formats.delimited`'s rules (formula neutralisation, our marker).
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from termbase.errors import InputError
from termbase.formats._xml import open_maybe_gzip
from termbase.formats.delimited import (
    MARKER,
    PathLike,
    _category,
    _done,
    _header_and_rows,
    _nonempty,
    _tag,
    _text_writer,
    neutralize,
    restore,
)
from termbase.model import Concept, Status, Term, TermType

__all__ = ["LONG_COLUMNS", "RECORDS", "read_long", "write_long"]

LONG_COLUMNS = (
    "concept_id",
    "category",
    "wikidata",
    "record",
    "lang",
    "text",
    "type",
    "status",
    "note",
    "source",
    "region",
)
RECORDS = ("term", "definition", "note", "source", "concept")


# -- long CSV --------------------------------------------------------------------------------
def _long_rows(concept: Concept) -> Iterator[list[str]]:
    head = [concept.id, concept.category.value, concept.wikidata or ""]
    blank6 = ["", "", "", "", ""]
    any_row = False
    for term in concept.terms():
        any_row = True
        yield [
            *head,
            "term",
            term.lang,
            term.text,
            term.type.value,
            term.status.value,
            term.note or "",
            term.source or "",
            term.region or "",
        ]
    for lang, text in concept.definitions.items():
        any_row = True
        yield [*head, "definition", lang, text, *blank6]
    for lang, text in concept.notes.items():
        any_row = True
        yield [*head, "note", lang, text, *blank6]
    for source in concept.sources:
        any_row = True
        yield [*head, "source", "", source, *blank6]
    if not any_row:
        yield [*head, "concept", "", "", *blank6]


def write_long(out: BinaryIO, concepts: Iterable[Concept], *, delimiter: str = ",", bom: bool = False) -> int:
    """Write the lossless one-row-per-term CSV; returns the number of concepts written.

    >>> import io
    >>> from termbase.model import Concept, Term
    >>> out = io.BytesIO()
    >>> write_long(out, [Concept("baku", "city", [Term("Bakı", "az-Latn", note="+994 12")])])
    1
    >>> print(out.getvalue().decode().splitlines()[1])
    baku,city,,term,az-Latn,Bakı,fullForm,preferred,'+994 12,,,
    """
    text = _text_writer(out, bom)
    writer = csv.writer(text, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([*LONG_COLUMNS, MARKER])
    count = 0
    for concept in concepts:
        for row in _long_rows(concept):
            writer.writerow([neutralize(c) if c else c for c in [*row, ""]])
        count += 1
    _done(text)
    return count


_LONG_ALIASES = {"id": "concept_id", "term": "text", "language": "lang", "termtype": "type"}


class _LongConcept:
    """The rows of one concept being gathered."""

    def __init__(self, concept_id: str, line: int) -> None:
        self.id = concept_id
        self.line = line
        self.category: str = ""
        self.wikidata: str = ""
        self.terms: list[Term] = []
        self.definitions: dict[str, str] = {}
        self.notes: dict[str, str] = {}
        self.sources: list[str] = []

    def build(self, name: str) -> Concept:
        try:
            return Concept(
                self.id,
                _category(self.category, name, self.line),
                self.terms,
                wikidata=self.wikidata or None,
                definitions=self.definitions,
                notes=self.notes,
                sources=self.sources,
            )
        except ValueError as error:
            raise InputError(str(error), path=name, line=self.line) from None


def _enum_value(
    enum: type[TermType] | type[Status], value: str, default: str, what: str, name: str, line: int
) -> str:
    value = value.strip() or default
    try:
        return enum(value).value
    except ValueError:
        known = ", ".join(e.value for e in enum)
        raise InputError(f"unknown {what} {value!r}; known: {known}", path=name, line=line) from None


def read_long(path: PathLike, *, delimiter: str = ",", encoding: str | None = None) -> Iterator[Concept]:
    """Read the long CSV; yields each concept once its consecutive rows are read."""
    name = os.fspath(path)
    with open_maybe_gzip(path) as handle:
        header_line, header, rows = _header_and_rows(handle, name, delimiter, encoding)
        ours = header[-1].strip() == MARKER
        index: dict[str, int] = {}
        for position, raw in enumerate(header):
            cell = raw.strip().lstrip("\ufeff")
            if cell == MARKER:
                continue
            column = _LONG_ALIASES.get(cell.casefold(), cell.casefold())
            if column not in LONG_COLUMNS:
                raise InputError(
                    f"header column {position + 1} {cell!r} is not one of {', '.join(LONG_COLUMNS)}",
                    path=name,
                    line=header_line,
                )
            if column in index:
                raise InputError(f"column {cell!r} appears twice in the header", path=name, line=header_line)
            index[column] = position
        missing = [c for c in ("concept_id", "lang", "text") if c not in index]
        if missing:
            raise InputError(f"the header lacks column(s) {', '.join(missing)}", path=name, line=header_line)
        done: dict[str, int] = {}
        current: _LongConcept | None = None
        for line, row in rows:
            if len(row) != len(header):
                raise InputError(
                    f"row has {len(row)} cells but the header has {len(header)}", path=name, line=line
                )
            cells = [restore(c) if ours else c for c in row]

            def get(column: str, cells: list[str] = cells) -> str:
                return cells[index[column]] if column in index else ""

            concept_id = get("concept_id").strip()
            if not concept_id:
                raise InputError("row without a concept_id", path=name, line=line)
            if current is None or current.id != concept_id:
                if current is not None:
                    yield current.build(name)
                    done[current.id] = current.line
                if concept_id in done:
                    raise InputError(
                        f"rows of concept {concept_id!r} are not together "
                        f"(it began at line {done[concept_id]})",
                        path=name,
                        line=line,
                    )
                current = _LongConcept(concept_id, line)
            for field_name in ("category", "wikidata"):
                value = get(field_name).strip()
                have = getattr(current, field_name)
                if value and have and value != have:
                    raise InputError(
                        f"{field_name} {value!r} differs from {have!r} on an earlier row of {concept_id!r}",
                        path=name,
                        line=line,
                    )
                if value:
                    setattr(current, field_name, value)
            record = get("record").strip().lower() or "term"
            text, lang = get("text"), get("lang")
            if record not in RECORDS:
                raise InputError(
                    f"unknown record {record!r}; known: {', '.join(RECORDS)}", path=name, line=line
                )
            if record == "concept":
                continue
            if record == "source":
                if text.strip():
                    current.sources.append(text)
                continue
            if not lang.strip():
                raise InputError(f"{record} row without a language", path=name, line=line)
            tag = _tag(lang, name, line, "lang")
            if record == "definition":
                current.definitions[tag] = text
            elif record == "note":
                current.notes[tag] = text
            else:
                if not text.strip():
                    raise InputError("term row without text", path=name, line=line)
                current.terms.append(
                    Term(
                        text,
                        tag,
                        TermType(_enum_value(TermType, get("type"), "fullForm", "term type", name, line)),
                        Status(_enum_value(Status, get("status"), "preferred", "status", name, line)),
                        note=_nonempty(get("note")),
                        source=_nonempty(get("source")),
                        region=_nonempty(get("region")),
                    )
                )
        if current is not None:
            yield current.build(name)
