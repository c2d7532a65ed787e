"""What XLIFF 1.2 and 2.x share: a whole document parsed safely and written back as it was,
inline content as plain text plus codes, and codes put back into a target by id.

**Parsing** refuses what TMX/TBX refuse (:mod:`termbase.formats._xml`): a DTD declaring any
entity, network access, DTD loading, huge trees; comments, processing instructions and CDATA
sections are kept. **Writing** keeps the original XML declaration and the bytes around the
document element, the encoding (from the declaration) and the line endings (CRLF files stay
CRLF); what lies between is lxml's serialisation of the (possibly changed) tree, so a document
read and written unchanged has the same canonical form (C14N) as the original.

**Inline content.** A container code (1.2 ``<g>``, ``<mrk>``; 2.x ``<pc>``, ``<mrk>``) holds
translatable text; a placeholder code (1.2 ``<x/> <bx/> <ex/> <ph> <bpt> <ept> <it>``; 2.x
``<ph/> <sc/> <ec/> <sm/> <em/>``) holds native code, not text. The plain text of a source is
its character data and the content of containers (2.x ``<cp hex="…"/>`` is its character); its
TMX markup writes a container as ``<bpt i="N" x="ID"/>…<ept i="N"/>`` and a placeholder as
``<ph x="ID"/>``, ``ID`` being the code's id (``startRef``/``rid`` for a closing code without one).

>>> from lxml import etree
>>> source = etree.fromstring('<source>Click <g id="1">OK</g><x id="2"/> &amp; go</source>')
>>> flatten(source, "", XLIFF12)
('Click OK & go', 'Click <bpt i="1" x="1"/>OK<ept i="1"/><ph x="2"/> &amp; go')
>>> target = etree.Element("target")
>>> place(target, '<ph x="2"/>Нажмите <bpt i="1" x="1"/>ОК<ept i="1"/>', source, "", XLIFF12)
True
>>> etree.tostring(target, encoding="unicode")
'<target><x id="2"/>Нажмите <g id="1">ОК</g></target>'
>>> place(etree.Element("target"), "Нажмите ОК", source, "", XLIFF12)
False
"""

from __future__ import annotations

import codecs
import copy
import os
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO

from termbase.errors import InputError
from termbase.formats._xml import display_path, escape_attr, escape_text, read_prolog, syntax_error
from termbase.formats.bilingual import BilingualDocument, Segment

if TYPE_CHECKING:
    from lxml import etree

__all__ = [
    "XLIFF2",
    "XLIFF12",
    "Dialect",
    "XliffDocument",
    "XmlFile",
    "copy_content",
    "flatten",
    "insert_after",
    "is_empty",
    "local",
    "place",
    "set_plain",
    "translate_no",
]


@dataclass(frozen=True, slots=True)
class Dialect:
    """The inline elements of one XLIFF version."""

    containers: frozenset[str]
    placeholders: frozenset[str]
    end_refs: tuple[str, ...]


XLIFF12 = Dialect(
    frozenset({"g", "mrk"}), frozenset({"x", "bx", "ex", "ph", "bpt", "ept", "it"}), ("rid", "mid")
)
XLIFF2 = Dialect(frozenset({"pc", "mrk"}), frozenset({"ph", "sc", "ec", "sm", "em"}), ("startRef",))


