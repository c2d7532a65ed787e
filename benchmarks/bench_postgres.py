"""PostgreSQL beside SQLite: the same termbase on both engines, measured side by side in one run.

    python benchmarks/bench_postgres.py [--concepts 3000] [--lookups 500] [--cold 5]
                                        [--requests 1000] [--clients 16] [--url postgresql://…]

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
    process = subprocess.Popen(
        [PYTHON, "-m", "termbase", "serve", "--db", db, "--port", "0", "--workers", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().split(" ", 1)[1].strip().rstrip("/")
        import httpx

        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(url + "/healthz", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concepts", type=int, default=3000)
    parser.add_argument("--lookups", type=int, default=500)
    parser.add_argument("--cold", type=int, default=5)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--url", help="an empty PostgreSQL database to use (default: a throwaway cluster)")
    parser.add_argument("--seed", type=int, default=7)
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
        csv_path = folder / "glossary.csv"
        _sibling("bench_scale").write_csv(csv_path, args.concepts, args.seed)
        targets = {"SQLite": str(folder / "glossary.tb"), "PostgreSQL": url}
        base = statistics.median(timed([PYTHON, "-c", "pass"], env) for _ in range(5))
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
