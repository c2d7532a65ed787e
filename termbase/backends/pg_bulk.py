"""New postings blocks in bulk: what an import or a rebuild writes into ``tm_post`` and ``tm_cpost``.

:mod:`termbase.backends.pg_index` keeps the posting lists in blocks and merges an edit's few
postings into them; a large write instead gives each gram new blocks (blocks of one gram may
overlap), computed here from the segments alone, without a connection, so an import computes
them in its helper processes (:mod:`termbase.memory.pipeline`) as the data of a binary
``COPY`` that its own process only sends to the server.

Why NumPy (only here, so that no search or CLI start-up imports it): grouping some 200 postings a
unit by gram with a list per gram cost about 110 µs a unit in Python (the largest part of a
PostgreSQL import); here each posting is one 64-bit integer (its gram's code above its
segment's place) and one sort groups them all. Measured on a 100,000-unit TMX
(``benchmarks/bench_postgres.py``): see the README.

>>> (post, rows), _ = posting_blocks([(7, 1, "ru", "Баку Баку", "Баку Баку")])
>>> rows, [gram for gram, *_ in _copied(post)]
(1, ['баку'])
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from itertools import repeat
from typing import TYPE_CHECKING

import numpy as np

from termbase.backends import pg_index
from termbase.memory.concordance import index_forms
from termbase.memory.stored_index import (
    END_TOKEN,
    Segment,
    chinese_keys,
    index_entries,
    number_tokens,
    places_by_lang,
    rowid,
)
from termbase.scripts.chinese import is_chinese_tag

if TYPE_CHECKING:
    from numpy.typing import NDArray

    Ints = NDArray[np.int64]

__all__ = ["BULK_FIRST", "BULK_FROM", "BULK_SEGMENTS", "Blocks", "posting_blocks"]

BULK_SEGMENTS = 16_000
"""Segments whose postings an import or a rebuild computes at once (:func:`posting_blocks`, in a
helper process) and writes as new blocks: some 1.7 million postings (a gram gets a block per this
many segments at most: fewer blocks to read a list). Measured on a 100,000-unit import: 16,000
peaked the helper at 120 MB, 24,000 at 160 MB (the sort's arrays), 12,000 at 100 MB for 35 %
more blocks; the import took as long (within the noise) with each."""
BULK_FIRST = 4_000
"""Segments of an import's first computation of postings (the next ones twice as many, up to
:data:`BULK_SEGMENTS`): a helper starts computing after the first batch, not after twelve."""
BULK_FROM = 100
"""The fewest segments an import writes as new blocks (:func:`posting_blocks`); fewer are merged
into the blocks where they belong (:meth:`PgIndexWriter.insert`), as an edit's are."""
_COPY_SIGNATURE = b"PGCOPY\n\xff\r\n\x00" + bytes(8)
"""The header of PostgreSQL's binary ``COPY`` format (no flags, no extension)."""
_COPY_TRAILER = b"\xff\xff"
_ROW_HEAD = struct.Struct("!hi")  # a row's field count, the gram's length in bytes
_ROW_REST = struct.Struct("!iqiqi")  # lo and hi (8 bytes each), the ids' length in bytes

Blocks = tuple[bytes, int]
"""New blocks of one table as the data of a binary ``COPY`` of ``(gram, lo, hi, ids)`` (b"" if
none) and how many rows it holds."""


def posting_blocks(segments: Sequence[Segment]) -> tuple[Blocks, Blocks]:
    """The new ``tm_post`` and ``tm_cpost`` blocks of segments given as ``(segment id, language
    id, lang, stored text, plain text)``, each table's as the data of one binary ``COPY``
    (:data:`Blocks`): every gram's ids sorted and cut into blocks by :func:`chunks`, the blocks
    :meth:`PgIndexWriter.flush` would write for :func:`postings` without merging. An import
    computes them in helper processes (:mod:`termbase.memory.pipeline`), so its own process
    only sends them to the server.

    Grouped by sorting integers (NumPy) rather than by a list per gram: each posting is one
    integer, its gram's code above its segment's place (:class:`_Postings`), and one sort
    groups each gram's ids, in order, with no Python step per posting. Character pairs (the
    concordance's bigrams, a Chinese key's grams) are read from the texts' code points, so no
    string is made for each.

    >>> from termbase.memory.concordance import bigrams
    >>> (post, one), (conc, four) = posting_blocks([(7, 1, "ru", "Баку", "Баку")])
    >>> _copied(post) == [("баку", rowid(1, 1, 7), rowid(1, 1, 7), pg_index.pack([rowid(1, 1, 7)]))], one
    (True, 1)
    >>> sorted(gram for gram, *_ in _copied(conc)) == sorted(bigrams("Баку").split()), four
    (True, 4)
    """
    post: list[Blocks] = []
    conc: list[Blocks] = []
    for start in range(0, len(segments), _PLACES):
        part = segments[start : start + _PLACES]
        post.append(_copy_data(*_key_postings(part).grouped()))
        pairs = _Postings(np.array([segment[0] for segment in part], np.int64))
        for at in range(0, len(part), _AT_ONCE):
            texts = [segment[3] for segment in part[at : at + _AT_ONCE]]
            pairs.add_pairs(index_forms(texts), texts, np.arange(at, at + len(texts), dtype=np.int64))
        conc.append(_copy_data(*pairs.grouped()))
    return _copy_join(post), _copy_join(conc)


