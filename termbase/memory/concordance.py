"""Concordance: the segments that contain a string, through the store's FTS5 table ``tm_conc``.

``tm_conc`` (contentless, ``detail='none'``: a compressed list of segment ids per token, no
positions, no copy of the text) holds every character bigram of every segment, folded
(:func:`fold_char`) and written as the two characters themselves (:func:`bigrams`; ASCII
characters other than letters and digits are moved to plane 15 of the private use area, so
that FTS5's ``ascii`` tokenizer keeps each bigram whole, and a segment's last character is
paired with an end mark). A query
of two characters or more asks for the segments holding all of its bigrams; one character is a
prefix query. The candidates come in segment order and each is checked for the string itself
(:func:`concordance_hits`), until ``limit`` hits: an index lookup, never a scan of the segments.
Matching is case-insensitive, one character to one (:func:`fold_char`).

>>> ascii_back = {0xF0000 + code: code for code in range(0x80)}
>>> bigrams("Ба,").translate(ascii_back).split()
['ба', 'а,', ',\\U000f0080']
>>> concordance_sql("Ба", None, 10)[1]
('"ба"',)
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from termbase.errors import UsageError

if TYPE_CHECKING:
    from termbase.backends.base import Connection


__all__ = [
    "ConcordanceHit",
    "bigrams",
    "concordance_hits",
    "concordance_sql",
    "fold_char",
    "folded",
    "holding",
    "index_forms",
    "many_bigrams",
    "many_pairs",
    "pairs",
    "scan_hits",
]


@dataclass(frozen=True, slots=True)
class ConcordanceHit:
    """A segment containing the query; ``spans`` are where (character offsets in ``text``)."""

    unit_id: str
    lang: str
    text: str
    spans: tuple[tuple[int, int], ...]
    variants: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The hit as JSON-ready data (``termbase tm concordance --json`` prints a list of these)."""
        return {
            "id": self.unit_id,
            "lang": self.lang,
            "text": self.text,
            "spans": [list(s) for s in self.spans],
            "variants": dict(self.variants),
        }


def fold_char(char: str) -> str:
    """Lower case, one character to one, the same in every language (as the trigram index's folding).

    >>> fold_char("Б"), fold_char("İ")
    ('б', 'İ')
    """
    folded = char.lower()
    return folded if len(folded) == 1 else char


_PLANE_15 = 0xF0000
_END = chr(_PLANE_15 + 0x80)
"""Pairs with a segment's last character (so that a one-character query finds it there too)."""
_ASCII_OTHER = re.compile(r"[\x00-\x2f\x3a-\x60\x7b-\x7f]")
"""ASCII characters the ``ascii`` tokenizer would cut a token at (after lower-casing): all but
a-z and 0-9, written as ASCII ranges (a negated class reaching U+10FFFF took ~14 ms to compile,
in every process that imports the memory)."""


class _FoldTable(dict[int, str]):
    """A ``str.translate`` table: each character folded (:func:`fold_char`, filled as met)."""

    def __missing__(self, code: int) -> str:
        found = self[code] = fold_char(chr(code))
        return found


_FOLD = _FoldTable()


def folded(text: str) -> str:
    """``text`` folded one character to one (:func:`fold_char`; offsets hold), as the concordance matches.

    >>> folded("BAKI Σ İ")
    'baki σ İ'
    """
    low = text.lower()
    if len(low) != len(text) or "Σ" in text:  # İ lowers to two characters, Σ by context: one at a time
        return text.translate(_FOLD)
    return low


def _index_form(text: str) -> str:
    """:func:`folded`, with each ASCII character that is not a letter or digit moved to plane 15
    of the private use area (so that the ``ascii`` tokenizer cuts no bigram)."""
    chars = folded(text)
    for char in set(_ASCII_OTHER.findall(chars)):
        chars = chars.replace(char, chr(_PLANE_15 + ord(char)))
    return chars


_PAIRS = array("I", [0, 0, 0x20]) * 1024