def local(element: etree._Element) -> str:
    """The local name of an element (``''`` for comments and processing instructions)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def namespace(element: etree._Element) -> str:
    """The namespace URI of an element (``''`` for none)."""
    tag = element.tag
    return tag[1:].partition("}")[0] if isinstance(tag, str) and tag.startswith("{") else ""


def _key(element: etree._Element, dialect: Dialect) -> str:
    value = element.get("id")
    if value is None and local(element) == "mrk":
        value = element.get("mid")
    if value is None:
        for name in dialect.end_refs:
            ref = element.get(name)
            if ref is not None:
                return f"end:{ref}"
    return value if value is not None else f"line:{element.sourceline}"


def _cp(element: etree._Element) -> str:
    raw = element.get("hex", "")
    try:
        char = chr(int(raw, 16))
    except (ValueError, OverflowError):
        raise InputError(f"<cp hex={raw!r}> is not a code point", line=element.sourceline) from None
    if 0xD800 <= ord(char) <= 0xDFFF:
        raise InputError(f"<cp hex={raw!r}> is a surrogate", line=element.sourceline)
    return char


def flatten(element: etree._Element, ns: str, dialect: Dialect) -> tuple[str, str | None]:
    """The plain text of ``element``'s inline content, and its TMX markup (None without codes)."""
    plain: list[str] = []
    markup: list[str] = []
    codes = 0
    counter = 0

    def text(value: str | None) -> None:
        if value:
            plain.append(value)
            markup.append(escape_text(value))

    def walk(parent: etree._Element) -> None:
        nonlocal codes, counter
        text(parent.text)
        for child in parent:
            name = local(child)
            if name and namespace(child) == ns:
                if name in dialect.containers:
                    counter += 1
                    number = counter
                    codes += 1
                    markup.append(f'<bpt i="{number}" x="{escape_attr(_key(child, dialect))}"/>')
                    walk(child)
                    markup.append(f'<ept i="{number}"/>')
                elif name in dialect.placeholders:
                    codes += 1
                    markup.append(f'<ph x="{escape_attr(_key(child, dialect))}"/>')
                elif name == "cp" and dialect is XLIFF2:
                    text(_cp(child))
                else:
                    walk(child)  # an element we do not know: its text counts
            elif name:
                walk(child)  # another namespace's element: its text counts
            text(child.tail)

    walk(element)
    return "".join(plain), ("".join(markup) if codes else None)


def _append_text(parent: etree._Element, value: str | None) -> None:
    if not value:
        return
    if len(parent):
        last = parent[len(parent) - 1]
        last.tail = (last.tail or "") + value
    else:
        parent.text = (parent.text or "") + value


def set_plain(target: etree._Element, value: str) -> None:
    """Make ``value`` the whole content of ``target``."""
    for child in list(target):
        target.remove(child)
    target.text = value or None


def place(target: etree._Element, markup: str, source: etree._Element, ns: str, dialect: Dialect) -> bool:
    """Fill ``target`` from TMX ``markup``, copying ``source``'s codes by id; False if they cannot all be placed.

    On False ``target`` holds the plain text of the markup.
    """
    from lxml import etree

    from termbase.markup import markup_to_text

    by_key: dict[str, etree._Element] = {}
    for element in source.iter():
        name = local(element)
        coded = name in dialect.containers or name in dialect.placeholders
        if element is not source and coded and namespace(element) == ns:
            by_key.setdefault(_key(element, dialect), element)
    set_plain(target, "")
    try:
        seg = etree.fromstring(f"<seg>{markup}</seg>")
    except etree.XMLSyntaxError:
        set_plain(target, markup)
        return False
    used: set[str] = set()
    ok = True

    def walk(tmx: etree._Element, into: etree._Element) -> None:
        nonlocal ok
        _append_text(into, tmx.text)
        open_stack: list[tuple[str, etree._Element]] = []
        current = into
        for child in tmx:
            name = local(child)
            if name == "bpt":
                found = by_key.get(child.get("x", ""))
                if found is None or local(found) not in dialect.containers:
                    ok = False
                else:
                    used.add(child.get("x", ""))
                    shell = etree.SubElement(current, found.tag, attrib=dict(found.attrib))
                    open_stack.append((child.get("i", ""), current))
                    current = shell
            elif name == "ept":
                if open_stack and open_stack[-1][0] == child.get("i", ""):
                    current = open_stack.pop()[1]
                else:
                    ok = False
            elif name in ("ph", "it", "ut"):
                found = by_key.get(child.get("x", ""))
                if found is None or local(found) not in dialect.placeholders:
                    ok = False
                else:
                    used.add(child.get("x", ""))
                    clone = copy.deepcopy(found)
                    clone.tail = None
                    current.append(clone)
            elif name == "hi":
                walk(child, current)
            _append_text(current, child.tail)
        if open_stack:
            ok = False

    walk(seg, target)
    if not ok or used != set(by_key):
        set_plain(target, markup_to_text(markup))
        return False
    return True


_PROLOG_NODE = re.compile(rb"\s*(<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(\[.*?\])?\s*>)", re.DOTALL)
_START_TAG = re.compile(rb"<[^>]*>")


