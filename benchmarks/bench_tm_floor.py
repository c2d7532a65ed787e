"""The floor of a translation-memory import: what each of its stages costs alone, next to the whole.

Issue 10 asks ``tm import`` for 20,000 units/s (50 µs a unit). This measures, in one run on the
same generated TMX (``bench_scale.write_tmx``: zh-Hans + ru, the article's segments recombined),
the CPU time a unit of each stage of an import takes alone:

* a bare ``lxml.etree.iterparse`` pass (``bench_scale.iterparse_pass``, a process of its own: wall);
* termbase's TMX reader (``read_tmx``: units with their variants, every check of the format);
* the index rows (``stored_index.index_rows``: the candidate grams and the concordance bigrams,
  what the import's helper process computes);
* SQLite's writes alone: those rows computed beforehand and written with the import's own
  statements (``memory.UNIT_INSERT``, ``SEGMENT_INSERT``, ``CONC_INSERT``, ``_write_index``) into a
  fresh store in one transaction, then the FTS5 merge an import ends with (``stored_index.optimize``);
* the whole ``termbase tm import`` (default processes): wall, and CPU of all its processes.

Then the ceilings they imply: SQLite has one writer, so no import beats ``1e6 / writes`` units/s
whatever the number of cores; on ``--cores`` cores no import beats ``cores * 1e6 / (reader +
index rows + writes)``.

    python benchmarks/bench_tm_floor.py [--units 100000] [--tmx FILE] [--cores 2]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_scale import PYTHON, iterparse_pass, timed_tree, write_tmx  # noqa: E402

from termbase.formats.tmx import read_tmx  # noqa: E402
from termbase.memory import memory, stored_index  # noqa: E402
from termbase.model import TranslationUnit  # noqa: E402
from termbase.store import Store  # noqa: E402

TARGET = 20_000
"""Issue 10's import rate, units a second."""


class _Clock:
    """CPU and wall seconds from its start."""

    def __init__(self) -> None:
        self.cpu, self.wall = time.process_time(), time.perf_counter()

    def read(self) -> tuple[float, float]:
        return time.process_time() - self.cpu, time.perf_counter() - self.wall


def stages(tmx: Path, db: Path) -> dict[str, tuple[float, float]]:
    """CPU and wall seconds of the reader, the index rows and SQLite's writes, each alone."""
    found: dict[str, tuple[float, float]] = {}
    clock = _Clock()
    units = [unit for unit in read_tmx(str(tmx)) if isinstance(unit, TranslationUnit)]
    found["reader"] = clock.read()

    store = Store(str(db))
    batches: list[tuple[list[tuple[object, ...]], list[tuple[object, ...]], list[stored_index.Segment]]] = []
    with store.transaction() as conn:  # creates the file, and the languages' ids of tm_index rows
        lang_id = stored_index.IndexWriter(conn).lang_id
        now = memory._now()
        n = sid = 0
        for start in range(0, len(units), memory._BATCH):  # the import's batches (_Import._batch)
            rows = memory.batch_rows(units[start : start + memory._BATCH], n, sid, now, lang_id)
            batches.append(rows)
            n, sid = n + len(rows[0]), sid + len(rows[1])
    del units

    clock = _Clock()
    computed = [stored_index.index_rows(segments) for _, _, segments in batches]
    found["index rows"] = clock.read()

    clock = _Clock()
    with store.transaction() as conn:
        pending: list[tuple[int, str]] = []
        for (unit_rows, segment_rows, _), (index_rows, conc_rows) in zip(batches, computed, strict=True):
            conn.executemany(memory.UNIT_INSERT, unit_rows)
            conn.executemany(memory.SEGMENT_INSERT, segment_rows)
            conn.executemany(memory.CONC_INSERT, conc_rows)
            pending.extend(index_rows)
            if len(pending) >= memory._INDEX_PENDING:
                memory._write_index(conn, pending)
        memory._write_index(conn, pending)
        found["writes before the merge"] = clock.read()
        stored_index.optimize(conn)
    found["writes"] = clock.read()
    store.close()
    found["units"] = (float(n), 0.0)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--tmx", type=Path, help="a TMX of zh-Hans + ru units (default: generated)")
    parser.add_argument("--cores", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="tb-floor-") as tmp:
        folder = Path(tmp)
        tmx = args.tmx or folder / "m.tmx"
        if args.tmx is None:
            write_tmx(tmx, args.units, args.seed)
        parse = iterparse_pass(tmx)
        found = stages(tmx, folder / "floor.tb")
        count = int(found.pop("units")[0])
        size = tmx.stat().st_size
        env = {**os.environ, "TERMBASE_CACHE_DIR": str(folder / "cache")}
        wall, peak, cpu = timed_tree(
            [PYTHON, "-m", "termbase", "tm", "import", str(tmx), "--db", str(folder / "whole.tb"), "-q"], env
        )
    per = {name: cpu_s / count * 1e6 for name, (cpu_s, _) in found.items()}
    merge = per["writes"] - per["writes before the merge"]
    print(f"{count:,} units, {size / 1e6:.1f} MB TMX, {args.cores} cores")
    print("| stage | CPU µs a unit | alone at most (units/s) |\n|---|---:|---:|")
    print(f"| bare iterparse pass (wall) | {parse / count * 1e6:.1f} | {count / parse:,.0f} |")
    for name in ("reader", "index rows", "writes before the merge", "writes"):
        print(f"| {name} | {per[name]:.1f} | {1e6 / per[name]:,.0f} |")
    print(f"| … of which the FTS5 merge | {merge:.1f} | |")
    every = per["reader"] + per["index rows"] + per["writes"]
    print(
        f"| the whole `tm import` (default jobs) | {cpu / count * 1e6:.1f} (all processes) | {count / wall:,.0f} (wall {wall:.1f} s, peak {peak:.0f} MB) |"
    )
    print()
    print(
        f"one writer: at most {1e6 / per['writes']:,.0f} units/s (SQLite's writes alone); target {TARGET:,}"
    )
    print(
        f"{args.cores} cores: at most {args.cores * 1e6 / every:,.0f} units/s (reader + index rows + writes = {every:.0f} µs a unit)"
    )
    print(
        f"the import against the bare parse: {wall / parse:.1f}× (target ≤ 15×); {count / wall:,.0f} units/s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
