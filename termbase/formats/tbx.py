"""TBX: export TBX-Basic (ISO 30042:2019, DCA style) or TBX 2008 (``<martif>``); import both.

**Mapping** (every category is a TBX-Basic data category, see ``TBX-Basic.tbxmd`` and the
Schematron ``TBX-Basic_DCA.sch``):

=====================  ===============================================================
termbase field         TBX
=====================  ===============================================================
concept id             ``conceptEntry/@id`` (``termEntry`` in 2008); an id that is not an
                       XML NCName (``auto:1``) is written as ``tbid_`` + escaped form
                       (``tbid_auto_3a_1``) and decoded on reading
category               ``descrip type="subjectField"`` at concept level (its value is
                       free text in TBX-Basic; unknown values read back as ``other``)
wikidata               ``xref type="externalCrossReference"`` with target
                       ``https://www.wikidata.org/wiki/Q…`` and the Q-id as content
sources                ``admin type="source"`` at concept level, one each
definitions[lang]      ``descrip type="definition"`` in the first ``langSec`` of that
                       language, else at concept level with ``xml:lang``
notes[lang]            ``note xml:lang=…`` at concept level
term                   ``termSec/term`` (``tig/term``) inside ``langSec xml:lang``
term type              ``termNote type="termType"`` (fullForm, shortForm, abbreviation, variant)
status                 ``termNote type="administrativeStatus"`` (``preferredTerm-admn-sts`` …)
region                 ``termNote type="geographicalUsage"``
term source, note      ``admin type="source"``, ``note`` in the ``termSec``
(part of speech)       ``termNote type="partOfSpeech"``: ``noun`` in TBX-Basic (its picklist has
                       no ``properNoun``), ``properNoun`` for names in TBX 2008
(export date)          ``transacGrp``: ``transac type="transactionType"`` origination + ``date``
=====================  ===============================================================

Terms keep their order: consecutive terms of one language share a ``langSec``, so a concept
whose languages interleave gets several ``langSec``\\ s of one language (valid in the core
structure). TBX 2008 uses the same mapping and carries everything too.

**Reading** accepts TBX v3 (``<tbx>``, DCA, and DCT elements of the Basic module) and TBX 2008
(``<martif>``) with ``tig`` or ``ntig/termGrp``. ``supersededTerm-admn-sts`` (not in termbase's
vocabulary) reads as deprecated, ``acronym`` as abbreviation, other term types as full form;
``context``, ``xGraphic``, ``responsibility``, ``partOfSpeech`` and sources inside a
``descripGrp`` (which cite the description, not the concept) are not kept. Several notes or
definitions of one level and language are joined with a newline. Term text is stripped of
surrounding whitespace. Notes and definitions of termbase's own exports (recognised by the
``sourceDesc`` it writes) are kept exactly; in other files, line breaks with the indentation
around them (pretty-printing) collapse to one space and the text is stripped. Duplicate ids raise.

>>> import io
>>> from termbase.model import Category, Concept, Term
>>> buf = io.BytesIO()
>>> write_tbx(buf, [Concept("baku", Category.CITY, [Term("Bakı", "az-Latn"), Term("Баку", "ru")])])
1
>>> b'<conceptEntry id="baku">' in buf.getvalue()
True
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, BinaryIO, Literal
from urllib.parse import quote, unquote

from termbase.errors import InputError, UsageError
from termbase.formats._xml import (
    XML_LANG,
    LanguageTags,
    check_chars,
    display_path,
    escape_attr,
    escape_text,
    is_ncname,
    iter_safely,
    joined,
    open_maybe_gzip,
    read_prolog,
    safe_iterparse,
)
from termbase.model import Category, Concept, Status, Term, TermType

if TYPE_CHECKING:
    from lxml import etree

__all__ = ["TBX_NS", "decode_id", "encode_id", "read_tbx", "write_tbx"]

TBX_NS = "urn:iso:std:iso:30042:ed-2"
WIKIDATA_URL = "https://www.wikidata.org/wiki/"
_CATEGORIES = {c.value: c for c in Category}
_NAME_CATEGORIES = frozenset(
    {
        Category.COUNTRY,
        Category.FORMER_STATE,
        Category.REGION,
        Category.CITY,
        Category.PLACE,
        Category.PERSON,
        Category.ORGANIZATION,
        Category.DOCUMENT,
        Category.EVENT,
    }
)
_ID_PREFIX = "tbid_"
_OWN_MARK = "Exported by termbase "
_ID_PLAIN = re.compile(r"[A-Za-z0-9-]")
_ID_ESCAPE = re.compile(r"_([0-9a-f]+)_")

# TBX values → termbase, read side (TBX-Basic picklists, plus TBX-Default's extra statuses).
_STATUS_IN = {
    "preferredterm-admn-sts": Status.PREFERRED,
    "standardizedterm-admn-sts": Status.PREFERRED,
    "regulatedterm-admn-sts": Status.PREFERRED,
    "legalterm-admn-sts": Status.PREFERRED,
    "admittedterm-admn-sts": Status.ADMITTED,
    "deprecatedterm-admn-sts": Status.DEPRECATED,
    "supersededterm-admn-sts": Status.DEPRECATED,
    "preferred": Status.PREFERRED,
    "admitted": Status.ADMITTED,
    "deprecated": Status.DEPRECATED,
    "superseded": Status.DEPRECATED,
}
_TYPE_IN = {
    "fullform": TermType.FULL_FORM,
    "shortform": TermType.SHORT_FORM,
    "abbreviation": TermType.ABBREVIATION,
    "acronym": TermType.ABBREVIATION,
    "initialism": TermType.ABBREVIATION,
    "variant": TermType.VARIANT,
}
# DCT style: a data category is an element of a module namespace named after the category.
_DCT_KIND = {
    "termType": "termNote",
    "partOfSpeech": "termNote",
    "administrativeStatus": "termNote",
    "geographicalUsage": "termNote",
    "grammaticalGender": "termNote",
    "termLocation": "termNote",
    "definition": "descrip",
    "subjectField": "descrip",
    "context": "descrip",
    "source": "admin",
    "customerSubset": "admin",
    "projectSubset": "admin",
    "crossReference": "ref",
    "externalCrossReference": "xref",
    "xGraphic": "xref",
    "transactionType": "transac",
    "responsibility": "transacNote",
}


def encode_id(concept_id: str) -> str:
    """A concept id as an XML ``ID``: itself if it is an NCName, else a reversible escape.

    >>> encode_id("baku"), encode_id("auto:1"), encode_id("1st_place")
    ('baku', 'tbid_auto_3a_1', 'tbid_1st_5f_place')
    >>> decode_id(encode_id("auto:1")), decode_id("baku")
    ('auto:1', 'baku')
    """
    if is_ncname(concept_id) and not concept_id.startswith(_ID_PREFIX):
        return concept_id
    escaped = "".join(c if _ID_PLAIN.match(c) else f"_{ord(c):x}_" for c in concept_id)
    return _ID_PREFIX + escaped


def decode_id(xml_id: str) -> str:
    """The concept id an exported ``ID`` stands for (see :func:`encode_id`)."""
    if not xml_id.startswith(_ID_PREFIX):
        return xml_id
    return _ID_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), xml_id[len(_ID_PREFIX) :])


class _Names:
    """Element names of one dialect."""

    def __init__(self, dialect: str) -> None:
        v3 = dialect == "tbx-basic"
        self.entry = "conceptEntry" if v3 else "termEntry"
        self.lang = "langSec" if v3 else "langSet"
        self.term = "termSec" if v3 else "tig"
        self.v3 = v3


def _runs(concept: Concept) -> list[tuple[str, list[Term]]]:
    """Consecutive terms of one language, in order."""
    runs: list[tuple[str, list[Term]]] = []
    for term in concept.terms():
        if runs and runs[-1][0] == term.lang:
            runs[-1][1].append(term)
        else:
            runs.append((term.lang, [term]))
    return runs


def _entry(concept: Concept, names: _Names, today: str) -> str:
    owner = f"concept {concept.id!r}"
    check_chars(concept.id, "id", owner)
    out = [f'<{names.entry} id="{escape_attr(encode_id(concept.id))}">\n']
    out.append(f'  <descrip type="subjectField">{concept.category.value}</descrip>\n')
    if concept.wikidata:
        check_chars(concept.wikidata, "wikidata", owner)
        target = WIKIDATA_URL + quote(concept.wikidata, safe="")
        out.append(
            f'  <xref type="externalCrossReference" target="{escape_attr(target)}">'
            f"{escape_text(concept.wikidata)}</xref>\n"
        )
    for source in concept.sources:
        check_chars(source, "source", owner)
        out.append(f'  <admin type="source">{escape_text(source)}</admin>\n')
    runs = _runs(concept)
    run_langs = {lang for lang, _ in runs}
    for lang, text in concept.definitions.items():
        check_chars(lang, "definition language", owner)
        check_chars(text, "definition", owner)
        if lang not in run_langs:
            out.append(
                f'  <descrip type="definition" xml:lang="{escape_attr(lang)}">{escape_text(text)}</descrip>\n'
            )
    for lang, text in concept.notes.items():
        check_chars(lang, "note language", owner)
        check_chars(text, "note", owner)
        out.append(f'  <note xml:lang="{escape_attr(lang)}">{escape_text(text)}</note>\n')
    out.append(
        '  <transacGrp><transac type="transactionType">origination</transac>'
        f"<date>{today}</date></transacGrp>\n"
    )
    # TBX-Basic's partOfSpeech picklist is adjective, noun, other, verb, adverb: no properNoun.
    proper = not names.v3 and concept.category in _NAME_CATEGORIES
    pos = "properNoun" if proper else "noun"
    defined: set[str] = set()
    for lang, terms in runs:
        check_chars(lang, "term language", owner)
        out.append(f'  <{names.lang} xml:lang="{escape_attr(lang)}">\n')
        if lang in concept.definitions and lang not in defined:
            defined.add(lang)
            out.append(f'    <descrip type="definition">{escape_text(concept.definitions[lang])}</descrip>\n')
        for term in terms:
            check_chars(term.text, "term text", owner)
            out.append(f"    <{names.term}>\n      <term>{escape_text(term.text)}</term>\n")
            out.append(f'      <termNote type="termType">{term.type.value}</termNote>\n')
            out.append(f'      <termNote type="partOfSpeech">{pos}</termNote>\n')
            out.append(
                f'      <termNote type="administrativeStatus">{term.status.value}Term-admn-sts</termNote>\n'
            )
            if term.region:
                check_chars(term.region, "term region", owner)
                out.append(
                    f'      <termNote type="geographicalUsage">{escape_text(term.region)}</termNote>\n'
                )
            if term.source:
                check_chars(term.source, "term source", owner)
                out.append(f'      <admin type="source">{escape_text(term.source)}</admin>\n')
            if term.note:
                check_chars(term.note, "term note", owner)
                out.append(f"      <note>{escape_text(term.note)}</note>\n")
            out.append(f"    </{names.term}>\n")
        out.append(f"  </{names.lang}>\n")
    out.append(f"</{names.entry}>\n")
    return "".join(out)


def write_tbx(
    out: BinaryIO,
    concepts: Iterable[Concept],
    *,
    dialect: Literal["tbx-basic", "tbx2008"] = "tbx-basic",
    source: str = "en",
) -> int:
    """Write concepts as TBX to ``out`` (binary, UTF-8), one entry at a time; return how many.

    ``source`` is the document's ``xml:lang``. ``dialect="tbx-basic"`` writes ISO 30042:2019 TBX-Basic in DCA style, ``"tbx2008"`` the
    ``<martif>`` format of ISO 30042:2008 that translate-toolkit and OmegaT read. A concept
    without terms is skipped (an entry needs a ``langSec``). Characters XML 1.0 forbids raise
    :class:`InputError` naming the concept.
    """
    if dialect not in ("tbx-basic", "tbx2008"):
        raise UsageError(f"unknown TBX dialect {dialect!r}; known: tbx-basic, tbx2008")
    check_chars(source, "source language", "header")
    from termbase import __version__

    names = _Names(dialect)
    now = datetime.now(UTC)
    today = now.strftime("%Y-%m-%d")
    about = f"{_OWN_MARK}{__version__} on {now.strftime('%Y-%m-%dT%H:%M:%SZ')}"
    lang_attr = escape_attr(source)
    if names.v3:
        head = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<tbx type="TBX-Basic" style="dca" xml:lang="{lang_attr}" xmlns="{TBX_NS}">\n'
            f"<tbxHeader><fileDesc><sourceDesc><p>{escape_text(about)}</p></sourceDesc></fileDesc></tbxHeader>\n"
        )
        tail = "</tbx>\n"
    else:
        head = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">\n'
            f'<martif type="TBX" xml:lang="{lang_attr}">\n'
            f"<martifHeader><fileDesc><sourceDesc><p>{escape_text(about)}</p></sourceDesc></fileDesc>"
            '<encodingDesc><p type="XCSURI">TBXXCSV02.xcs</p></encodingDesc></martifHeader>\n'
        )
        tail = "</martif>\n"
    out.write(head.encode())
    written = 0
    buffer: list[str] = []
    size = 0
    for concept in concepts:
        if not concept.terms():
            continue
        entry = _entry(concept, names, today)
        if written == 0:
            buffer.append("<text>\n<body>\n")
        buffer.append(entry)
        size += len(entry)
        written += 1
        if size > 1 << 16:
            out.write("".join(buffer).encode("utf-8"))
            buffer, size = [], 0
    # A body needs at least one entry; an empty export has an empty <text>.
    buffer.append("</body>\n</text>\n" if written else "<text/>\n")
    buffer.append(tail)
    out.write("".join(buffer).encode("utf-8"))
    return written


# ---------------------------------------------------------------------------------------------- reading


def _local(element: etree._Element) -> tuple[str, str | None]:
    """(local name, namespace) of an element."""
    tag = element.tag
    if not isinstance(tag, str):
        return "", None
    if tag[0] == "{":
        ns, _, name = tag[1:].partition("}")
        return name, ns
    return tag, None


def _category(element: etree._Element) -> tuple[str, str]:
    """(element kind, data category) for DCA (``<termNote type=x>``) and DCT (``<basic:x>``)."""
    name, ns = _local(element)
    if ns is not None and ns != TBX_NS:
        return _DCT_KIND.get(name, name), name
    return name, element.get("type") or ""


def _categorised(parent: etree._Element) -> Iterator[tuple[etree._Element, str, str]]:
    """(element, kind, data category) of each child, a ``descripGrp`` read as its ``descrip``."""
    for child in parent:
        kind, dc = _category(child)
        if kind == "descripGrp":
            inner = next((c for c in child if _category(c)[0] == "descrip"), None)
            if inner is None:
                continue
            child, (kind, dc) = inner, _category(inner)
        yield child, kind, dc


def _text(element: etree._Element) -> str:
    return "".join(element.itertext())


_WRAPPED = re.compile(r"[ \t]*[\r\n]+[ \t\r\n]*")


class _TbxReader:
    def __init__(self, path: str, on_unknown_tag: Callable[[str], None] | None) -> None:
        self.path = path
        self.tags = LanguageTags(path, on_unknown_tag)
        self.root_lang = "en"
        self.ids: set[str] = set()
        self.count = 0
        self.own = False

    def prose(self, element: etree._Element) -> str:
        """A note's or definition's text: exact in termbase's exports, unwrapped elsewhere."""
        text = _text(element)
        return text if self.own else _WRAPPED.sub(" ", text).strip()

    def lang(self, raw: str | None, element: etree._Element) -> str:
        return self.tags.resolve(raw, element, f"<{_local(element)[0]}> has no xml:lang")

    def entry(self, entry: etree._Element) -> Concept:
        self.count += 1
        raw_id = entry.get("id")
        concept_id = decode_id(raw_id) if raw_id else f"auto:{self.count}"
        if concept_id in self.ids:
            raise InputError(f"duplicate concept id {concept_id!r}", path=self.path, line=entry.sourceline)
        self.ids.add(concept_id)
        category: Category | None = None
        wikidata: str | None = None
        sources: list[str] = []
        definitions: dict[str, str] = {}
        notes: dict[str, str] = {}
        terms: list[Term] = []
        for child, kind, dc in _categorised(entry):
            if kind == "descrip" and dc == "subjectField":
                value = _text(child).strip()
                if category is None and value in _CATEGORIES:
                    category = _CATEGORIES[value]
            elif kind == "descrip" and dc == "definition":
                lang = self.lang(child.get(XML_LANG) or self.root_lang, child)
                definitions[lang] = joined(definitions.get(lang), self.prose(child))
            elif kind == "xref" and dc == "externalCrossReference":
                target = child.get("target") or ""
                if "wikidata.org/" in target and wikidata is None:
                    wikidata = _text(child).strip() or unquote(target.rstrip("/").rsplit("/", 1)[-1])
            elif kind == "admin" and dc == "source":
                sources.append(_text(child))
            elif kind == "adminGrp":
                for inner in child:
                    if _category(inner) == ("admin", "source"):
                        sources.append(_text(inner))
            elif kind == "note":
                lang = self.lang(child.get(XML_LANG) or self.root_lang, child)
                notes[lang] = joined(notes.get(lang), self.prose(child))
            elif kind in ("langSec", "langSet"):
                self.lang_section(child, concept_id, terms, definitions, notes)
        try:
            return Concept(
                concept_id,
                category or Category.OTHER,
                terms,
                wikidata=wikidata,
                definitions=definitions,
                notes=notes,
                sources=sources,
            )
        except ValueError as exc:
            raise InputError(str(exc), path=self.path, line=entry.sourceline) from None

    def lang_section(
        self,
        section: etree._Element,
        concept_id: str,
        terms: list[Term],
        definitions: dict[str, str],
        notes: dict[str, str],
    ) -> None:
        lang = self.lang(section.get(XML_LANG), section)
        for child, kind, dc in _categorised(section):
            if kind == "descrip" and dc == "definition":
                key = self.lang(child.get(XML_LANG), child) if child.get(XML_LANG) else lang
                definitions[key] = joined(definitions.get(key), self.prose(child))
            elif kind == "note":
                key = self.lang(child.get(XML_LANG), child) if child.get(XML_LANG) else lang
                notes[key] = joined(notes.get(key), self.prose(child))
            elif kind in ("termSec", "tig", "ntig"):
                terms.append(self.term(child, lang, concept_id))

    def term(self, section: etree._Element, lang: str, concept_id: str) -> Term:
        text: str | None = None
        fields: dict[str, str] = {}
        note: str | None = None
        source: str | None = None
        pending = list(section)
        while pending:
            child = pending.pop(0)
            kind, dc = _category(child)
            if kind in ("termGrp", "termNoteGrp"):
                pending[:0] = list(child)
            elif kind == "adminGrp":
                pending[:0] = [c for c in child if _category(c)[0] == "admin"]
            elif kind == "term":
                text = _text(child).strip()
            elif kind == "termNote" and dc not in fields:
                fields[dc] = _text(child).strip()
            elif kind == "admin" and dc == "source":
                source = joined(source, _text(child))
            elif kind == "note":
                note = joined(note, self.prose(child))
        if not text:
            raise InputError(
                f"concept {concept_id!r}: a term is empty or missing", path=self.path, line=section.sourceline
            )
        status_raw = fields.get("administrativeStatus") or fields.get("normativeAuthorization")
        status = _STATUS_IN.get(status_raw.casefold(), Status.ADMITTED) if status_raw else Status.PREFERRED
        type_raw = fields.get("termType")
        term_type = _TYPE_IN.get(type_raw.casefold(), TermType.FULL_FORM) if type_raw else TermType.FULL_FORM
        return Term(
            text,
            lang,
            term_type,
            status,
            note=note,
            source=source,
            region=fields.get("geographicalUsage") or None,
        )