def _root_bounds(raw: bytes, qname: bytes) -> tuple[int, int] | None:
    """Where the root's start tag ends and its end tag begins in ``raw`` (None if not found plainly)."""
    position = 3 if raw.startswith(codecs.BOM_UTF8) else 0
    while True:
        skipped = _PROLOG_NODE.match(raw, position)
        if not skipped or skipped.end() == position:
            break
        position = skipped.end()
    while position < len(raw) and raw[position : position + 1].isspace():
        position += 1
    start = _START_TAG.match(raw, position)
    if start is None or start.group(0).endswith(b"/>") or not raw.startswith(b"<" + qname, position):
        return None
    end = raw.rfind(b"</" + qname)
    if end < start.end():
        return None
    return start.end(), end


class XmlFile:
    """An XML document read whole, to be written back with its own bytes where nothing changed.

    What lies outside the document element (declaration, comments, DOCTYPE, the line break at the
    end) and the root's own start and end tags are written from the original bytes; the content of
    the root is lxml's serialisation of the tree, in the file's encoding and line endings.
    """

    def __init__(self, path: str, tree: etree._ElementTree, raw: bytes) -> None:
        self.path = path
        self.tree = tree
        self.root = tree.getroot()
        self.raw = raw
        self.encoding = tree.docinfo.encoding or "UTF-8"
        self.crlf = b"\r\n" in raw[:65536] and raw.count(b"\r\n") * 2 >= raw.count(b"\n")
        self.bounds: tuple[int, int] | None = None
        if not raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            prefix = f"{self.root.prefix}:" if self.root.prefix else ""
            qname = (prefix + local(self.root)).encode("ascii", "replace")
            self.bounds = _root_bounds(raw, qname)

    @classmethod
    def parse(cls, path: str | os.PathLike[str]) -> XmlFile:
        """Read and parse ``path``, refusing hostile XML; errors are one-line :class:`InputError`."""
        from lxml import etree

        shown = display_path(path)
        read_prolog(path)  # refuses declared entities and UTF-8 declared as a legacy encoding
        try:
            with open(path, "rb") as handle:
                raw = handle.read()
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or exc}", path=shown) from None
        parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            remove_comments=False,
            remove_pis=False,
            strip_cdata=False,
        )
        try:
            root = etree.fromstring(raw, parser)
        except etree.XMLSyntaxError as exc:
            raise syntax_error(exc, shown) from None
        except (ValueError, UnicodeDecodeError, LookupError) as exc:
            raise InputError(f"cannot read: {exc}", path=shown) from None
        if root is None:
            raise InputError("no root element", path=shown, line=1)
        return cls(shown, root.getroottree(), raw)

    def to_bytes(self) -> bytes:
        """The document as bytes, as it was but for what was changed."""
        from lxml import etree

        if self.bounds is None:
            return bytes(etree.tostring(self.tree, encoding=self.encoding, xml_declaration=True))
        body = bytes(
            etree.tostring(self.root, encoding=self.encoding, xml_declaration=False, with_tail=False)
        )
        tag = _START_TAG.match(body)
        end = body.rfind(b"</")
        assert tag is not None and end >= tag.end()
        inner = body[tag.end() : end]
        if self.crlf:
            inner = inner.replace(b"\n", b"\r\n")
        start, stop = self.bounds
        return self.raw[:start] + inner + self.raw[stop:]

    def write(self, out: BinaryIO) -> None:
        out.write(self.to_bytes())


def translate_no(unit: etree._Element, top: etree._Element) -> bool:
    """Whether ``translate="no"`` holds for ``unit``: on it, or on the nearest ancestor below ``top``
    that says (XLIFF 1.2 groups, XLIFF 2 groups and files)."""
    element: etree._Element | None = unit
    while element is not None and element is not top:
        value = element.get("translate")
        if value is not None:
            return bool(value.strip() == "no")
        element = element.getparent()
    return False


