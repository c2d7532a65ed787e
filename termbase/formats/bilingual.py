"""Bilingual documents translators work in (XLIFF 1.2, XLIFF 2.x, PO): one model, one loader.

A :class:`BilingualDocument` is a file read whole and kept whole: its :meth:`~BilingualDocument.segments`
are what termbase works on (plain source and target text, the state, whether the segment may
be filled, where it is), :meth:`~BilingualDocument.fill` puts a translation into one segment and
:meth:`~BilingualDocument.write` writes the file back with everything else as it was (other
namespaces, attributes, notes, comments, the order of elements, the encoding, the line endings).

Languages come from the file (XLIFF ``source-language``/``target-language``, ``srcLang``/``trgLang``;
PO ``Language:``, whose source is English unless said otherwise) and are normalised to termbase's
tags; ``source=``/``target=`` override them.

Inline codes are kept apart from the text: :attr:`Segment.source` is the plain text (what the
memory matches), :attr:`Segment.source_markup` the same content in TMX inline markup (``<ph x="1"/>``,
``<bpt i="1" x="2"/>…<ept i="1"/>``, the XLIFF id in ``x``) when it has codes, so that a unit imported
into the memory keeps them and a match can put them back by id.

>>> import tempfile, os
>>> path = os.path.join(tempfile.mkdtemp(), "a.xlf")
>>> _ = open(path, "w", encoding="utf-8").write('''<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
... <file original="a" source-language="ru" target-language="az" datatype="plaintext"><body>
... <trans-unit id="1"><source>Путин посетил <g id="b">Баку</g></source></trans-unit>
... </body></file></xliff>''')
>>> doc = load(path)
>>> doc.source_lang, doc.target_lang, doc.format
('ru', 'az-Latn', 'xliff')
>>> seg = doc.segments()[0]
>>> seg.id, seg.line, seg.source, seg.target, seg.source_markup
('1', 3, 'Путин посетил Баку', None, 'Путин посетил <bpt i="1" x="b"/>Баку<ept i="1"/>')
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import BinaryIO

from termbase.errors import InputError, UsageError
from termbase.model import TranslationUnit

__all__ = [
    "BILINGUAL_FORMATS",
    "BilingualDocument",
    "Filled",
    "Segment",
    "detect_bilingual",
    "load",
    "units",
]

BILINGUAL_FORMATS = ("xliff", "xliff2", "po")


class Filled(StrEnum):
    """What :meth:`BilingualDocument.fill` made of a segment."""

    TRANSLATED = "translated"
    REVIEW = "review"


@dataclass(frozen=True, slots=True)
class Segment:
    """One segment of a bilingual document.

    ``id`` names it as the file does (the XLIFF unit id, with the segment's id when the unit
    has several: ``u3/s4`` in 2.x, ``p1/2`` for a 1.2 ``<mrk mtype="seg" mid="2">``; the PO
    msgctxt and msgid); ``line`` is where it starts. ``target`` is None
    when the file has no translation yet. ``fillable`` is False for segments pretranslation
    must not touch: ``translate="no"``, locked or final, or a target already there.
    """

    id: str
    line: int | None
    source: str
    target: str | None
    source_markup: str | None = None
    target_markup: str | None = None
    state: str | None = None
    translatable: bool = True
    fillable: bool = True
    index: int = 0
    plural: bool = False

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready view."""
        return {
            "id": self.id,
            "line": self.line,
            "source": self.source,
            "target": self.target,
            "state": self.state,
            "translatable": self.translatable,
        }


class BilingualDocument:
    """A bilingual file held in memory; see the module doc. Subclasses: one per format."""

    format = ""

    def __init__(self, path: str, source_lang: str, target_lang: str | None) -> None:
        self.path = path
        self.source_lang = source_lang
        self.target_lang = target_lang

    def segments(self) -> list[Segment]:
        """Every segment, in document order."""
        raise NotImplementedError

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
        """Put ``target`` (plain text, or TMX inline markup when ``markup``) into ``segment``.

        A ``score`` of 100 whose codes can all be placed makes a translated segment; anything
        else a segment to review, with the match recorded as the format allows. ``glossary``:
        the target is a termbase's term for a segment that is one term, always to review
        (XLIFF 1.2 ``state-qualifier="leveraged-glossary"``, an XLIFF 2 match of type ``tb``).
        """
        raise NotImplementedError

    def to_bytes(self) -> bytes:
        """The document's bytes, changed only where :meth:`fill` changed it."""
        raise NotImplementedError

    def write(self, out: BinaryIO) -> None:
        """Write the document, changed only where :meth:`fill` changed it."""
        out.write(self.to_bytes())


