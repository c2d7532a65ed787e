"""The translation memory on PostgreSQL: the same best matches and concordance as on SQLite,
units round-trip, and a connection lost mid-import leaves the database as it was."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import termbase
from termbase.backends import pg_bulk, pg_index
from termbase.backends.postgresql import PostgresStore
from termbase.errors import DatabaseError
from termbase.memory import memory as memory_module
from termbase.memory import stored_index
from termbase.memory.index import CANDIDATES
from termbase.memory.scoring import prepare
from termbase.memory.stored_index import StoredIndex
from termbase.model import TranslationUnit
from termbase.termbase import Termbase
from tests.pgcluster import Cluster, empty_termbase, same_memory
from tests.test_scale import TEXTS, memories

UNITS = [
    TranslationUnit("a1", {"zh-Hans": "俄罗斯在巴库设有大使馆", "ru": "Россия имеет посольство в Баку"}),
    TranslationUnit(
        "a2", {"zh-Hans": "阿塞拜疆在莫斯科设有大使馆", "ru": "Азербайджан имеет посольство в Москве"}
    ),
    TranslationUnit(
        "a3",
        {
            "zh-Hans": "巴库是阿塞拜疆的首都",
            "ru": "Баку — столица Азербайджана",
            "az-Latn": "Bakı paytaxtdır",
        },
    ),
]


def test_units_round_trip_and_are_removed(new_termbase: Callable[[], Termbase]) -> None:
    tb = new_termbase()
    assert tb.memory.add_units(UNITS) == 3
    assert list(tb.memory.units()) == [tb.memory[u.id] for u in UNITS]
    assert [u.variants for u in tb.memory.units()] == [u.variants for u in UNITS]
    assert tb.stats().units == 3 and tb.stats().segments == {"az-Latn": 1, "ru": 3, "zh-Hans": 3}
    replaced = TranslationUnit(
        "a1", {"zh-Hans": "俄罗斯在巴库设有领事馆", "ru": "Россия имеет консульство в Баку"}
    )
    assert (
        tb.memory.add_units([replaced]) == 1
    )  # its new segments take new ids (PostgreSQL's sequence repeated them)
    assert tb.memory["a1"].variants == replaced.variants
    assert tb.memory.remove(["a2", "nope"]) == 1
    assert [u.id for u in tb.memory.units()] == ["a1", "a3"]
    found = tb.memory.search("俄罗斯在巴库设有使馆", source="zh-Hans", target="ru", min_score=50)
    assert found[0].unit_id == "a1" and found[0].target == "Россия имеет консульство в Баку"


def _index_as_rebuilt(tb: Termbase) -> None:
    """The memory's index rows (PostgreSQL's postings, SQLite's FTS5 lists) are those a rebuild
    from the stored texts makes: none left of a deleted segment, none missing."""
    if isinstance(tb.store, PostgresStore):
        assert _postings(tb.store.url) == _rebuilt(tb.store.url)
        return
    from tests.test_scale import _postings as fts_lists

    conn = tb.store.conn
    before = [fts_lists(conn, table) for table in ("tm_index", "tm_conc")]
    with tb.transaction():
        stored_index.rebuild(conn)
    assert [fts_lists(conn, table) for table in ("tm_index", "tm_conc")] == before


@pytest.mark.parametrize("reindex", [False, True])
def test_an_import_replaces_stored_units_all_at_once(
    new_termbase: Callable[[], Termbase], monkeypatch: pytest.MonkeyPatch, reindex: bool
) -> None:
    """Units whose ids are stored (or written earlier in the same import) replace them in one go,
    as one replacement after the other would: the last one given wins, each keeps its number and
    creation date and takes the largest usage count; the old texts leave the indexes. With
    ``reindex`` the import rebuilds the index at its end instead (as after many replacements)."""
    if reindex:
        monkeypatch.setattr(memory_module, "REINDEX_FROM", 1)
    tb = new_termbase()
    tb.memory.add_units(
        [
            TranslationUnit(
                "u1", {"zh-Hans": "巴库", "ru": "Баку"}, created="2020-01-01T00:00:00Z", usage_count=5
            ),
            TranslationUnit("u2", {"zh-Hans": "莫斯科", "ru": "Москва"}, usage_count=1),
            TranslationUnit("u3", {"zh-Hans": "甘杰", "ru": "Гянджа"}),
        ]
    )
    created = {u.id: u.created for u in tb.memory.units()}
    tb.memory.add_units(
        [
            TranslationUnit("u1", {"zh-Hans": "巴库市", "ru": "город Баку"}, usage_count=1),
            TranslationUnit("u4", {"zh-Hans": "舒沙", "ru": "Шуша"}, usage_count=4),
            TranslationUnit("u1", {"zh-Hans": "巴库湾", "ru": "Бакинская бухта"}, note="last", usage_count=3),
            TranslationUnit("u2", {"zh-Hans": "莫斯科市", "ru": "город Москва"}, usage_count=9),
            TranslationUnit("u4", {"zh-Hans": "舒沙市", "az-Latn": "Şuşa"}),
        ]
    )
    units = list(tb.memory.units())
    assert [u.id for u in units] == ["u1", "u2", "u3", "u4"]  # numbers kept
    got = {u.id: u for u in units}
    assert dict(got["u1"].variants) == {"zh-Hans": "巴库湾", "ru": "Бакинская бухта"}
    assert (got["u1"].note, got["u1"].usage_count, got["u1"].created) == ("last", 5, "2020-01-01T00:00:00Z")
    assert (got["u2"].usage_count, got["u2"].created) == (9, created["u2"])
    assert dict(got["u4"].variants) == {"zh-Hans": "舒沙市", "az-Latn": "Şuşa"} and got["u4"].usage_count == 4
    assert tb.stats().segments == {"az-Latn": 1, "ru": 3, "zh-Hans": 4}
    assert tb.memory.concordance("Баку") == [] and tb.memory.concordance("巴库市") == []
    assert [h.unit_id for h in tb.memory.concordance("город Москва")] == ["u2"]
    found = tb.memory.search("巴库湾", source="zh-Hans", target="ru", min_score=90)
    assert [(m.unit_id, m.target) for m in found] == [("u1", "Бакинская бухта")]
    # batches of 2: u3 replaced in the first batch and again in the next, whose delete must find
    # the first replacement's index rows written
    monkeypatch.setattr(memory_module, "_BATCH", 2)
    tb.memory.add_units(
        [
            TranslationUnit("u3", {"zh-Hans": "甘杰市", "ru": "город Гянджа"}),
            TranslationUnit("u5", {"zh-Hans": "纳希切万", "ru": "Нахичевань"}),
            TranslationUnit("u3", {"zh-Hans": "占贾", "ru": "Гянджа"}),
        ]
    )
    assert dict(tb.memory["u3"].variants) == {"zh-Hans": "占贾", "ru": "Гянджа"}
    _index_as_rebuilt(tb)
    assert tb.memory.concordance("город Гянджа") == [] and tb.memory.concordance("甘杰") == []
    assert [h.unit_id for h in tb.memory.concordance("Гянджа")] == ["u3"]
    assert [m.unit_id for m in tb.memory.search("占贾", source="zh-Hans", target="ru", min_score=90)] == [
        "u3"
    ]
    assert tb.memory.remove(["u3", "u3", "u1", "nope"]) == 2
    assert [u.id for u in tb.memory.units()] == ["u2", "u4", "u5"]


@pytest.mark.parametrize(
    ("query", "lang"), [("大使馆", None), ("巴", "zh-Hans"), ("посольство", "ru"), ("BAKI", None)]
)
def test_concordance_is_the_same_on_both(
    new_termbase: Callable[[], Termbase], query: str, lang: str | None
) -> None:
    lite = termbase.open(":memory:")
    tb = new_termbase()
    for memory in (lite.memory, tb.memory):
        memory.add_units(UNITS)

    def view(t: Termbase) -> list[tuple[str, str, tuple[tuple[int, int], ...]]]:
        return [(h.unit_id, h.lang, h.spans) for h in t.memory.concordance(query, lang=lang)]

    assert view(tb) == view(lite) and view(lite)


@settings(max_examples=30)
@given(memories())
def test_the_same_best_matches_on_both_backends(
    new_termbase: Callable[[], Termbase], drawn: tuple[str, str, list[TranslationUnit], list[str]]
) -> None:
    source, target, units, queries = drawn
    lite = termbase.open(":memory:")
    tb = new_termbase()
    for memory in (lite.memory, tb.memory):
        memory.add_units(units)
    for query in queries:
        if prepare(query, source).key:
            assert _best(tb, query, source, target) == _best(lite, query, source, target)


def _stored_only(*tbs: Termbase) -> None:
    """Every search through the persistent index (FTS5 on SQLite, tm_post on PostgreSQL)."""
    for tb in tbs:
        tb.memory.warm_limit = 0


def _candidates(tb: Termbase, query: str, source: str) -> list[int]:
    """The segment ids the persistent index of ``tb`` offers for ``query`` (min score 60)."""
    prepared = prepare(query, source)
    conn = tb.store.conn
    index: StoredIndex | pg_index.PgIndex
    if isinstance(tb.store, PostgresStore):
        index = pg_index.PgIndex(conn, source)
    else:
        index = StoredIndex(conn, source)  # type: ignore[arg-type]
    return sorted(index.candidates(prepared.key, prepared.numbers, 60, CANDIDATES).segment_ids)


def _postings(url: str) -> list[tuple[str, str, int]]:
    """Every (table, gram, id) the postings tables hold, duplicates kept; each block checked:
    sorted ids, ``lo`` and ``hi`` its first and last."""
    found = []
    with psycopg.connect(url) as conn:
        for table in ("tm_post", "tm_cpost"):
            for gram, lo, hi, data in conn.execute(f"SELECT gram, lo, hi, ids FROM {table}"):
                ids = list(pg_index.unpack(data))
                assert ids and ids == sorted(set(ids)) and (lo, hi) == (ids[0], ids[-1]), (table, gram)
                found.extend((table, gram, i) for i in ids)
    return sorted(found)


def _rebuilt(url: str) -> list[tuple[str, str, int]]:
    """:func:`_postings` of the same database with both tables rebuilt from the texts (rolled back)."""
    store = PostgresStore(url)
    found: list[tuple[str, str, int]] = []
    try:
        with store.transaction() as conn:
            pg_index.rebuild(conn)
            for table in ("tm_post", "tm_cpost"):
                for gram, data in conn.execute(f"SELECT gram, ids FROM {table}"):
                    found.extend((table, gram, i) for i in pg_index.unpack(bytes(data)))
            raise _RolledBack
    except _RolledBack:
        pass
    finally:
        store.close()
    assert found or not _postings(url)
    return sorted(found)


class _RolledBack(Exception):
    """Raised to roll a transaction back."""


@settings(max_examples=25)
@given(memories())
def test_the_postgresql_index_offers_the_same_candidates_as_sqlites(
    pg_url: str, drawn: tuple[str, str, list[TranslationUnit], list[str]]
) -> None:
    """tm_post read as FTS5's tm_index is read: the same segments (ids are assigned alike), so
    the same best matches, with every search through the persistent index."""
    source, target, units, queries = drawn
    empty_termbase(pg_url)
    lite = termbase.open(":memory:")
    with termbase.open(pg_url) as tb:
        _stored_only(lite, tb)
        for memory in (lite.memory, tb.memory):
            memory.add_units(units)
        for query in queries:
            if prepare(query, source).key:
                assert _candidates(tb, query, source) == _candidates(lite, query, source), query
                assert _best(tb, query, source, target) == _best(lite, query, source, target), query


@st.composite
def edits(draw: st.DrawFn) -> tuple[str, str, list[TranslationUnit], list[list[TranslationUnit] | list[str]]]:
    """A memory, then a few edits: units removed (ids), units added or replaced (same ids, new texts)."""
    source, target, units, _ = draw(memories())
    ids = [u.id for u in units]
    steps: list[list[TranslationUnit] | list[str]] = []
    for step in range(draw(st.integers(1, 4))):
        if draw(st.booleans()):
            steps.append(draw(st.lists(st.sampled_from([*ids, "nope"]), min_size=1, max_size=5)))
        else:
            chosen = draw(st.lists(st.sampled_from([*ids, f"new{step}a", f"new{step}b"]), max_size=6))
            steps.append(
                [
                    TranslationUnit(i, {source: draw(TEXTS[source]), target: draw(TEXTS[target])})
                    for i in chosen
                ]
            )
    return source, target, units, steps


@pytest.mark.parametrize(("block", "reindex_from"), [(3, memory_module.REINDEX_FROM), (pg_index.BLOCK, 2)])
@settings(max_examples=12)
@given(drawn=edits())
def test_the_index_survives_edits(
    pg_url: str,
    monkeypatch: pytest.MonkeyPatch,
    block: int,
    reindex_from: int,
    drawn: tuple[str, str, list[TranslationUnit], list[list[TranslationUnit] | list[str]]],
) -> None:
    """After removals, replacements and additions the postings are exactly those of a rebuild
    from the texts (each id once per gram, every block sorted and bounded), and searches still
    equal SQLite's after the same edits. Blocks of 3 ids make every edit split and merge blocks;
    with ``reindex_from`` 2 an import of two replacements or more rebuilds the index instead."""
    monkeypatch.setattr(pg_index, "BLOCK", block)
    monkeypatch.setattr(memory_module, "REINDEX_FROM", reindex_from)
    if block < 10:  # and postings written every few segments, as a large import writes them
        monkeypatch.setattr(pg_index, "PENDING", 20)
        monkeypatch.setattr(pg_index, "MERGE_MAX", 30)  # larger writes append blocks, smaller merge
        _bulk_every_few_units(monkeypatch)
    source, target, units, steps = drawn
    empty_termbase(pg_url)
    lite = termbase.open(":memory:")
    with termbase.open(pg_url) as tb:
        _stored_only(lite, tb)
        for memory in (lite.memory, tb.memory):
            memory.add_units(units)
        for step in steps:
            for memory in (lite.memory, tb.memory):
                if step and isinstance(step[0], str):
                    memory.remove([i for i in step if isinstance(i, str)])
                else:
                    memory.add_units([u for u in step if isinstance(u, TranslationUnit)])
    assert _postings(pg_url) == _rebuilt(pg_url)
    with termbase.open(pg_url) as tb:
        _stored_only(tb)
        queries = [
            text for unit in lite.memory.units() for lang, text in unit.variants.items() if lang == source
        ]
        for query in [q[1:] for q in queries[:5]] + queries[-3:]:
            if prepare(query, source).key:
                assert _candidates(tb, query, source) == _candidates(lite, query, source), query
                assert _best(tb, query, source, target) == _best(lite, query, source, target), query


@pytest.mark.parametrize("small", [False, True])
@settings(max_examples=25)
@given(drawn=memories(), data=st.data())
def test_concordance_through_the_postings_is_sqlites(
    pg_url: str,
    monkeypatch: pytest.MonkeyPatch,
    small: bool,
    drawn: tuple[str, str, list[TranslationUnit], list[str]],
    data: st.DataObject,
) -> None:
    """Any piece of a stored segment (one character too), in any case, with or without a
    language: the same hits, spans and order as SQLite's FTS5 bigrams."""
    if small:  # many blocks per list, read a few at a time
        _small_blocks(monkeypatch)
    source, _target, units, _ = drawn
    text = data.draw(st.sampled_from([t for u in units for t in u.variants.values()]))
    start = data.draw(st.integers(0, max(0, len(text) - 1)))
    needle = text[start : start + data.draw(st.integers(1, 6))]
    if data.draw(st.booleans()):
        needle = needle.upper()
    lang = data.draw(st.sampled_from([None, source]))
    with same_memory(pg_url, units) as (lite, tb):
        assert tb.memory._indexed()  # through tm_cpost, not a scan
        if needle.strip():
            for limit in (1, 3, 50):
                got = [
                    (h.unit_id, h.lang, h.spans)
                    for h in tb.memory.concordance(needle, lang=lang, limit=limit)
                ]
                want = [
                    (h.unit_id, h.lang, h.spans)
                    for h in lite.memory.concordance(needle, lang=lang, limit=limit)
                ]
                assert got == want, needle


