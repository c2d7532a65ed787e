"""PostgreSQL beside SQLite: the same termbase on both engines, measured side by side in one run.

    python benchmarks/bench_postgres.py [--concepts 3000] [--lookups 500] [--cold 5]
                                        [--requests 1000] [--clients 16] [--url postgresql://…]
                                        [--units 200000] [--queries 100] [--rows-layout]

``--units N`` (0: skip) measures the translation memory too (``--concepts 0`` skips the
termbase part), on a generated zh-Hans + ru TMX (benchmarks/bench_scale.py's generator):
``tm import`` by the CLI (units/s, against a bare ``lxml`` iterparse pass), the best matches and
concordance hits **asserted identical** on both engines for ``--queries`` queries (every search
through the persistent index), cold CLI ``tm search`` and ``tm concordance`` against
``python -c pass``, in-process search p50/p95 (persistent index; and warm, as a long-running
process), ``serve --workers 2`` throughput of ``/api/tm/search``, and the sizes (PostgreSQL's
postings tables apart). ``--rows-layout`` also writes the same postings as one row per (gram,
rowid) with a B-tree, the layout tm_post does not use, and compares its size, write time and
the time to read a search's posting lists.

Without ``--url`` it starts a throwaway cluster (tests/pgcluster.py: Debian's initdb, fsync
off, on loopback) and drops it at the end. For each engine:

* ``termbase import`` of a generated 4-language CSV (benchmarks/bench_scale.py's generator) in
  a new process: seconds and concepts/s;
* **identical results**: the same lookups (as stored, upper case, a typo, a derived form) give
  the same concepts, scores and forms on both engines, and every concept reads back equal (the
  benchmark asserts it before printing a figure);
* warm in-process ``lookup`` p50/p95;
* cold CLI ``lookup`` (a new process each) against ``python -c pass``;
* ``termbase serve --workers 2`` throughput (lookups, concurrent clients on loopback; the load
  generator shares the machine);
* the bulk path: 50,000 rows into a table by row-by-row ``executemany`` (psycopg pipelines it)
  against the ``COPY`` the PostgreSQL connection uses for large batches.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import termbase  # noqa: E402
from termbase.casing import upper  # noqa: E402

PYTHON = sys.executable


def _sibling(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, HERE / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def timed(argv: Sequence[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv[:4])} failed: {done.stderr.strip()}")
    return elapsed


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def queries(tb: termbase.Termbase, n: int, seed: int) -> list[str]:
    """Lookups of every kind: as stored, upper case, one letter dropped (a typo), derived forms."""
    rng = random.Random(seed)
    forms = list(tb.forms(include_derived=True))
    out = []
    for form in rng.sample(forms, min(n, len(forms))):
        kind = rng.randrange(4)
        text = form.text
        if kind == 1:
            text = upper(text, form.lang)
        elif kind == 2 and len(text) > 4:
            at = rng.randrange(len(text))
            text = text[:at] + text[at + 1 :]
        out.append(text)
    return [q for q in out if q.strip()]


def answers(tb: termbase.Termbase, qs: Sequence[str]) -> list[list[tuple[Any, ...]]]:
    return [[(m.concept.id, m.how, m.score, m.lang, m.text, m.scheme) for m in tb.lookup(q)] for q in qs]


def warm(tb: termbase.Termbase, qs: Sequence[str]) -> tuple[float, float]:
    for q in qs[:20]:
        tb.lookup(q)
    times = []
    for q in qs:
        start = time.perf_counter()
        tb.lookup(q)
        times.append((time.perf_counter() - start) * 1000)
    return percentile(times, 0.5), percentile(times, 0.95)


def serve_rate(
    db: str, qs: Sequence[str], requests: int, clients: int, env: dict[str, str], db_pid: int | None
) -> dict[str, float]:
    """Lookups per second through ``termbase serve --workers 2``, with the CPU milliseconds per
    request of the server's processes and (``db_pid``: the postmaster) of the database server's."""
    bench_serve = _sibling("bench_serve")
    process, url = bench_serve.start_server(db, 2, env)
    try:
        # Each worker builds its word and typo indexes on its first lookups: not measured.
        asyncio.run(bench_serve.load(url, [("/api/lookup", {"q": q}) for q in qs[:50]], clients))
        load = [("/api/lookup", {"q": qs[i % len(qs)]}) for i in range(requests)]
        db_cpu = bench_serve.tree_cpu(db_pid) if db_pid else 0.0
        result: dict[str, float] = asyncio.run(bench_serve.load(url, load, clients, process.pid))
        result["db_cpu"] = (bench_serve.tree_cpu(db_pid) - db_cpu) * 1000 / requests if db_pid else 0.0
        return result
    finally:
        process.terminate()
        process.wait(30)


def bulk_paths(url: str, rows: int) -> tuple[float, float]:
    """Seconds for ``rows`` search-key rows by row-by-row executemany and by the COPY path."""
    from termbase.backends.postgresql import PostgresStore

    store = PostgresStore(url)
    data = [(f"key {i}", i % 3, i) for i in range(rows)]
    out = []
    for copy in (False, True):
        with store.transaction() as conn:
            conn.execute(
                "CREATE TEMP TABLE bench_keys (key TEXT, level INT, form_id BIGINT, PRIMARY KEY (key, level, form_id)) ON COMMIT DROP"
            )
            start = time.perf_counter()
            if copy:
                conn.executemany(
                    "INSERT OR IGNORE INTO bench_keys (key, level, form_id) VALUES (?, ?, ?)", data
                )
            else:
                with conn.raw.cursor() as cursor:
                    cursor.executemany(
                        "INSERT INTO bench_keys (key, level, form_id) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
                        data,
                    )
            out.append(time.perf_counter() - start)
            assert conn.execute("SELECT count(*) FROM bench_keys").fetchone()[0] == rows
    store.close()
    return out[0], out[1]


def serve_tm_rate(
    db: str, qs: Sequence[str], requests: int, clients: int, env: dict[str, str]
) -> dict[str, float]:
    """``/api/tm/search`` requests per second through ``termbase serve --workers 2``."""
    bench_serve = _sibling("bench_serve")
    process, url = bench_serve.start_server(db, 2, env)
    try:
        params = [{"q": q, "from": "zh-Hans", "to": "ru"} for q in qs]
        # Each worker's first searches (the first reads the persistent index): not measured.
        asyncio.run(bench_serve.load(url, [("/api/tm/search", p) for p in params[: 2 * clients]], clients))
        load = [("/api/tm/search", params[i % len(params)]) for i in range(requests)]
        result: dict[str, float] = asyncio.run(bench_serve.load(url, load, clients, process.pid))
        return result
    finally:
        process.terminate()
        process.wait(30)


def _matches(memory: Any, q: str) -> list[tuple[int, str, str]]:
    return [(m.score, m.unit_id, m.target) for m in memory.search(q, source="zh-Hans", target="ru", limit=5)]


def _hits(memory: Any, needle: str) -> list[tuple[str, str, Any]]:
    return [(h.unit_id, h.lang, h.spans) for h in memory.concordance(needle, limit=50)]


def rows_layout(url: str, qs: Sequence[str]) -> dict[str, str]:
    """The postings of tm_post rewritten as one row per (gram, rowid) with a B-tree on both: the
    write time (COPY, then the index), the size, and the time to read a search's lists from it
    (one range scan per gram, up to PROBE + 1 rows, as FTS5 is read) against tm_post's blocks."""
    import psycopg

    from termbase.backends.pg_index import PgIndex, unpack
    from termbase.backends.postgresql import PostgresStore
    from termbase.memory.index import length_window
    from termbase.memory.scoring import Parts, prepare
    from termbase.memory.stored_index import PROBE, rowid, tokens

    out: dict[str, str] = {}
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_post_rows")
        conn.execute(
            'CREATE UNLOGGED TABLE bench_post_rows (gram TEXT COLLATE "C" NOT NULL, rid BIGINT NOT NULL)'
        )
        blocks = conn.execute("SELECT gram, ids FROM tm_post").fetchall()
        start = time.perf_counter()
        with conn.cursor() as cursor, cursor.copy("COPY bench_post_rows (gram, rid) FROM STDIN") as copy:
            for gram, data in blocks:
                for rid in unpack(bytes(data)):
                    copy.write_row((gram, rid))
        conn.execute("ALTER TABLE bench_post_rows ADD PRIMARY KEY (gram, rid)")
        conn.execute("VACUUM ANALYZE bench_post_rows")
        written = time.perf_counter() - start
        count = conn.execute("SELECT count(*) FROM bench_post_rows").fetchone()[0]
        rows_size, blocks_size = conn.execute(
            "SELECT pg_total_relation_size('bench_post_rows'), pg_total_relation_size('tm_post')"
        ).fetchone()
        out["postings"] = f"{count:,}"
        out["size: rows / blocks"] = f"{rows_size / 1e6:.1f} MB / {blocks_size / 1e6:.1f} MB"
        out["write: rows (COPY, B-tree, VACUUM)"] = f"{written:.1f} s"
    store = PostgresStore(url)
    index = PgIndex(store.conn, "zh-Hans")
    assert index.lang_id is not None
    by_rows, by_blocks = [], []
    for q in qs:
        query = prepare(q, "zh-Hans")
        lo, hi = length_window(len(query.key), 70)
        first, last = rowid(index.lang_id, lo, 0), rowid(index.lang_id, hi, 0xFFFFFFFF)
        grams = sorted(
            {
                t
                for t in tokens(Parts("", tuple(query.key), (), tuple(query.numbers), ()), "zh-Hans").split(
                    " "
                )
                if t
            }
        )
        start = time.perf_counter()
        for gram in grams:
            store.conn.execute(
                "SELECT rid FROM bench_post_rows WHERE gram = ? AND rid BETWEEN ? AND ? ORDER BY rid LIMIT ?",
                (gram, first, last, PROBE + 1),
            ).fetchall()
        by_rows.append(time.perf_counter() - start)
        start = time.perf_counter()
        index.postings(grams, first, last)
        by_blocks.append(time.perf_counter() - start)
    store.close()
    out["a search's posting lists, p50: rows / blocks"] = (
        f"{statistics.median(by_rows) * 1000:.1f} ms / {statistics.median(by_blocks) * 1000:.1f} ms"
    )
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP TABLE bench_post_rows")
    return out