def one_line(text: str, limit: int = 160) -> str:
    """``text`` made fit for a one-line error: line breaks shown as ``\\n``, cut at ``limit`` characters.

    >>> one_line("missing msgstr for 'a\\nb'")
    "missing msgstr for 'a\\\\nb'"
    """
    flat = text.replace("\r", "\\r").replace("\n", "\\n")
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _tag(raw: str | None, what: str, path: str) -> str | None:
    from termbase.langtags import normalize_foreign_tag

    if raw is None or not raw.strip():
        return None
    try:
        return normalize_foreign_tag(raw.strip())
    except UsageError:
        raise InputError(f"malformed language tag {raw!r} ({what})", path=path) from None


def resolve_langs(
    path: str,
    from_file: tuple[str | None, str | None],
    source: str | None,
    target: str | None,
    default_source: str | None = None,
) -> tuple[str, str | None]:
    """The document's (source, target) tags: the override, else the file's, normalised."""
    from termbase.langtags import normalize_tag

    src = normalize_tag(source) if source else _tag(from_file[0], "source language", path)
    tgt = normalize_tag(target) if target else _tag(from_file[1], "target language", path)
    if src is None:
        src = default_source
    if src is None:
        raise InputError("the file names no source language; give it with --from", path=path)
    return src, tgt


def detect_bilingual(path: str | os.PathLike[str], head: bytes | None = None) -> str | None:
    """``xliff`` (1.x), ``xliff2`` or ``po`` from a file's content (its first bytes: ``head`` when the
    caller has read them) and name; None if it is neither.

    >>> import tempfile, os
    >>> folder = tempfile.mkdtemp()
    >>> def make(name, data):
    ...     with open(os.path.join(folder, name), "wb") as handle:
    ...         _ = handle.write(data)
    ...     return detect_bilingual(os.path.join(folder, name))
    >>> make("a.xml", b'<?xml version="1.0"?>\\n<xliff version="2.1" srcLang="en">')
    'xliff2'
    >>> make("b.xlf", b'<xliff version="1.2">'), make("c.po", b'msgid ""'), make("d.tmx", b"<tmx>")
    ('xliff', 'po', None)
    """
    import re

    from termbase.formats import _xml_root, read_head

    name = os.fspath(path)
    if head is None:
        head = read_head(path)
    root = _xml_root(head)
    if root == "xliff":
        text = head.decode("utf-8", "replace")
        version = re.search(r"<(?:\w+:)?xliff\b[^>]*?\sversion\s*=\s*[\"']([^\"']*)", text)
        if version and version.group(1).strip().startswith("2"):
            return "xliff2"
        if "urn:oasis:names:tc:xliff:document:2." in text:
            return "xliff2"
        return "xliff"
    lowered = name.lower()
    if root is None and lowered.endswith((".po", ".pot")):
        return "po"
    if root is None and re.match(rb"\s*(#[^\n]*\n\s*)*msg(ctxt|id)\s", head.removeprefix(b"\xef\xbb\xbf")):
        return "po"
    if root is None and lowered.endswith((".xlf", ".xliff", ".sdlxliff", ".mqxliff")):
        return "xliff"
    return None


def load(
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    source: str | None = None,
    target: str | None = None,
) -> BilingualDocument:
    """Read a bilingual document (format detected when None); ``source``/``target`` override its languages.

    Hostile XML is refused as in TMX/TBX (no entities, no network, no DTD loading); every
    problem is an :class:`InputError` naming the file and line.
    """
    name = os.fspath(path)
    fmt = format or detect_bilingual(path)
    if fmt is None:
        raise InputError("not an XLIFF or PO file (name the format with --format)", path=name)
    if fmt == "xliff":
        from termbase.formats.xliff12 import Xliff12Document

        return Xliff12Document.read(name, source=source, target=target)
    if fmt == "xliff2":
        from termbase.formats.xliff2 import Xliff2Document

        return Xliff2Document.read(name, source=source, target=target)
    if fmt == "po":
        from termbase.formats.po import PoDocument

        return PoDocument.read(name, source=source, target=target)
    raise UsageError(f"not a bilingual format: {fmt!r}; known: {', '.join(BILINGUAL_FORMATS)}")


def units(document: BilingualDocument) -> Iterator[TranslationUnit]:
    """The translated segments as translation units (for the memory), with inline codes as markup.

    The id is a hash of the two segments, so the same pair imported twice is one unit.
    """
    from termbase.markup import MARKUP_PROP

    if document.target_lang is None:
        raise InputError("the file names no target language; give it with --to", path=document.path)
    src, tgt = document.source_lang, document.target_lang
    for seg in document.segments():
        if seg.target is None or not seg.target.strip() or not seg.source.strip():
            continue
        variants = {src: seg.source_markup or seg.source, tgt: seg.target_markup or seg.target}
        marked = [lang for lang, m in ((src, seg.source_markup), (tgt, seg.target_markup)) if m]
        digest = hashlib.sha1(f"{src}\x00{variants[src]}\x00{tgt}\x00{variants[tgt]}".encode()).hexdigest()
        props = {MARKUP_PROP: " ".join(marked)} if marked else {}
        note = f"{os.path.basename(document.path)}: {seg.id}"
        yield TranslationUnit("tm:" + digest[:16], variants, origin=document.format, note=note, props=props)
