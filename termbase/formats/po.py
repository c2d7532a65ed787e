r"""gettext PO files, read through Babel (``babel.messages.pofile``), filled in place.

Reading uses :func:`babel.messages.pofile.read_po` with ``abort_invalid=True`` (a malformed line is an
:class:`~termbase.errors.InputError` naming it): ``msgctxt``, plurals (``msgid_plural``, ``msgstr[N]``),
the ``fuzzy`` flag and comments are Babel's; the header entry and obsolete (``#~``) entries are not
segments. The target language is the header's ``Language:``; the source language is not written in
PO files and is English unless ``source=`` says otherwise.

Filling (pretranslation) does not rewrite the file through Babel, whose writer regenerates the
header and re-wraps every string: only the ``msgstr`` lines of a filled entry are replaced (wrapped
as Babel wraps, in the file's charset and line endings) and its ``#,`` flags line gets (or loses)
``fuzzy``; every other byte stays as it was. An exact match is translated (not fuzzy); anything
else is ``#, fuzzy``. A plural entry gets the match of ``msgid`` in ``msgstr[0]`` and of
``msgid_plural`` (or else ``msgid``) in the other forms, and is always fuzzy: the target language's
plural forms must be checked by a person.

>>> import io, tempfile, os
>>> path = os.path.join(tempfile.mkdtemp(), "a.po")
>>> with open(path, "wb") as out:
...     write_po(out, [(None, "Baku", ""), ("city", "Moscow", "Москва")], "en", "ru")
2
>>> doc = PoDocument.read(path)
>>> [(s.id, s.line, s.target, s.fillable) for s in doc.segments()]
[('Baku', 22, None, True), ('city|Moscow', 26, 'Москва', False)]
>>> doc.fill(doc.segments()[0], "Баку", score=92)
<Filled.REVIEW: 'review'>
>>> print(doc.to_bytes().decode().split("\n\n")[1])
#, fuzzy
msgid "Baku"
msgstr "Баку"
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO

from termbase.errors import InputError
from termbase.formats._xml import display_path
from termbase.formats.bilingual import BilingualDocument, Filled, Segment, one_line, resolve_langs

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

__all__ = ["PoDocument", "write_po"]

_LINE = re.compile(r"[^\n]*\n|[^\n]+$")


@dataclass(slots=True)
class _Entry:
    msgid: str | tuple[str, ...] | list[str]
    context: str | None
    line: int  # 1-based line of ``msgid``
    flags: set[str]


def _read_catalog(raw: bytes, shown: str) -> Catalog:
    from babel.messages.pofile import PoFileError, read_po

    try:
        return read_po(io.BytesIO(raw), abort_invalid=True)
    except PoFileError as exc:
        message = str(exc).rpartition(" on ")[0] or str(exc)
        raise InputError(
            f"not a valid PO file: {one_line(message)}", path=shown, line=exc.lineno + 1
        ) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"cannot decode: {exc.reason} (check the header's charset)", path=shown) from None
    except LookupError as exc:
        raise InputError(f"unknown charset in the header: {one_line(str(exc))}", path=shown) from None
    except (ValueError, IndexError, TypeError, KeyError, AttributeError) as exc:
        raise InputError(f"not a PO file Babel can read: {one_line(str(exc))}", path=shown) from None


class PoDocument(BilingualDocument):
    """A PO file (see the module doc)."""

    format = "po"

    def __init__(
        self, path: str, raw: bytes, catalog: Catalog, source_lang: str, target_lang: str | None
    ) -> None:
        super().__init__(path, source_lang, target_lang)
        self.catalog = catalog
        self.charset = catalog.charset or "utf-8"
        try:
            text = raw.decode(self.charset)
        except (UnicodeDecodeError, LookupError) as exc:
            raise InputError(f"cannot decode as {self.charset}: {exc}", path=path) from None
        self.bom = text.startswith("\ufeff")
        self.lines: list[str] = _LINE.findall(text.removeprefix("\ufeff"))
        self.eol = "\r\n" if self.lines and self.lines[0].endswith("\r\n") else "\n"
        self.plurals = max(1, int(catalog.num_plurals or 2))
        self._entries: list[_Entry] = []
        self._segments: list[Segment] = []
        self._edits: dict[int, tuple[int, int, list[str]]] = {}
        self._fuzzy: dict[int, bool] = {}
        for message in catalog:
            if not message.id:
                continue  # the header
            plural = isinstance(message.id, (list, tuple))
            msgid = message.id[0] if plural else message.id
            strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
            strings = tuple(s or "" for s in strings)
            translated = any(s.strip() for s in strings)
            fuzzy = "fuzzy" in message.flags
            sid = f"{message.context}|{msgid}" if message.context else str(msgid)
            self._segments.append(
                Segment(
                    id=sid,
                    line=message.lineno,
                    source=str(msgid),
                    target=strings[0] if translated else None,
                    state="fuzzy" if fuzzy else ("translated" if translated else None),
                    fillable=not translated,
                    index=len(self._entries),
                    plural=plural,
                )
            )
            self._entries.append(
                _Entry(message.id, message.context, int(message.lineno or 0), set(message.flags))
            )

    @classmethod
    def read(
        cls, path: str | os.PathLike[str], *, source: str | None = None, target: str | None = None
    ) -> PoDocument:
        shown = display_path(path)
        try:
            with open(path, "rb") as handle:
                raw = handle.read()
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or exc}", path=shown) from None
        catalog = _read_catalog(raw, shown)
        language = catalog.locale_identifier
        src, tgt = resolve_langs(shown, (None, language), source, target, default_source="en")
        return cls(shown, raw, catalog, src, tgt)

    def segments(self) -> list[Segment]:
        return list(self._segments)

    def plural_source(self, segment: Segment) -> str | None:
        """The ``msgid_plural`` of a plural entry (None otherwise)."""
        msgid = self._entries[segment.index].msgid
        return str(msgid[1]) if isinstance(msgid, (list, tuple)) and len(msgid) > 1 else None

    def fill(
        self,
        segment: Segment,
        target: str,
        *,
        score: int,
        markup: bool = False,
        match_source: str | None = None,
        origin: str = "termbase",
        plural_target: str | None = None,
        glossary: bool = False,
    ) -> Filled:
        from termbase.markup import markup_to_text

        if markup:
            target = markup_to_text(target)
        entry = self._entries[segment.index]
        exact = score >= 100 and not segment.plural and not glossary
        if segment.plural:
            forms = [target] + [plural_target or target] * (self.plurals - 1)
            strings = [(f"msgstr[{n}]", text) for n, text in enumerate(forms)]
        else:
            strings = [("msgstr", target)]
        self._edits[segment.index] = (entry.line, len(strings), self._msgstr_lines(strings))
        self._fuzzy[segment.index] = not exact
        return Filled.TRANSLATED if exact else Filled.REVIEW

    def _msgstr_lines(self, strings: list[tuple[str, str]]) -> list[str]:
        from babel.messages.pofile import normalize

        out: list[str] = []
        for keyword, text in strings:
            body = normalize(text, prefix="", width=76)
            out.extend(f"{keyword} {body}".split("\n"))
        return [line + self.eol for line in out]

    def _entry_span(self, line: int) -> tuple[int, int, int]:
        """For the entry whose msgid is on ``line``: (top of its comments, first msgstr line, end)."""
        lines = self.lines
        msgid_at = line - 1
        top = msgid_at
        while top > 0 and _kind(lines[top - 1]) in ("string", "msgctxt"):
            top -= 1  # msgctxt (and its continuation lines) before msgid
        comments = top
        while comments > 0 and _kind(lines[comments - 1]) == "comment":
            comments -= 1
        start = msgid_at + 1
        while start < len(lines) and _kind(lines[start]) in ("string", "msgid_plural"):
            start += 1
        end = start
        while end < len(lines) and _kind(lines[end]) in ("string", "msgstr"):
            end += 1
        return comments, start, end

    def to_bytes(self) -> bytes:
        lines = list(self.lines)
        for index in sorted(self._edits, key=lambda i: -self._entries[i].line):
            line, _, new = self._edits[index]
            comments, start, end = self._entry_span(line)
            lines[start:end] = new
            fuzzy = self._fuzzy[index]
            block = range(comments, line - 1)
            at = next((k for k in block if lines[k].startswith("#,")), None)
            old = [] if at is None else [f.strip() for f in lines[at][2:].split(",") if f.strip()]
            if fuzzy:
                flags = old if "fuzzy" in old else ["fuzzy", *old]
            else:
                flags = [f for f in old if f != "fuzzy"]
            if flags == old:
                continue
            if at is not None:
                if flags:
                    lines[at] = "#, " + ", ".join(flags) + self.eol
                else:
                    del lines[at]
            else:
                before = next((k for k in block if lines[k].startswith("#|")), None)
                if before is None:
                    before = next((k for k in block if not lines[k].startswith("#")), line - 1)
                lines.insert(before, "#, " + ", ".join(flags) + self.eol)
        text = ("\ufeff" if self.bom else "") + "".join(lines)
        try:
            return text.encode(self.charset)
        except UnicodeEncodeError as exc:
            raise InputError(
                f"the translation cannot be written in the file's charset {self.charset}: {exc.reason}",
                path=self.path,
            ) from None


def _kind(line: str) -> str:
    stripped = line.strip()
    if not stripped:
        return "blank"
    if stripped.startswith("#~"):
        return "obsolete"
    if stripped.startswith("#"):
        return "comment"
    if stripped.startswith('"'):
        return "string"
    keyword = stripped.split(None, 1)[0]
    if keyword.startswith("msgstr"):
        return "msgstr"
    return keyword


def write_po(
    out: BinaryIO,
    messages: Iterable[tuple[str | None, str | tuple[str, str], str | tuple[str, ...]]],
    source: str,
    target: str,
    *,
    fuzzy: Iterable[int] = (),
    comments: dict[int, str] | None = None,
) -> int:
    """Write (context, msgid, msgstr) entries as a new PO file through Babel; returns the count.

    A plural entry has a (singular, plural) msgid and a tuple of msgstr forms. ``target`` becomes
    the ``Language:`` header (as a Babel locale identifier, ``az_Latn``); the source language is
    not recorded (PO has no field for it).
    """
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po as babel_write_po

    del source  # PO files do not name their source language
    catalog = Catalog(locale=target.replace("-", "_"), project="termbase", version="1", fuzzy=False)
    fuzzy_at = set(fuzzy)
    notes = comments or {}
    count = 0
    for number, (context, msgid, msgstr) in enumerate(messages):
        flags = ("fuzzy",) if number in fuzzy_at else ()
        user = [notes[number]] if number in notes else []
        catalog.add(msgid, msgstr, context=context, flags=flags, user_comments=user)
        count += 1
    babel_write_po(out, catalog, width=76)
    return count
