"""XLIFF 1.2 (OASIS Standard, 1 February 2008): read trans-units, fill targets, write the file back.

What is read (section numbers of the specification): ``<file>`` with ``source-language`` and
``target-language`` (2.3.1.1; several ``<file>`` elements, which must share the languages),
``<group>`` and ``<trans-unit>`` with ``id`` and ``translate`` (2.3.3.1; ``translate="no"`` on a
group applies to the units inside), ``approved``, ``<source>``, ``<target>`` with ``state`` and
``state-qualifier`` (4.3.4.33 and 4.3.4.34), and the inline elements of 2.4 (``<g> <x/> <bx/> <ex/>
<ph> <bpt> <ept> <it> <mrk>``). Notes, ``<alt-trans>``, context groups and other namespaces are
kept as they are. A ``<seg-source>`` is kept, but the unit is treated as one segment.

Filling a target (pretranslation): a new ``<target>`` goes right after ``<source>`` (or
``<seg-source>``); an exact match with its codes placed is ``state="translated"``
``state-qualifier="exact-match"``; anything else ``state="needs-review-translation"``
``state-qualifier="fuzzy-match"`` with the match in an ``<alt-trans match-quality="N" origin="…">``
after the target (2.3.3.6). A unit with ``translate="no"``, ``approved="yes"``, a target with
content, or a ``final``/``signed-off`` state is never filled.

>>> import io, tempfile, os
>>> path = os.path.join(tempfile.mkdtemp(), "a.xlf")
>>> write_xliff12(open(path, "wb"), [("1", "Баку", None), ("2", "Москва", "Moskva")], "ru", "az-Latn")
2
>>> doc = Xliff12Document.read(path)
>>> [(s.id, s.source, s.target, s.fillable) for s in doc.segments()]
[('1', 'Баку', None, True), ('2', 'Москва', 'Moskva', False)]
>>> doc.fill(doc.segments()[0], "Bakı", score=100)
<Filled.TRANSLATED: 'translated'>
>>> b'<target state="translated" state-qualifier="exact-match">Bak\\xc4\\xb1</target>' in doc.to_bytes()
True
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, BinaryIO

from termbase.errors import InputError
from termbase.formats._xliff import (
    XLIFF12,
    XmlFile,
    flatten,
    local,
    namespace,
    place,
    set_plain,
    translate_no,
)
from termbase.formats._xml import escape_attr, escape_text
from termbase.formats.bilingual import BilingualDocument, Filled, Segment, resolve_langs

if TYPE_CHECKING:
    from lxml import etree

__all__ = ["NAMESPACE", "Xliff12Document", "write_xliff12"]

NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"
_LOCKED_STATES = frozenset({"final", "signed-off"})


class Xliff12Document(BilingualDocument):
    """An XLIFF 1.x file (see the module doc)."""

    format = "xliff"

    def __init__(self, xml: XmlFile, source_lang: str, target_lang: str | None) -> None:
        super().__init__(xml.path, source_lang, target_lang)
        self.xml = xml
        root = xml.root
        self.ns = namespace(root)
        self._units: list[etree._Element] = []
        self._segments: list[Segment] = []
        self._scan()

    def q(self, name: str) -> str:
        return f"{{{self.ns}}}{name}" if self.ns else name

    @classmethod
    def read(
        cls, path: str | os.PathLike[str], *, source: str | None = None, target: str | None = None
    ) -> Xliff12Document:
        xml = XmlFile.parse(path)
        root = xml.root
        if local(root) != "xliff":
            raise InputError(f"the root element is <{local(root)}>, not <xliff>", path=xml.path, line=1)
        ns = namespace(root)
        files = root.findall(f"{{{ns}}}file" if ns else "file")
        if not files:
            raise InputError("no <file> element", path=xml.path, line=root.sourceline)
        first = (files[0].get("source-language"), files[0].get("target-language"))
        for other in files[1:]:
            pair = (other.get("source-language"), other.get("target-language"))
            if pair != first and (source is None or target is None):
                raise InputError(
                    f"this <file> is {pair[0]}→{pair[1]}, the first one {first[0]}→{first[1]}; "
                    "a file of several language pairs is not supported",
                    path=xml.path,
                    line=other.sourceline,
                )
        try:
            src, tgt = resolve_langs(xml.path, first, source, target)
        except InputError as error:
            raise InputError(error.message, path=xml.path, line=files[0].sourceline) from None
        return cls(xml, src, tgt)

    def _scan(self) -> None:
        ns = self.ns
        for file in self.xml.root.findall(self.q("file")):
            for unit in file.iter(self.q("trans-unit")):
                source = unit.find(self.q("source"))
                if source is None:
                    raise InputError("<trans-unit> has no <source>", path=self.path, line=unit.sourceline)
                try:
                    plain, markup = flatten(source, ns, XLIFF12)
                    target = unit.find(self.q("target"))
                    tplain, tmarkup = (None, None) if target is None else flatten(target, ns, XLIFF12)
                except InputError as error:
                    raise InputError(error.message, path=self.path, line=error.line) from None
                empty = target is None or (not (tplain or "").strip() and len(target) == 0)
                translatable = not translate_no(unit, file)
                state = None if target is None else target.get("state")
                locked = unit.get("approved") == "yes" or state in _LOCKED_STATES
                self._segments.append(
                    Segment(
                        id=unit.get("id") or f"#{len(self._units) + 1}",
                        line=unit.sourceline,
                        source=plain,
                        target=None if empty else tplain,
                        source_markup=markup,
                        target_markup=None if empty else tmarkup,
                        state=state,
                        translatable=translatable,
                        fillable=translatable and empty and not locked,
                        index=len(self._units),
                    )
                )
                self._units.append(unit)

    def segments(self) -> list[Segment]:
        return list(self._segments)

    def fill(
        self,
        segment: Segment,
        target: str,
        *,
        score: int,
        markup: bool = False,
        match_source: str | None = None,
        origin: str = "termbase",
    ) -> Filled:
        from lxml import etree

        unit = self._units[segment.index]
        source = unit.find(self.q("source"))
        assert source is not None
        element = unit.find(self.q("target"))
        if element is None:
            after = unit.find(self.q("seg-source"))
            after = source if after is None else after
            element = etree.Element(self.q("target"))
            element.tail = after.tail
            after.addnext(element)
        if markup:
            placed = place(element, target, source, self.ns, XLIFF12)
        else:
            set_plain(element, target)
            placed = segment.source_markup is None
        if score >= 100 and placed:
            element.set("state", "translated")
            element.set("state-qualifier", "exact-match")
            return Filled.TRANSLATED
        element.set("state", "needs-review-translation")
        element.set("state-qualifier", "fuzzy-match")
        alt = etree.Element(self.q("alt-trans"))
        alt.set("match-quality", str(score))
        alt.set("origin", origin)
        alt_source = etree.SubElement(alt, self.q("source"))
        alt_source.text = match_source if match_source is not None else segment.source
        alt.append(_copy_content(element, self.q("target")))
        alt.tail = element.tail
        element.addnext(alt)
        return Filled.REVIEW

    def to_bytes(self) -> bytes:
        return self.xml.to_bytes()


def _copy_content(element: etree._Element, tag: str) -> etree._Element:
    import copy

    from lxml import etree

    clone = etree.Element(tag)
    clone.text = element.text
    for child in element:
        clone.append(copy.deepcopy(child))
    return clone


def write_xliff12(
    out: BinaryIO,
    units: Iterable[tuple[str, str, str | None]],
    source: str,
    target: str,
    *,
    original: str = "termbase",
) -> int:
    """Write (id, source text, target text or None) triples as a new XLIFF 1.2 file; returns the count.

    Texts are plain (escaped); a target is ``state="translated"``.
    """
    out.write(
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">\n'
        + (
            f'  <file original="{escape_attr(original)}" source-language="{escape_attr(source)}"'
            f' target-language="{escape_attr(target)}" datatype="plaintext">\n    <body>\n'
        ).encode()
    )
    count = 0
    for uid, src, tgt in units:
        piece = f'      <trans-unit id="{escape_attr(uid)}">\n        <source>{escape_text(src)}</source>\n'
        if tgt is not None:
            piece += f'        <target state="translated">{escape_text(tgt)}</target>\n'
        out.write((piece + "      </trans-unit>\n").encode())
        count += 1
    out.write(b"    </body>\n  </file>\n</xliff>\n")
    return count
