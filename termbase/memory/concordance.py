"""Concordance: the segments that contain a string, through the store's two FTS5 tables.

Queries of three characters or more use the FTS5 ``trigram`` table ``tm_fts`` (kept by the
schema's triggers). Trigrams cannot find shorter strings, so for one or two characters a second
FTS5 table, ``tm_short``, holds every character bigram of every segment, each written as an ASCII
token (:func:`short_grams`: ``x`` and the two characters' code points in base 36, a lone last
character padded with ``zzzz``); a one-character query is a prefix query on it. Both are index
lookups, never a scan of the segments. Matching is case-insensitive, one character to one
(:func:`fold_char`), as the trigram tokenizer folds.

>>> short_grams("Баку")
'x00tt00ts x00ts00u2 x00u200ub x00ubzzzz'
>>> concordance_sql("Ба", None, 10)[1]
('x00tt00ts', 10)
"""

from __future__ import annotations

import itertools
import sqlite3
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from termbase.errors import UsageError

__all__ = ["ConcordanceHit", "concordance_hits", "concordance_sql", "fold_char", "short_grams"]


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


def _code(char: str) -> str:
    value = ord(char)
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    for _ in range(4):
        value, rest = divmod(value, 36)
        out = digits[rest] + out
    return out


class _FoldedCodes(dict[str, str]):
    """Each character's folded code, computed once per distinct character (imports are long)."""

    def __missing__(self, char: str) -> str:
        code = self[char] = _code(fold_char(char))
        return code


_CODES = _FoldedCodes()


def short_grams(text: str) -> str:
    """The tm_short tokens of ``text``: each character bigram (folded) as 9 ASCII characters."""
    codes = [_CODES[c] for c in text]
    if not codes:
        return ""
    codes.append("zzzz")
    return " ".join(["x" + a + b for a, b in itertools.pairwise(codes)])


def concordance_sql(text: str, lang: str | None, limit: int) -> tuple[str, tuple[Any, ...]]:
    """The SQL and parameters that find the segments containing ``text`` (in ``lang``, a canonical tag)."""
    text = unicodedata.normalize("NFC", text)
    if not text.strip():
        raise UsageError("empty query")
    where, args = "", tuple[str, ...]()
    if lang is not None:
        where, args = " AND s.lang = ?", (lang,)
    if len(text) >= 3:
        phrase = '"' + text.replace('"', '""') + '"'
        sql = (
            "SELECT s.id, s.lang, s.text, u.id FROM tm_fts JOIN tm_segment s ON s.id = tm_fts.rowid"
            " JOIN tm_unit u ON u.n = s.unit WHERE tm_fts MATCH ?" + where + " ORDER BY s.id LIMIT ?"
        )
        return sql, (phrase, *args, limit)
    folded = [fold_char(c) for c in text]
    match = "x" + _code(folded[0]) + (_code(folded[1]) if len(folded) == 2 else "*")  # one: a prefix query
    sql = (
        "SELECT s.id, s.lang, s.text, u.id FROM tm_short JOIN tm_segment s ON s.id = tm_short.rowid"
        " JOIN tm_unit u ON u.n = s.unit WHERE tm_short MATCH ?" + where + " ORDER BY s.id LIMIT ?"
    )
    return sql, (match, *args, limit)


def concordance_hits(
    conn: sqlite3.Connection, text: str, lang: str | None, limit: int
) -> list[ConcordanceHit]:
    """The segments containing ``text`` (case-insensitive), in the order added, with every variant of their unit."""
    sql, args = concordance_sql(text, lang, limit)
    hits: list[ConcordanceHit] = []
    needle = "".join(fold_char(c) for c in unicodedata.normalize("NFC", text))
    for _sid, seg_lang, seg_text, uid in conn.execute(sql, args).fetchall():
        hay = "".join(fold_char(c) for c in seg_text)
        spans: list[tuple[int, int]] = []
        at = hay.find(needle)
        while at >= 0:
            spans.append((at, at + len(needle)))
            at = hay.find(needle, at + 1)
        variants = dict(
            conn.execute(
                "SELECT lang, text FROM tm_segment"
                " WHERE unit = (SELECT n FROM tm_unit WHERE id = ?) ORDER BY id",
                (uid,),
            ).fetchall()
        )
        hits.append(ConcordanceHit(uid, seg_lang, seg_text, tuple(spans), variants))
    return hits
