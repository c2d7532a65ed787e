"""XLIFF 1.2 (OASIS Standard, 1 February 2008): read trans-units, fill targets, write the file back.

What is read (section numbers of the specification): ``<file>`` with ``source-language`` and
``target-language`` (2.3.1.1; several ``<file>`` elements, which must share the languages),
``<group>`` and ``<trans-unit>`` with ``id`` and ``translate`` (2.3.3.1; ``translate="no"`` on a
group applies to the units inside), ``approved``, ``<source>``, ``<target>`` with ``state`` and
``state-qualifier`` (4.3.4.33 and 4.3.4.34), and the inline elements of 2.4 (``<g> <x/> <bx/> <ex/>
<ph> <bpt> <ept> <it> <mrk>``). Notes, ``<alt-trans>``, context groups and other namespaces are
kept as they are.

**Segmented units** (2.3.3.2 ``<seg-source>``, as Okapi Rainbow and Trados' SDLXLIFF write them): each
``<mrk mtype="seg" mid="…">`` of the ``<seg-source>`` is a segment (id ``unit/mid`` when the unit has
several), its target the ``<target>``'s mark with the same ``mid``. Filling one makes the target mirror
the ``<seg-source>`` (its marks, emptied, and what lies between them) and fills that mark; the target's
``state`` is the unit's: ``translated`` when every mark is filled by exact matches,
``needs-translation`` while marks are empty, ``needs-review-translation`` once one is a fuzzy match,
whose ``<alt-trans>`` names the segment by ``mid``. A target with content but no marks was translated
as a whole and is left alone.

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

import copy
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, BinaryIO

from termbase.errors import InputError
from termbase.formats._xliff import (
    XLIFF12,
    XliffDocument,
    copy_content,
    insert_after,
    is_empty,
    local,
    namespace,
    set_plain,
    translate_no,
)
from termbase.formats._xml import escape_attr, escape_text
from termbase.formats.bilingual import Filled, Segment, resolve_langs

if TYPE_CHECKING:
    from lxml import etree

__all__ = ["NAMESPACE", "Xliff12Document", "write_xliff12"]

NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"
_LOCKED_STATES = frozenset({"final", "signed-off"})


class Xliff12Document(XliffDocument):
    """An XLIFF 1.x file (see the module doc)."""

    format = "xliff"
    dialect = XLIFF12

    @classmethod
    def read(
        cls, path: str | os.PathLike[str], *, source: str | None = None, target: str | None = None
    ) -> Xliff12Document:
        xml = cls.parse(path)
        root = xml.root
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

    def _seg_marks(self, element: etree._Element | None) -> list[etree._Element]:
        """The ``<mrk mtype="seg">`` segments of a ``<seg-source>`` or ``<target>``, checked."""
        if element is None:
            return []
        marks = [m for m in element.iter(self.q("mrk")) if m.get("mtype") == "seg"]
        seen: set[str] = set()
        for mark in marks:
            mid = mark.get("mid")
            if mid is None:
                raise InputError('<mrk mtype="seg"> has no mid', path=self.path, line=mark.sourceline)
            if mid in seen:
                raise InputError(
                    f'a second <mrk mtype="seg" mid="{mid}">', path=self.path, line=mark.sourceline
                )
            seen.add(mid)
        return marks

    def _scan(self) -> None:
        count = 0
        for file in self.xml.root.findall(self.q("file")):
            for unit in file.iter(self.q("trans-unit")):
                count += 1
                source = unit.find(self.q("source"))
                if source is None:
                    raise InputError("<trans-unit> has no <source>", path=self.path, line=unit.sourceline)
                target = unit.find(self.q("target"))
                translatable = not translate_no(unit, file)
                state = None if target is None else target.get("state")
                open_ = translatable and unit.get("approved") != "yes" and state not in _LOCKED_STATES
                uid = unit.get("id") or f"#{count}"
                marks = self._seg_marks(unit.find(self.q("seg-source")))
                if not marks:
                    self._add_segment(
                        uid, unit.sourceline, (unit, source), source, target, state, translatable, open_
                    )
                    continue
                in_target = {m.get("mid"): m for m in self._seg_marks(target)}
                # A target with content but no segment marks was translated as a whole.
                whole = not in_target and not is_empty(target)
                for mark in marks:
                    name = uid if len(marks) == 1 else f"{uid}/{mark.get('mid')}"
                    line = unit.sourceline if len(marks) == 1 else mark.sourceline
                    found = in_target.get(mark.get("mid"))
                    self._add_segment(
                        name, line, (unit, mark), mark, found, state, translatable, open_ and not whole
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

        unit, source = self._places[segment.index]
        mid = source.get("mid") if local(source) == "mrk" else None
        whole = self._target(unit)
        element = whole if mid is None else self._target_mark(whole, mid)
        placed = self._put(element, target, source, segment, markup)
        exact = score >= 100 and placed and not glossary
        if not exact:
            alt = etree.Element(self.q("alt-trans"))
            if mid is not None:
                alt.set("mid", mid)
            alt.set("match-quality", str(score))
            alt.set("origin", origin)
            alt_source = etree.SubElement(alt, self.q("source"))
            alt_source.text = match_source if match_source is not None else segment.source
            alt.append(copy_content(element, self.q("target")))
            last = whole
            while (following := last.getnext()) is not None and following.tag == alt.tag:
                last = following  # after the alternatives already there, in segment order
            insert_after(last, alt)
        # In a segmented unit the state is the whole target's: one segment to review marks it all.
        reviewed = not exact or (mid is not None and whole.get("state") == "needs-review-translation")
        if reviewed:
            whole.set("state", "needs-review-translation")
            whole.set("state-qualifier", "leveraged-glossary" if glossary else "fuzzy-match")
        elif any(is_empty(m) for m in self._seg_marks(whole)):
            whole.set("state", "needs-translation")  # segments of the unit still wait
            whole.attrib.pop("state-qualifier", None)
        else:
            whole.set("state", "translated")
            whole.set("state-qualifier", "exact-match")
        return Filled.TRANSLATED if exact else Filled.REVIEW

    def _target(self, unit: etree._Element) -> etree._Element:
        """The unit's ``<target>``, made after ``<source>``/``<seg-source>`` if it has none; in a
        segmented unit an empty target gets the ``<seg-source>``'s marks, emptied."""
        from lxml import etree

        element = unit.find(self.q("target"))
        seg_source = unit.find(self.q("seg-source"))
        if element is None:
            after = unit.find(self.q("source")) if seg_source is None else seg_source
            assert after is not None
            element = etree.Element(self.q("target"))
            insert_after(after, element)
        if seg_source is not None and is_empty(element) and self._seg_marks(seg_source):
            element.text = seg_source.text
            for child in seg_source:
                element.append(copy.deepcopy(child))
            for mark in self._seg_marks(element):
                set_plain(mark, "")
        return element

    def _target_mark(self, target: etree._Element, mid: str) -> etree._Element:
        """The target's segment ``mid`` (appended if the target lacks it)."""
        from lxml import etree

        for mark in self._seg_marks(target):
            if mark.get("mid") == mid:
                return mark
        mark = etree.SubElement(target, self.q("mrk"), mtype="seg", mid=mid)
        return mark


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
