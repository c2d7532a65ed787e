"""TM import with helper processes (termbase/memory/pipeline.py; issues 10 and 14).

The rows an import writes are the same with helpers as without (on both backends); a kill -9
of the import leaves no helper running and the store as it was; a helper that dies, or a Ctrl-C,
fails the import with one line and changes nothing. No test here is timed: the figures live in
benchmarks/bench_scale.py and benchmarks/bench_postgres.py.
"""

from __future__ import annotations

import functools
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import termbase
from termbase.backends import pg_bulk, pg_index
from termbase.errors import TermbaseError, UsageError
from termbase.formats import tmx as tmx_format
from termbase.memory import memory as memory_module
from termbase.memory import pipeline
from termbase.memory.concordance import bigrams
from termbase.memory.scoring import parts_of
from termbase.memory.stored_index import index_rows, rowid, tokens
from termbase.model import TranslationUnit
from termbase.store import Store
from tests.helpers import children, dump_database, gone
from tests.pgcluster import empty_termbase
from tests.test_scale import _postings, _units, _write_tmx, memories

PYTHON = sys.executable


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches of 3 units, helpers started for any batch: every path of the pipeline runs on a few units."""
    monkeypatch.setattr(memory_module, "_BATCH", 3)
    monkeypatch.setattr(memory_module, "PARALLEL_FROM", 1)


def _import(tb: termbase.Termbase, units: list[TranslationUnit], jobs: int, parts: int = 2) -> None:
    """``units`` added through the memory's importer in ``parts`` calls, one transaction."""
    with tb.transaction(), tb.memory.importer(jobs) as importer:
        step = max(1, len(units) // parts)
        for start in range(0, len(units), step):
            importer.add(units[start : start + step])


def _stored(conn: sqlite3.Connection) -> tuple[Any, ...]:
    """What an SQLite memory holds: units (without their import time), segments, both FTS5 indexes."""
    return (
        conn.execute("SELECT n, id, origin, note, usage_count, props FROM tm_unit ORDER BY n").fetchall(),
        conn.execute("SELECT id, unit, lang, text FROM tm_segment ORDER BY id").fetchall(),
        conn.execute("SELECT id, tag FROM tm_lang ORDER BY id").fetchall(),
        _postings(conn, "tm_index"),
        _postings(conn, "tm_conc"),
    )


@settings(max_examples=15)
@given(memories(), st.data())
def test_helpers_write_the_rows_of_the_single_process_path(
    small_batches: None, case: tuple[str, str, list[TranslationUnit], list[str]], data: st.DataObject
) -> None:
    _, _, units, _ = case
    units = units + data.draw(st.lists(st.sampled_from(units), max_size=3))  # ids seen again: replaced
    found = []
    for jobs in (1, 3):
        tb = termbase.open(":memory:")
        tb.memory.add_units(units[:1])  # a memory that is not empty: ids and languages continue
        _import(tb, units[1:], jobs)
        found.append(_stored(tb.store.conn))  # type: ignore[arg-type]
        tb.close()
    assert found[0] == found[1]


@settings(max_examples=10)
@given(memories())
def test_helpers_write_what_the_per_segment_functions_give(
    small_batches: None, case: tuple[str, str, list[TranslationUnit], list[str]]
) -> None:
    _, _, units, _ = case
    tb = termbase.open(":memory:")
    _import(tb, units, 2)
    conn = tb.store.conn
    assert isinstance(conn, sqlite3.Connection)
    langs = dict(conn.execute("SELECT tag, id FROM tm_lang"))
    index: dict[str, list[int]] = {}
    conc: dict[str, list[int]] = {}
    for sid, lang, text in conn.execute("SELECT id, lang, text FROM tm_segment ORDER BY id"):
        parts = parts_of(text, lang)
        for token in set(tokens(parts, lang).split()):
            index.setdefault(token, []).append(rowid(langs[lang], len(parts.key), sid))
        for token in set(bigrams(text).split()):
            conc.setdefault(token, []).append(sid)
    assert _postings(conn, "tm_index") == {token: sorted(ids) for token, ids in index.items()}
    assert _postings(conn, "tm_conc") == conc
    tb.close()


def _pg_content(url: str) -> tuple[Any, ...]:
    """Units, segments and every (table, gram, id) posting of a PostgreSQL termbase."""
    found = []
    with psycopg.connect(url) as conn:
        tags = dict(conn.execute("SELECT id, tag FROM tm_lang").fetchall())
        for table in ("tm_post", "tm_cpost"):
            for gram, data in conn.execute(f"SELECT gram, ids FROM {table}"):
                for i in pg_index.unpack(bytes(data)):  # a language by its tag: emptied, ids go on
                    found.append((table, gram, tags.get(i >> 48, ""), i & 0xFFFF_FFFF_FFFF))
        units = conn.execute("SELECT id, props FROM tm_unit ORDER BY n").fetchall()
        segments = conn.execute("SELECT id, unit, lang, text FROM tm_segment ORDER BY id").fetchall()
    return units, segments, sorted(found)


@settings(max_examples=8)
@given(memories(), st.data())
def test_helpers_write_the_same_postings_on_postgresql(
    small_batches: None,
    monkeypatch: pytest.MonkeyPatch,
    pg_url: str,
    case: tuple[str, str, list[TranslationUnit], list[str]],
    data: st.DataObject,
) -> None:
    """The postings computed in bulk (pg_bulk) by a helper process, the first ones small, the
    last shared with the main process, are those of one process computing them all."""
    monkeypatch.setattr(pg_bulk, "BULK_FIRST", 2)
    monkeypatch.setattr(pg_bulk, "BULK_SEGMENTS", 7)
    monkeypatch.setattr(pg_bulk, "BULK_FROM", 2)
    _, _, units, _ = case
    units = units + data.draw(st.lists(st.sampled_from(units), max_size=3))
    found = []
    for jobs in (1, 2):
        empty_termbase(pg_url)
        with termbase.open(pg_url) as tb:
            _import(tb, units, jobs)
        found.append(_pg_content(pg_url))
    assert found[0] == found[1]
    assert found[0][2]  # postings were written


def test_jobs_come_from_the_argument_the_environment_or_the_cpus(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(pipeline.ENV, raising=False)
    assert pipeline.import_jobs() == max(1, min(os.cpu_count() or 1, pipeline.MAX_JOBS))
    monkeypatch.setenv(pipeline.ENV, "5")
    assert pipeline.import_jobs() == 5
    assert pipeline.import_jobs(1) == 1
    for bad in ("two", "0", "-1"):
        monkeypatch.setenv(pipeline.ENV, bad)
        with pytest.raises(UsageError, match=pipeline.ENV):
            pipeline.import_jobs()
    with pytest.raises(UsageError, match="--jobs"):
        pipeline.import_jobs(0)


def test_a_failing_task_fails_with_one_line() -> None:
    with pipeline.Helpers(1) as helpers:
        helpers.submit((index_rows, ([(1, 1, "ru", None, None)],)))
        with pytest.raises(TermbaseError, match=r"an import helper process failed: .*nothing was imported"):
            helpers.result()


def test_write_behind_runs_the_writes_in_order_on_a_thread_of_their_own() -> None:
    ran: list[tuple[int, bool]] = []
    with pipeline.WriteBehind(ahead=2) as writes:
        for i in range(40):  # more than fit ahead: submit waits for room
            writes.submit(lambda i=i: ran.append((i, threading.current_thread() is threading.main_thread())))
        writes.wait()
        assert ran == [(i, False) for i in range(40)]
    assert not [t for t in threading.enumerate() if t.name == "termbase-write-behind"]


def test_write_behind_raises_the_first_failure_and_skips_the_writes_after_it() -> None:
    ran: list[int] = []
    gate = threading.Event()
    with pipeline.WriteBehind() as writes:
        writes.submit(gate.wait)
        writes.submit(int, "one")
        writes.submit(ran.append, 2)
        gate.set()
        with pytest.raises(ValueError, match="'one'"):
            writes.wait()
        with pytest.raises(ValueError, match="'one'"):
            writes.submit(ran.append, 3)
    assert ran == []


def test_closing_write_behind_waits_for_the_current_write_and_skips_the_rest() -> None:
    ran: list[int] = []
    started, gate = threading.Event(), threading.Event()
    writes = pipeline.WriteBehind()
    writes.submit(lambda: (started.set(), gate.wait(), ran.append(1)))
    writes.submit(ran.append, 2)
    assert started.wait(10)
    threading.Timer(0.2, gate.set).start()
    writes.close()  # returns once the first write is done: the connection is free
    assert ran == [1]
    assert not [t for t in threading.enumerate() if t.name == "termbase-write-behind"]


# -- real processes -------------------------------------------------------------------------
_BIG = 24_000  # the import hands units to the memory 10,000 at a time: helpers start at the first


@pytest.fixture(scope="module")
def big_tmx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pipeline") / "big.tmx"
    _write_tmx(path, _units(_BIG, seed=5, prefix="p"))
    return path


@pytest.fixture
def small_store(tmp_path: Path) -> Iterator[tuple[Path, Any]]:
    path = tmp_path / "tm.tb"
    tb = termbase.open(path)
    tb.memory.add_units(_units(200, seed=1))
    tb.close()
    yield path, dump_database(path)


def _start_import(
    db: Path | str, tmx: Path, jobs: str = "2", **options: Any
) -> tuple[subprocess.Popen[str], list[int]]:
    """``termbase tm import`` with 2 jobs (by the environment variable), once its helper process
    runs (its pid); with 3 the first helper is the one parsing the file (termbase.formats.tmx)."""
    if jobs == "3":
        assert tmx.stat().st_size >= tmx_format.READ_APART_FROM  # the file is parsed apart
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), pipeline.ENV: jobs}
    proc = subprocess.Popen(
        [PYTHON, "-m", "termbase", "tm", "import", str(tmx), "--db", str(db), "-q"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        **options,
    )
    deadline = time.monotonic() + 120
    while not (started := children(proc.pid)):
        assert proc.poll() is None, f"the import ended before its helper started: {proc.communicate()}"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    return proc, started


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("jobs", ["2", "3"])
def test_kill_9_of_the_import_leaves_no_helper_running_and_the_file_as_it_was(
    small_store: tuple[Path, Any], big_tmx: Path, jobs: str
) -> None:
    db, before = small_store
    proc, helpers = _start_import(db, big_tmx, jobs)
    time.sleep(0.5)  # the helper at work
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    assert gone(helpers), "a helper process survived its import"
    assert dump_database(db) == before


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("jobs", ["2", "3"])
def test_a_helper_that_dies_fails_the_import_with_one_line(
    small_store: tuple[Path, Any], big_tmx: Path, jobs: str
) -> None:
    db, before = small_store
    proc, helpers = _start_import(db, big_tmx, jobs)
    os.kill(helpers[0], signal.SIGKILL)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 1
    assert err.splitlines() == [
        "termbase: error: an import helper process stopped (killed by signal 9); nothing was imported"
    ]
    assert dump_database(db) == before


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("jobs", ["2", "3"])
def test_ctrl_c_stops_the_import_and_its_helpers_cleanly(
    small_store: tuple[Path, Any], big_tmx: Path, jobs: str
) -> None:
    db, before = small_store
    # SIGINT as a terminal leaves it: a suite started in the background by a script (`pytest &`)
    # ignores it, and Python then never turns it into KeyboardInterrupt in the child either.
    default_sigint = functools.partial(signal.signal, signal.SIGINT, signal.SIG_DFL)
    proc, helpers = _start_import(db, big_tmx, jobs, start_new_session=True, preexec_fn=default_sigint)
    time.sleep(0.3)
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal does: the whole process group
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 130, err
    assert err.splitlines() == ["termbase: interrupted"]
    assert gone(helpers)
    assert dump_database(db) == before


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_ctrl_c_stops_a_postgresql_import_and_its_writes_cleanly(pg_url: str, big_tmx: Path) -> None:
    """Interrupted while its helper computes and its writes' thread copies rows to the server, a
    PostgreSQL import stops with one line, its helper gone, the database as it was."""
    empty_termbase(pg_url)
    with termbase.open(pg_url) as tb:
        tb.memory.add_units(_units(200, seed=1))
    before = _pg_content(pg_url)
    default_sigint = functools.partial(signal.signal, signal.SIGINT, signal.SIG_DFL)
    proc, helpers = _start_import(pg_url, big_tmx, start_new_session=True, preexec_fn=default_sigint)
    time.sleep(0.3)
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 130, err
    assert err.splitlines() == ["termbase: interrupted"]
    assert gone(helpers)
    assert _pg_content(pg_url) == before


def test_the_cli_import_with_helpers_equals_one_process(tmp_path: Path, big_tmx: Path) -> None:
    found = []
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    for jobs in ("1", "2", "3"):  # 3: the file parsed apart (termbase.formats.tmx)
        db = tmp_path / f"j{jobs}.tb"
        done = subprocess.run(
            [PYTHON, "-m", "termbase", "tm", "import", str(big_tmx), "--db", str(db), "-q", "--jobs", jobs],
            capture_output=True,
            text=True,
            env=env,
        )
        assert done.returncode == 0, done.stderr
        store = Store(db)
        found.append(_stored(store.conn))
        store.close()
    assert len(found[0][0]) == _BIG
    assert found[0] == found[1] == found[2]


def test_bad_jobs_is_a_usage_error(tmp_path: Path, big_tmx: Path) -> None:
    done = subprocess.run(
        [
            PYTHON,
            "-m",
            "termbase",
            "tm",
            "import",
            str(big_tmx),
            "--db",
            str(tmp_path / "x.tb"),
            "--jobs",
            "0",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert done.returncode == 2
    assert done.stderr.splitlines() == ["termbase: error: --jobs must be at least 1, not 0"]
    assert not (tmp_path / "x.tb").exists()


def test_a_bad_jobs_variable_stops_every_import_before_it_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A glossary import uses ``$TERMBASE_IMPORT_JOBS`` too (without it: two processes where there are two CPUs),
    so a bad value is the same one-line usage error there, and nothing is imported."""
    csv = tmp_path / "g.csv"
    csv.write_text("en,ru\nBaku,Баку\n", encoding="utf-8")
    tmx = tmp_path / "m.tmx"
    _write_tmx(tmx, _units(3, seed=2))
    monkeypatch.setenv(pipeline.ENV, "many")
    tb = termbase.open(tmp_path / "t.tb")
    for path in (csv, tmx):
        with pytest.raises(UsageError, match=pipeline.ENV):
            tb.import_file(path)
    assert len(tb) == 0 and len(tb.memory) == 0
    monkeypatch.setenv(pipeline.ENV, "2")
    assert tb.import_file(csv).added == 1
    tb.close()