class XliffDocument(BilingualDocument):
    """What an XLIFF 1.2 and an XLIFF 2.x document share: the file read whole (:class:`XmlFile`), its
    namespace, and the segments one scan of the tree finds, each with the elements it lives in
    (``_places[segment.index]``: the unit and the element holding the segment's source side)."""

    dialect: Dialect

    def __init__(self, xml: XmlFile, source_lang: str, target_lang: str | None) -> None:
        super().__init__(xml.path, source_lang, target_lang)
        self.xml = xml
        self.ns = namespace(xml.root)
        if self.ns:
            from lxml import etree

            try:  # lxml parses any namespace string but makes elements only in a valid URI
                etree.Element(self.q("target"))
            except ValueError:
                raise InputError(
                    f"the namespace {self.ns!r} is not a valid URI", path=xml.path, line=xml.root.sourceline
                ) from None
        self._places: list[tuple[etree._Element, etree._Element]] = []
        self._segments: list[Segment] = []
        self._scan()

    @staticmethod
    def parse(path: str | os.PathLike[str]) -> XmlFile:
        """Read ``path`` as XML whose root is ``<xliff>`` (else a one-line :class:`InputError`)."""
        xml = XmlFile.parse(path)
        if local(xml.root) != "xliff":
            raise InputError(f"the root element is <{local(xml.root)}>, not <xliff>", path=xml.path, line=1)
        return xml

    def q(self, name: str) -> str:
        """``name`` in the document's namespace (Clark notation)."""
        return f"{{{self.ns}}}{name}" if self.ns else name

    def _scan(self) -> None:
        raise NotImplementedError

    def flatten(self, element: etree._Element | None) -> tuple[str | None, str | None]:
        """:func:`flatten` of ``element`` in this document's dialect (None, None for no element);
        an error names the file."""
        if element is None:
            return None, None
        try:
            return flatten(element, self.ns, self.dialect)
        except InputError as error:
            raise InputError(error.message, path=self.path, line=error.line) from None

    def _add_segment(
        self,
        name: str,
        line: int | None,
        places: tuple[etree._Element, etree._Element],
        source: etree._Element,
        target: etree._Element | None,
        state: str | None,
        translatable: bool,
        open_: bool,
    ) -> None:
        """Record one segment: its texts read from ``source`` and ``target``, fillable when ``open_``
        and its target is empty; ``places`` is what :meth:`fill` finds it by (unit, segment element)."""
        plain, markup = self.flatten(source)
        tplain, tmarkup = self.flatten(target)
        empty = is_empty(target)
        self._segments.append(
            Segment(
                id=name,
                line=line,
                source=plain or "",
                target=None if empty else tplain,
                source_markup=markup,
                target_markup=None if empty else tmarkup,
                state=state,
                translatable=translatable,
                fillable=open_ and empty,
                index=len(self._places),
            )
        )
        self._places.append(places)

    def _put(
        self, element: etree._Element, text: str, source: etree._Element, segment: Segment, markup: bool
    ) -> bool:
        """Make ``text`` (TMX markup when ``markup``) the content of ``element``; whether every code of
        ``source`` found its place (plain text places none, so it does only for a source without codes)."""
        if markup:
            return place(element, text, source, self.ns, self.dialect)
        set_plain(element, text)
        return segment.source_markup is None

    def segments(self) -> list[Segment]:
        return list(self._segments)

    def to_bytes(self) -> bytes:
        return self.xml.to_bytes()


def insert_after(anchor: etree._Element, element: etree._Element) -> None:
    """Put ``element`` right after ``anchor``, on its own line indented as ``anchor`` is, when the file is
    indented (the whitespace before ``anchor`` goes between the two; mixed content is left as it is).

    >>> from lxml import etree
    >>> unit = etree.fromstring("<unit>\\n  <source>a</source>\\n</unit>")
    >>> insert_after(unit[0], etree.Element("target"))
    >>> print(etree.tostring(unit, encoding="unicode"))
    <unit>
      <source>a</source>
      <target/>
    </unit>
    """
    previous = anchor.getprevious()
    parent = anchor.getparent()
    before = previous.tail if previous is not None else (parent.text if parent is not None else None)
    element.tail = anchor.tail
    if before is not None and not before.strip() and not (anchor.tail or "").strip():
        anchor.tail = before
    anchor.addnext(element)


def copy_content(element: etree._Element, tag: str) -> etree._Element:
    """A new element ``tag`` holding a copy of ``element``'s content (text and children, not its attributes).

    >>> from lxml import etree
    >>> target = etree.fromstring('<target state="x">Нажмите <g id="1">ОК</g></target>')
    >>> etree.tostring(copy_content(target, "target"), encoding="unicode")
    '<target>Нажмите <g id="1">ОК</g></target>'
    """
    from lxml import etree

    clone = etree.Element(tag)
    clone.text = element.text
    for child in element:
        clone.append(copy.deepcopy(child))
    return clone


def is_empty(element: etree._Element | None) -> bool:
    """Whether ``element`` is missing or holds no text and no elements (an empty target)."""
    return element is None or (not (element.text or "").strip() and len(element) == 0)
