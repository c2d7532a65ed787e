"""Scale (issue 10): the persistent candidate index, all-or-nothing imports (kill -9 too), progress, stats.

No test here is timed: the figures live in benchmarks/bench_scale.py.
"""

from __future__ import annotations

import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import termbase
from termbase.memory import Memory, concordance
from termbase.memory.concordance import bigrams, many_bigrams, many_pairs, pairs
from termbase.memory.index import InMemoryIndexes
from termbase.memory.scoring import key_text, parts_of, prepare
from termbase.memory.stored_index import StoredIndexes, index_entries, rebuild, rowid, tokens
from termbase.model import TranslationUnit
from termbase.store import SCHEMA_VERSION, Store
from tests.helpers import dump_database
from tests.strategies import azerbaijani_text, english_text, han_text, russian_text

TEXTS = {"zh-Hans": han_text, "ru": russian_text, "az-Latn": azerbaijani_text, "en": english_text}
PAIRS = [("zh-Hans", "ru"), ("ru", "zh-Hans"), ("az-Latn", "en"), ("en", "ru")]


@st.composite
def memories(draw: st.DrawFn) -> tuple[str, str, list[TranslationUnit], list[str]]:
    """A source and target language, units in both, and queries: stored texts edited, and new texts."""
    source, target = draw(st.sampled_from(PAIRS))
    texts = draw(st.lists(TEXTS[source], min_size=1, max_size=25))
    units = [
        TranslationUnit(f"u{i}", {source: text, target: draw(TEXTS[target])}) for i, text in enumerate(texts)
    ]
    queries = []
    for _ in range(draw(st.integers(1, 4))):
        if draw(st.booleans()):
            chars = list(draw(st.sampled_from(texts)))
            for _ in range(draw(st.integers(0, 3))):
                if chars:
                    del chars[draw(st.integers(0, len(chars) - 1))]
            queries.append("".join(chars))
        else:
            queries.append(draw(TEXTS[source]))
    return source, target, units, queries


def _best(memory: Memory, query: str, source: str, target: str, *, exhaustive: bool) -> list[int]:
    found = memory.search(query, source=source, target=target, min_score=70, limit=3, exhaustive=exhaustive)
    return [m.score for m in found[:1]]


def _agrees(memory: Memory, queries: list[str], source: str, target: str) -> None:
    for query in queries:
        if not prepare(query, source).key:  # no unit of text: nothing for an index to go by
            continue
        assert _best(memory, query, source, target, exhaustive=False) == _best(
            memory, query, source, target, exhaustive=True
        ), query


@given(memories())
def test_the_stored_index_finds_the_exhaustive_scans_best_score(
    case: tuple[str, str, list[TranslationUnit], list[str]],
) -> None:
    source, target, units, queries = case
    assume(any(q.strip() for q in queries))
    memory = Memory(Store(None))
    memory.warm_limit = 0  # every search through the stored index, as a cold process searches
    memory.add_units(units)
    _agrees(memory, [q for q in queries if q.strip()], source, target)


@given(memories())
def test_the_warm_index_finds_the_exhaustive_scans_best_score(
    case: tuple[str, str, list[TranslationUnit], list[str]],
) -> None:
    source, target, units, queries = case
    assume(any(q.strip() for q in queries))
    memory = Memory(Store(None))
    memory.add_units(units)
    _agrees(memory, [q for q in queries if q.strip()], source, target)
    # The first search of a generation read the stored index, the ones after it the index in memory.
    assert isinstance(memory._indexes(source), InMemoryIndexes)
    memory.add_units([TranslationUnit("new", {source: "x", target: "y"})])
    assert isinstance(memory._indexes(source), StoredIndexes)
    memory.warm_limit = 0
    assert isinstance(memory._indexes(source), StoredIndexes)


# What an import computes in bulk (stored_index.index_entries, concordance.many_bigrams) must be
# what the general per-segment functions give: the rows written and deleted are the same rows.
ODD = "ßİIıΣςǅﬁ́̈\u0301\u00a0\u3000\t\n٣１.,'’-—#\x03\ue000\U000f0080\U000f0003庫館與后發%&<>"
odd_text = st.text(
    alphabet=st.one_of(st.sampled_from(ODD), st.characters(blacklist_categories=("Cs",))), max_size=30
)
batch_texts = st.lists(
    st.one_of(han_text, russian_text, azerbaijani_text, english_text, odd_text), min_size=1, max_size=12
)


