"""TMX 1.4b: export the glossary and translation units, import any TMX 1.1–1.4 file, streaming.

**Glossary layout.** One ``<tu tuid="concept-id">`` per concept, one ``<tuv>`` per term (several
per language allowed, in the concept's term order). Concept fields are ``<prop>``\\ s of the
``tu``: ``x-category``, ``x-wikidata``, ``x-source`` (one per source), ``x-definition`` (with
``xml:lang``); concept notes are ``<note xml:lang=…>``. Term fields are props of the ``tuv``
(``x-term-type``, ``x-status``, ``x-region``, ``x-source``) and the term note is its ``<note>``.
A ``tu`` whose ``x-category`` prop holds a known category is read back as a :class:`Concept`
(a concept note without a language is keyed ``und``); every other ``tu`` as a
:class:`TranslationUnit`. A ``tu`` without ``tuid`` gets the id ``auto:N`` (its position).

**Translation units.** ``variants`` become ``tuv``\\ s; ``origin`` the prop ``x-origin``; ``note``
a ``<note>``; each entry of ``props`` a ``<prop type=key>``; ``created``/``changed`` the ``tu``'s
``creationdate``/``changedate`` (read back as ISO 8601 UTC, ``2024-05-01T12:30:00Z``);
``usage_count`` its ``usagecount``. Per-``tuv`` props of foreign units are not kept; of
several ``tuv``\\ s in one language only the first is kept; repeated props and notes are joined
with a newline.

**Inline markup.** With ``inline="keep"`` (the default) a segment that holds TMX inline
elements (``bpt ept ph it hi sub ut``) is kept as its *inner XML* (character data escaped as
libxml2 escapes it, the inline elements as tags, e.g. ``Press <bpt i="1">&lt;b&gt;</bpt>OK``),
and the unit's prop :data:`MARKUP_PROP` lists the languages whose variant is such markup; every
other variant is plain text. The writer escapes plain variants and writes the marked ones
unchanged (after checking they are well-formed inline markup), so a read/write cycle reproduces
the markup exactly while plain text (``AT&T``) stays plain in the memory. With ``inline="plain"``
every variant is plain text: the segment's character data and the content of ``<hi>``
(translatable text), without the native codes in ``bpt ept ph it ut`` and any ``<sub>`` inside
them (sub-flows such as alt text are not part of the sentence); the writer then also reduces
marked variants to plain text. Term text is always plain. Markup that is well-formed but not in
lxml's serialisation (``<ph x='1'></ph>``) is written as given and reads back in lxml's form
(``<ph x="1"/>``).

Readers stream with ``iterparse`` and clear each ``tu`` (memory stays flat); writers write one
``tu`` at a time. Language tags are normalised with
:func:`termbase.langtags.normalize_foreign_tag`; tags termbase does not know are kept and
reported once each through ``on_unknown_tag``.

>>> import io
>>> from termbase.model import Category, Concept, Term
>>> buf = io.BytesIO()
>>> write_tmx(buf, concepts=[Concept("baku", Category.CITY, [Term("巴库", "zh-Hans"), Term("Baku", "en")])])
1
>>> b'<tu tuid="baku">' in buf.getvalue(), b'<tuv xml:lang="zh-Hans">' in buf.getvalue()
(True, True)
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime
from types import MappingProxyType
from typing import IO, TYPE_CHECKING, Any, BinaryIO, Literal, cast

from termbase.errors import InputError, UsageError
from termbase.formats._xml import (
    READ_ERRORS,
    XML_LANG,
    LanguageTags,
    check_chars,
    display_path,
    escape_attr,
    escape_text,
    from_tmx_date,
    iso_date,
    iter_safely,
    joined,
    open_maybe_gzip,
    read_prolog,
    safe_iterparse,
    tmx_date,
)
from termbase.markup import INLINE_TAGS, MARKUP_PROP, markup_to_text
from termbase.markup import check_inline as _check_inline
from termbase.markup import inline_text as _plain
from termbase.model import Category, Concept, Status, Term, TermType, TranslationUnit

if TYPE_CHECKING:
    from lxml import etree

__all__ = ["INLINE_TAGS", "MARKUP_PROP", "markup_to_text", "read_tmx", "reads_apart", "write_tmx"]

_CATEGORIES = {c.value: c for c in Category}
_FLUSH_AT = 1 << 16
#: XML_LANG as lxml takes it fastest (a str key is encoded to UTF-8 on every call).
_XML_LANG_KEY = XML_LANG.encode()


class _Out:
    """A buffered UTF-8 writer over a binary stream."""

    __slots__ = ("out", "parts", "size")

    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.parts: list[str] = []
        self.size = 0

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)
        if self.size >= _FLUSH_AT:
            self.flush()

    def flush(self) -> None:
        if self.parts:
            self.out.write("".join(self.parts).encode("utf-8"))
            self.parts = []
            self.size = 0


def _prop(kind: str, value: str, lang: str | None = None) -> str:
    lang_attr = f' xml:lang="{escape_attr(lang)}"' if lang else ""
    return f'<prop type="{escape_attr(kind)}"{lang_attr}>{escape_text(value)}</prop>'


def _concept_tu(concept: Concept, segtype: str | None) -> str:
    owner = f"concept {concept.id!r}"
    check_chars(concept.id, "id", owner)
    seg_attr = f' segtype="{segtype}"' if segtype else ""
    parts = [f'  <tu tuid="{escape_attr(concept.id)}"{seg_attr}>\n']
    parts.append(f"    {_prop('x-category', concept.category.value)}\n")
    if concept.wikidata:
        check_chars(concept.wikidata, "wikidata", owner)
        parts.append(f"    {_prop('x-wikidata', concept.wikidata)}\n")
    for source in concept.sources:
        check_chars(source, "source", owner)
        parts.append(f"    {_prop('x-source', source)}\n")
    for lang, text in concept.definitions.items():
        check_chars(lang, "definition language", owner)
        check_chars(text, "definition", owner)
        parts.append(f"    {_prop('x-definition', text, lang)}\n")
    for lang, text in concept.notes.items():
        check_chars(lang, "note language", owner)
        check_chars(text, "note", owner)
        parts.append(f'    <note xml:lang="{escape_attr(lang)}">{escape_text(text)}</note>\n')
    for term in concept.terms():
        check_chars(term.lang, "term language", owner)
        check_chars(term.text, "term text", owner)
        parts.append(f'    <tuv xml:lang="{escape_attr(term.lang)}">\n')
        parts.append(f"      {_prop('x-term-type', term.type.value)}\n")
        parts.append(f"      {_prop('x-status', term.status.value)}\n")
        if term.region:
            check_chars(term.region, "term region", owner)
            parts.append(f"      {_prop('x-region', term.region)}\n")
        if term.source:
            check_chars(term.source, "term source", owner)
            parts.append(f"      {_prop('x-source', term.source)}\n")
        if term.note:
            check_chars(term.note, "term note", owner)
            parts.append(f"      <note>{escape_text(term.note)}</note>\n")
        parts.append(f"      <seg>{escape_text(term.text)}</seg>\n    </tuv>\n")
    parts.append("  </tu>\n")
    return "".join(parts)


def _unit_date(value: str | None, what: str, owner: str) -> str | None:
    if not value:
        return None
    moment = from_tmx_date(value)
    if moment is None:
        raise InputError(f"{owner}: {what} {value!r} is not an ISO 8601 or TMX date")
    return tmx_date(moment)


def _unit_tu(unit: TranslationUnit, inline: str, segtype: str | None) -> str:
    owner = f"unit {unit.id!r}"
    check_chars(unit.id, "id", owner)
    attrs = [f'tuid="{escape_attr(unit.id)}"']
    if segtype:
        attrs.append(f'segtype="{segtype}"')
    created = _unit_date(unit.created, "created", owner)
    if created:
        attrs.append(f'creationdate="{created}"')
    changed = _unit_date(unit.changed, "changed", owner)
    if changed:
        attrs.append(f'changedate="{changed}"')
    if unit.usage_count:
        attrs.append(f'usagecount="{int(unit.usage_count)}"')
    parts = [f"  <tu {' '.join(attrs)}>\n"]
    if unit.origin:
        check_chars(unit.origin, "origin", owner)
        parts.append(f"    {_prop('x-origin', unit.origin)}\n")
    markup = set(unit.props.get(MARKUP_PROP, "").split())
    for kind, value in unit.props.items():
        if kind == MARKUP_PROP:
            continue  # re-derived by the reader from the segments themselves
        check_chars(kind, "prop type", owner)
        check_chars(value, f"prop {kind!r}", owner)
        if kind == "x-origin" or (kind == "x-category" and value in _CATEGORIES):
            raise InputError(f"{owner}: prop {kind!r} is reserved by termbase's TMX layout")
        parts.append(f"    {_prop(kind, value)}\n")
    if unit.note:
        check_chars(unit.note, "note", owner)
        parts.append(f"    <note>{escape_text(unit.note)}</note>\n")
    if not unit.variants:
        raise InputError(f"{owner}: a translation unit needs at least one variant")
    for lang, text in unit.variants.items():
        check_chars(lang, "variant language", owner)
        check_chars(text, f"variant {lang!r}", owner)
        if lang not in markup:
            seg = escape_text(text)
        elif inline == "keep":
            _check_inline(text, owner, lang)
            seg = text.replace("\r", "&#13;")
        else:
            seg = escape_text(_plain(_check_inline(text, owner, lang)))
        parts.append(f'    <tuv xml:lang="{escape_attr(lang)}"><seg>{seg}</seg></tuv>\n')
    parts.append("  </tu>\n")
    return "".join(parts)


def write_tmx(
    out: BinaryIO,
    *,
    concepts: Iterable[Concept] = (),
    units: Iterable[TranslationUnit] = (),
    source: str = "*all*",
    adminlang: str = "en",
    inline: str = "keep",
) -> int:
    """Write a TMX 1.4b document to ``out`` (binary, UTF-8) and return the number of ``tu`` written.

    ``source`` is the header's ``srclang`` (``*all*``: any language may be the source).
    Concepts come first (``segtype="phrase"``), then units (``"sentence"``); the header's
    ``segtype`` is ``sentence`` if there is any unit. A concept without terms has no ``tuv``
    to write and is skipped (TMX requires ``tuv+``). Any character XML 1.0 forbids raises
    :class:`InputError` naming the concept or unit, before its ``tu`` is written.
    """
    if inline not in ("keep", "plain"):
        raise UsageError(f"inline must be 'keep' or 'plain', not {inline!r}")
    check_chars(source, "source language", "header")
    check_chars(adminlang, "adminlang", "header")
    unit_iter = iter(units)
    first_unit = next(unit_iter, None)
    segtype = "phrase" if first_unit is None else "sentence"
    from termbase import __version__

    writer = _Out(out)
    writer.add(
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4">\n'
    )
    writer.add(
        f'<header creationtool="termbase" creationtoolversion="{escape_attr(__version__)}"'
        f' segtype="{segtype}" o-tmf="termbase" adminlang="{escape_attr(adminlang)}"'
        f' srclang="{escape_attr(source)}" datatype="plaintext"'
        f' creationdate="{tmx_date(datetime.now(UTC))}"/>\n<body>\n'
    )
    written = 0
    concept_segtype = None if segtype == "phrase" else "phrase"
    for concept in concepts:
        if not concept.terms():
            continue
        writer.add(_concept_tu(concept, concept_segtype))
        written += 1
    if first_unit is not None:
        writer.add(_unit_tu(first_unit, inline, None))
        written += 1
        for unit in unit_iter:
            writer.add(_unit_tu(unit, inline, None))
            written += 1
    writer.add("</body>\n</tmx>\n")
    writer.flush()
    return written


# ---------------------------------------------------------------------------------------------- reading


def _inner_xml(seg: etree._Element, path: str) -> str:
    from lxml import etree

    for node in seg.iter():
        if not isinstance(node.tag, str):
            if node.tag is etree.Entity:
                raise InputError(
                    f"undefined entity {node.text} in a segment", path=path, line=node.sourceline
                )
            continue
    parts = [escape_text(seg.text or "")]
    for child in seg:
        parts.append(etree.tostring(child, encoding=str, with_tail=True))
    return "".join(parts)


class _Reader:
    """The state of one read: tag cache, unknown tags seen, counters."""

    def __init__(self, path: str, inline: str, on_unknown_tag: Callable[[str], None] | None) -> None:
        self.path = path
        self.inline = inline
        self.tags = LanguageTags(path, on_unknown_tag)
        self.count = 0

    def lang(self, raw: str | None, element: etree._Element) -> str:
        return self.tags.resolve(raw, element, f"<{element.tag}> has no xml:lang (or lang) attribute")

    def tu(self, tu: etree._Element) -> Concept | TranslationUnit:
        """A ``<tu>`` as a Concept (termbase's ``x-category`` prop) or a TranslationUnit.

        Most of a read's time is spent here, so the common case is read in one pass over the
        children, fetching each lxml proxy and attribute once: ``<tuv>``\\ s whose language tag
        was seen before and whose ``<seg>`` is plain text. Any other ``<tuv>`` sends the unit to
        :meth:`variants`, which reads every ``<tuv>`` again in full (a concept's go to
        :meth:`concept`); the first pass raises and reports nothing, so the result is the same.
        """
        self.count += 1
        props: list[tuple[str, str, str | None]] | None = None
        notes: list[tuple[str, str | None]] | None = None
        variants: dict[str, str] = {}
        fast = True  # False once a <tuv> needs the full reading
        tags = self.tags.seen
        for child in tu:
            tag = child.tag
            if tag == "tuv":
                if not fast:
                    continue
                raw = child.get(_XML_LANG_KEY) or child.get("lang")
                lang = tags.get(raw) if raw else None
                if lang is None:
                    fast = False  # a new or missing tag: resolved (or refused) by variants()
                elif lang not in variants:  # of several tuvs in one language the first is kept
                    try:
                        seg = child[-1]  # the DTD puts <seg> last
                    except IndexError:
                        fast = False  # an empty <tuv>
                        continue
                    if seg.tag == "seg" and not len(seg):
                        variants[lang] = seg.text or ""
                    else:
                        fast = False  # inline markup, or no <seg> last
            elif tag == "prop":
                if props is None:
                    props = []
                props.append(
                    (child.get("type") or "", child.text or "", child.get(XML_LANG) or child.get("lang"))
                )
            elif tag == "note":
                if notes is None:
                    notes = []
                notes.append((child.text or "", child.get(XML_LANG) or child.get("lang")))
        if fast and not variants:  # every tuv either fills variants or ends the fast pass
            raise InputError("<tu> has no <tuv>", path=self.path, line=tu.sourceline)
        if props:
            category = next((v for k, v, _ in props if k == "x-category" and v in _CATEGORIES), None)
            if category is not None:
                return self.concept(tu, category, props, notes or [], self.tuvs(tu))
        markup: list[str] | None = None
        if not fast:
            variants, markup = self.variants(self.tuvs(tu))
        attrs = tu.items()
        if props is None and notes is None and markup is None and len(attrs) == 1:
            name, unit_id = attrs[0]
            if name == "tuid" and unit_id:
                return TranslationUnit(unit_id, variants)  # the common case
        return self.unit(dict(attrs), variants, markup, props, notes)

    def tuvs(self, tu: etree._Element) -> list[etree._Element]:
        """The ``<tuv>`` children of ``tu``; raise if there is none."""
        tuvs = [child for child in tu if child.tag == "tuv"]
        if not tuvs:
            raise InputError("<tu> has no <tuv>", path=self.path, line=tu.sourceline)
        return tuvs

    def variants(self, tuvs: list[etree._Element]) -> tuple[dict[str, str], list[str] | None]:
        """A unit's variants, and the languages whose variant is inline markup (or None)."""
        variants: dict[str, str] = {}
        markup: list[str] | None = None
        for tuv in tuvs:
            lang = self.lang(tuv.get(XML_LANG) or tuv.get("lang"), tuv)
            if lang in variants:
                continue
            seg = tuv[-1] if len(tuv) else None  # the DTD puts <seg> last
            if seg is None or seg.tag != "seg":
                seg = self.seg(tuv)
            if not len(seg):
                variants[lang] = seg.text or ""
            elif self.inline == "keep":
                variants[lang] = _inner_xml(seg, self.path)
                if markup is None:
                    markup = []
                markup.append(lang)
            else:
                variants[lang] = _plain(seg)
        return variants, markup

    def unit(
        self,
        attrs: dict[str, str],
        variants: dict[str, str],
        markup: list[str] | None,
        props: list[tuple[str, str, str | None]] | None,
        notes: list[tuple[str, str | None]] | None,
    ) -> TranslationUnit:
        """A TranslationUnit with the props, notes and ``tu`` attributes :meth:`tu` collected."""
        origin: str | None = None
        unit_props: dict[str, str] = {}
        for kind, value, _ in props or ():
            if kind == "x-origin":
                origin = value
            elif kind != MARKUP_PROP:
                unit_props[kind] = joined(unit_props.get(kind), value)
        if markup:
            unit_props[MARKUP_PROP] = " ".join(markup)
        note: str | None = None
        for text, _ in notes or ():
            note = joined(note, text)
        stamp = from_tmx_date(attrs.get("creationdate") or "")
        created = iso_date(stamp) if stamp else None
        stamp = from_tmx_date(attrs.get("changedate") or "")
        changed = iso_date(stamp) if stamp else None
        count = attrs.get("usagecount") or "0"
        return TranslationUnit(
            attrs.get("tuid") or f"auto:{self.count}",
            variants,
            origin=origin,
            note=note,
            created=created,
            changed=changed,
            usage_count=int(count) if count.isdigit() else 0,
            props=unit_props,
        )

    def seg(self, tuv: etree._Element) -> etree._Element:
        for child in tuv:
            if child.tag == "seg":
                return child
        raise InputError("<tuv> has no <seg>", path=self.path, line=tuv.sourceline)

    def concept(
        self,
        tu: etree._Element,
        category: str,
        props: list[tuple[str, str, str | None]],
        notes: list[tuple[str, str | None]],
        tuvs: list[etree._Element],
    ) -> Concept:
        concept_id = tu.get("tuid") or f"auto:{self.count}"
        wikidata: str | None = None
        sources: list[str] = []
        definitions: dict[str, str] = {}
        for kind, value, lang in props:
            if kind == "x-wikidata":
                wikidata = value
            elif kind == "x-source":
                sources.append(value)
            elif kind == "x-definition":
                key = self.lang(lang, tu)
                definitions[key] = joined(definitions.get(key), value)
        concept_notes: dict[str, str] = {}
        for text, lang in notes:
            key = self.lang(lang, tu) if lang else "und"
            concept_notes[key] = joined(concept_notes.get(key), text)
        terms: list[Term] = []
        for tuv in tuvs:
            lang = self.lang(tuv.get(XML_LANG) or tuv.get("lang"), tuv)
            fields: dict[str, str] = {}
            note: str | None = None
            seg: etree._Element | None = None
            for child in tuv:
                if child.tag == "prop":
                    fields[child.get("type") or ""] = child.text or ""
                elif child.tag == "note":
                    note = joined(note, child.text or "")
                elif child.tag == "seg":
                    seg = child
            if seg is None:
                raise InputError("<tuv> has no <seg>", path=self.path, line=tuv.sourceline)
            try:
                terms.append(
                    Term(
                        _plain(seg),
                        lang,
                        TermType(fields.get("x-term-type", TermType.FULL_FORM)),
                        Status(fields.get("x-status", Status.PREFERRED)),
                        note=note,
                        source=fields.get("x-source") or None,
                        region=fields.get("x-region") or None,
                    )
                )
            except ValueError as exc:
                raise InputError(
                    f"concept {concept_id!r}: {exc}", path=self.path, line=tuv.sourceline
                ) from None
        try:
            return Concept(
                concept_id,
                Category(category),
                terms,
                wikidata=wikidata,
                definitions=definitions,
                notes=concept_notes,
                sources=sources,
            )
        except ValueError as exc:
            raise InputError(str(exc), path=self.path, line=tu.sourceline) from None


def read_tmx(
    path: str | os.PathLike[str],
    *,
    inline: Literal["keep", "plain"] = "keep",
    on_unknown_tag: Callable[[str], None] | None = None,
    jobs: int | None = None,
) -> Iterator[Concept | TranslationUnit]:
    """Read a TMX 1.1–1.4 file (UTF-8/UTF-16, optionally gzipped), one ``tu`` at a time.

    Yields a :class:`Concept` for each ``tu`` with termbase's ``x-category`` prop and a
    :class:`TranslationUnit` for every other one. Raises :class:`InputError` (with file and
    line) for malformed XML, a missing header, a ``tuv`` without a language, declared entities.

    ``jobs`` of :data:`READ_APART_JOBS` or more (an import's processes,
    :func:`termbase.memory.pipeline.import_jobs`) and a file of :data:`READ_APART_FROM` bytes or
    more (:func:`reads_apart`): the XML is parsed in a helper process
    (:func:`_read_apart`) while this one reads the file's bytes and takes the entries back, so
    an importing process spends its time writing; the entries, their order and the errors are
    the same.
    """
    if inline not in ("keep", "plain"):
        raise UsageError(f"inline must be 'keep' or 'plain', not {inline!r}")
    shown = display_path(path)
    root_tag, _, root_line = read_prolog(path)
    if root_tag != "tmx":
        raise InputError(f"not a TMX file: root element <{root_tag}>", path=shown, line=root_line)
    if reads_apart(path, jobs):
        yield from _read_apart(path, shown, inline, on_unknown_tag)
        return
    reader = _Reader(shown, inline, on_unknown_tag)
    with open_maybe_gzip(path) as source:
        yield from _parse(source, reader)


def _parse(source: IO[bytes], reader: _Reader) -> Iterator[Concept | TranslationUnit]:
    """The entries of a TMX file's bytes (:func:`read_tmx` after the prolog's checks)."""
    shown = reader.path
    parser = safe_iterparse(source, ("end",), tag=("header", "body", "tu"))
    seen_header = False
    read_tu = reader.tu
    for _, element in iter_safely(parser, shown):
        tag = element.tag
        if tag == "tu":
            if not seen_header:
                body = element.getparent()
                raise InputError(
                    "TMX file has no <header> before <body>",
                    path=shown,
                    line=(body if body is not None else element).sourceline,
                )
            yield read_tu(element)
            element.clear()
            parent = element.getparent()
            while element.getprevious() is not None and parent is not None:
                del parent[0]
        elif tag == "header":
            seen_header = True
        elif not seen_header:
            raise InputError("TMX file has no <header> before <body>", path=shown, line=element.sourceline)
    if not seen_header:
        raise InputError("TMX file has no <header>", path=shown, line=1)


def reads_apart(path: str | os.PathLike[str], jobs: int | None) -> bool:
    """Whether :func:`read_tmx` with ``jobs`` parses ``path`` in a helper process.

    From :data:`READ_APART_JOBS` processes only: a third process costs memory (at 100,000 units
    the main process peaked at 104 MB, the index helper at 54, the parsing one at 39: 197 MB
    summed), and with two processes on two cores the writer and one index helper keep under
    the 150 MB an import may take.
    """
    if jobs is None or jobs < READ_APART_JOBS:
        return False
    try:
        return os.path.getsize(path) >= READ_APART_FROM
    except OSError:
        return False  # read_tmx names the error


READ_APART_JOBS = 3
"""The fewest processes of an import (``--jobs``) of which one parses the TMX file."""
READ_APART_FROM = 4 << 20
"""The smallest file (bytes) :func:`read_tmx` parses in a helper process when an import runs
several (a small file is read before a process would have started)."""
_CHUNK = 1 << 20
"""Bytes of the file sent to the parsing process at a time."""
_LXML_READ = 32768
"""The bytes lxml asks a file object for at a time (libxml2's read buffer)."""
_AHEAD = 2
"""Chunks handed to the parsing process before their entries are taken back."""

_Fed = tuple[list[Concept | TranslationUnit], list[str], tuple[str, str | None, int | None] | None]
"""What the parsing process answers for a chunk: the entries it completed, the unknown language
tags it met (in order), and the error that ended the read (message, path, line) or None."""


def _read_apart(
    path: str | os.PathLike[str], shown: str, inline: str, on_unknown_tag: Callable[[str], None] | None
) -> Iterator[Concept | TranslationUnit]:
    """The entries of a TMX file parsed by a helper process (:class:`termbase.memory.pipeline.Helpers`).

    This process reads the file (so a progress bar's byte count moves as it does today) and
    sends it :data:`_CHUNK` bytes at a time to the helper, which parses them as one stream in a
    thread (:class:`_Session`) and answers with the entries each chunk completed. An error
    (XML, a language tag, a read error here) comes after every entry before it, as it does
    from :func:`_parse`, with the same file and line.
    """
    from termbase.memory.pipeline import Helpers

    with open_maybe_gzip(path) as source, Helpers(1) as helper:
        sent = 0
        ended = False
        failed: InputError | None = None
        while True:
            while not ended and sent < _AHEAD:
                pieces: list[bytes] = []
                size = 0
                try:
                    while size < _CHUNK:  # read as lxml reads a file (a read error loses the same bytes)
                        piece = source.read(_LXML_READ)
                        if not piece:
                            ended = True
                            break
                        pieces.append(piece)
                        size += len(piece)
                except (*READ_ERRORS, UnicodeDecodeError) as exc:  # raised after the entries before it
                    failed = InputError(f"cannot read: {exc}", path=shown)
                    ended = True
                if pieces:
                    helper.submit((_feed, (shown, inline, b"".join(pieces))))
                    sent += 1
                if ended:
                    helper.submit((_feed, (shown, inline, None if failed else b"")))
                    sent += 1
            if not sent:
                break
            items, unknown, error = helper.result()
            sent -= 1
            if on_unknown_tag is not None:
                for tag in unknown:
                    on_unknown_tag(tag)
            yield from items
            if error is not None:
                raise InputError(error[0], path=error[1], line=error[2])
        if failed is not None:
            raise failed


_SESSION: _Session | None = None


def _feed(shown: str, inline: str, chunk: bytes | None) -> _Fed:
    """In the parsing process: parse one more chunk of the file (``b""``: the end; None: the
    reading process met a read error and raises it: the parse stops there)."""
    global _SESSION
    if _SESSION is None:
        _SESSION = _Session(shown, inline)
    return _SESSION.feed(chunk)


def _unit_back(*fields: Any) -> TranslationUnit:
    """A unit sent by the parsing process, rebuilt without normalising its text again (it was)."""
    return TranslationUnit.as_normalized(*fields)


def _send_unit(unit: TranslationUnit) -> tuple[Callable[..., TranslationUnit], tuple[object, ...]]:
    return _unit_back, (
        unit.id,
        dict(unit.variants),
        unit.origin,
        unit.note,
        unit.created,
        unit.changed,
        unit.usage_count,
        dict(unit.props),
    )


def _proxy_back(value: dict[str, str]) -> Mapping[str, str]:
    return MappingProxyType(value)


def _send_proxy(value: Mapping[str, str]) -> tuple[Callable[..., Mapping[str, str]], tuple[object, ...]]:
    return _proxy_back, (dict(value),)


class _Stopped(Exception):
    """The parse's end at a read error of the reading process."""


class _Session:
    """The parsing process's read of one file: :func:`_parse` in a thread over the chunks fed.

    :meth:`feed` hands the thread a chunk and waits until the thread has used it all (it asks for
    the next) or the read has ended, then answers with what the chunk completed.
    """

    def __init__(self, shown: str, inline: str) -> None:
        from multiprocessing.reduction import ForkingPickler

        # Entries go back pickled (as a Helpers result is): units as their fields, and the
        # read-only mappings of concepts (which pickle cannot send) as dicts.
        ForkingPickler.register(TranslationUnit, _send_unit)
        ForkingPickler.register(MappingProxyType, _send_proxy)
        self.unknown: list[str] = []
        self.reader = _Reader(shown, cast(Literal["keep", "plain"], inline), self.unknown.append)
        self.items: list[Concept | TranslationUnit] = []
        self.error: tuple[str, str | None, int | None] | None = None
        self.chunks: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self.waiting = threading.Semaphore(0)  # released when the thread has used every chunk, or ended
        self.buffer = memoryview(b"")
        self.eof = False
        self.ended = False
        self.thread = threading.Thread(target=self.run, daemon=True)

    def read(self, size: int = -1) -> bytes:
        """The file-like read lxml calls: bytes of the chunks fed, waiting for the next one."""
        if not self.buffer:
            if self.eof:  # lxml may ask again after the end
                return b""
            if self.chunks.empty():
                self.waiting.release()
            chunk = self.chunks.get()
            if chunk is None:
                raise _Stopped
            self.buffer = memoryview(chunk)
            self.eof = not self.buffer
        if size < 0 or size >= len(self.buffer):
            data, self.buffer = bytes(self.buffer), memoryview(b"")
        else:
            data, self.buffer = bytes(self.buffer[:size]), self.buffer[size:]
        return data

    def run(self) -> None:
        try:
            append = self.items.append
            for item in _parse(cast(IO[bytes], self), self.reader):
                append(item)
        except _Stopped:
            pass
        except InputError as error:
            self.error = (error.message, error.path, error.line)
        except Exception as error:  # a failure of the reader itself: the import fails with it
            self.error = (f"cannot read: {type(error).__name__}: {error}", self.reader.path, None)
        self.ended = True
        self.waiting.release()

    def feed(self, chunk: bytes | None) -> _Fed:
        if not self.ended:
            self.chunks.put(chunk)
            if not self.thread.is_alive():
                self.thread.start()
            self.waiting.acquire()
        items = self.items[:]  # the thread keeps appending to self.items
        self.items.clear()
        unknown = self.unknown[:]
        self.unknown.clear()
        error, self.error = self.error, None
        return items, unknown, error
