"""Exchange formats: a registry of names, detection from a file, and lazy dispatch.

=========== ================================================ ===========================
name        what                                             module
=========== ================================================ ===========================
tmx         TMX 1.4b (concepts and translation units)        :mod:`termbase.formats.tmx`
tbx         TBX-Basic, ISO 30042:2019 (DCA)                  :mod:`termbase.formats.tbx`
tbx2008     TBX 2008 (``<martif>``)                          :mod:`termbase.formats.tbx`
csv         multi-column glossary, comma-separated           :mod:`termbase.formats.delimited`
tsv         multi-column glossary, tab-separated             :mod:`termbase.formats.delimited`
csv-long    one row per term, lossless                       :mod:`termbase.formats.delimited`
omegat      OmegaT glossary (source, target, comment)        :mod:`termbase.formats.delimited`
xlsx        multi-column glossary, Excel workbook            :mod:`termbase.formats.xlsx`
xliff       XLIFF 1.2 bilingual file (translation units)     :mod:`termbase.formats.xliff12`
xliff2      XLIFF 2.0/2.1 bilingual file (translation units) :mod:`termbase.formats.xliff2`
po          gettext PO file (translation units)              :mod:`termbase.formats.po`
=========== ================================================ ===========================

The modules are imported only when a format is used, so ``import termbase.formats``
stays light.

>>> [f.name for f in formats()]
['tmx', 'tbx', 'tbx2008', 'csv', 'tsv', 'csv-long', 'omegat', 'xlsx', 'xliff', 'xliff2', 'po']
>>> format_info("CSV").description
'multi-column glossary, comma-separated'
>>> format_info("docx")
Traceback (most recent call last):
...
termbase.errors.UsageError: unknown format 'docx'; known: tmx, tbx, tbx2008, csv, tsv, csv-long, omegat, xlsx, xliff, xliff2, po
"""

from __future__ import annotations

import codecs
import gzip
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from termbase.errors import InputError, UsageError
from termbase.model import Concept, TranslationUnit

__all__ = [
    "FormatInfo",
    "detect_format",
    "format_for_name",
    "format_info",
    "formats",
    "read",
    "read_head",
    "write",
]


@dataclass(frozen=True, slots=True)
class FormatInfo:
    """A format: its name, a description, the file name endings it is known by."""

    name: str
    description: str
    extensions: tuple[str, ...]
    carries_units: bool = False


_FORMATS: tuple[FormatInfo, ...] = (
    FormatInfo("tmx", "TMX 1.4b translation memory exchange", (".tmx", ".tmx.gz"), carries_units=True),
    FormatInfo("tbx", "TBX-Basic termbase exchange (ISO 30042:2019, DCA)", (".tbx",)),
    FormatInfo("tbx2008", "TBX 2008 termbase exchange (martif)", ()),
    FormatInfo("csv", "multi-column glossary, comma-separated", (".csv",)),
    FormatInfo("tsv", "multi-column glossary, tab-separated", (".tsv",)),
    FormatInfo("csv-long", "one row per term with every field (lossless)", ()),
    FormatInfo(
        "omegat", "OmegaT glossary: source, target, comment (tab-separated)", (".txt", ".utf8", ".tab")
    ),
    FormatInfo("xlsx", "multi-column glossary, Excel workbook (first sheet)", (".xlsx",)),
    FormatInfo("xliff", "XLIFF 1.2 bilingual file", (".xlf", ".xliff", ".sdlxliff"), carries_units=True),
    FormatInfo("xliff2", "XLIFF 2.0/2.1 bilingual file", (), carries_units=True),
    FormatInfo("po", "gettext PO file", (".po", ".pot"), carries_units=True),
)
_BY_NAME = {f.name: f for f in _FORMATS}
_ALIASES = {
    "long": "csv-long",
    "tbx-basic": "tbx",
    "martif": "tbx2008",
    "xliff12": "xliff",
    "xliff1": "xliff",
    "xlf": "xliff",
    "xliff20": "xliff2",
    "xliff21": "xliff2",
}
_ROOT = re.compile(rb"<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s>/]")
_SKIP_XML = re.compile(rb"\s*(<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(\[.*?\])?\s*>)", re.DOTALL)


def formats() -> tuple[FormatInfo, ...]:
    """Every format, in a fixed order."""
    return _FORMATS


def format_info(name: str) -> FormatInfo:
    """The format called ``name`` (case-insensitive; ``long`` is ``csv-long``), or a UsageError."""
    key = name.strip().lower()
    key = _ALIASES.get(key, key)
    if key not in _BY_NAME:
        raise UsageError(f"unknown format {name!r}; known: {', '.join(f.name for f in _FORMATS)}")
    return _BY_NAME[key]