def test_a_database_of_schema_3_gets_its_postings_on_first_use(pg_url: str) -> None:
    """A database written before tm_post existed (version 3) is migrated, marked stale, and
    its postings are filled from the texts by the first search, which then uses them."""
    tb = termbase.open(pg_url)
    tb.memory.add_units(UNITS)
    want = _postings(pg_url)
    tb.close()
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("DROP TABLE tm_post; DROP TABLE tm_cpost")
        conn.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    tb = termbase.open(pg_url)
    state = tb.store.conn.execute("SELECT value FROM tm_state WHERE key = 'index_stale'").fetchone()[0]
    from termbase.store import SCHEMA_VERSION

    assert state == 1 and tb.store.schema_version == SCHEMA_VERSION
    assert not _postings(pg_url)
    found = tb.memory.search("俄罗斯在巴库设有使馆", source="zh-Hans", target="ru", min_score=50)
    assert found[0].unit_id == "a1"
    assert _postings(pg_url) == want and want
    assert tb.memory._indexed()
    tb.close()


def test_the_index_is_what_a_cold_search_reads(pg_url: str) -> None:
    """A new process's first search reads tm_post, not every segment: with the segments' rows
    hidden from a full read (the in-memory index reads them all), the search still answers."""
    tb = termbase.open(pg_url)
    tb.memory.add_units(UNITS)
    tb.close()
    tb = termbase.open(pg_url)
    read: list[str] = []
    conn = tb.store.conn
    execute = conn.execute

    def spy(sql: str, parameters: Any = (), /) -> Any:
        read.append(sql)
        return execute(sql, parameters)

    conn.execute = spy  # type: ignore[method-assign]
    found = tb.memory.search("阿塞拜疆在莫斯科设有使馆", source="zh-Hans", target="ru", min_score=50)
    assert found[0].unit_id == "a2"
    assert any("FROM tm_post" in sql for sql in read)
    assert not any("WHERE s.lang = ?" in sql and "tm_post" not in sql for sql in read)
    tb.close()


