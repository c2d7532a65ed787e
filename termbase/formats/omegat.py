"""OmegaT's glossary format (``omegat``): ``source<TAB>target<TAB>comment``.

No header, ``#`` starts a comment line, fields are not quoted (OmegaT splits each line at tabs
and trims the pieces). One line per (source term, target term) pair of a concept; the
comment is the concept's note in the target language. Consecutive lines that share a
source or a target term are read back as one concept (so two neighbouring concepts that
share a term would merge: a limit of the format).

Cells follow :mod:`termbase.formats.delimited`'s rules (formula neutralisation, our marker).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from termbase.errors import InputError
from termbase.formats._xml import open_maybe_gzip
from termbase.formats.delimited import (
    PathLike,
    _decoded_lines,
    _done,
    _tag,
    _text_writer,
    neutralize,
    restore,
)
from termbase.model import Category, Concept, Status, Term

__all__ = ["OMEGAT_MARKER", "read_omegat", "write_omegat"]

OMEGAT_MARKER = "# termbase OmegaT glossary v1"
_OMEGAT_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_OMEGAT_UNESCAPES = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}
_DEFAULT_OMEGAT_LANGS = ("en", "zh-Hans")


# -- OmegaT --------------------------------------------------------------------------------
def _omegat_escape(text: str) -> str:
    return neutralize("".join(_OMEGAT_ESCAPES.get(c, c) for c in text))


def _omegat_unescape(field: str) -> str:
    field = restore(field)
    out: list[str] = []
    i = 0
    while i < len(field):
        if field[i] == "\\" and i + 1 < len(field) and field[i + 1] in _OMEGAT_UNESCAPES:
            out.append(_OMEGAT_UNESCAPES[field[i + 1]])
            i += 2
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def write_omegat(
    out: BinaryIO, concepts: Iterable[Concept], *, source: str, target: str, bom: bool = False
) -> int:
    """Write an OmegaT glossary from ``source`` to ``target``; returns the number of lines.

    Concepts without a term in both languages are left out.

    >>> import io
    >>> from termbase.model import Concept, Term
    >>> out = io.BytesIO()
    >>> write_omegat(out, [Concept("baku", "city", [Term("Баку", "ru"), Term("Baku", "en")],
    ...                            notes={"en": "capital"})], source="ru", target="en")
    1
    >>> out.getvalue().decode().splitlines()[1].split("\\t")
    ['Баку', 'Baku', 'capital']
    """
    text = _text_writer(out, bom)
    text.write(f"{OMEGAT_MARKER} source={source} target={target} -*- coding: utf-8 -*-\n")
    count = 0
    for concept in concepts:
        sources, targets = concept.terms(source), concept.terms(target)
        if not sources or not targets:
            continue
        comment = concept.notes.get(target, "")
        for s in sources:
            for t in targets:
                fields = [_omegat_escape(s.text), _omegat_escape(t.text)]
                if comment:
                    fields.append(_omegat_escape(comment))
                text.write("\t".join(fields) + "\n")
                count += 1
    _done(text)
    return count


def _marker_langs(line: str) -> dict[str, str]:
    words = line[len(OMEGAT_MARKER) :].split()
    return dict(w.split("=", 1) for w in words if w.count("=") == 1)


def read_omegat(
    path: PathLike, *, source: str | None = None, target: str | None = None, encoding: str | None = None
) -> Iterator[Concept]:
    """Read an OmegaT glossary as concepts with terms in ``source`` and ``target``.

    The languages default to those our own files name in their first line, else to
    ``en`` → ``zh-Hans``. Lines are split at tabs and trimmed, as OmegaT does; a line with
    one field or more than three is an :class:`InputError`.
    """
    name = os.fspath(path)
    with open_maybe_gzip(path) as handle:
        lines = _decoded_lines(handle, name, encoding)
        ours = False
        group: tuple[int, list[str], list[str], list[str]] | None = None
        any_line = False
        for number, raw in enumerate(lines, 1):
            line = raw.rstrip("\r\n")
            any_line = any_line or bool(raw)
            if number == 1 and line.startswith(OMEGAT_MARKER):
                ours = True
                named = _marker_langs(line)
                source = source or named.get("source")
                target = target or named.get("target")
            if line.startswith("#") or not line.strip():
                continue
            if "\r" in line:
                raise InputError("carriage return inside a line", path=name, line=number)
            fields = [f.strip() for f in line.split("\t")]
            if len(fields) < 2 or len(fields) > 3:
                raise InputError(
                    f"expected source<TAB>target[<TAB>comment], found {len(fields)} field(s)",
                    path=name,
                    line=number,
                )
            if ours:
                fields = [_omegat_unescape(f) for f in fields]
            src, tgt = fields[0].strip(), fields[1].strip()
            comment = fields[2] if len(fields) == 3 else ""
            if not src:
                raise InputError("empty source term", path=name, line=number)
            if group is not None and (src in group[1] or (tgt and tgt in group[2])):
                if src not in group[1]:
                    group[1].append(src)
                if tgt and tgt not in group[2]:
                    group[2].append(tgt)
                if comment and comment not in group[3]:
                    group[3].append(comment)
                continue
            if group is not None:
                yield _omegat_concept(group, source, target, name)
            group = (number, [src], [tgt] if tgt else [], [comment] if comment else [])
        if not any_line:
            raise InputError("empty file", path=name, line=1)
        if group is not None:
            yield _omegat_concept(group, source, target, name)


def _omegat_concept(
    group: tuple[int, list[str], list[str], list[str]], source: str | None, target: str | None, name: str
) -> Concept:
    line, sources, targets, comments = group
    src_tag = _tag(source or _DEFAULT_OMEGAT_LANGS[0], name, line, "source language")
    tgt_tag = _tag(target or _DEFAULT_OMEGAT_LANGS[1], name, line, "target language")
    terms = [
        Term(t, src_tag, status=Status.PREFERRED if i == 0 else Status.ADMITTED)
        for i, t in enumerate(sources)
    ]
    terms += [
        Term(t, tgt_tag, status=Status.PREFERRED if i == 0 else Status.ADMITTED)
        for i, t in enumerate(targets)
    ]
    notes = {tgt_tag: "\n".join(comments)} if comments else {}
    return Concept(f"auto:{line}", Category.OTHER, terms, notes=notes)