def memory_part(args: argparse.Namespace, url: str, folder: Path, env: dict[str, str], base: float) -> None:
    import psycopg

    from termbase.memory import Memory
    from termbase.memory.pipeline import import_jobs

    bench_scale = _sibling("bench_scale")
    bench_memory = _sibling("bench_memory")
    tmx = folder / "memory.tmx"
    bench_scale.write_tmx(tmx, args.units, args.seed)
    targets = {"SQLite": str(folder / "memory.tb"), "PostgreSQL": url}
    parse = bench_scale.iterparse_pass(tmx)
    rows: dict[str, dict[str, str]] = {name: {} for name in targets}
    for name, db in targets.items():
        load = os.getloadavg()[0]
        wall, peak, cpu = bench_scale.timed_tree(
            [PYTHON, "-m", "termbase", "tm", "import", str(tmx), "--db", db], env
        )
        rows[name][f"`tm import` (CLI, one transaction, {import_jobs()} jobs)"] = (
            f"{wall:.1f} s, {args.units / wall:,.0f} units/s, {wall / parse:.1f}× iterparse, "
            f"client CPU {cpu / args.units * 1e6:.0f} µs a unit, peak {peak:.0f} MB, all client processes "
            f"(load {load:.1f})"
        )
    lite, pg = termbase.open(targets["SQLite"]), termbase.open(url)
    sample = bench_memory.generate(min(args.units, 20_000), args.seed)
    qs = bench_memory.queries(sample, "zh-Hans", args.queries, args.seed + 2)
    needles = [q[: 2 + i % 4] for i, q in enumerate(qs)]
    for tb in (lite, pg):
        tb.memory.warm_limit = 0  # every search through the persistent index, as a cold process's
    assert len(lite.memory) == len(pg.memory) == args.units
    for q in qs:
        assert _matches(pg.memory, q) == _matches(lite.memory, q), f"search results differ: {q}"
    for needle in needles:
        assert _hits(pg.memory, needle) == _hits(lite.memory, needle), f"concordance differs: {needle}"
    for name, tb in (("SQLite", lite), ("PostgreSQL", pg)):
        times = []
        for q in qs:
            start = time.perf_counter()
            tb.memory.search(q, source="zh-Hans", target="ru", limit=5)
            times.append((time.perf_counter() - start) * 1000)
        rows[name]["search p50 / p95 in process, persistent index"] = (
            f"{percentile(times, 0.5):.1f} / {percentile(times, 0.95):.1f} ms"
        )
        memory = Memory(tb.store)  # a long-running process: the in-memory index up to warm_limit
        memory.search(qs[0], source="zh-Hans", target="ru")
        start = time.perf_counter()
        memory.search(qs[0], source="zh-Hans", target="ru")
        build = time.perf_counter() - start
        times = []
        for q in qs:
            start = time.perf_counter()
            memory.search(q, source="zh-Hans", target="ru", limit=5)
            times.append((time.perf_counter() - start) * 1000)
        how = (
            "index in memory"
            if args.units <= memory.warm_limit
            else f"over warm_limit {memory.warm_limit:,}: persistent"
        )
        rows[name][f"warm search p50 / p95 ({how})"] = (
            f"{percentile(times, 0.5):.1f} / {percentile(times, 0.95):.1f} ms (first warm search {build * 1000:.0f} ms)"
        )
        times = []
        for needle in needles:
            start = time.perf_counter()
            tb.memory.concordance(needle, limit=50)
            times.append((time.perf_counter() - start) * 1000)
        rows[name]["concordance p50 / p95 in process"] = (
            f"{percentile(times, 0.5):.1f} / {percentile(times, 0.95):.1f} ms"
        )
    for name, db in targets.items():
        load = os.getloadavg()[0]
        search, peak = bench_scale.median_cold(
            [
                [PYTHON, "-m", "termbase", "tm", "search", q, "--db", db, "--from", "zh-Hans", "--to", "ru"]
                for q in qs[: args.cold]
            ],
            env,
            ok=(0, 1),
        )
        rows[name]["cold CLI `tm search`"] = (
            f"{search * 1000:.0f} ms ({search / base:.1f}× `python -c pass`), peak {peak:.0f} MB (load {load:.1f})"
        )
        conc, _ = bench_scale.median_cold(
            [[PYTHON, "-m", "termbase", "tm", "concordance", n, "--db", db] for n in needles[: args.cold]],
            env,
            ok=(0, 1),
        )
        rows[name]["cold CLI `tm concordance`"] = (
            f"{conc * 1000:.0f} ms ({conc / base:.1f}× `python -c pass`)"
        )
    if args.requests:
        for name, db in targets.items():
            load = os.getloadavg()[0]
            rate = serve_tm_rate(db, qs, args.requests, args.clients, env)
            rows[name]["serve --workers 2, `/api/tm/search`"] = (
                f"{rate['rps']:,.1f} req/s, p50 {rate['p50']:.0f} ms, p99 {rate['p99']:.0f} ms, "
                f"{rate['errors']:.0f} errors (load {load:.1f})"
            )
    size_lite = Path(targets["SQLite"]).stat().st_size
    with psycopg.connect(url) as conn:
        size_pg, post, cpost, segs = conn.execute(
            "SELECT pg_database_size(current_database()), pg_total_relation_size('tm_post'),"
            " pg_total_relation_size('tm_cpost'), pg_total_relation_size('tm_segment') + pg_total_relation_size('tm_unit')"
        ).fetchone()
        blocks = conn.execute(
            "SELECT (SELECT count(*) FROM tm_post), (SELECT count(*) FROM tm_cpost)"
        ).fetchone()
    rows["SQLite"]["database size"] = f"{size_lite / 1e6:.0f} MB, {size_lite / args.units:,.0f} bytes/unit"
    rows["PostgreSQL"]["database size"] = (
        f"{size_pg / 1e6:.0f} MB, {size_pg / args.units:,.0f} bytes/unit (units+segments {segs / 1e6:.0f} MB, "
        f"tm_post {post / 1e6:.0f} MB in {blocks[0]:,} blocks, tm_cpost {cpost / 1e6:.0f} MB in {blocks[1]:,})"
    )
    lite.close()
    pg.close()
    print(f"\n## Memory: {args.units:,} units (zh-Hans + ru), TMX {tmx.stat().st_size / 1e6:.0f} MB\n")
    print(
        f"results identical on both engines: best matches of {len(qs)} queries, concordance of "
        f"{len(needles)} needles (asserted); iterparse pass {parse:.1f} s; `python -c pass` {base * 1000:.0f} ms\n"
    )
    print("| measure | SQLite | PostgreSQL |")
    print("|---|---:|---:|")
    for measure in rows["SQLite"]:
        print(f"| {measure} | {rows['SQLite'][measure]} | {rows['PostgreSQL'][measure]} |")
    if args.rows_layout:
        print("\nPostings layouts on PostgreSQL (tm_post's blocks vs one row per posting):\n")
        for measure, value in rows_layout(url, qs).items():
            print(f"- {measure}: {value}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concepts", type=int, default=3000)
    parser.add_argument("--lookups", type=int, default=500)
    parser.add_argument("--cold", type=int, default=5)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--url", help="an empty PostgreSQL database to use (default: a throwaway cluster)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--units", type=int, default=0, help="translation units to measure (0: skip)")
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--rows-layout", action="store_true")
    args = parser.parse_args(argv)

    cluster = None
    if args.url is None:
        from tests.pgcluster import Cluster

        cluster = Cluster.start()
        url = cluster.create_database("bench")
    else:
        url = args.url
    folder = Path(tempfile.mkdtemp(prefix="bench-pg-"))
    env = {**os.environ, "TERMBASE_CACHE_DIR": str(folder / "cache")}
    env.pop("TERMBASE_DB", None)
    env.pop("TERMBASE_TOKEN", None)
    try:
        base = statistics.median(timed([PYTHON, "-c", "pass"], env) for _ in range(5))
        print(f"load average at start: {os.getloadavg()}")
        if args.units:
            memory_part(args, url, folder, env, base)
        if not args.concepts:
            return 0
        csv_path = folder / "glossary.csv"
        _sibling("bench_scale").write_csv(csv_path, args.concepts, args.seed)
        targets = {"SQLite": str(folder / "glossary.tb"), "PostgreSQL": url}
        if args.units:
            url = targets["PostgreSQL"] = cluster.create_database("bench_terms") if cluster else url
        rows: dict[str, dict[str, str]] = {name: {} for name in targets}
        for name, db in targets.items():
            seconds = timed([PYTHON, "-m", "termbase", "import", str(csv_path), "--db", db], env)
            rows[name]["import"] = f"{seconds:.1f} s, {args.concepts / seconds:,.0f} concepts/s"

        lite, pg = termbase.open(targets["SQLite"]), termbase.open(url)
        qs = queries(lite, args.lookups, args.seed)
        assert len(pg) == len(lite) == args.concepts
        assert list(pg.concepts()) == list(lite.concepts()), "concepts differ"
        same = answers(pg, qs) == answers(lite, qs)
        assert same, "lookups differ between SQLite and PostgreSQL"
        for name, tb in (("SQLite", lite), ("PostgreSQL", pg)):
            p50, p95 = warm(tb, qs)
            rows[name]["warm lookup p50 / p95"] = f"{p50:.2f} / {p95:.2f} ms"
        for name, db in targets.items():
            rng = random.Random(args.seed)
            cold = statistics.median(
                timed([PYTHON, "-m", "termbase", "lookup", rng.choice(qs), "--db", db], env)
                for _ in range(args.cold)
            )
            rows[name]["cold CLI lookup"] = f"{cold * 1000:.0f} ms ({cold / base:.1f}× `python -c pass`)"
        db_pid = None
        if cluster is not None:
            db_pid = int((Path(cluster.root) / "data" / "postmaster.pid").read_text().split()[0])
        for name, db in targets.items():
            rate = serve_rate(
                db, qs, args.requests, args.clients, env, db_pid if name == "PostgreSQL" else None
            )
            rows[name]["serve --workers 2, lookups"] = (
                f"{rate['rps']:,.0f} req/s, p50 {rate['p50']:.1f} ms, p99 {rate['p99']:.1f} ms, "
                f"{rate['errors']:.0f} errors"
            )
            db_cpu = f"{rate['db_cpu']:.2f}" if name == "PostgreSQL" else "–"
            rows[name]["CPU ms per served lookup: serve / database server"] = (
                f"{rate['server_cpu']:.2f} / {db_cpu}"
            )
        size_lite, size_pg = lite.stats().file_bytes, pg.stats().file_bytes
        rows["SQLite"]["database size"] = f"{(size_lite or 0) / 1e6:.1f} MB"
        rows["PostgreSQL"]["database size"] = (
            f"{(size_pg or 0) / 1e6:.1f} MB (pg_database_size, catalogs included)"
        )
        lite.close()
        pg.close()
        by_rows, by_copy = bulk_paths(url, 50_000)

        print(f"\n## {args.concepts:,} concepts (CSV, 4 languages, derived forms), {len(qs)} lookups\n")
        print(
            f"results identical on both engines: {len(qs)} lookups, {args.concepts:,} concepts (asserted)\n"
        )
        print("| measure | SQLite | PostgreSQL |")
        print("|---|---:|---:|")
        for measure in rows["SQLite"]:
            print(f"| {measure} | {rows['SQLite'][measure]} | {rows['PostgreSQL'][measure]} |")
        print(
            f"\nbulk path, 50,000 search-key rows: executemany {by_rows:.2f} s ({50_000 / by_rows:,.0f} rows/s), "
            f"COPY {by_copy:.2f} s ({50_000 / by_copy:,.0f} rows/s): {by_rows / by_copy:.1f}× faster"
        )
    finally:
        if cluster is not None:
            cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