@given(st.sampled_from(["zh-Hans", "zh-Hant", "ru", "az-Latn", "en"]), batch_texts, st.data())
def test_bulk_index_entries_equal_the_general_path(lang: str, texts: list[str], data: st.DataObject) -> None:
    texts.append(data.draw(st.sampled_from(texts)))  # a text seen twice (kept in a cache)
    expected = [(len(p.key), tokens(p, lang)) for p in (parts_of(text, lang) for text in texts)]
    assert index_entries(texts, lang) == expected
    assert index_entries(texts[::-1], lang) == expected[::-1]  # from the caches now


@given(batch_texts)
def test_bulk_bigrams_equal_each_texts_bigrams(texts: list[str]) -> None:
    expected = [bigrams(text) for text in texts]
    assert many_bigrams(texts) == expected
    kept = concordance._MANY
    concordance._MANY = 3  # batches cut into several chunks
    try:
        assert many_bigrams(texts) == expected
        assert many_pairs(texts, "$") == [pairs(text, "$") for text in texts]
    finally:
        concordance._MANY = kept


@given(
    st.lists(st.text(st.characters(blacklist_categories=("Cs",)), max_size=8), max_size=8), st.characters()
)
def test_many_pairs_equal_pairs(chunks: list[str], end: str) -> None:
    assert many_pairs(chunks, end) == [pairs(chunk, end) for chunk in chunks]


def _postings(conn: sqlite3.Connection, table: str) -> dict[str, list[int]]:
    """Every token of an FTS5 table of the store with the rowids that hold it."""
    conn.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{table}_v USING fts5vocab(main, {table}, row)")
    return {
        term: [r for (r,) in conn.execute(f"SELECT rowid FROM {table} WHERE {table} MATCH ?", (f'"{term}"',))]
        for (term,) in conn.execute(f"SELECT term FROM temp.{table}_v")
    }


@given(memories(), st.data())
def test_an_import_writes_the_rows_of_the_per_segment_functions(
    case: tuple[str, str, list[TranslationUnit], list[str]], data: st.DataObject
) -> None:
    # The batch path (IndexWriter.rows: per language, then back in segment order) against
    # tokens(parts_of(...)) and bigrams(...) of each stored segment, written one by one.
    _, _, units, _ = case
    units = units + data.draw(st.lists(st.sampled_from(units), max_size=3))  # ids seen again: replaced
    memory = Memory(Store(None))
    memory.add_units(units)
    conn = memory.store.conn
    found = _postings(conn, "tm_index"), _postings(conn, "tm_conc")
    segments = conn.execute("SELECT id, lang, text FROM tm_segment ORDER BY id").fetchall()
    langs = dict(conn.execute("SELECT tag, id FROM tm_lang"))
    with memory.store.transaction() as tx:
        tx.execute("INSERT INTO tm_index (tm_index) VALUES ('delete-all')")
        tx.execute("INSERT INTO tm_conc (tm_conc) VALUES ('delete-all')")
        for sid, lang, text in segments:
            parts = parts_of(text, lang)
            tx.execute(
                "INSERT INTO tm_index (rowid, grams) VALUES (?, ?)",
                (rowid(langs[lang], len(parts.key), sid), tokens(parts, lang)),
            )
            tx.execute("INSERT INTO tm_conc (rowid, grams) VALUES (?, ?)", (sid, bigrams(text)))
    assert (_postings(conn, "tm_index"), _postings(conn, "tm_conc")) == found


def _vocabulary(conn: sqlite3.Connection) -> list[tuple[str, int]]:
    """Every gram of the stored index with how many segments hold it."""
    conn.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.tm_index_vocab USING fts5vocab(main, tm_index, row)"
    )
    return [(t, d) for t, d in conn.execute("SELECT term, doc FROM temp.tm_index_vocab ORDER BY term")]


