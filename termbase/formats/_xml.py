"""Shared helpers for the XML exchange formats (TMX, TBX): safe streaming parsing, escaping, dates.

Reading is hardened: no entity expansion (``resolve_entities=False``), no network, no DTD
loading, no huge-tree mode, and any document whose DTD *declares* entities is refused before
its body is read (libxml2 still expands internal entities inside attribute values, so a
billion-laughs header must be stopped at the root element). Parse errors become a one-line
:class:`~termbase.errors.InputError` naming the file and line.

Writing escapes by hand, exactly as libxml2 serialises, so a value read back with lxml is the
value written: in text ``&``, ``<``, ``>`` and CR (``&#13;``); in attributes also ``"``, tab,
LF and CR, which XML attribute-value normalisation would otherwise turn into spaces.

>>> escape_text('a < b & "c"\\r\\n')
'a &lt; b &amp; "c"&#13;\\n'
>>> escape_attr('x\\ty "z"')
'x&#9;y &quot;z&quot;'
>>> bad_char("ok\\x0bno")
2
>>> tmx_date(datetime(2024, 5, 1, 12, 30, 0, tzinfo=UTC))
'20240501T123000Z'
"""

from __future__ import annotations

import gzip
import os
import re
import zlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import IO, TYPE_CHECKING, Any, cast

from termbase.errors import InputError, UsageError
from termbase.formats._reads import track

if TYPE_CHECKING:
    from lxml import etree

__all__ = [
    "READ_ERRORS",
    "XML_LANG",
    "bad_char",
    "check_chars",
    "display_path",
    "escape_attr",
    "escape_text",
    "from_tmx_date",
    "is_ncname",
    "iso_date",
    "iter_safely",
    "open_maybe_gzip",
    "read_prolog",
    "refuse_entities",
    "safe_iterparse",
    "syntax_error",
    "tmx_date",
]

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# Everything XML 1.0 (5th ed., production [2] Char) forbids: C0 controls but tab/LF/CR,
# surrogates (lone ones survive in Python str), U+FFFE and U+FFFF.
_BAD_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9._-]*$")


def bad_char(text: str) -> int | None:
    """The index of the first character XML 1.0 forbids in ``text``, or None.

    >>> bad_char("Bakı"), bad_char("\\ufffe"), bad_char("\\ud800"), bad_char("\\U0001F600")
    (None, 0, 0, None)
    """
    found = _BAD_CHAR.search(text)
    return None if found is None else found.start()


def check_chars(text: str, what: str, owner: str) -> None:
    """Raise :class:`InputError` if ``text`` holds a character XML 1.0 forbids.

    ``owner`` names the record (``concept 'baku'``), ``what`` the field.

    >>> check_chars("a\\x00", "term text", "concept 'baku'")
    Traceback (most recent call last):
    ...
    termbase.errors.InputError: concept 'baku': term text holds U+0000 at offset 1, which XML 1.0 forbids
    """
    found = _BAD_CHAR.search(text)
    if found is not None:
        code = ord(found.group())
        raise InputError(
            f"{owner}: {what} holds U+{code:04X} at offset {found.start()}, which XML 1.0 forbids"
        )


def joined(existing: str | None, new: str) -> str:
    """``new`` appended to ``existing`` on a new line (repeated notes and props are joined so)."""
    return new if existing is None else f"{existing}\n{new}"


def escape_text(text: str) -> str:
    """Escape character data as libxml2 does (``&``, ``<``, ``>``, CR)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


def escape_attr(text: str) -> str:
    """Escape an attribute value (double-quoted) so that it survives attribute normalisation."""
    text = escape_text(text)
    if '"' in text:
        text = text.replace('"', "&quot;")
    if "\n" in text:
        text = text.replace("\n", "&#10;")
    if "\t" in text:
        text = text.replace("\t", "&#9;")
    return text


def is_ncname(text: str) -> bool:
    """Whether ``text`` is an ASCII XML NCName (what an ``xml:id``/``ID`` attribute needs).

    >>> is_ncname("baku"), is_ncname("auto:1"), is_ncname("1st")
    (True, False, False)
    """
    return _NCNAME.match(text) is not None


def display_path(path: str | os.PathLike[str]) -> str:
    """The path as shown in error messages."""
    return os.fspath(path)


def tmx_date(moment: datetime) -> str:
    """A TMX date, ``YYYYMMDDThhmmssZ`` in UTC (TMX 1.4b, section 3.2: ISO 8601 basic format)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def iso_date(moment: datetime) -> str:
    """An ISO 8601 UTC timestamp with ``Z``, the form TranslationUnit dates are returned in.

    >>> iso_date(datetime(2024, 5, 1, 12, 30, 0, tzinfo=UTC))
    '2024-05-01T12:30:00Z'
    """
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def from_tmx_date(value: str) -> datetime | None:
    """Parse a TMX date (``20240501T123000Z``), or an ISO 8601 one; None if neither.

    >>> from_tmx_date("20240501T123000Z").isoformat()
    '2024-05-01T12:30:00+00:00'
    >>> from_tmx_date("yesterday") is None
    True
    """
    value = value.strip()
    if not value:
        return None
    if len(value) == 16 and value[8] == "T" and value[15] == "Z" and value[:8].isdigit():
        try:
            return datetime(
                int(value[0:4]), int(value[4:6]), int(value[6:8]),
                int(value[9:11]), int(value[11:13]), int(value[13:15]), tzinfo=UTC,
            )  # fmt: skip
        except ValueError:
            return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