_PLACE_BITS = 20
"""Bits of a segment's place in a posting's integer (:class:`_Postings`): 2 ** 20 segments at a time."""
_PLACES = 1 << _PLACE_BITS
_CODE_POINT_BITS = 21
_NAMED = 1 << (2 * _CODE_POINT_BITS)
"""The first code of a token that is not two characters (below it: a pair's two code points)."""
_AT_ONCE = 4_000
"""Segments whose texts or tokens are read at once (their strings let go before the next ones')."""


def _key_postings(segments: Sequence[Segment]) -> _Postings:
    """The ``tm_post`` postings of segments: their keys' tokens
    (:func:`~termbase.memory.stored_index.key_rows`), Chinese keys' pairs read as code points."""
    ids = [0] * len(segments)
    postings = _Postings(ids)
    for lang, ats in places_by_lang(segments).items():
        for start in range(0, len(ats), _AT_ONCE):
            chunk = ats[start : start + _AT_ONCE]
            places = np.array(chunk, np.int64)
            plains = [segments[at][4] for at in chunk]
            if is_chinese_tag(lang):
                keys, lengths, numbers = chinese_keys(plains, lang)
                postings.add_pairs(END_TOKEN.join(keys) + END_TOKEN, keys, places)
                numbered = [at for at, nums in enumerate(numbers) if nums]
                if numbered:
                    postings.add_tokens([number_tokens(numbers[at]) for at in numbered], places[numbered])
            else:
                entries = index_entries(plains, lang)
                lengths = [length for length, _ in entries]
                postings.add_tokens([tokens for _, tokens in entries], places)
            for at, length in zip(chunk, lengths, strict=True):
                segment = segments[at]
                ids[at] = rowid(segment[1], length, segment[0])
    return postings


class _Codes(dict[str, int]):
    """Each token's code (given as met): a token of two characters the pair of their code points
    (as :meth:`_Postings.add_pairs` reads a pair from a text, so a gram has one code however it
    came), another the next code from :data:`_NAMED` (:attr:`named` lists those tokens)."""

    def __init__(self) -> None:
        super().__init__()
        self.named: list[str] = []

    def __missing__(self, token: str) -> int:
        if len(token) == 2:
            code = ord(token[0]) << _CODE_POINT_BITS | ord(token[1])
        else:
            code = _NAMED + len(self.named)
            self.named.append(token)
        self[token] = code
        return code

    def name(self, code: int) -> str:
        if code >= _NAMED:
            return self.named[code - _NAMED]
        return chr(code >> _CODE_POINT_BITS) + chr(code & ((1 << _CODE_POINT_BITS) - 1))