@given(memories(), st.data())
def test_a_persisted_index_survives_reopening_and_edits(
    tmp_path_factory: pytest.TempPathFactory,
    case: tuple[str, str, list[TranslationUnit], list[str]],
    data: st.DataObject,
) -> None:
    source, target, units, queries = case
    path = tmp_path_factory.mktemp("persist") / "tm.tb"
    half = len(units) // 2
    store = Store(path)
    Memory(store).add_units(units[:half] or units)
    store.close()
    store = Store(path)  # a new process would see just this file
    memory = Memory(store)
    memory.add_units(units[half:])
    gone = data.draw(st.lists(st.sampled_from([u.id for u in units]), max_size=5, unique=True))
    assert memory.remove([*gone, "no-such-unit"]) == len(gone)
    replaced = data.draw(st.sampled_from(units))
    memory.add_units([TranslationUnit(replaced.id, {source: queries[0] or "x", target: "y"})])
    assert len(memory) == len(units) - len(gone) + (replaced.id in gone)
    _agrees(memory, [q for q in queries if q.strip()], source, target)
    # The incrementally kept index holds exactly what one built afresh from the keys holds.
    kept = _vocabulary(store.conn)
    with store.transaction() as conn:
        rebuild(conn)
    assert _vocabulary(store.conn) == kept
    store.close()


def _write_tmx(path: Path, units: list[TranslationUnit]) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="t"')
        out.write(' creationtoolversion="1" segtype="sentence" o-tmf="none" adminlang="en" srclang="zh-Hans"')
        out.write(' datatype="plaintext"/><body>\n')
        for unit in units:
            out.write(f'<tu tuid="{unit.id}">')
            for lang, text in unit.variants.items():
                out.write(f'<tuv xml:lang="{lang}"><seg>{escape(text)}</seg></tuv>')
            out.write("</tu>\n")
        out.write("</body></tmx>\n")


def _units(count: int, seed: int, prefix: str = "k") -> list[TranslationUnit]:
    rng = random.Random(seed)
    han = "俄罗斯阿塞拜疆巴库莫斯科总统关系大使馆领事共同声明合作原则年战争"
    ru = "абвгдежзиклмнопрстуфхцчшэюя"
    return [
        TranslationUnit(
            f"{prefix}{i}",
            {
                "zh-Hans": "".join(rng.choice(han) for _ in range(rng.randint(4, 30)))
                + f"{rng.randint(1, 2030)}年",
                "ru": " ".join("".join(rng.choice(ru) for _ in range(rng.randint(2, 9))) for _ in range(6)),
            },
        )
        for i in range(count)
    ]


class _Stop(Exception):
    pass


@given(st.integers(1, 400))
def test_an_import_that_fails_at_any_unit_leaves_the_store_as_it_was(
    tmp_path_factory: pytest.TempPathFactory, stop_at: int
) -> None:
    folder = tmp_path_factory.mktemp("fail")
    path = folder / "tm.tb"
    tb = termbase.open(path)
    tb.memory.add_units(_units(50, seed=1))
    before = dump_database(path)
    tmx = folder / "more.tmx"
    _write_tmx(
        tmx, [*_units(400, seed=2, prefix="new"), TranslationUnit("k3", {"zh-Hans": "改", "ru": "изм"})]
    )

    def fail(done: int) -> None:
        if done == stop_at:
            raise _Stop

    with pytest.raises(_Stop):
        tb.import_file(tmx, progress=fail)
    tb.close()
    assert dump_database(path) == before


_IMPORTER = """
import sys, termbase
tb = termbase.open(sys.argv[1])
def show(done):
    if done % 250 == 0:
        print(done, flush=True)
tb.import_file(sys.argv[2], progress=show)
print("done", flush=True)
"""


