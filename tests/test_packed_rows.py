"""packed_rows: an import's helper sends a batch's FTS5 rows as four objects; unpacked they are index_rows'."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from termbase.memory.stored_index import index_rows, packed_rows, unpacked_rows
from tests.strategies import any_text

# Texts of every script plus line breaks, tabs and spaces (a gram must never hold the separator).
texts = st.one_of(any_text, st.text(alphabet="Баку巴库Bakı İı \n\r\t\u2028\x85,.0123", max_size=30))
langs = st.sampled_from(["ru", "zh-Hans", "zh-Hant", "az-Latn", "az-Cyrl", "en"])


@given(st.lists(st.tuples(langs, texts), max_size=30))
def test_unpacked_rows_are_index_rows(batch: list[tuple[str, str]]) -> None:
    segments = [
        (sid, 1 + i % 3, lang, text, text) for i, (sid, (lang, text)) in enumerate(enumerate(batch, 7))
    ]
    packed = packed_rows(segments)
    assert unpacked_rows(packed) == index_rows(segments)
    assert len(packed) == 4 and isinstance(packed[1], str) and isinstance(packed[0], bytes)
