r"""Glossaries as delimited text: multi-column CSV/TSV, and what the long CSV and OmegaT layouts share.

Three layouts, all UTF-8 (an optional byte-order mark, ``bom=True``, makes Excel read
UTF-8; UTF-16 files with a byte-order mark are read too):

**Multi-column** (``csv``, ``tsv``): a header row, then one row per concept::

    id,category,wikidata,zh-Hans,ru,az-Latn,en,definition:en,note:en,sources,termbase:v1
    baku,city,Q9248,巴库,Баку,Bakı,Baku,,,,

A header cell is a known column name (case-insensitive: ``id``, ``category``, ``wikidata``,
``definition``/``definition:TAG``, ``note``/``note:TAG``, ``sources``) or a BCP 47 tag,
normalised with :func:`termbase.langtags.normalize_foreign_tag` (``zh-CN`` → ``zh-Hans``).
Several terms of one language share a cell, separated by :data:`SEPARATOR` (`` | ``);
a ``|`` or ``\`` inside a term is escaped with a backslash (``\|``, ``\\``); whitespace
around each term is dropped. The first term of a cell is read as preferred, the others
as admitted. Sources share one cell the same way. A row without an id gets ``auto:LINE``
(the importer then merges it by a shared preferred term).
*What it cannot carry*: a term's type, status, note, source and region; whitespace at
the ends of a term; the order of terms across languages (they come back in column order).

**Long** (``csv-long``, :mod:`termbase.formats.csv_long`): one row per term, lossless.

**OmegaT** (``omegat``, :mod:`termbase.formats.omegat`): OmegaT's glossary TSV.

**Formula neutralisation and our marker.** A spreadsheet executes a cell starting with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return; our writers prefix such a cell with an
apostrophe, as OWASP ("CSV Injection") recommends, and also a cell that itself starts with
an apostrophe, so the prefix can always be taken off again. Our files say they are ours:
CSV/TSV by a last header column named :data:`MARKER` (always empty), OmegaT files by a first
comment line starting with :data:`termbase.formats.omegat.OMEGAT_MARKER`. Only in a file so marked does the reader
take a leading apostrophe off (and, in OmegaT files, undo the ``\t \n \r \\`` escapes our
writer uses for tabs and line breaks); a foreign file's cells are kept as they are.

>>> import io
>>> from termbase.model import Concept, Term
>>> baku = Concept("baku", "city", [Term("巴库", "zh-Hans"), Term("Баку", "ru"), Term("Baku", "en")],
...                notes={"en": "=capital"})
>>> out = io.BytesIO()
>>> write_csv(out, [baku], langs=["zh-Hans", "ru", "en"])
1
>>> print(*out.getvalue().decode().splitlines(), sep="\n")
id,category,wikidata,zh-Hans,ru,en,definition:zh-Hans,definition:ru,definition:en,note:zh-Hans,note:ru,note:en,sources,termbase:v1
baku,city,,巴库,Баку,Baku,,,,,,'=capital,,
>>> join_terms(["Bakı", "Baku | city"])
'Bakı | Baku \\| city'
>>> split_terms('Bakı | Baku \\| city')
['Bakı', 'Baku | city']
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import os
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, BinaryIO

from termbase.errors import InputError, UsageError
from termbase.formats._xml import READ_ERRORS, open_maybe_gzip
from termbase.model import Category, Concept, Status, Term

__all__ = [
    "MARKER",
    "SEPARATOR",
    "join_terms",
    "neutralize",
    "read_csv",
    "restore",
    "sniff_delimiter",
    "split_terms",
    "write_csv",
]

SEPARATOR = " | "
MARKER = "termbase:v1"

# OWASP, "CSV Injection": cells starting with these are formulas to a spreadsheet.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

PathLike = str | os.PathLike[str]


# -- cells ---------------------------------------------------------------------------------
def neutralize(cell: str) -> str:
    """Prefix a cell a spreadsheet would execute (or one starting with ``'``) with ``'``.

    >>> neutralize("=1+1"), neutralize("-ово"), neutralize("'quoted"), neutralize("Bakı")
    ("'=1+1", "'-ово", "''quoted", 'Bakı')
    """
    if cell[:1] in _FORMULA_START or cell[:1] == "'":
        return "'" + cell
    return cell


def restore(cell: str) -> str:
    """Undo :func:`neutralize` (for cells of our own files only).

    >>> restore("'=1+1"), restore("''quoted"), restore("Bakı")
    ('=1+1', "'quoted", 'Bakı')
    """
    return cell[1:] if cell.startswith("'") else cell


def join_terms(texts: Iterable[str]) -> str:
    """Several values in one cell: backslash-escape ``\\`` and ``|``, join with :data:`SEPARATOR`."""
    return SEPARATOR.join(t.replace("\\", "\\\\").replace("|", "\\|") for t in texts)


def split_terms(cell: str) -> list[str]:
    """The values of a cell written by :func:`join_terms` (or typed by hand as ``a | b`` or ``a|b``).

    A backslash escapes only ``|`` and ``\\``; elsewhere it is kept as it is. Values are
    stripped of surrounding whitespace and empty ones dropped.

    >>> split_terms(" Bakı|Baku  | "), split_terms("C:\\\\dir | a\\\\|b")
    (['Bakı', 'Baku'], ['C:\\\\dir', 'a|b'])
    """
    if "\\" not in cell:  # nothing escaped (most cells): every | separates
        return [v.strip() for v in cell.split("|") if v.strip()]
    return _split_escaped(cell)


def _split_escaped(cell: str) -> list[str]:
    """:func:`split_terms` character by character (the definition; the tests compare the two)."""
    values: list[str] = []
    current: list[str] = []
    i = 0
    while i < len(cell):
        char = cell[i]
        if char == "\\" and i + 1 < len(cell) and cell[i + 1] in "\\|":
            current.append(cell[i + 1])
            i += 2
            continue
        if char == "|":
            values.append("".join(current))
            current = []
        else:
            current.append(char)
        i += 1
    values.append("".join(current))
    return [v.strip() for v in values if v.strip()]


# -- reading lines -----------------------------------------------------------------------
def _decoded_lines(handle: IO[bytes], name: str, encoding: str | None = None) -> Iterator[str]:
    """The lines of a UTF-8 (optional BOM) or BOM-marked UTF-16 file, with their line ends.

    With ``encoding`` (any codec Python knows: ``cp1251``, ``gb18030`` …) the file is read in it.
    A file that cannot be read (a gzip file cut short) is an :class:`InputError` naming it.
    """
    try:
        yield from _read_lines(handle, name, encoding)
    except READ_ERRORS as error:
        raise InputError(f"cannot read: {error}", path=name) from None


def _read_lines(handle: IO[bytes], name: str, encoding: str | None) -> Iterator[str]:
    """:func:`_decoded_lines` without turning read errors into an InputError."""
    if encoding is not None:
        yield from _lines_in(handle, name, encoding)
        return
    head = handle.read(4)
    handle.seek(0)
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise InputError("UTF-32 text is not supported; save the file as UTF-8", path=name, line=1)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = io.TextIOWrapper(handle, encoding="utf-16", newline="")
        number = 0
        try:
            for number, line in enumerate(text, 1):  # noqa: B007 - the number is used on error
                yield line
        except UnicodeDecodeError as error:
            raise InputError(f"not valid UTF-16 text ({error.reason})", path=name, line=number + 1) from None
        finally:
            with contextlib.suppress(ValueError):  # the file may be closed already
                text.detach()
        return
    for number, raw in enumerate(handle, 1):
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise InputError(
                f"not UTF-8 text (byte 0x{raw[error.start]:02x} at column {error.start + 1}); "
                "save the file as UTF-8",
                path=name,
                line=number,
            ) from None
        if "\x00" in line:
            raise InputError(
                "NUL character: UTF-16 text without a byte-order mark, or not text at all? save as UTF-8",
                path=name,
                line=number,
            )
        yield line


def _lines_in(handle: IO[bytes], name: str, encoding: str) -> Iterator[str]:
    """The lines of a file in a named encoding; an undecodable line is an InputError naming it."""
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise UsageError(f"unknown encoding {encoding!r}") from None
    text = io.TextIOWrapper(handle, encoding=encoding, newline="")
    number = 0
    try:
        for number, line in enumerate(text, 1):
            yield line.removeprefix("\ufeff") if number == 1 else line
    except UnicodeDecodeError as error:
        raise InputError(f"not valid {encoding} text ({error.reason})", path=name, line=number + 1) from None
    finally:
        with contextlib.suppress(ValueError):
            text.detach()


def _csv_rows(lines: Iterator[str], delimiter: str, name: str) -> Iterator[tuple[int, list[str]]]:
    """(first line number, cells) of every non-blank record."""
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise InputError(
                f"malformed {'TSV' if delimiter == chr(9) else 'CSV'}: {error}",
                path=name,
                line=reader.line_num,
            ) from None
        if any(cell.strip() for cell in row):
            yield start, row


def _nonempty(value: str) -> str | None:
    return value if value.strip() else None


def _tag(value: str, name: str, line: int, what: str) -> str:
    from termbase.langtags import normalize_foreign_tag

    try:
        return normalize_foreign_tag(value.strip())
    except UsageError:
        raise InputError(f"{what}: {value!r} is not a language tag", path=name, line=line) from None


def _category(value: str, name: str, line: int) -> Category:
    if not value.strip():
        return Category.OTHER
    try:
        return Category(value.strip().lower())
    except ValueError:
        known = ", ".join(c.value for c in Category)
        raise InputError(
            f"unknown category {value.strip()!r}; known: {known}", path=name, line=line
        ) from None


def _text_writer(out: BinaryIO, bom: bool) -> io.TextIOWrapper:
    return io.TextIOWrapper(out, encoding="utf-8-sig" if bom else "utf-8", newline="", write_through=True)


def _done(text: io.TextIOWrapper) -> None:
    text.flush()
    text.detach()


# -- multi-column CSV / TSV ----------------------------------------------------------------
def _languages(concepts: Sequence[Concept]) -> list[str]:
    from termbase.langtags import KNOWN_TAGS

    seen: dict[str, None] = {}
    for concept in concepts:
        seen.update(dict.fromkeys(concept.languages()))
    known = [t for t in KNOWN_TAGS if t in seen]
    return known + sorted(t for t in seen if t not in KNOWN_TAGS)


def wide_rows(concepts: Iterable[Concept], langs: Sequence[str] | None = None) -> Iterator[list[str]]:
    """The header, then one row of cells per concept, of the multi-column layout (cells not neutralised).

    ``langs`` chooses the language columns (and the languages of the definition and note
    columns); without it the concepts are read first to find the languages they use.
    The last header cell is :data:`MARKER`.
    """
    if langs is None:
        concepts = list(concepts)
        langs = _languages(concepts)
        note_langs = sorted({k for c in concepts for k in c.notes})
        definition_langs = sorted({k for c in concepts for k in c.definitions})
    else:
        note_langs = definition_langs = list(langs)
    yield [
        "id",
        "category",
        "wikidata",
        *langs,
        *(f"definition:{t}" for t in definition_langs),
        *(f"note:{t}" for t in note_langs),
        "sources",
        MARKER,
    ]
    for concept in concepts:
        cells = [concept.id, concept.category.value, concept.wikidata or ""]
        cells += [join_terms(t.text for t in concept.terms(lang)) for lang in langs]
        cells += [concept.definitions.get(t, "") for t in definition_langs]
        cells += [concept.notes.get(t, "") for t in note_langs]
        cells += [join_terms(concept.sources), ""]
        yield cells


def write_csv(
    out: BinaryIO,
    concepts: Iterable[Concept],
    *,
    langs: Sequence[str] | None = None,
    delimiter: str = ",",
    bom: bool = False,
) -> int:
    """Write a multi-column glossary; returns the number of concepts (rows) written.

    ``langs`` chooses the language columns (and the languages of the definition and note
    columns); without it the concepts are read first to find the languages they use.
    Terms, definitions and notes in other languages are left out.
    """
    rows = wide_rows(concepts, langs)
    text = _text_writer(out, bom)
    writer = csv.writer(text, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(next(rows))
    count = 0
    for cells in rows:
        writer.writerow([neutralize(c) if c else c for c in cells])
        count += 1
    _done(text)
    return count


_COLUMN_ALIASES = {
    "id": "id",
    "concept_id": "id",
    "concept id": "id",
    "concept": "id",
    "category": "category",
    "wikidata": "wikidata",
    "note": "note",
    "notes": "note",
    "comment": "note",
    "comments": "note",
    "definition": "definition",
    "sources": "sources",
    "source": "sources",
}


def _parse_header(
    header: list[str], name: str, line: int, note_lang: str
) -> tuple[list[tuple[str, str]], bool]:
    """The kind of each column (kind, language) and whether the file is ours."""
    ours = bool(header) and header[-1].strip() == MARKER
    columns: list[tuple[str, str]] = []
    singles: set[str] = set()
    for index, raw in enumerate(header, 1):
        cell = raw.strip().lstrip("\ufeff")
        folded = cell.casefold()
        if not cell:
            raise InputError(f"column {index} of the header has no name", path=name, line=line)
        if cell == MARKER:
            columns.append(("marker", ""))
            continue
        kind, _, lang = folded.partition(":")
        if kind in ("note", "definition") and lang:
            columns.append((kind, _tag(cell.partition(":")[2], name, line, f"header column {index}")))
            continue
        if folded in _COLUMN_ALIASES:
            kind = _COLUMN_ALIASES[folded]
            if kind in ("note", "definition"):
                columns.append((kind, note_lang))
                continue
            if kind in singles:
                raise InputError(f"column {cell!r} appears twice in the header", path=name, line=line)
            singles.add(kind)
            columns.append((kind, ""))
            continue
        from termbase.langtags import normalize_foreign_tag

        try:
            tag = normalize_foreign_tag(cell)
        except UsageError:
            known = "id, category, wikidata, definition[:TAG], note[:TAG], sources"
            raise InputError(
                f"header column {index} {cell!r} is neither a known column ({known}) nor a language tag",
                path=name,
                line=line,
            ) from None
        columns.append(("term", tag))
    return columns, ours


def _row_concept(columns: list[tuple[str, str]], row: list[str], ours: bool, name: str, line: int) -> Concept:
    values: dict[str, str] = {"id": "", "category": "", "wikidata": "", "sources": ""}
    terms: list[Term] = []
    notes: dict[str, str] = {}
    definitions: dict[str, str] = {}
    langs: set[str] = set()  # the languages of the terms so far (as the terms hold them)
    for (kind, lang), raw in zip(columns, row, strict=True):
        cell = restore(raw) if ours else raw
        if kind == "term":
            for position, text in enumerate(split_terms(cell)):
                first = position == 0 and lang not in langs
                term = Term(text, lang, status=Status.PREFERRED if first else Status.ADMITTED)
                terms.append(term)
                langs.add(term.lang)
        elif kind in ("note", "definition"):
            if cell.strip():
                target = notes if kind == "note" else definitions
                target[lang] = f"{target[lang]}\n{cell}" if lang in target else cell
        elif kind != "marker":
            values[kind] = cell
    concept_id = values["id"].strip() or f"auto:{line}"
    try:
        return Concept(
            concept_id,
            _category(values["category"], name, line),
            terms,
            wikidata=values["wikidata"].strip() or None,
            definitions=definitions,
            notes=notes,
            sources=split_terms(values["sources"]),
        )
    except ValueError as error:
        raise InputError(str(error), path=name, line=line) from None


def _header_and_rows(
    handle: IO[bytes], name: str, delimiter: str, encoding: str | None = None
) -> tuple[int, list[str], Iterator[tuple[int, list[str]]]]:
    """The header row's line and cells, and the rows after it; an empty file is an error."""
    rows = _csv_rows(_decoded_lines(handle, name, encoding), delimiter, name)
    first = next(rows, None)
    if first is None:
        raise InputError("empty file: no header row", path=name, line=1)
    return first[0], first[1], rows


def sniff_delimiter(path: PathLike, encoding: str | None = None) -> str:
    """The field separator of a spreadsheet's CSV export: whichever of ``,`` ``;`` and tab
    occurs most in its header line outside quotes (Excel writes ``;`` where the decimal
    separator is a comma); ``,`` when none does.

    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "excel.csv")
    >>> _ = open(path, "wb").write('\\ufeffid;category;ru;"az, Latn"\\r\\n'.encode())
    >>> sniff_delimiter(path)
    ';'
    """
    with open_maybe_gzip(path) as handle:
        try:
            head = handle.read(65536)
        except READ_ERRORS as error:
            raise InputError(f"cannot read: {error}", path=os.fspath(path)) from None
    first = head.split(b"\n", 1)[0]
    try:
        text = first.decode(encoding or "utf-8-sig", errors="replace")
    except LookupError:
        return ","  # an unknown encoding: the reader says so
    counts = {",": 0, ";": 0, "\t": 0}
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=lambda c: counts[c])
    return best if counts[best] else ","


def read_csv(
    path: PathLike, *, delimiter: str = ",", note_lang: str = "en", encoding: str | None = None
) -> Iterator[Concept]:
    """Read a multi-column glossary, one concept per row, as it goes.

    A ``note`` or ``definition`` column without a language is read as ``note_lang``'s.
    ``encoding`` names the file's encoding (default: UTF-8, or UTF-16 with a byte-order mark).
    Errors (a ragged row, an unknown column, a bad tag, an empty file) are
    :class:`InputError` naming the file and the row's first line.
    """
    name = os.fspath(path)
    with open_maybe_gzip(path) as handle:
        header_line, header, rows = _header_and_rows(handle, name, delimiter, encoding)
        columns, ours = _parse_header(header, name, header_line, note_lang)
        if not any(kind == "term" for kind, _ in columns):
            raise InputError("the header names no language column", path=name, line=header_line)
        for line, row in rows:
            if len(row) != len(columns):
                raise InputError(
                    f"row has {len(row)} cells but the header has {len(columns)}", path=name, line=line
                )
            yield _row_concept(columns, row, ours, name, line)