def pairs(chars: str, end: str) -> str:
    """Each character of ``chars`` with the next (the last with ``end``), space-separated.

    Built as UTF-32 code units by strided copies (no string per pair): an import calls this
    for every segment.

    >>> pairs("abc", "$")
    'ab bc c$'
    """
    global _PAIRS
    count = len(chars)
    if not count:
        return ""
    codes = array("I")
    codes.frombytes((chars + end).encode("utf-32-le", "surrogatepass"))
    if 3 * count > len(_PAIRS):
        _PAIRS = array("I", [0, 0, 0x20]) * (2 * count)
    out = _PAIRS[: 3 * count]
    out[0::3] = codes[:count]
    out[1::3] = codes[1:]
    return out.tobytes().decode("utf-32-le", "surrogatepass")[:-1]


def bigrams(text: str) -> str:
    """The ``tm_conc`` tokens of a segment: its folded character bigrams, space-separated."""
    return pairs(_index_form(text), _END)


def many_pairs(chunks: Sequence[str], end: str, *, joined: str | None = None) -> list[str]:
    """``[pairs(chunk, end) for chunk in chunks]`` in one pass over all of them (an import's batch).

    :func:`pairs` costs mostly its fixed steps (encode, copies, decode); here they are taken
    once for the whole batch: the chunks are joined with ``end`` after each, so that each
    chunk's last character meets ``end``, every position of the joined string is paired with
    the next, and each chunk's pairs are one slice. ``joined`` is that joined string if the
    caller has it (or a string of the same length made from it one character to one).

    >>> many_pairs(["abc", "", "d"], "$")
    ['ab bc c$', '', 'd$']
    """
    if len(end) != 1:
        raise ValueError("the end mark is one character")
    if len(chunks) > _MANY and joined is None:  # bounded memory: a few MB at a time
        found: list[str] = []
        for start in range(0, len(chunks), _MANY):
            found.extend(many_pairs(chunks[start : start + _MANY], end))
        return found
    if joined is None:
        joined = end.join(chunks) + end
    count = len(joined)
    if not chunks or not count:
        return [""] * len(chunks)
    codes = array("I")
    codes.frombytes(joined.encode("utf-32-le", "surrogatepass"))
    out = array("I", [0, 0, 0x20]) * count
    out[0::3] = codes
    out[1 : 3 * count - 3 : 3] = codes[1:]
    text = out.tobytes().decode("utf-32-le", "surrogatepass")
    found = []
    at = 0
    for chunk in chunks:
        size = len(chunk)
        found.append(text[3 * at : 3 * (at + size) - 1] if size else "")
        at += size + 1
    return found


_MANY = 500
"""Chunks paired at once by :func:`many_pairs` and :func:`many_bigrams` (the fixed costs are shared
by a few hundred; more only takes memory: the pairs of a chunk are made three times over)."""


def many_bigrams(texts: Sequence[str]) -> list[str]:
    """``[bigrams(text) for text in texts]``, folded and paired in one pass (see :func:`many_pairs`).

    Folding and moving ASCII are one character to one, and the same on the joined texts as on
    each (:func:`folded` reads the whole batch one character at a time if any text needs it, which
    is what :func:`str.lower` gives for the others), so the joined string's pairs are each text's.

    >>> many_bigrams(["Ба,", "BAKI İ"]) == [bigrams("Ба,"), bigrams("BAKI İ")]
    True
    """
    found: list[str] = []
    for start in range(0, len(texts), _MANY):
        part = texts[start : start + _MANY]
        found.extend(many_pairs(part, _END, joined=index_forms(part)))
    return found


def index_forms(texts: Sequence[str]) -> str:
    """``texts`` as the concordance indexes them (folded, ASCII other than letters and digits
    moved to plane 15), joined, each followed by the end mark: character ``i`` paired with
    character ``i + 1`` is a bigram of a text wherever ``i`` is not an end mark. One character
    for one: the texts' lengths cut it.

    >>> index_forms(["Ба,", "b"]) == "ба" + chr(0xF0000 + ord(",")) + _END + "b" + _END
    True
    """
    return _index_form(_END.join(texts) + _END)


