"""XLIFF 2.0 and 2.1 (OASIS Standards, 2014 and 2018): read segments, fill targets, write the file back.

What is read (section numbers of XLIFF 2.1): ``<xliff srcLang trgLang>`` (4.2.1.1), ``<file>``,
``<group>`` and ``<unit>`` with ``translate`` (inherited, 4.3.1.42), ``<segment>`` with ``id`` and
``state`` (``initial``, ``translated``, ``reviewed``, ``final``; 4.3.1.36), ``<source>``/``<target>``,
and the inline elements of 4.2.3 (``<pc>``, ``<ph/>``, ``<sc/>``/``<ec/>``, ``<mrk>``, ``<sm/>``/``<em/>``,
``<cp/>``). ``<ignorable>``, notes, ``<originalData>`` and module elements are kept as they are. A unit
of several segments yields one :class:`~termbase.formats.bilingual.Segment` each, named
``unit-id/segment-id``.

Filling a target: a new ``<target>`` goes after the segment's ``<source>``; an exact match with its
codes placed makes the segment ``state="translated"``; anything else leaves it ``initial`` and adds
the match to the unit's ``<mtc:matches>`` (Translation Candidates module, 5.2: ``<mtc:match
ref="#SEGMENT" similarity="N" type="tm" origin="…">`` with its ``<source>`` and ``<target>``), the first
child of the unit as the schema orders module elements. A segment without an ``id`` is given one
(``tb-N``) so the match can point at it. Segments that are ``final``, have a target with content or
are not translatable are never filled.

>>> import io, tempfile, os
>>> path = os.path.join(tempfile.mkdtemp(), "a.xlf")
>>> write_xliff2(open(path, "wb"), [("u1", "巴库", None)], "zh-Hans", "ru")
1
>>> doc = Xliff2Document.read(path)
>>> seg = doc.segments()[0]
>>> seg.id, seg.source, seg.state, seg.fillable
('u1', '巴库', 'initial', True)
>>> doc.fill(seg, "Баку", score=90, match_source="巴庫")
<Filled.REVIEW: 'review'>
>>> Xliff2Document.read_bytes(doc.to_bytes()).segments()[0].target
'Баку'
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from typing import TYPE_CHECKING, BinaryIO

from termbase.errors import InputError
from termbase.formats._xliff import (
    XLIFF2,
    XliffDocument,
    copy_content,
    insert_after,
    translate_no,
)
from termbase.formats._xml import escape_attr, escape_text
from termbase.formats.bilingual import Filled, Segment, resolve_langs

if TYPE_CHECKING:
    from lxml import etree

__all__ = ["MATCHES_NAMESPACE", "NAMESPACE", "Xliff2Document", "write_xliff2"]

NAMESPACE = "urn:oasis:names:tc:xliff:document:2.0"
MATCHES_NAMESPACE = "urn:oasis:names:tc:xliff:matches:2.0"


class Xliff2Document(XliffDocument):
    """An XLIFF 2.0/2.1 file (see the module doc)."""

    format = "xliff2"
    dialect = XLIFF2

    @classmethod
    def read(
        cls, path: str | os.PathLike[str], *, source: str | None = None, target: str | None = None
    ) -> Xliff2Document:
        xml = cls.parse(path)
        root = xml.root
        try:
            src, tgt = resolve_langs(xml.path, (root.get("srcLang"), root.get("trgLang")), source, target)
        except InputError as error:
            raise InputError(error.message, path=xml.path, line=root.sourceline) from None
        return cls(xml, src, tgt)

    @classmethod
    def read_bytes(cls, data: bytes) -> Xliff2Document:
        """Read a document from bytes (through a temporary file)."""
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "document.xlf")
            with open(path, "wb") as handle:
                handle.write(data)
            return cls.read(path)

    def _scan(self) -> None:
        for file in self.xml.root.findall(self.q("file")):
            for unit in file.iter(self.q("unit")):
                translatable = not translate_no(unit, self.xml.root)
                segments = unit.findall(self.q("segment"))
                uid = unit.get("id") or f"#{len(self._places) + 1}"
                for number, segment in enumerate(segments, 1):
                    self._segment(uid, unit, segment, number, len(segments), translatable)

    def _segment(
        self,
        uid: str,
        unit: etree._Element,
        segment: etree._Element,
        number: int,
        count: int,
        translatable: bool,
    ) -> None:
        source = segment.find(self.q("source"))
        if source is None:
            raise InputError("<segment> has no <source>", path=self.path, line=segment.sourceline)
        state = segment.get("state", "initial")
        self._add_segment(
            uid if count == 1 else f"{uid}/{segment.get('id') or number}",
            segment.sourceline if count > 1 else unit.sourceline,
            (unit, segment),
            source,
            segment.find(self.q("target")),
            state,
            translatable,
            translatable and state != "final",
        )

    def fill(
        self,
        segment: Segment,
        target: str,
        *,
        score: int,
        markup: bool = False,
        match_source: str | None = None,
        origin: str = "termbase",
        glossary: bool = False,
    ) -> Filled:
        from lxml import etree

        unit, seg = self._places[segment.index]
        source = seg.find(self.q("source"))
        assert source is not None
        element = seg.find(self.q("target"))
        if element is None:
            element = etree.Element(self.q("target"))
            insert_after(source, element)
        placed = self._put(element, target, source, segment, markup)
        if score >= 100 and placed and not glossary:
            seg.set("state", "translated")
            return Filled.TRANSLATED
        if "state" in seg.attrib:
            seg.set("state", "initial")
        if seg.get("id") is None:
            taken = {e.get("id") for e in unit.iter() if e.get("id") is not None}
            number = 1
            while f"tb-{number}" in taken:
                number += 1
            seg.set("id", f"tb-{number}")
        mtc = f"{{{MATCHES_NAMESPACE}}}"
        matches = unit.find(f"{mtc}matches")
        if matches is None:
            matches = etree.Element(f"{mtc}matches", nsmap={"mtc": MATCHES_NAMESPACE})
            matches.tail = unit.text
            unit.insert(0, matches)
        match = etree.SubElement(matches, f"{mtc}match")
        match.set("ref", f"#{seg.get('id')}")
        match.set("similarity", str(score))
        match.set("type", "tb" if glossary else "tm")
        match.set("origin", origin)
        match_src = etree.SubElement(match, self.q("source"))
        match_src.text = match_source if match_source is not None else segment.source
        match.append(copy_content(element, self.q("target")))
        return Filled.REVIEW


def write_xliff2(
    out: BinaryIO,
    units: Iterable[tuple[str, str, str | None]],
    source: str,
    target: str,
    *,
    version: str = "2.0",
    file_id: str = "f1",
) -> int:
    """Write (id, source text, target text or None) triples as a new XLIFF 2.x file; returns the count."""
    out.write(
        (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<xliff xmlns="{NAMESPACE}" version="{escape_attr(version)}" srcLang="{escape_attr(source)}"'
            f' trgLang="{escape_attr(target)}">\n  <file id="{escape_attr(file_id)}">\n'
        ).encode()
    )
    count = 0
    for uid, src, tgt in units:
        state = "" if tgt is None else ' state="translated"'
        piece = (
            f'    <unit id="{escape_attr(uid)}">\n      <segment{state}>\n'
            f"        <source>{escape_text(src)}</source>\n"
        )
        if tgt is not None:
            piece += f"        <target>{escape_text(tgt)}</target>\n"
        out.write((piece + "      </segment>\n    </unit>\n").encode())
        count += 1
    out.write(b"  </file>\n</xliff>\n")
    return count