def format_for_name(name: str | os.PathLike[str], among: Iterable[str]) -> str:
    """The format of ``among`` that a file to be written is named for, by its ending (a
    UsageError if none is): what ``termbase export glossary.tbx`` writes.

    >>> format_for_name("glossary.TBX", ["tmx", "tbx", "csv"]), format_for_name("g.txt", ["omegat"])
    ('tbx', 'omegat')
    >>> format_for_name("glossary.dat", ["tmx", "tbx"])
    Traceback (most recent call last):
    ...
    termbase.errors.UsageError: cannot tell the format from the name 'glossary.dat' (endings: .tmx, .tmx.gz, .tbx); give --format
    """
    known = [_BY_NAME[fmt] for fmt in among]
    found = _named_for(os.fspath(name).lower(), known)
    if found is not None:
        return found
    endings = ", ".join(ending for info in known for ending in info.extensions)
    raise UsageError(
        f"cannot tell the format from the name {os.fspath(name)!r} (endings: {endings}); give --format"
    )


def _named_for(lowered: str, infos: Iterable[FormatInfo]) -> str | None:
    """The first of ``infos`` whose file name endings the (lower-cased) name ends with."""
    return next((info.name for info in infos if info.extensions and lowered.endswith(info.extensions)), None)


def _xml_root(head: bytes) -> str | None:
    """The local name of the root element of XML text starting with ``head`` (bytes)."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            head = head.decode("utf-16", errors="ignore").encode("utf-8")
        except UnicodeError:
            return None
    head = head.removeprefix(codecs.BOM_UTF8)
    position = 0
    while True:
        skipped = _SKIP_XML.match(head, position)
        if not skipped or skipped.end() == position:
            break
        position = skipped.end()
    rest = head[position:].lstrip()
    found = _ROOT.match(rest)
    return found.group(2).decode("ascii").lower() if found else None


def _sniff_delimited(head: bytes) -> str | None:
    """csv, tsv, csv-long or omegat from the first line of a delimited file."""
    from termbase.formats import delimited

    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = head.decode("utf-16", errors="ignore")
    else:
        text = head.removeprefix(codecs.BOM_UTF8).decode("utf-8", errors="ignore")
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not lines:
        return None
    first = lines[0]
    if first.startswith("#"):
        return "omegat"
    for delimiter in ("\t", ","):
        if delimiter not in first:
            continue
        cells = [c.strip().strip('"').casefold() for c in first.split(delimiter)]
        if "concept_id" in cells and ("record" in cells or "lang" in cells):
            return "csv-long"
        if delimited.MARKER in cells or cells[0] in ("id", "concept_id", "category") or _tags(cells):
            return "tsv" if delimiter == "\t" else "csv"
        if delimiter == "\t":
            return "omegat"
    return None


def _tags(cells: list[str]) -> bool:
    """Whether most header cells are language tags termbase knows."""
    from termbase.langtags import KNOWN_TAGS, normalize_foreign_tag

    known = 0
    for cell in cells:
        try:
            known += normalize_foreign_tag(cell) in KNOWN_TAGS
        except UsageError:
            continue
    return known >= max(1, len(cells) // 2)


def read_head(path: str | os.PathLike[str], size: int = 4096) -> bytes:
    """The first ``size`` bytes of a file, what format detection reads; a one-line
    :class:`InputError` for a missing file, a folder or a file that cannot be opened.

    >>> read_head("/no/such/file.tmx")
    Traceback (most recent call last):
    ...
    termbase.errors.InputError: /no/such/file.tmx: no such file
    """
    name = os.fspath(path)
    try:
        with open(path, "rb") as handle:
            return handle.read(size)
    except FileNotFoundError:
        raise InputError("no such file", path=name) from None
    except IsADirectoryError:
        raise InputError("is a directory", path=name) from None
    except OSError as exc:
        raise InputError(f"cannot open: {exc.strerror or exc}", path=name) from None


def detect_format(path: str | os.PathLike[str]) -> str:
    """The format of a file, from its content (XML root, CSV header) and then its name.

    >>> import tempfile, os
    >>> folder = tempfile.mkdtemp()
    >>> def make(name, data):
    ...     path = os.path.join(folder, name)
    ...     with open(path, "wb") as handle:
    ...         _ = handle.write(data)
    ...     return detect_format(path)
    >>> make("a.xml", b'<?xml version="1.0"?><!-- x --><martif type="TBX">')
    'tbx2008'
    >>> make("b.dat", b"\\xef\\xbb\\xbfid,category,zh-Hans,en\\r\\n")
    'csv'
    >>> make("c.txt", "Баку\\tBaku\\n".encode())
    'omegat'
    >>> make("d.tmx", b"")
    'tmx'
    """
    name = os.fspath(path)
    head = raw = read_head(path)
    if head.startswith(b"\x1f\x8b"):
        from termbase.formats._xml import READ_ERRORS

        try:
            with gzip.open(path, "rb") as handle:
                head = handle.read(4096)
        except READ_ERRORS:
            raise InputError("a gzip file that cannot be read", path=name) from None
    if head.startswith(b"PK\x03\x04") and name.lower().endswith((".xlsx", ".xlsm")):
        return "xlsx"
    from termbase.formats.bilingual import detect_bilingual

    bilingual = detect_bilingual(path, raw)
    if bilingual is not None:
        return bilingual
    root = _xml_root(head)
    if root == "tmx":
        return "tmx"
    if root == "tbx":
        return "tbx"
    if root == "martif":
        return "tbx2008"
    lowered = name.lower()
    if root is None and not lowered.endswith((".tmx", ".tmx.gz", ".tbx")):
        sniffed = _sniff_delimited(head)
        if sniffed is not None:
            return sniffed
    by_name = _named_for(lowered, _FORMATS)
    if by_name is not None:
        return by_name
    raise InputError("cannot tell the file's format; name it with --format", path=name)


def read(
    path: str | os.PathLike[str], fmt: str | None = None, **options: Any
) -> Iterator[Concept | TranslationUnit]:
    """Read a file of format ``fmt`` (detected when None) as it goes.

    Options go to the reader: ``source``/``target`` for omegat, xliff, xliff2 and po (overriding
    the file's languages), ``inline``/``on_unknown_tag`` for tmx, ``note_lang`` for csv/tsv/xlsx,
    ``encoding`` for the delimited formats, ``delimiter`` for csv, tsv and csv-long.
    """
    name = format_info(fmt).name if fmt else detect_format(path)
    if name in ("xliff", "xliff2", "po"):
        from termbase.formats.bilingual import load, units

        yield from units(load(path, format=name, source=options.get("source"), target=options.get("target")))
        return
    if name == "xlsx":
        from termbase.formats.xlsx import read_xlsx

        yield from read_xlsx(path, **options)
        return
    if name == "tmx":
        from termbase.formats import tmx

        yield from tmx.read_tmx(path, **options)
        return
    if name in ("tbx", "tbx2008"):
        from termbase.formats import tbx

        yield from tbx.read_tbx(path, **options)
        return
    from termbase.formats import delimited

    if name == "csv":
        yield from delimited.read_csv(path, **{"delimiter": ",", **options})
    elif name == "tsv":
        yield from delimited.read_csv(path, **{"delimiter": "\t", **options})
    elif name == "csv-long":
        from termbase.formats.csv_long import read_long

        yield from read_long(path, **options)
    else:
        from termbase.formats.omegat import read_omegat

        yield from read_omegat(path, **options)


def write(
    fmt: str,
    out: BinaryIO,
    concepts: Iterable[Concept] = (),
    units: Iterable[TranslationUnit] = (),
    **options: Any,
) -> int:
    """Write concepts (and, for TMX, translation units) in format ``fmt``; returns what the writer counts.

    Options: ``langs`` and ``bom`` for csv/tsv; ``langs`` for xlsx; ``bom`` for csv-long; ``source``,
    ``target``, ``bom`` for omegat; ``source`` for tmx (its ``srclang``) and tbx (its ``xml:lang``);
    ``source`` and ``target`` for xliff, xliff2 and po (units only).

    >>> import io
    >>> from termbase.model import Concept, Term
    >>> out = io.BytesIO()
    >>> write("tsv", out, [Concept("baku", "city", [Term("Bakı", "az-Latn")])], langs=["az-Latn"])
    1
    >>> out.getvalue().decode().splitlines()[1].split("\\t")
    ['baku', 'city', '', 'Bakı', '', '', '', '']
    """
    name = format_info(fmt).name
    if name == "xlsx":
        from termbase.formats.xlsx import write_xlsx

        return write_xlsx(out, concepts, **options)
    if name in ("xliff", "xliff2", "po"):
        return _write_bilingual(name, out, units, **options)
    if name == "tmx":
        from termbase.formats import tmx

        return tmx.write_tmx(out, concepts=concepts, units=units, **options)
    if name in ("tbx", "tbx2008"):
        from termbase.formats import tbx

        if name == "tbx2008":
            return tbx.write_tbx(out, concepts, dialect="tbx2008", **options)
        return tbx.write_tbx(out, concepts, dialect="tbx-basic", **options)
    from termbase.formats import delimited

    if name in ("csv", "tsv"):
        return delimited.write_csv(out, concepts, delimiter="," if name == "csv" else "\t", **options)
    if name == "csv-long":
        from termbase.formats.csv_long import write_long

        return write_long(out, concepts, **options)
    from termbase.formats.omegat import write_omegat

    return write_omegat(out, concepts, **options)


def _write_bilingual(
    name: str, out: BinaryIO, units: Iterable[TranslationUnit], *, source: str, target: str
) -> int:
    """Translation units as a new XLIFF 1.2, 2.0 or PO file (the ``source`` and ``target`` segments)."""
    from termbase.langtags import normalize_tag

    source, target = normalize_tag(source), normalize_tag(target)
    triples = (
        (unit.id, unit.variants[source], unit.variants.get(target))
        for unit in units
        if source in unit.variants
    )
    if name == "xliff":
        from termbase.formats.xliff12 import write_xliff12

        return write_xliff12(out, triples, source, target)
    if name == "xliff2":
        from termbase.formats.xliff2 import write_xliff2

        return write_xliff2(out, triples, source, target)
    from termbase.formats.po import write_po

    return write_po(out, ((uid, text, tgt or "") for uid, text, tgt in triples), source, target)
