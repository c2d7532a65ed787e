"""Excel (XLSX) glossaries through openpyxl: the wide layout of :mod:`termbase.formats.delimited`.

The first sheet holds a header row of column names and language tags (``id``, ``category``,
``wikidata``, ``zh-Hans``, ``ru`` …, ``definition:TAG``, ``note:TAG``, ``sources``), then one row
per concept; several terms of a language share a cell separated by `` | ``, exactly as in the
wide CSV. Empty rows, and empty columns right of the header, are skipped. Cells are written as
text (a term beginning with ``=`` is not a formula, so no apostrophe is needed) and numbers read
as text (``2003``, not ``2003.0``).

Hostile files are refused: openpyxl parses the workbook's XML through defusedxml (no entity
expansion), and a workbook whose parts would inflate past :data:`MAX_INFLATED` bytes (a zip bomb)
is refused before it is opened. Every problem is an :class:`~termbase.errors.InputError` naming the
file and, for a row, its number.

>>> import io, os, tempfile
>>> from termbase.model import Concept, Term
>>> path = os.path.join(tempfile.mkdtemp(), "g.xlsx")
>>> with open(path, "wb") as out:
...     write_xlsx(out, [Concept("baku", "city", [Term("巴库", "zh-Hans"), Term("=Bakı", "az-Latn")])])
1
>>> [(c.id, [t.text for t in c.terms()]) for c in read_xlsx(path)]
[('baku', ['巴库', '=Bakı'])]
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, time
from typing import Any, BinaryIO

from termbase.errors import InputError
from termbase.formats.bilingual import one_line
from termbase.model import Concept

__all__ = ["MAX_INFLATED", "read_xlsx", "write_xlsx"]

MAX_INFLATED = 1 << 30
"""The most bytes a workbook's parts may inflate to (1 GiB)."""

PathLike = str | os.PathLike[str]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return str(value)


def _check_zip(path: PathLike, name: str) -> None:
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        # NotImplementedError: a zip version or compression zipfile does not support (found by fuzzing)
        raise InputError(f"not an XLSX workbook (a zip archive): {one_line(str(exc))}", path=name) from None
    if total > MAX_INFLATED:
        raise InputError(f"the workbook would inflate to {total} bytes; refused", path=name)


def _rows(path: PathLike, name: str) -> Iterator[tuple[int, list[str]]]:
    _check_zip(path, name)
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (
        InvalidFileException,
        KeyError,
        ValueError,
        TypeError,
        IndexError,
        AttributeError,
        OSError,
    ) as exc:
        raise InputError(f"not a readable XLSX workbook: {one_line(str(exc))}", path=name) from None
    except Exception as exc:  # defusedxml's refusals, lxml/expat errors from openpyxl's parsers
        what = f"{type(exc).__name__}: {one_line(str(exc))}"
        raise InputError(f"not a readable XLSX workbook: {what}", path=name) from None
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            raise InputError("the workbook has no worksheet", path=name)
        for number, row in enumerate(sheet.iter_rows(values_only=True), 1):
            yield number, [_cell(v) for v in row]
    except InputError:
        raise
    except Exception as exc:  # a broken sheet part: openpyxl raises many kinds
        what = f"{type(exc).__name__}: {one_line(str(exc))}"
        raise InputError(f"not a readable XLSX worksheet: {what}", path=name) from None
    finally:
        book.close()


def read_xlsx(path: PathLike, *, note_lang: str = "en") -> Iterator[Concept]:
    """Read a wide glossary from the first sheet of a workbook, one concept per row."""
    from termbase.formats.delimited import _parse_header, _row_concept

    name = os.fspath(path)
    rows = ((n, r) for n, r in _rows(path, name) if any(c.strip() for c in r))
    first = next(rows, None)
    if first is None:
        raise InputError("empty workbook: no header row", path=name, line=1)
    header_line, header = first
    while header and not header[-1].strip():
        header.pop()
    columns, _ = _parse_header(header, name, header_line, note_lang)
    columns = [(kind, lang) for kind, lang in columns if kind != "marker"]
    header_width = len(header)
    if not any(kind == "term" for kind, _ in columns):
        raise InputError("the header names no language column", path=name, line=header_line)
    for line, row in rows:
        if any(c.strip() for c in row[header_width:]):
            raise InputError(
                f"row has cells right of the header's {header_width} columns", path=name, line=line
            )
        cells = (row + [""] * header_width)[:header_width]
        cells = [c for c, raw in zip(cells, header, strict=True) if raw.strip() != "termbase:v1"]
        yield _row_concept(columns, cells, False, name, line)


def write_xlsx(out: BinaryIO, concepts: Iterable[Concept], *, langs: Sequence[str] | None = None) -> int:
    """Write concepts as a wide glossary workbook; returns the number of concepts written."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils.exceptions import IllegalCharacterError

    from termbase.formats.delimited import wide_rows

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("glossary")
    rows = wide_rows(concepts, langs)
    count = -1
    for cells in rows:
        line = []
        for value in cells[:-1]:  # the last column is the CSV marker, of no use here
            try:
                cell = WriteOnlyCell(sheet, value=value)
            except IllegalCharacterError:
                raise InputError(
                    f"row {count + 2} holds a control character a workbook cannot hold"
                ) from None
            cell.data_type = "s"
            line.append(cell)
        sheet.append(line)
        count += 1
    book.save(out)
    return count