READ_ERRORS = (OSError, EOFError, zlib.error)
"""What reading a file through :func:`open_maybe_gzip` raises for a bad file: a read error, a gzip header
that is not one (``BadGzipFile``, an ``OSError``), a stream cut short (``EOFError``), or corrupt deflate
data (``zlib.error``, which is none of the others)."""


def open_maybe_gzip(path: str | os.PathLike[str]) -> IO[bytes]:
    """Open ``path`` for reading bytes, through gzip when it starts with the gzip magic ``1f 8b``."""
    try:
        raw = track(open(path, "rb"))  # noqa: SIM115 - returned to the caller, who closes it
    except OSError as exc:
        raise InputError(f"cannot open: {exc.strerror or exc}", path=display_path(path)) from None
    if raw.peek(2)[:2] == b"\x1f\x8b":
        return cast(IO[bytes], gzip.GzipFile(fileobj=raw, mode="rb"))
    return raw


def safe_iterparse(source: IO[bytes], events: tuple[str, ...], tag: Any = None) -> Any:
    """``lxml.etree.iterparse`` with every dangerous feature off."""
    from lxml import etree

    return etree.iterparse(
        source,
        events=events,
        tag=tag,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def refuse_entities(root: etree._Element, path: str) -> None:
    """Raise if the document's internal DTD subset declares any entity (billion laughs, XXE)."""
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is None:
        return
    for entity in dtd.iterentities():
        kind = "external entity" if entity.system_url else "entity"
        raise InputError(
            f"the document declares {kind} {entity.name!r} in its DTD; entities are refused "
            "(no expansion, no external loading)",
            path=path,
            line=root.sourceline,
        )


_ENTITY_DECL = re.compile(r"<!ENTITY\s+(?:%\s+)?(\S+)(\s+(?:SYSTEM|PUBLIC)\b)?")
_ROOT_START = re.compile(r"<[^?!]")


def _refuse_declared_entities(head: bytes, path: str) -> None:
    """Refuse an ``<!ENTITY`` declaration in the prolog, naming its line (a text scan of the head).

    libxml2 expands internal entities in attribute values even with ``resolve_entities=False``,
    so a billion-laughs DTD must be refused before parsing starts.
    """
    if head.startswith((b"\xff\xfe", b"<\x00")):
        text = head.decode("utf-16-le", "replace")
    elif head.startswith((b"\xfe\xff", b"\x00<")):
        text = head.decode("utf-16-be", "replace")
    else:
        text = head.decode("utf-8", "replace")  # legacy encodings are ASCII-compatible here
    root = _ROOT_START.search(text)
    prolog = text[: root.start()] if root else text
    found = _ENTITY_DECL.search(prolog)
    if found is not None:
        kind = "external entity" if found.group(2) else "entity"
        raise InputError(
            f"the document declares {kind} {found.group(1)!r} in its DTD; entities are refused "
            "(no expansion, no external loading)",
            path=path,
            line=prolog.count("\n", 0, found.start()) + 1,
        )


_DECLARED_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_LEGACY = re.compile(r"^(iso[-_]?8859|latin|windows-12|cp12|koi8|ascii|us-ascii)", re.IGNORECASE)


def _refuse_utf8_declared_legacy(head: bytes, path: str) -> None:
    """Refuse a file that declares a single-byte encoding but whose non-ASCII bytes are UTF-8.

    libxml2 would silently decode such a file into mojibake (``café`` → ``cafÃ©``). Valid
    multi-byte UTF-8 sequences almost never occur in real Latin-1 or Windows-125x text.
    """
    declared = _DECLARED_ENCODING.match(head)
    if declared is None:
        return
    name = declared.group(1).decode("ascii")
    if name.lower().replace("-", "").replace("_", "") in ("utf16", "utf32", "ucs2", "ucs4"):
        # The declaration itself was read as single bytes: the file is not in a wide encoding.
        raise InputError(
            f"the file declares encoding {name!r} but its bytes are 8-bit (UTF-8 or a legacy "
            "encoding); fix the XML declaration",
            path=path,
            line=1,
        )
    if not _LEGACY.match(name):
        return
    first = next((i for i, byte in enumerate(head) if byte >= 0x80), None)
    if first is None:
        return
    import codecs

    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return
    encoding = declared.group(1).decode("ascii")
    raise InputError(
        f"the file declares encoding {encoding!r} but its bytes are UTF-8; fix the XML declaration",
        path=path,
        line=head.count(b"\n", 0, first) + 1,
    )


def read_prolog(path: str | os.PathLike[str]) -> tuple[str, dict[str, str], int]:
    """Parse a file only up to its root element's start tag: (root tag, root attributes, line).

    The DTD's internal subset has been read by then, so declared entities are refused here,
    before any content (or any attribute but the root's) is parsed; the streaming pass that
    follows then needs no start events.
    """
    from lxml import etree

    shown = display_path(path)
    with open_maybe_gzip(path) as source:
        try:
            head = source.read(1 << 16)
        except READ_ERRORS as exc:
            raise InputError(f"cannot read: {exc}", path=shown) from None
    _refuse_declared_entities(head, shown)
    _refuse_utf8_declared_legacy(head, shown)
    parser = etree.XMLPullParser(
        events=("start",), resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    with open_maybe_gzip(path) as source:
        try:
            while True:
                chunk = source.read(1 << 14)
                if chunk:
                    parser.feed(chunk)
                else:
                    parser.close()
                for _, element in parser.read_events():
                    refuse_entities(element, shown)
                    # items(), not attrib: a namespace URI holding "}" (which the full parse then
                    # refuses) makes lxml's attrib mapping raise KeyError on its own keys
                    return str(element.tag), dict(element.items()), element.sourceline or 1
                if not chunk:
                    break
        except etree.XMLSyntaxError as exc:
            raise syntax_error(exc, shown) from None
        except (*READ_ERRORS, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read: {exc}", path=shown) from None
    raise InputError("no root element", path=shown, line=1)


def syntax_error(exc: Exception, path: str) -> InputError:
    """An :class:`InputError` for an lxml parse error, with its line."""
    line = getattr(exc, "lineno", None)
    message = getattr(exc, "msg", None) or str(exc)
    message = message.splitlines()[0] if message else "malformed XML"
    # lxml appends ", line N, column M" to msg; the line is reported separately.
    message = re.sub(r", line \d+, column \d+$", "", message)
    position = getattr(exc, "position", None)
    column = f" (column {position[1]})" if position and len(position) > 1 and position[1] else ""
    return InputError(f"malformed XML: {message}{column}", path=path, line=line)


def iter_safely(parser: Iterator[tuple[str, Any]], path: str) -> Iterator[tuple[str, Any]]:
    """Iterate an iterparse, turning lxml and decoding errors into :class:`InputError`."""
    from lxml import etree

    try:
        yield from parser
    except etree.XMLSyntaxError as exc:
        raise syntax_error(exc, path) from None
    except (*READ_ERRORS, UnicodeDecodeError) as exc:
        # A corrupt or truncated gzip stream, a read error.
        raise InputError(f"cannot read: {exc}", path=path) from None


class LanguageTags:
    """The language tags of one file, normalised once each; unknown ones reported once each.

    Known tags map to termbase's (``zh-CN`` → ``zh-Hans``), others are kept as well-formed
    BCP 47 and passed to ``on_unknown_tag``; a malformed or missing tag is an
    :class:`InputError` naming the file and line.
    """

    def __init__(self, path: str, on_unknown_tag: Callable[[str], None] | None) -> None:
        self.path = path
        self.on_unknown_tag = on_unknown_tag
        self.seen: dict[str, str] = {}

    def resolve(self, raw: str | None, element: etree._Element, missing: str) -> str:
        """The tag for ``raw`` (an attribute of ``element``); ``missing`` says what lacks one."""
        if raw is None or not raw.strip():
            raise InputError(missing, path=self.path, line=element.sourceline)
        found = self.seen.get(raw)
        if found is not None:
            return found
        from termbase.langtags import KNOWN_TAGS, normalize_foreign_tag

        try:
            found = normalize_foreign_tag(raw)
        except UsageError:
            raise InputError(
                f"malformed language tag {raw!r}", path=self.path, line=element.sourceline
            ) from None
        if found not in KNOWN_TAGS and found not in self.seen.values() and self.on_unknown_tag is not None:
            self.on_unknown_tag(found)
        self.seen[raw] = found
        return found