def test_kill_9_at_several_points_of_a_large_import_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "tm.tb"
    tb = termbase.open(path)
    tb.memory.add_units(_units(300, seed=1))
    tb.close()
    before = dump_database(path)
    tmx = tmp_path / "big.tmx"
    total = 6000
    _write_tmx(tmx, _units(total, seed=3, prefix="big"))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    for fraction in (0.2, 0.5, 0.8):
        proc = subprocess.Popen(
            [sys.executable, "-c", _IMPORTER, str(path), str(tmx)], stdout=subprocess.PIPE, text=True, env=env
        )
        assert proc.stdout is not None
        killed_at = None
        for line in proc.stdout:
            if line.strip() == "done":
                break
            if int(line) >= total * fraction:
                killed_at = int(line)
                proc.send_signal(signal.SIGKILL)
                break
        proc.wait()
        assert killed_at is not None, "the import finished before it could be killed"
        assert proc.returncode == -signal.SIGKILL
        assert dump_database(path) == before, f"killed after {killed_at} units"
    # Running the import again completes it.
    done = subprocess.run(
        [sys.executable, "-c", _IMPORTER, str(path), str(tmx)], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-1] == "done"
    tb = termbase.open(path)
    assert len(tb.memory) == 300 + total
    unit = _units(total, seed=3, prefix="big")[-1]
    assert [m.unit_id for m in tb.memory.search(unit.variants["zh-Hans"], source="zh-Hans", target="ru")][
        :1
    ] == [unit.id]
    tb.close()


def test_on_progress_reports_bytes_and_entries(tmp_path: Path) -> None:
    tmx = tmp_path / "some.tmx"
    _write_tmx(tmx, _units(2500, seed=4))
    seen: list[termbase.ImportProgress] = []
    tb = termbase.open(tmp_path / "tm.tb")
    tb.import_file(tmx, on_progress=seen.append)
    size = tmx.stat().st_size
    assert [p.entries for p in seen] == [1000, 2000, 2500]
    assert all(p.total_bytes == size for p in seen)
    assert 0 < seen[0].bytes_read < seen[1].bytes_read <= size
    assert seen[-1].bytes_read == size and seen[-1].fraction == 1.0
    assert all(p.rate > 0 for p in seen)


def test_stats_count_units_segments_and_the_file(tmp_path: Path) -> None:
    tb = termbase.open(tmp_path / "tm.tb")
    tb.memory.add_units(
        [
            TranslationUnit("a", {"zh-Hans": "巴库", "ru": "Баку"}),
            TranslationUnit("b", {"ru": "Москва", "en": "Moscow", "az-Latn": "Moskva"}),
        ]
    )
    stats = tb.stats()
    assert (stats.units, dict(stats.segments)) == (2, {"az-Latn": 1, "en": 1, "ru": 2, "zh-Hans": 1})
    assert stats.file_bytes == sum(
        os.path.getsize(f) for f in (tb.store.path, f"{tb.store.path}-wal") if f and os.path.exists(f)
    )
    assert stats.to_dict()["segments"] == {"az-Latn": 1, "en": 1, "ru": 2, "zh-Hans": 1}
    assert termbase.open(tmp_path / "not-yet.tb").stats().file_bytes is None


def _old_file(path: Path, version: int, units: list[TranslationUnit]) -> None:
    """A termbase file as termbase wrote it at schema ``version`` (1 or 2), holding ``units``:
    its schema files run as they are in the repository, the segments with their stored keys."""
    from importlib import resources

    folder = resources.files("termbase") / "data" / "schema"
    names = ["001_terms.sql", "002_memory.sql", "003_tm_index.sql"][: version + 1]
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.executescript(
        "BEGIN; " + " ".join((folder / name).read_text("utf-8") for name in names) + " COMMIT;"
    )
    conn.execute("PRAGMA application_id = 1413632817")  # store.APPLICATION_ID
    conn.execute(f"PRAGMA user_version = {version}")
    conn.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(version),))
    conn.execute("BEGIN")
    sid = 0
    for n, unit in enumerate(units, 1):
        conn.execute(
            "INSERT INTO tm_unit (n, id, created, changed) VALUES (?, ?, '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z')",
            (n, unit.id),
        )
        for lang, text in unit.variants.items():
            sid += 1
            parts = parts_of(text, lang)
            conn.execute(
                "INSERT INTO tm_segment (id, unit, lang, text, key, nums) VALUES (?, ?, ?, ?, ?, ?)",
                (sid, n, lang, text, key_text(parts, lang), " ".join(parts.numbers)),
            )
    if version == 2:  # its index is filled (in its own encoding, which version 3 replaces)
        conn.execute("UPDATE tm_state SET value = 0 WHERE key = 'index_stale'")
    conn.execute("COMMIT")
    conn.close()