def _best(tb: Termbase, query: str, source: str, target: str) -> tuple[list[int], set[str]]:
    """The best score, and every unit that reaches it."""
    found = tb.memory.search(query, source=source, target=target, min_score=60, limit=5)
    top = [m.score for m in found[:1]]
    return top, {m.unit_id for m in found if top and m.score == top[0]}


def _tmx(path: Path, count: int) -> None:
    body = "".join(
        f'<tu tuid="k{i}"><tuv xml:lang="zh-Hans"><seg>第{i}次会议在巴库举行</seg></tuv>'
        f'<tuv xml:lang="ru"><seg>Заседание номер {i} прошло в Баку</seg></tuv></tu>\n'
        for i in range(count)
    )
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="t" '
        'creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="zh-Hans" '
        f'datatype="plaintext"/><body>\n{body}</body></tmx>\n',
        encoding="utf-8",
    )


def _content(url: str) -> list[Any]:
    with psycopg.connect(url) as conn:
        return [
            sorted(conn.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
            for table in ("tm_unit", "tm_segment", "tm_state", "concept", "tm_post", "tm_cpost")
        ]


def _three_units_and_a_tmx(url: str, folder: Path, count: int) -> tuple[Termbase, list[Any], Path]:
    """The termbase at ``url`` holding :data:`UNITS` alone, its content (:func:`_content`), and a
    TMX of ``count`` units to import into it."""
    empty_termbase(url)
    tb = termbase.open(url)
    tb.memory.add_units(UNITS)
    tmx = folder / "tm.tmx"
    _tmx(tmx, count)
    return tb, _content(url), tmx


def test_a_connection_lost_mid_tm_import_leaves_the_database_as_it_was(
    pg_url: str, pg_cluster: Cluster, tmp_path: Path
) -> None:
    tb, before, tmx = _three_units_and_a_tmx(pg_url, tmp_path, 6000)
    pid = tb.store.conn.raw.info.backend_pid
    seen = threading.Event()

    def on_progress(progress: Any) -> None:
        if progress.entries >= 3000 and not seen.is_set():
            seen.set()
            time.sleep(0.5)  # the backend is terminated meanwhile

    def terminate() -> None:
        seen.wait(120)
        with psycopg.connect(pg_cluster.url(), autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))

    killer = threading.Thread(target=terminate)
    killer.start()
    with pytest.raises(DatabaseError) as caught:
        tb.import_file(tmx, on_progress=on_progress)
    killer.join()
    assert "\n" not in str(caught.value) and "127.0.0.1" in str(caught.value)
    assert _content(pg_url) == before
    assert len(termbase.open(pg_url).memory) == 3