class _Postings:
    """The postings of up to :data:`_PLACES` segments whose ids are ``ids`` (known when
    :meth:`grouped` runs), each one integer: its gram's code (:class:`_Codes`) shifted above the
    place of its segment in ``ids``."""

    def __init__(self, ids: Sequence[int] | Ints) -> None:
        self.ids = ids
        self.codes = _Codes()
        self.parts: list[Ints] = []

    def add_pairs(self, joined: str, texts: Sequence[str], places: Ints) -> None:
        """The pairs of ``texts`` given ``joined`` with one end mark after each (in one string
        of the same length, one character for one), the segments at ``places``: each character
        with the next, a text's last with its end mark (:func:`~termbase.memory.concordance.many_pairs`)."""
        points = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), "<u4").astype(np.int64)
        sizes = np.fromiter(map(len, texts), np.int64, len(texts))
        starts = np.ones(len(points) - 1, bool)  # a pair starts at each character but an end mark
        starts[(np.cumsum(sizes + 1) - 1)[:-1]] = False
        pairs = points[:-1][starts] << _CODE_POINT_BITS | points[1:][starts]
        self.parts.append(pairs << _PLACE_BITS | np.repeat(places, sizes))

    def add_tokens(self, texts: list[str], places: Ints) -> None:
        """The space-separated tokens of ``texts``, the segments at ``places``."""
        sizes = np.fromiter(map(str.count, texts, repeat(" ")), np.int64, len(texts)) + 1
        flat = " ".join(texts).split(" ")  # a text of n spaces: n + 1 tokens ("" one, dropped later)
        codes = np.fromiter(map(self.codes.__getitem__, flat), np.int64, len(flat))
        self.parts.append(codes << _PLACE_BITS | np.repeat(places, sizes))

    def grouped(self) -> tuple[list[str], Ints, Ints]:
        """Each gram with the sorted ids holding it: ``(grams, offsets, ids)``, gram ``i``'s ids
        ``ids[offsets[i]:offsets[i + 1]]``, each once."""
        keys = np.concatenate(self.parts) if self.parts else np.zeros(0, np.int64)
        self.parts = []  # in place from here: a task's keys are some 15 MB an array
        empty = self.codes.get("")
        if empty is not None:
            keys = keys[keys >> _PLACE_BITS != empty]
        ids = np.asarray(self.ids, np.int64)
        places = _PLACES - 1
        order = np.argsort(ids, kind="stable")
        rank = np.empty_like(order)
        rank[order] = np.arange(len(ids))
        ranks = rank[keys & places]  # places in the order of the ids
        keys >>= _PLACE_BITS
        keys <<= _PLACE_BITS
        keys |= ranks
        del ranks
        keys.sort()
        if len(keys):
            keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))]
        members = ids[order][keys & places]
        keys >>= _PLACE_BITS  # the codes
        codes = keys
        firsts = np.flatnonzero(np.concatenate(([True], codes[1:] != codes[:-1]))) if len(keys) else keys
        name = self.codes.name
        return [name(code) for code in codes[firsts].tolist()], np.append(firsts, len(codes)), members


def _copy_data(grams: list[str], offsets: Ints, ids: Ints) -> Blocks:
    """The rows of binary ``COPY`` data (no header) of the blocks of grouped ids (:func:`chunks`)
    and how many."""
    raw = ids.astype("<i8", copy=False).data.cast("B")  # sliced without a copy, joined once
    bounds = offsets.tolist()
    lows = ids[offsets[:-1]].tolist()
    highs = ids[offsets[1:] - 1].tolist()
    one = min(
        pg_index.ALIGN, pg_index.BLOCK
    )  # a list this short is one block (chunks() keeps its lengths together)
    out: list[bytes | memoryview] = []
    for at, gram in enumerate(grams):
        start, end = bounds[at], bounds[at + 1]
        name = gram.encode()
        head = _ROW_HEAD.pack(4, len(name))
        if end - start <= one:
            parts = [(lows[at], highs[at], end - start)]
        else:  # NumPy slices: their bytes are raw's, in order
            parts = [(int(part[0]), int(part[-1]), len(part)) for part in pg_index.chunks(ids[start:end])]
        for low, high, count in parts:
            out += (
                head,
                name,
                _ROW_REST.pack(8, low, 8, high, 8 * count),
                raw[8 * start : 8 * (start + count)],
            )
            start += count
    return b"".join(out), len(out) // 4


def _copy_join(parts: list[Blocks]) -> Blocks:
    """Rows of ``COPY`` data as one binary ``COPY``'s data (header and trailer), or b"" if none."""
    rows = b"".join(data for data, _ in parts)
    return (_COPY_SIGNATURE + rows + _COPY_TRAILER if rows else b""), sum(count for _, count in parts)


def _copied(data: bytes) -> list[tuple[str, int, int, bytes]]:
    """The ``(gram, lo, hi, ids)`` rows of :func:`posting_blocks`'s ``COPY`` data (for tests)."""
    rows: list[tuple[str, int, int, bytes]] = []
    at = len(_COPY_SIGNATURE)
    while data and data[at : at + 2] != _COPY_TRAILER:
        _, size = _ROW_HEAD.unpack_from(data, at)
        at += _ROW_HEAD.size
        gram = data[at : at + size].decode()
        at += size
        _, lo, _, hi, size = _ROW_REST.unpack_from(data, at)
        at += _ROW_REST.size
        rows.append((gram, lo, hi, data[at : at + size]))
        at += size
    return rows