def read_tbx(
    path: str | os.PathLike[str],
    *,
    on_unknown_tag: Callable[[str], None] | None = None,
) -> Iterator[Concept]:
    """Read TBX v3 (``<tbx>``) or TBX 2008 (``<martif>``), one concept entry at a time.

    Raises :class:`InputError` (file and line) for malformed XML, declared entities, a root
    that is neither, a ``langSec`` without a language, an empty term, duplicate entry ids.
    """
    shown = display_path(path)
    reader = _TbxReader(shown, on_unknown_tag)
    root_tag, root_attrib, root_line = read_prolog(path)
    root_name = root_tag.rpartition("}")[2]
    if root_name == "tbx":
        entry_name = "conceptEntry"
    elif root_name == "martif":
        entry_name = "termEntry"
    else:
        raise InputError(
            f"not a TBX file: root element <{root_name}> (expected <tbx> or <martif>)",
            path=shown,
            line=root_line,
        )
    reader.root_lang = root_attrib.get(XML_LANG) or "en"
    with open_maybe_gzip(path) as source:
        parser = safe_iterparse(source, ("end",), tag=(f"{{*}}{entry_name}", "{*}p"))
        for _, element in iter_safely(parser, shown):
            if _local(element)[0] == "p":
                parent = element.getparent()
                if not reader.own and parent is not None and _local(parent)[0] == "sourceDesc":
                    reader.own = (element.text or "").startswith(_OWN_MARK)
                continue
            yield reader.entry(element)
            element.clear()
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:
                del parent[0]