def _small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks of 3 ids, lengths grouped below 2 ids, postings written every 20: every list in
    many blocks, blocks of one gram overlapping (as a large import's runs do)."""
    monkeypatch.setattr(pg_index, "BLOCK", 3)
    monkeypatch.setattr(pg_index, "ALIGN", 2)
    monkeypatch.setattr(pg_index, "PENDING", 20)
    monkeypatch.setattr(pg_index, "MERGE_MAX", 30)
    _bulk_every_few_units(monkeypatch)


def _helpers_every_50_units(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches of 50 units, a helper process from the first, postings computed every 100 and
    then 200 segments: a small import's writes many and interleaved, as a large one's are."""
    monkeypatch.setattr(memory_module, "_BATCH", 50)
    monkeypatch.setattr(memory_module, "PARALLEL_FROM", 50)
    monkeypatch.setattr(pg_bulk, "BULK_FIRST", 100)
    monkeypatch.setattr(pg_bulk, "BULK_SEGMENTS", 200)


def _bulk_every_few_units(monkeypatch: pytest.MonkeyPatch) -> None:
    """An import written in batches of 3 units, its postings computed in bulk (pg_bulk) every 5
    segments or more and merged when fewer than 2 (as a large import's are, every 16,000)."""
    monkeypatch.setattr(memory_module, "_BATCH", 3)
    monkeypatch.setattr(pg_bulk, "BULK_SEGMENTS", 5)
    monkeypatch.setattr(pg_bulk, "BULK_FROM", 2)


@pytest.mark.parametrize("small", [True, False])
@settings(max_examples=15)
@given(drawn=memories(), data=st.data())
def test_the_block_readers_equal_fts5s_lists(
    pg_url: str,
    monkeypatch: pytest.MonkeyPatch,
    small: bool,
    drawn: tuple[str, str, list[TranslationUnit], list[str]],
    data: st.DataObject,
) -> None:
    """PgIndex's readers (the blocks' sizes without their ids, one statement for all lists, the
    rarest list first and of the others only the blocks holding one of its ids) give what
    SQLite's FTS5 queries give: sizes, lists and the groups' intersections, in any window of key
    lengths, with blocks of 2,048 ids and of 3 (many overlapping blocks per gram)."""
    from termbase.memory.index import length_window
    from termbase.memory.scoring import Parts
    from termbase.memory.stored_index import rowid, tokens

    if small:
        _small_blocks(monkeypatch)
    source, _target, units, queries = drawn
    with same_memory(pg_url, units) as (lite, tb):
        mine = StoredIndex(lite.store.conn, source)  # type: ignore[arg-type]
        theirs = pg_index.PgIndex(tb.store.conn, source)
        assert mine.lang_id is not None and theirs.lang_id is not None
        # The language ids differ (PostgreSQL's sequence outlives a truncated table): rowids are
        # compared without them.
        same = (1 << 48) - 1
        stored = [t for u in units for lang, t in u.variants.items() if lang == source]
        for query in queries + stored[:3]:
            key = prepare(query, source).key
            grams = list(dict.fromkeys(tokens(Parts("", tuple(key), (), (), ()), source).split()))
            if not grams:
                continue
            grams.append(data.draw(st.sampled_from(grams)) + "x")  # a gram no segment holds
            lo, hi = length_window(len(key), data.draw(st.sampled_from([40, 70, 90, 100])))
            if data.draw(st.booleans()):
                lo, hi = 0, 0xFFFF
            a = rowid(mine.lang_id, lo, 0), rowid(mine.lang_id, hi, 0xFFFFFFFF)
            b = rowid(theirs.lang_id, lo, 0), rowid(theirs.lang_id, hi, 0xFFFFFFFF)
            cap = data.draw(st.integers(1, 6))
            assert theirs.sizes(grams, *b, cap) == mine.sizes(grams, *a, cap), query
            limit = data.draw(st.integers(1, 8))
            got = {gram: [r & same for r in ids] for gram, ids in theirs.lists(grams, *b, limit).items()}
            assert got == {
                gram: [r & same for r in ids] for gram, ids in mine.lists(grams, *a, limit).items()
            }
            ways = data.draw(st.integers(1, len(grams)))
            groups = [grams[i::ways] for i in range(ways)]
            got_any = [r & same for r in theirs.holding_any(groups, *b, limit)]
            assert got_any == [r & same for r in mine.holding_any(groups, *a, limit)], query


@st.composite
def _rowids(draw: st.DrawFn) -> list[int]:
    lengths = draw(st.lists(st.integers(0, 6), min_size=1, max_size=60))
    return sorted({length << 32 | draw(st.integers(0, 30)) for length in lengths})


@given(_rowids(), st.integers(1, 5), st.integers(1, 8))
def test_blocks_hold_one_key_length_unless_small(ids: list[int], block: int, align: int) -> None:
    """chunks(): every id once, in order; no block over BLOCK ids; a block holding several key
    lengths holds ALIGN ids at most (so a window of lengths cuts through small blocks only)."""
    kept = pg_index.BLOCK, pg_index.ALIGN
    pg_index.BLOCK, pg_index.ALIGN = block, align
    try:
        parts = pg_index.chunks(ids)
    finally:
        pg_index.BLOCK, pg_index.ALIGN = kept
    assert [i for part in parts for i in part] == ids
    for part in parts:
        assert 1 <= len(part) <= block
        if part[0] >> 32 != part[-1] >> 32:
            assert len(part) <= align


@pytest.mark.parametrize("kept", [1_000, 4])
def test_an_import_into_an_empty_memory_knows_the_ids_it_wrote(
    pg_url: str, monkeypatch: pytest.MonkeyPatch, kept: int
) -> None:
    """Into an empty memory, the ids of a batch that earlier batches wrote are known without asking
    the server (up to ``_WRITTEN_KEPT`` of them; past that, and into a memory not empty, the server
    is asked): an id repeated in a later batch replaces its unit, as on SQLite."""
    from termbase.backends.postgresql import PgConnection

    monkeypatch.setattr(memory_module, "_BATCH", 3)
    monkeypatch.setattr(memory_module, "_WRITTEN_KEPT", kept)
    asked: list[str] = []
    execute = PgConnection.execute

    def counting(self: PgConnection, sql: str, *args: Any) -> Any:
        if sql.startswith("SELECT id FROM tm_unit WHERE id = ANY"):  # the id check
            asked.append(sql)
        return execute(self, sql, *args)

    monkeypatch.setattr(PgConnection, "execute", counting)
    units = [TranslationUnit(f"u{i % 5}", {"ru": f"Баку {i}", "zh-Hans": f"巴库{i}号"}) for i in range(12)]
    with same_memory(pg_url, units) as (lite, tb):
        assert [(u.id, u.variants) for u in tb.memory.units()] == [
            (u.id, u.variants) for u in lite.memory.units()
        ]
        assert {u.id: u.variants["ru"] for u in tb.memory.units()} == {
            f"u{i}": f"Баку {i + 5 * (i < 2) + 5}" for i in range(5)
        }
        assert bool(asked) == (kept < 5)  # 5 ids in all
        asked.clear()
        tb.memory.add_units(units[:3])
        assert asked  # not empty before: the server knows
        assert _postings(pg_url) == _rebuilt(pg_url)


def _behind_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "termbase-write-behind"]


def test_an_import_writes_its_rows_behind_its_reading(
    pg_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """On PostgreSQL an import's new rows (units, segments, postings blocks) are written by a
    thread of their own, in the order they were made, while the main thread reads on; nothing else
    touches the connection meanwhile, and the thread is gone when the import is."""
    from termbase.backends.postgresql import PgConnection

    _helpers_every_50_units(monkeypatch)
    writes: list[tuple[str, bool]] = []
    busy = threading.Lock()
    overlapped: list[str] = []

    def spying(method: Callable[..., Any], label: Callable[..., str]) -> Callable[..., Any]:
        def spy(self: PgConnection, *args: Any) -> Any:
            if not busy.acquire(blocking=False):  # another thread in a statement at the same time
                overlapped.append(label(*args))
                return method(self, *args)
            try:
                if (name := label(*args)) in ("tm_unit", "tm_segment", "tm_post", "tm_cpost"):
                    writes.append((name, threading.current_thread() is threading.main_thread()))
                return method(self, *args)
            finally:
                busy.release()

        return spy

    monkeypatch.setattr(
        PgConnection, "executemany", spying(PgConnection.executemany, lambda sql, *_: sql.split()[2])
    )
    monkeypatch.setattr(PgConnection, "copy_data", spying(PgConnection.copy_data, lambda table, *_: table))
    monkeypatch.setattr(PgConnection, "execute", spying(PgConnection.execute, lambda sql, *_: sql))
    tmx = tmp_path / "tm.tmx"
    _tmx(tmx, 700)
    empty_termbase(pg_url)
    with termbase.open(pg_url) as tb:
        tb.import_file(tmx)
        assert not _behind_threads()
        assert len(tb.memory) == 700
        assert [m.unit_id for m in tb.memory.search("第7次会议在巴库举行", source="zh-Hans", target="ru")][
            :1
        ] == ["k7"]
    assert not overlapped
    tables = [name for name, _ in writes]
    assert tables.count("tm_unit") == 14 and tables.count("tm_segment") == 14  # 700 units, 50 a batch
    assert {"tm_post", "tm_cpost"} <= set(tables)
    assert not any(main for _, main in writes), "a write ran on the main thread"
    assert _postings(pg_url) == _rebuilt(pg_url)


def test_a_write_that_fails_behind_the_reading_fails_the_import_and_changes_nothing(
    pg_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The first write that fails on the writes' thread fails the import with its own error (the
    rows before it rolled back with the rest), and the thread is stopped."""
    _helpers_every_50_units(monkeypatch)
    write_blocks = pg_index.PgIndexWriter.write_blocks
    calls: list[int] = []

    def failing(self: pg_index.PgIndexWriter, blocks: Any) -> None:
        calls.append(threading.get_ident())
        if len(calls) == 3:
            raise DatabaseError("the third write of blocks failed")
        write_blocks(self, blocks)

    monkeypatch.setattr(pg_index.PgIndexWriter, "write_blocks", failing)
    tb, before, tmx = _three_units_and_a_tmx(pg_url, tmp_path, 700)
    with pytest.raises(DatabaseError, match="the third write of blocks failed"):
        tb.import_file(tmx)
    assert len(calls) == 3 and threading.get_ident() not in calls
    assert not _behind_threads()
    assert _content(pg_url) == before
    assert len(termbase.open(pg_url).memory) == 3


def test_replacing_many_units_reads_and_rewrites_each_block_once(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch of replacements removes its old postings in one pass per table, each block that
    holds some of them read once (re-importing 1,015 units took 148 s when each unit rewrote the
    blocks of its grams, and the blocks came back once per id removed)."""
    from termbase.backends.postgresql import PgCursor

    monkeypatch.setattr(memory_module, "_BATCH", 100)
    units = [
        TranslationUnit(f"r{i}", {"zh-Hans": f"巴库第{i}次会议", "ru": f"Заседание {i} в Баку"})
        for i in range(60)
    ]
    changed = [
        TranslationUnit(u.id, {"zh-Hans": u.variants["zh-Hans"] + "结束", "ru": "Итог"}) for u in units
    ]
    removals: list[str] = []
    fetched: list[list[Any]] = []
    remove, fetchall = pg_index._Table.remove, PgCursor.fetchall

    def counting(self: pg_index._Table, ids_of: dict[str, set[int]]) -> None:
        removals.append(self.table)
        remove(self, ids_of)

    def recording(self: PgCursor) -> list[Any]:
        rows = fetchall(self)
        if rows and len(rows[0]) == 3 and isinstance(rows[0][2], bytes):  # blocks: gram, lo, ids
            fetched.append(rows)
        return rows

    with same_memory(pg_url, units) as (lite, tb):
        with psycopg.connect(pg_url) as conn:
            blocks = conn.execute(
                "SELECT (SELECT count(*) FROM tm_post) + (SELECT count(*) FROM tm_cpost)"
            ).fetchone()[0]
        monkeypatch.setattr(pg_index._Table, "remove", counting)
        monkeypatch.setattr(PgCursor, "fetchall", recording)
        for memory in (lite.memory, tb.memory):
            memory.add_units(changed)
        assert removals == ["tm_post", "tm_cpost"]
        assert fetched and all(len({(g, lo) for g, lo, _ in rows}) == len(rows) for rows in fetched)
        assert sum(len(rows) for rows in fetched) <= blocks  # never more than the tables held
        monkeypatch.undo()
        assert _postings(pg_url) == _rebuilt(pg_url)
        for query in ("巴库第7次会议结束", "巴库第59次会议"):
            assert _best(tb, query, "zh-Hans", "ru") == _best(lite, query, "zh-Hans", "ru")
        assert [h.unit_id for h in tb.memory.concordance("Итог")] == [
            h.unit_id for h in lite.memory.concordance("Итог")
        ]


def test_an_import_that_replaces_much_of_the_memory_rebuilds_its_index(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past REINDEX_FROM replacements (and 1/REINDEX_SHARE of the memory) an import deletes no
    index rows one by one: it rebuilds the index from the stored texts at its end, with the
    same results as keeping it in step (SQLite's memory here does, with the default)."""
    monkeypatch.setattr(memory_module, "_BATCH", 20)
    units = [
        TranslationUnit(f"r{i}", {"zh-Hans": f"巴库第{i}次会议", "ru": f"Заседание {i} в Баку"})
        for i in range(60)
    ]
    changed = [
        TranslationUnit(u.id, {"zh-Hans": u.variants["zh-Hans"] + "结束", "ru": f"Итог {i}"})
        for i, u in enumerate(units)
    ]
    changed += [TranslationUnit(f"n{i}", {"zh-Hans": f"甘杰第{i}次", "ru": f"Гянджа {i}"}) for i in range(5)]
    with same_memory(pg_url, units) as (lite, tb):
        lite.memory.add_units(changed)
        monkeypatch.setattr(memory_module, "REINDEX_FROM", 30)  # reached in the second batch
        removals: list[str] = []
        remove = pg_index._Table.remove
        monkeypatch.setattr(
            pg_index._Table, "remove", lambda table, ids: (removals.append(table.table), remove(table, ids))
        )
        tb.memory.add_units(changed)
        assert removals == ["tm_post", "tm_cpost"]  # the first batch of 20, kept in step
        _index_as_rebuilt(tb)
        for query in ("巴库第7次会议结束", "巴库第59次会议", "甘杰第3次"):
            assert _best(tb, query, "zh-Hans", "ru") == _best(lite, query, "zh-Hans", "ru"), query
        for needle in ("Итог", "Гянджа 4", "Заседание"):
            assert [h.unit_id for h in tb.memory.concordance(needle)] == [
                h.unit_id for h in lite.memory.concordance(needle)
            ]
