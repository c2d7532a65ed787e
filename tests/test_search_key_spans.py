"""A key that a form's neighbouring levels share is stored once (schema version 5, normalize.SPANS).

Every reader of ``search_key`` must give what it gave when each level had a row of its own: the
lookups (index keys, homophones, typo candidates) and an import's match by a shared preferred term.
"""

from __future__ import annotations

import itertools
import sqlite3
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import termbase
from termbase.lookup import _LanguageFilter
from termbase.model import Concept, Term
from termbase.normalize import SPANS, search_keys, stored_keys
from termbase.store import SCHEMA_VERSION
from tests.strategies import AZERBAIJANI_UPPER, PUNCTUATION, any_text, concepts

LANGS = ["zh-Hans", "zh-Hant", "ru", "az-Latn", "az-Cyrl", "en", "de", None]


def _expanded(rows: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Rows of span codes as rows of one level each (a file written before version 5)."""
    return sorted((key, level, form_id) for key, code, form_id in rows for level in SPANS[code])


def _one_row_per_level(tb: termbase.Termbase) -> None:
    """Rewrite ``tb``'s search keys as termbase wrote them before version 5."""
    with tb.store.transaction() as conn:
        rows = conn.execute("SELECT key, level, form_id FROM search_key").fetchall()
        conn.execute("DELETE FROM search_key")
        conn.executemany("INSERT INTO search_key VALUES (?, ?, ?)", _expanded(rows))
    tb._lookup.forget()


odd_text = st.one_of(
    any_text,
    st.text(alphabet=AZERBAIJANI_UPPER + "iıIİəƏ" + PUNCTUATION + "ßẞσςΣǅǄ\u0301\u0306ﬁ℃Ⅻ", max_size=12),
    st.text(max_size=8),
)


@settings(max_examples=300)
@given(odd_text, st.sampled_from(LANGS))
def test_stored_keys_are_the_search_keys_with_shared_neighbours_once(text: str, lang: str | None) -> None:
    stored = stored_keys(text, lang)
    assert sorted((level, key) for code, key in stored for level in SPANS[code]) == sorted(
        search_keys(text, lang)
    )
    levels = [level for code, _ in stored for level in SPANS[code]]
    assert len(levels) == len(set(levels))  # each level once
    for (code, key), (next_code, next_key) in itertools.pairwise(stored):
        if max(SPANS[code]) + 1 == min(SPANS[next_code]):
            assert key != next_key  # neighbours with one key always share a row


def _variants(text: str) -> list[str]:
    """Queries made from a form: as stored, in other cases (Turkic and not), without its spacing."""
    turkic_upper = text.replace("i", "İ").replace("ı", "I").upper()
    return [
        text,
        text.upper(),
        text.lower(),
        text.casefold(),
        text.title(),
        turkic_upper,
        text.replace(" ", "").replace("-", " "),
        text.replace("ə", "e").replace("ı", "i"),
    ]


def _results(tb: termbase.Termbase, query: str, lang: str | None) -> list[tuple[object, ...]]:
    try:
        found = tb.lookup(query, lang=lang, limit=50)
    except termbase.errors.UsageError:  # an empty query
        return [("usage error",)]
    return [(m.concept.id, m.score, m.lang, m.text, m.how, m.scheme) for m in found]


@settings(max_examples=40)
@given(
    st.lists(concepts(), min_size=1, max_size=5, unique_by=lambda c: c.id),
    st.lists(odd_text, max_size=3),
    st.sampled_from(LANGS),
)
def test_lookups_on_span_rows_equal_lookups_on_a_row_per_level(
    batch: list[Concept], extra: list[str], lang: str | None
) -> None:
    spans = termbase.open(":memory:")
    spans.import_concepts(batch)
    every = termbase.open(":memory:")
    every.import_concepts(batch)
    _one_row_per_level(every)
    rows = spans.store.conn.execute("SELECT key, level, form_id FROM search_key").fetchall()
    assert _expanded(rows) == sorted(every.store.conn.execute("SELECT key, level, form_id FROM search_key"))
    forms = [f.text for f in spans.forms(include_derived=True)]
    queries = {q for text in [*forms[:12], *extra] for q in _variants(text)}
    for query in sorted(queries):
        assert _results(spans, query, lang) == _results(every, query, lang), query
        if query.strip():
            homophones = [spans._lookup._homophones(query, _LanguageFilter(lang)) for _ in (0,)]
            assert homophones == [every._lookup._homophones(query, _LanguageFilter(lang))], query
    for size in (3, 6):
        assert spans._lookup._typo_candidates(spans.store.conn, size, 2) == every._lookup._typo_candidates(
            every.store.conn, size, 2
        )
    from termbase.exchange import _find_by_preferred

    for concept in batch:
        assert _find_by_preferred(spans.store.conn, concept) == _find_by_preferred(every.store.conn, concept)


@settings(max_examples=25)
@given(st.lists(concepts(), min_size=1, max_size=4, unique_by=lambda c: c.id))
def test_an_import_matches_auto_ids_the_same_on_either_layout(batch: list[Concept]) -> None:
    """A file without ids is matched to existing concepts by a shared preferred term, through the
    exact keys: the same concepts are merged whichever layout the keys were written in."""
    incoming = [c.replace(id=f"auto:{i}") for i, c in enumerate(batch)]
    summaries = []
    for layout in ("spans", "every"):
        tb = termbase.open(":memory:")
        tb.import_concepts(batch)
        if layout == "every":
            _one_row_per_level(tb)
        summary = tb.import_concepts(incoming)
        summaries.append((summary.added, summary.merged, sorted(c.id for c in tb.concepts())))
    assert summaries[0] == summaries[1]


def test_a_file_of_schema_4_is_read_and_migrated(tmp_path: Path) -> None:
    """A file written before version 5 (a row per level) opens at the current version, its rows
    unchanged; they and the span rows of concepts added later are both found."""
    path = tmp_path / "old.tb"
    tb = termbase.open(path)
    tb.add(Concept("baku", "place", [Term("Bakı", "az-Latn"), Term("巴库", "zh-Hans"), Term("Baku", "en")]))
    _one_row_per_level(tb)
    tb.close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA user_version = 4")
    conn.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
    conn.close()
    tb = termbase.open(path)
    assert tb.store.schema_version == SCHEMA_VERSION >= 5
    levels = {row[0] for row in tb.store.conn.execute("SELECT DISTINCT level FROM search_key")}
    assert levels == {0, 1, 2}  # not rewritten
    tb.add(
        Concept("ganja", "place", [Term("Gəncə", "az-Latn"), Term("占贾", "zh-Hans"), Term("ganja", "en")])
    )
    assert {row[0] for row in tb.store.conn.execute("SELECT DISTINCT level FROM search_key")} > {0, 1, 2}
    for query, concept_id, how in [
        ("BAKI", "baku", "case"),
        ("巴库", "baku", "exact"),
        ("baki", "baku", "normalized"),
        ("GANJA", "ganja", "case"),
        ("占贾", "ganja", "exact"),
        ("gence", "ganja", "normalized"),
        ("zhanjia", "ganja", "case"),
    ]:
        best = tb.lookup(query)[0]
        assert (best.concept.id, best.how) == (concept_id, how), query