def _concordance_by_hand(units: list[TranslationUnit], needle: str) -> list[tuple[str, str]]:
    return [(u.id, lang) for u in units for lang, text in u.variants.items() if needle in text]


@pytest.mark.parametrize("version", [1, 2])
def test_an_older_file_is_migrated_and_its_indexes_filled(tmp_path: Path, version: int) -> None:
    path = tmp_path / "old.tb"
    units = _units(200, seed=5)
    _old_file(path, version, units)
    store = Store(path)
    assert store.schema_version == SCHEMA_VERSION
    assert store.conn.execute("SELECT value FROM tm_state WHERE key = 'index_stale'").fetchone()[0] == 1
    columns = {row[1] for row in store.conn.execute("PRAGMA table_info(tm_segment)")}
    assert columns == {"id", "unit", "lang", "text"}  # keys are computed, not stored
    memory = Memory(store)
    memory.warm_limit = 0
    query = units[7].variants["zh-Hans"][:-2]
    assert _best(memory, query, "zh-Hans", "ru", exhaustive=False) == _best(
        memory, query, "zh-Hans", "ru", exhaustive=True
    )
    assert store.conn.execute("SELECT value FROM tm_state WHERE key = 'index_stale'").fetchone()[0] == 0
    assert len(_vocabulary(store.conn)) > 20
    needle = units[3].variants["ru"][2:6]
    assert [(h.unit_id, h.lang) for h in memory.concordance(needle, limit=1000)] == _concordance_by_hand(
        units, needle
    )
    store.close()
    assert dump_database(path)  # integrity_check ok


@pytest.mark.parametrize("version", [1, 2])
def test_a_read_only_older_file_is_searched_without_its_indexes(tmp_path: Path, version: int) -> None:
    path = tmp_path / "old.tb"
    units = _units(120, seed=6)
    _old_file(path, version, units)
    store = Store(path, immutable=True)
    assert store.schema_version == version  # not migrated
    memory = Memory(store)
    for i in (4, 40):
        query = units[i].variants["zh-Hans"][1:]
        assert _best(memory, query, "zh-Hans", "ru", exhaustive=False) == _best(
            memory, query, "zh-Hans", "ru", exhaustive=True
        )
    (first, *_) = memory.search(units[9].variants["ru"], source="ru", target="zh-Hans")
    assert (first.unit_id, first.score) == ("k9", 100)
    for needle in (units[3].variants["ru"][2:6], units[3].variants["zh-Hans"][:1]):
        found = [(h.unit_id, h.lang) for h in memory.concordance(needle, limit=1000)]
        assert found == _concordance_by_hand(units, needle)
    store.close()


def test_the_floor_benchmark_writes_what_an_import_writes(tmp_path: Path) -> None:
    """``benchmarks/bench_tm_floor.py`` times SQLite's writes alone with rows computed beforehand;
    the figure stands for an import's only if those writes store what ``tm import`` stores: the
    same units, segments, languages and FTS5 postings (shadow tables), row for row."""
    benchmarks = str(Path(__file__).resolve().parents[1] / "benchmarks")
    sys.path.insert(0, benchmarks)
    try:
        import bench_scale
        import bench_tm_floor
    finally:
        sys.path.remove(benchmarks)
    tmx = tmp_path / "m.tmx"
    bench_scale.write_tmx(tmx, 4_500, seed=3)  # three batches, the last one short
    found = bench_tm_floor.stages(tmx, tmp_path / "floor.tb")
    assert found["units"][0] == 4_500 and {"reader", "index rows", "writes"} <= set(found)
    real = termbase.open(tmp_path / "real.tb")
    real.import_file(tmx)
    real.store.close()

    def rows(path: Path) -> list[str]:
        kept = ("tm_unit:", "tm_segment:", "tm_lang:", "tm_index_data:", "tm_conc_data:")
        return [
            re.sub(r"'\d{4}-\d\d-\d\dT[^']*'", "'time'", line)
            for line in dump_database(path)
            if line.startswith(kept)
        ]

    floor, imported = rows(tmp_path / "floor.tb"), rows(tmp_path / "real.tb")
    assert len(imported) > 4_500 * 3
    assert floor == imported
