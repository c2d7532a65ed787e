"""`termbase serve` under load: an async httpx load generator against the real server on loopback.

    python benchmarks/bench_serve.py [--terms 100000] [--units 100000] [--lookups 10000]
                                     [--searches 2000] [--clients 32] [--workers 1 2] [--db PATH]

Builds (or reuses) a termbase of generated names (benchmarks/bench_lookup.py's generator,
no derived forms) with a translation memory of generated zh-Hans/ru units
(benchmarks/bench_memory.py's generator), starts ``termbase serve --workers N`` for each N,
and sends 32 concurrent clients' worth of requests: lookups of varied forms (as stored,
upper case, lower case, hyphens for spaces) and TM searches (mutated segments, zh-Hans → ru,
min 70). Prints requests/s, p50/p99 latency and errors per run, next to the same calls
made in-process through the library (the peer: what a Python user gets without a server),
as a markdown table. The load generator runs on the same machine as the server and takes
CPU from it; the figures are a floor for a separate client machine.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx

import termbase
from termbase.casing import upper

HERE = Path(__file__).resolve().parent


def _sibling(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, HERE / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build(path: Path, terms: int, units: int) -> None:
    tb = termbase.open(path)
    if len(tb) == 0:
        start = time.perf_counter()
        tb.import_concepts(_sibling("bench_lookup").generate(terms), derive=False)
        print(f"built {terms:,} terms in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    if len(tb.memory) == 0 and units:
        start = time.perf_counter()
        generated = _sibling("bench_memory").generate(units, seed=3)
        with tb.store.transaction():
            tb.memory.add_units(generated)
        print(f"built {units:,} TM units in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    tb.close()


def lookup_queries(tb: termbase.Termbase, n: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    forms = list(tb.forms(include_derived=False))
    out = []
    for form in rng.sample(forms, min(n, len(forms))):
        out.append(
            rng.choice(
                [form.text, upper(form.text, form.lang), form.text.lower(), form.text.replace(" ", "-")]
            )
        )
    while len(out) < n:
        out.append(rng.choice(out))
    return out


def tm_queries(tb: termbase.Termbase, n: int, seed: int = 2) -> list[str]:
    bench_memory = _sibling("bench_memory")
    rng = random.Random(seed)
    units = [u for u in tb.memory.units() if rng.random() < 0.05][:2000]
    return list(bench_memory.queries(units, "zh-Hans", n, seed))


def tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) of a process and its live descendants (Linux /proc)."""
    total = 0.0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


async def load(
    url: str, requests: list[tuple[str, dict[str, str]]], clients: int, server_pid: int | None = None
) -> dict[str, float]:
    """``clients`` concurrent connections working through ``requests``; latency of each, and the
    CPU time the server and this load generator spent per request."""
    latencies: list[float] = []
    errors = 0
    queue: asyncio.Queue[tuple[str, dict[str, str]]] = asyncio.Queue()
    for item in requests:
        queue.put_nowait(item)
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60) as client:

        async def worker() -> None:
            nonlocal errors
            while True:
                try:
                    path, params = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                start = time.perf_counter()
                try:
                    answer = await client.get(path, params=params)
                    if answer.status_code != 200:
                        errors += 1
                except httpx.HTTPError:
                    errors += 1
                latencies.append((time.perf_counter() - start) * 1000)

        server_cpu = tree_cpu(server_pid) if server_pid else 0.0
        client_cpu = time.process_time()
        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        elapsed = time.perf_counter() - start
        client_cpu = time.process_time() - client_cpu
        server_cpu = (tree_cpu(server_pid) - server_cpu) if server_pid else 0.0
    return {
        "rps": len(requests) / elapsed,
        "server_cpu": server_cpu * 1000 / len(requests),
        "client_cpu": client_cpu * 1000 / len(requests),
        "p50": percentile(latencies, 0.5),
        "p99": percentile(latencies, 0.99),
        "errors": errors,
    }


