"""FTS5 ``optimize`` at the end of a large TM import on SQLite (:func:`stored_index.optimize`):
the same index content (searches, concordance and posting lists unchanged), only after a large
import, and a kill -9 during it leaves the file as it was before the import."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import termbase
from termbase.memory import stored_index
from termbase.memory.scoring import Parts, prepare
from termbase.memory.stored_index import StoredIndex, tokens
from termbase.model import TranslationUnit
from tests.helpers import dump_database
from tests.test_scale import _units, _write_tmx, memories


def _segments(conn: sqlite3.Connection) -> tuple[int, int]:
    """How many FTS5 segments ``tm_index`` and ``tm_conc`` hold (each has its rows in ``*_idx``)."""
    return (
        conn.execute("SELECT count(DISTINCT segid) FROM tm_index_idx").fetchone()[0],
        conn.execute("SELECT count(DISTINCT segid) FROM tm_conc_idx").fetchone()[0],
    )


def _answers(tb: termbase.Termbase, source: str, target: str, queries: list[str], grams: list[str]) -> object:
    """Searches through the stored index, concordances, and the whole posting list of each gram."""
    index = StoredIndex(tb.store.conn, source)  # type: ignore[arg-type]
    lists = index.lists(grams, 0, 1 << 62, 1 << 30) if grams else {}
    found = [
        [(m.unit_id, m.score) for m in tb.memory.search(q, source=source, target=target, min_score=40)]
        for q in queries
        if prepare(q, source).key
    ]
    hits = [
        [(h.unit_id, h.lang, h.spans) for h in tb.memory.concordance(q[:3])] for q in queries if q[:3].strip()
    ]
    return lists, found, hits


@settings(max_examples=20)
@given(memories(), st.integers(1, 5))
def test_optimize_keeps_the_index_content(
    drawn: tuple[str, str, list[TranslationUnit], list[str]], parts: int
) -> None:
    """A memory written in several transactions (several FTS5 segments): after ``optimize`` one
    segment per table, and the same posting lists, searches and concordance hits."""
    source, target, units, queries = drawn
    tb = termbase.open(":memory:")
    tb.memory.warm_limit = 0  # every search through the stored index
    for start in range(parts):
        tb.memory.add_units(units[start::parts])  # small writes: no optimize
    conn = tb.store.conn
    grams = sorted(
        {
            g
            for u in units
            for g in tokens(
                Parts("", tuple(prepare(u.variants[source], source).key), (), (), ()), source
            ).split()
        }
    )
    before = _answers(tb, source, target, queries, grams)
    with tb.store.transaction():
        stored_index.optimize(conn)  # type: ignore[arg-type]
    assert _segments(conn) == (1, 1)
    assert _answers(tb, source, target, queries, grams) == before


def test_only_a_large_import_is_optimized(monkeypatch: pytest.MonkeyPatch) -> None:
    """An import of OPTIMIZE_FROM units or more, or of more units than the memory held, ends
    with one segment per table; a small one into a larger memory does not rewrite them."""
    monkeypatch.setattr(stored_index, "OPTIMIZE_FROM", 40)
    tb = termbase.open(":memory:")
    conn = tb.store.conn
    units = _units(200, seed=4)
    tb.memory.add_units(units[:30])  # more than the empty memory held
    assert _segments(conn) == (1, 1)  # type: ignore[arg-type]
    for start in range(30, 45, 5):  # 5 units into 30, 35, 40: small
        tb.memory.add_units(units[start : start + 5])
    assert min(_segments(conn)) > 1  # type: ignore[arg-type]
    tb.memory.add_units(units[45:85])  # 40: OPTIMIZE_FROM
    assert _segments(conn) == (1, 1)  # type: ignore[arg-type]
    monkeypatch.setattr(stored_index, "OPTIMIZE_FROM", 1000)
    tb.memory.add_units(units[85:90])
    assert min(_segments(conn)) > 1  # type: ignore[arg-type]
    tb.memory.add_units(units[90:181])  # 91 units into 90
    assert _segments(conn) == (1, 1)  # type: ignore[arg-type]


_IMPORTER = """
import sys, time
import termbase
from termbase.memory import stored_index
stored_index.OPTIMIZE_FROM = 1
merge = stored_index.optimize

def optimize(conn):
    def stop():  # called inside the optimize statement: say so, and wait for the kill
        print("optimizing", flush=True)
        time.sleep(600)
    conn.set_progress_handler(stop, 1000)
    merge(conn)

if sys.argv[3] == "kill":
    stored_index.optimize = optimize
tb = termbase.open(sys.argv[1])
tb.import_file(sys.argv[2])
print("done", flush=True)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SIGKILL")
def test_kill_9_during_the_optimize_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "tm.tb"
    tb = termbase.open(path)
    tb.memory.add_units(_units(200, seed=1))
    tb.close()
    before = dump_database(path)
    tmx = tmp_path / "more.tmx"
    _write_tmx(tmx, _units(3000, seed=3, prefix="more"))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen(
        [sys.executable, "-c", _IMPORTER, str(path), str(tmx), "kill"],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "optimizing"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert dump_database(path) == before
    done = subprocess.run(
        [sys.executable, "-c", _IMPORTER, str(path), str(tmx), "run"], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0 and done.stdout.split()[-1] == "done", done.stderr
    tb = termbase.open(path)
    assert len(tb.memory) == 3200
    assert _segments(tb.store.conn) == (1, 1)  # type: ignore[arg-type]
    tb.close()
