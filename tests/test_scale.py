"""Scale (issue 10): the persistent candidate index, all-or-nothing imports (kill -9 too), progress, stats.

No test here is timed: the figures live in benchmarks/bench_scale.py.
"""

from __future__ import annotations

import os
import random
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
from termbase.memory import Memory
from termbase.memory.scoring import prepare
from termbase.memory.stored_index import rebuild
from termbase.model import TranslationUnit
from termbase.store import SCHEMA_VERSION, Store
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
    memory.add_units(units)
    _agrees(memory, [q for q in queries if q.strip()], source, target)


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


def _dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return list(conn.iterdump())
    finally:
        conn.close()


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
    before = _dump(path)
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
    assert _dump(path) == before


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
    before = _dump(path)
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
        assert _dump(path) == before, f"killed after {killed_at} units"
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


def test_a_schema_1_file_is_migrated_and_its_index_filled(tmp_path: Path) -> None:
    path = tmp_path / "old.tb"
    units = _units(200, seed=5)
    store = Store(path)
    Memory(store).add_units(units)
    store.close()
    # Make it a file of schema 1: no index tables, version 1.
    conn = sqlite3.connect(path)
    conn.executescript(
        "DROP TABLE tm_index; DROP TABLE tm_lang; DELETE FROM tm_state WHERE key = 'index_stale';"
        " PRAGMA user_version = 1; UPDATE meta SET value = '1' WHERE key = 'schema_version';"
    )
    conn.close()
    store = Store(path)
    assert store.schema_version == SCHEMA_VERSION == 2
    assert store.conn.execute("SELECT value FROM tm_state WHERE key = 'index_stale'").fetchone()[0] == 1
    memory = Memory(store)
    query = units[7].variants["zh-Hans"][:-2]
    assert _best(memory, query, "zh-Hans", "ru", exhaustive=False) == _best(
        memory, query, "zh-Hans", "ru", exhaustive=True
    )
    assert store.conn.execute("SELECT value FROM tm_state WHERE key = 'index_stale'").fetchone()[0] == 0
    assert len(_vocabulary(store.conn)) > 20
    store.close()