def concordance_sql(text: str, lang: str | None, limit: int) -> tuple[str, tuple[Any, ...]]:
    """The SQL and parameters that find the candidates for ``text`` (in ``lang``, a canonical tag).

    Rows come in segment order; :func:`concordance_hits` reads them until ``limit`` of them
    hold ``text`` (so the SQL itself has no ``LIMIT``).
    """
    text = unicodedata.normalize("NFC", text)
    if not text.strip():
        raise UsageError("empty query")
    where, args = "", tuple[str, ...]()
    if lang is not None:
        where, args = " AND s.lang = ?", (lang,)
    chars = _index_form(text)
    if len(chars) == 1:
        match = f'"{chars}"*'
    else:
        match = " ".join(f'"{gram}"' for gram in dict.fromkeys(map(str.__add__, chars, chars[1:])))
    sql = (
        "SELECT s.id, s.lang, s.text, u.id FROM tm_conc JOIN tm_segment s ON s.id = tm_conc.rowid"
        " JOIN tm_unit u ON u.n = s.unit WHERE tm_conc MATCH ?" + where + " ORDER BY tm_conc.rowid"
    )
    return sql, (match, *args)


def concordance_hits(
    conn: sqlite3.Connection, text: str, lang: str | None, limit: int
) -> list[ConcordanceHit]:
    """The segments containing ``text`` (case-insensitive), in the order added, with every variant of their unit."""
    sql, args = concordance_sql(text, lang, limit)
    return _verified(conn, conn.execute(sql, args), text, limit)


def scan_hits(conn: Connection, text: str, lang: str | None, limit: int) -> list[ConcordanceHit]:
    """:func:`concordance_hits` without ``tm_conc``: every segment read (a read-only file of an
    older schema, whose index cannot be filled)."""
    concordance_sql(text, lang, limit)  # the same checks of the query
    where, args = ("WHERE s.lang = ?", (lang,)) if lang is not None else ("", ())
    rows = conn.execute(
        "SELECT s.id, s.lang, s.text, u.id FROM tm_segment s JOIN tm_unit u ON u.n = s.unit "
        + where
        + " ORDER BY s.id",
        args,
    )
    return _verified(conn, rows, text, limit)


Row = TypeVar("Row")
Spans = tuple[tuple[int, int], ...]


def holding(
    rows: Iterable[tuple[int, str, str, Row]], text: str, limit: int
) -> Iterator[tuple[str, str, Row, Spans]]:
    """``(lang, text, last column, spans)`` of the first ``limit`` of ``rows`` (segment id, lang, text,
    any last column) whose folded text holds ``text``; the spans are every place it stands."""
    if limit <= 0:
        return
    needle = folded(unicodedata.normalize("NFC", text))
    count = 0
    for _sid, seg_lang, seg_text, last in rows:
        hay = folded(seg_text)
        at = hay.find(needle)
        if at < 0:
            continue
        spans: list[tuple[int, int]] = []
        while at >= 0:
            spans.append((at, at + len(needle)))
            at = hay.find(needle, at + 1)
        yield seg_lang, seg_text, last, tuple(spans)
        count += 1
        if count >= limit:
            return


def _verified(
    conn: Connection, rows: Iterable[tuple[int, str, str, str]], text: str, limit: int
) -> list[ConcordanceHit]:
    """The first ``limit`` of ``rows`` (segment id, lang, text, unit id) whose text holds ``text``."""
    hits: list[ConcordanceHit] = []
    for seg_lang, seg_text, uid, spans in holding(rows, text, limit):
        variants = dict(
            conn.execute(
                "SELECT lang, text FROM tm_segment"
                " WHERE unit = (SELECT n FROM tm_unit WHERE id = ?) ORDER BY id",
                (uid,),
            ).fetchall()
        )
        hits.append(ConcordanceHit(uid, seg_lang, seg_text, spans, variants))
    return hits
