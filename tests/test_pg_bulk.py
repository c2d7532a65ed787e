"""New postings blocks in bulk (termbase/backends/pg_bulk.py): what an import and a rebuild write on
PostgreSQL, computed by sorting integers, must be the blocks the per-gram lists of
:func:`termbase.backends.pg_index.postings` give, row for row. No server is needed: the blocks
are read back from their binary ``COPY`` data (the PostgreSQL tests write them for real:
tests/test_pg_memory.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from termbase.backends import pg_bulk, pg_index
from termbase.memory.stored_index import Segment
from tests.strategies import any_text, han_text, russian_text

LANGS = ["zh-Hans", "zh-Hant", "ru", "az-Latn", "en"]
"""Chinese keys' grams are read as code points, word languages' tokens as strings: both kinds, in
one batch (a two-letter word and a Chinese pair may be the same gram)."""

odd_text = st.one_of(
    any_text,
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12
    ),  # private use (the index's own marks), astral characters, controls, spaces only, ""
    st.sampled_from(["", " ", "на", "на 巴库", "2001", "巴库2001年", "\U000f0080", "ab\U000f0003", "ß ẞ İı"]),
)


@st.composite
def segments(draw: st.DrawFn) -> list[Segment]:
    """Segments of several languages with ids rising, but not by one (as after deletions)."""
    found: list[Segment] = []
    sid = draw(st.integers(0, 5))
    for _ in range(draw(st.integers(1, 30))):
        sid += draw(st.integers(1, 3))
        lang = draw(st.sampled_from(LANGS))
        text = draw(
            st.one_of(han_text, odd_text) if lang.startswith("zh") else st.one_of(russian_text, odd_text)
        )
        found.append((sid, LANGS.index(lang) + 1, lang, text, text))
    return found


def _expected(segments: list[Segment]) -> Iterator[list[tuple[str, int, int, bytes]]]:
    """The rows of each table as the per-gram lists give them (pg_index's write of ``postings``)."""
    for lists in pg_index.postings(segments)[:2]:
        yield sorted(row for gram, ids in lists.items() for row in pg_index._rows(gram, sorted(ids)))


def _blocks(segments: list[Segment]) -> list[list[tuple[str, int, int, bytes]]]:
    found = []
    for data, count in pg_bulk.posting_blocks(segments):
        rows = pg_bulk._copied(data)
        assert count == len(rows)
        found.append(sorted(rows))
    return found


@pytest.mark.parametrize("small", [False, True])
@given(drawn=segments())
def test_the_bulk_blocks_are_the_per_gram_lists_blocks(
    drawn: list[Segment], small: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every gram of both tables, its ids each once and sorted, cut into the same blocks: with
    blocks of 2,048 ids, and of 3 (lengths kept together below 2), where lists span blocks."""
    if small:
        monkeypatch.setattr(pg_index, "BLOCK", 3)
        monkeypatch.setattr(pg_index, "ALIGN", 2)
    assert _blocks(drawn) == list(_expected(drawn))


def test_many_segments_share_their_grams_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Segments read in several chunks (texts and tokens 3 at a time, places in 4 bits) give the
    blocks of one pass: a gram's ids from every chunk in one list."""
    texts = ["巴库 Баку", "巴库是首都", "Баку — столица", "Bakı", "巴库", "на Баку", "2001 巴库2001"] * 3
    langs = ["zh-Hans", "ru", "az-Latn"]
    segments = [(i + 1, i % 3 + 1, langs[i % 3], text, text) for i, text in enumerate(texts)]
    whole = _blocks(segments)
    monkeypatch.setattr(pg_bulk, "_AT_ONCE", 3)
    monkeypatch.setattr(pg_bulk, "_PLACE_BITS", 4)
    monkeypatch.setattr(pg_bulk, "_PLACES", 16)
    apart = _blocks(segments)
    assert [len(rows) for rows in apart] > [len(rows) for rows in whole]  # 16 and 5 segments: new blocks
    ids_of = [sorted((gram, i) for gram, _, _, data in rows for i in pg_index.unpack(data)) for rows in apart]
    assert ids_of == [
        sorted((gram, i) for gram, _, _, data in rows for i in pg_index.unpack(data)) for rows in whole
    ]
    assert whole == list(_expected(segments))


def test_no_segment_no_rows() -> None:
    assert pg_bulk.posting_blocks([]) == ((b"", 0), (b"", 0))
    assert pg_bulk.posting_blocks([(1, 1, "ru", "", "")])[0] == (b"", 0)