def start_server(
    db: str | Path, workers: int, env: dict[str, str] | None = None
) -> tuple[subprocess.Popen[str], str]:
    """``termbase serve --db DB --workers N`` on a free port, once ``/healthz`` answers: the process
    and its URL. ``env`` defaults to this one's without ``TERMBASE_TOKEN``."""
    if env is None:
        env = {k: v for k, v in os.environ.items() if k != "TERMBASE_TOKEN"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "termbase",
            "serve",
            "--db",
            str(db),
            "--port",
            "0",
            "--workers",
            str(workers),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    url = process.stdout.readline().split(" ", 1)[1].strip().rstrip("/")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/healthz", timeout=5).status_code == 200:
                return process, url
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the server did not start")


def in_process(call: Callable[[str], Any], queries: Sequence[str]) -> dict[str, float]:
    times = []
    start = time.perf_counter()
    for query in queries:
        t = time.perf_counter()
        call(query)
        times.append((time.perf_counter() - t) * 1000)
    elapsed = time.perf_counter() - start
    return {"rps": len(queries) / elapsed, "p50": percentile(times, 0.5), "p99": percentile(times, 0.99)}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--terms", type=int, default=100_000)
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--lookups", type=int, default=10_000)
    parser.add_argument("--searches", type=int, default=2_000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--db", help="reuse (or create) the generated termbase here")
    args = parser.parse_args(argv)

    db = Path(args.db) if args.db else Path(tempfile.mkdtemp()) / "bench-serve.tb"
    build(db, args.terms, args.units)
    tb = termbase.open(db)
    lookups = lookup_queries(tb, args.lookups)
    searches = tm_queries(tb, args.searches) if args.units else []
    terms = sum(tb.stats().terms.values())
    units = len(tb.memory)
    print(
        f"{len(tb):,} concepts ({terms:,} terms), {units:,} TM units; {len(lookups):,} lookups and "
        f"{len(searches):,} TM searches per run, {args.clients} clients, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.1f} before the runs",
        file=sys.stderr,
    )
    rows: list[tuple[str, str, dict[str, float]]] = []
    rows.append(("lookup", "library in-process", in_process(lambda q: tb.lookup(q), lookups)))
    if searches:
        search = lambda q: tb.memory.search(q, source="zh-Hans", target="ru", min_score=70)  # noqa: E731
        rows.append(("TM search", "library in-process", in_process(search, searches)))
    tb.close()
    print("in-process runs done", file=sys.stderr)
    for workers in args.workers:
        process, url = start_server(db, workers)
        try:
            # Warm up each worker's page cache and TM index (the first search of a language builds it).
            warm = [("/api/lookup", {"q": q}) for q in lookups[:200]]
            warm += [
                ("/api/tm/search", {"q": q, "from": "zh-Hans", "to": "ru"}) for q in searches[: 8 * workers]
            ]
            asyncio.run(load(url, warm, args.clients))
            result = asyncio.run(
                load(url, [("/api/lookup", {"q": q}) for q in lookups], args.clients, process.pid)
            )
            rows.append(("lookup", f"server --workers {workers}", result))
            print(f"workers {workers}: lookups done", file=sys.stderr)
            if searches:
                params = [
                    ("/api/tm/search", {"q": q, "from": "zh-Hans", "to": "ru", "min": "70"}) for q in searches
                ]
                result = asyncio.run(load(url, params, args.clients, process.pid))
                rows.append(("TM search", f"server --workers {workers}", result))
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=30)
    print(f"load average after the runs: {os.getloadavg()[0]:.1f}", file=sys.stderr)
    print(
        "| requests | served by | req/s | p50 ms | p99 ms | errors | server CPU ms/req | load generator CPU ms/req |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for what, how, r in rows:
        if "errors" in r:
            extra = f"{int(r['errors'])} | {r['server_cpu']:.2f} | {r['client_cpu']:.2f}"
        else:
            extra = f"– | {1000 / r['rps']:.2f} (wall, in-process) | –"
        print(f"| {what} | {how} | {r['rps']:,.0f} | {r['p50']:.2f} | {r['p99']:.2f} | {extra} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
