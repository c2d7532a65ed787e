"""Scale: a large translation memory and termbase, imported and queried as a new user would.

Everything runs side by side in one run, as issue 10's table lists it:

* ``termbase tm import`` of a generated TMX (zh-Hans + ru, the article's segments recombined
  with names and numbers, as ``bench_memory.py`` does) against a bare ``lxml.etree.iterparse``
  pass over the same file (the speed of the parser), with the import's CPU time and peak
  memory, its helper processes counted (``--jobs 1,default``: with one process and with the
  default number, side by side);
* the database's size against the TMX's (bytes per unit);
* cold CLI ``tm search`` and ``tm concordance`` (a new process each) against ``python -c pass``,
  with a search's peak memory;
* in one process, the persistent index's best match against an exhaustive scan's;
* ``termbase import`` of a CSV of ``--concepts`` concepts in four languages (concepts/s), and
  cold ``lookup`` / ``recognize`` (2 KB of text) at that size against ``python -c pass``.

    python benchmarks/bench_scale.py [--units 100000] [--concepts 100000] [--queries 50] [--cold 5]
                                     [--exhaustive-queries N] [--jobs 1,default] [--db MEMORY.tb]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_memory import generate, queries  # noqa: E402

from termbase.memory import CANDIDATES, Memory  # noqa: E402
from termbase.memory.pipeline import import_jobs  # noqa: E402
from termbase.memory.scoring import prepare  # noqa: E402
from termbase.memory.stored_index import StoredIndex  # noqa: E402
from termbase.store import Store  # noqa: E402

PYTHON = sys.executable


def write_tmx(path: Path, count: int, seed: int) -> None:
    """A TMX 1.4 file of ``count`` generated units (written by hand: fast, and plain XML)."""
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n')
        out.write('<header creationtool="bench" creationtoolversion="1" segtype="sentence" o-tmf="none"')
        out.write(' adminlang="en" srclang="zh-Hans" datatype="plaintext"/>\n<body>\n')
        for unit in generate(count, seed):
            out.write(f'<tu tuid="{unit.id}">')
            for lang, text in unit.variants.items():
                out.write(f'<tuv xml:lang="{lang}"><seg>{escape(text)}</seg></tuv>')
            out.write("</tu>\n")
        out.write("</body>\n</tmx>\n")


def _high_water(pid: int) -> int:
    """The process's peak resident memory so far, in KiB (VmHWM of /proc/PID/status)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _descendants(pid: int) -> list[int]:
    """The processes ``pid`` started, and theirs (Linux: /proc/PID/task/PID/children)."""
    found, todo = [], [pid]
    while todo:
        try:
            with open(f"/proc/{todo[0]}/task/{todo[0]}/children", encoding="ascii") as children:
                more = [int(child) for child in children.read().split()]
        except (OSError, ValueError):
            more = []
        todo = todo[1:] + more
        found.extend(more)
    return found


def timed_tree(
    argv: Sequence[str], env: dict[str, str], ok: Sequence[int] = (0,)
) -> tuple[float, float, float]:
    """Wall seconds, peak memory (MB) and CPU seconds (user + system) of a process and every
    process it starts (an import's helper processes).

    The peak is the sum of each process's own VmHWM, read every 20 ms while it runs (an upper
    bound of their memory at any one moment; ``ru_maxrss`` of a forked child counts the parent's
    pages too, so it would report this script's size). The CPU time is the process's and its
    waited-for children's, from ``wait4``.
    """
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    peaks: dict[int, int] = {}
    while os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOWAIT | os.WNOHANG) is None:
        for pid in [proc.pid, *_descendants(proc.pid)]:
            peaks[pid] = max(peaks.get(pid, 0), _high_water(pid))
        time.sleep(0.02)
    wall = time.perf_counter() - start
    _, status, usage = os.wait4(proc.pid, 0)
    returncode = proc.returncode = os.waitstatus_to_exitcode(status)
    if returncode not in ok:
        err = proc.stderr.read().decode() if proc.stderr else ""
        sys.exit(f"{' '.join(argv)} failed ({returncode}): {err}")
    if proc.stderr:
        proc.stderr.close()
    return wall, sum(peaks.values()) / 1024, usage.ru_utime + usage.ru_stime


def timed_process(argv: Sequence[str], env: dict[str, str], ok: Sequence[int] = (0,)) -> tuple[float, float]:
    """Wall seconds and peak memory (MB) of one process and those it starts (:func:`timed_tree`)."""
    wall, peak, _ = timed_tree(argv, env, ok)
    return wall, peak


def iterparse_pass(path: Path) -> float:
    code = (
        "import sys\nfrom lxml import etree\nn = 0\n"
        "for _, el in etree.iterparse(sys.argv[1], events=('end',), tag='tu'):\n"
        "    n += 1\n    el.clear()\n    while el.getprevious() is not None:\n        del el.getparent()[0]\n"
    )
    return timed_process([PYTHON, "-c", code, str(path)], os.environ.copy())[0]


def cold_cpu(argvs: Sequence[Sequence[str]], env: dict[str, str]) -> tuple[float, float]:
    """Median CPU seconds (user + sys) of the processes ``argvs`` and of ``python -c pass``:
    steadier than wall time on a shared machine."""

    def cpu(argv: Sequence[str]) -> float:
        before = os.times()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
        after = os.times()
        return (after.children_user - before.children_user) + (after.children_system - before.children_system)

    return statistics.median(cpu(argv) for argv in argvs), statistics.median(
        cpu([PYTHON, "-c", "pass"]) for _ in range(5)
    )


def median_cold(
    argvs: Sequence[Sequence[str]], env: dict[str, str], ok: Sequence[int] = (0,)
) -> tuple[float, float]:
    walls, peaks = [], []
    for argv in argvs:
        wall, peak = timed_process(argv, env, ok)
        walls.append(wall)
        peaks.append(peak)
    return statistics.median(walls), max(peaks)


def memory_part(args: argparse.Namespace, folder: Path, env: dict[str, str], base: float) -> None:
    tmx = folder / "memory.tmx"
    db = folder / "memory.tb"
    load_before = os.getloadavg()
    tb = [PYTHON, "-m", "termbase"]
    imports = []
    if args.db:  # a memory this script imported before (--units as it was): the search parts only
        db = Path(args.db)
        tmx_bytes = parse = 0.0
    else:
        write_tmx(tmx, args.units, args.seed)
        tmx_bytes = tmx.stat().st_size
        parse = iterparse_pass(tmx)
        for jobs in args.jobs.split(","):  # side by side: the last one's database is searched below
            if db.exists():
                db.unlink()
            load = os.getloadavg()[0]
            argv = [*tb, "tm", "import", str(tmx), "--db", str(db)]
            wall, peak, import_cpu = timed_tree([*argv, "--jobs", jobs] if jobs != "default" else argv, env)
            imports.append((jobs, wall, peak, import_cpu, load))
    db_bytes = db.stat().st_size
    units = generate(min(args.units, 20_000), args.seed)
    qs = queries(units, "zh-Hans", args.cold, args.seed + 1)
    search, search_peak = median_cold(
        [[*tb, "tm", "search", q, "--db", str(db), "--from", "zh-Hans", "--to", "ru"] for q in qs], env
    )
    needles = [q[:4] for q in qs]
    conc, conc_peak = median_cold([[*tb, "tm", "concordance", n, "--db", str(db)] for n in needles], env)
    cpu = cold_cpu(
        [[*tb, "tm", "search", q, "--db", str(db), "--from", "zh-Hans", "--to", "ru"] for q in qs], env
    )
    store = Store(db)
    stored = Memory(store)
    stored.warm_limit = 0  # every search through the stored index, as a cold process searches
    agree = proved = 0
    qs = queries(units, "zh-Hans", args.queries, args.seed + 2)
    checked = len(qs) if args.exhaustive_queries is None else min(len(qs), args.exhaustive_queries)
    walls, fasts = [], []
    for q in qs:
        start = time.perf_counter()
        fasts.append(stored.search(q, source="zh-Hans", target="ru", min_score=70, limit=5))
        walls.append(time.perf_counter() - start)
    index = StoredIndex(store.conn, "zh-Hans")  # type: ignore[arg-type]
    for q in qs:  # whether the index proved its candidates (the search does not say)
        prepared = prepare(q, "zh-Hans")
        proved += index.candidates(prepared.key, prepared.numbers, 70, CANDIDATES).complete
    # The exhaustive scan scores every segment whose key length can reach min_score (no other
    # can: Memory.search(exhaustive=True), InMemoryIndex.within); its keys are computed once.
    exhaustive_start = time.perf_counter()
    for q, fast in zip(qs[:checked], fasts, strict=False):
        slow = stored.search(q, source="zh-Hans", target="ru", min_score=70, limit=5, exhaustive=True)
        agree += [m.score for m in fast[:1]] == [m.score for m in slow[:1]]
    exhaustive_time = time.perf_counter() - exhaustive_start
    in_stored = statistics.median(walls)
    in_stored_p95 = statistics.quantiles(walls, n=20)[-1] if len(walls) > 1 else walls[0]
    memory = Memory(store)  # as a long-running process: an index in memory after the first search
    start = time.perf_counter()
    memory.search(qs[0], source="zh-Hans", target="ru")
    memory.search(qs[0], source="zh-Hans", target="ru")
    warm_build = time.perf_counter() - start
    walls = []
    for q in qs:
        start = time.perf_counter()
        memory.search(q, source="zh-Hans", target="ru", min_score=70, limit=5)
        walls.append(time.perf_counter() - start)
    warm = statistics.median(walls)
    store.close()
    mb = 1024 * 1024
    print(f"\n## Memory: {args.units:,} units (zh-Hans + ru), TMX {tmx_bytes / mb:.0f} MB\n")
    print("| measure | termbase | baseline | ratio |")
    print("|---|---:|---:|---:|")
    for jobs, imp, imp_peak, import_cpu, load in imports:
        how = f"default jobs ({import_jobs()})" if jobs == "default" else f"--jobs {jobs}"
        print(
            f"| `tm import`, {how} | {imp:.1f} s, {args.units / imp:,.0f} units/s, CPU {import_cpu:.1f} s "
            f"({import_cpu / args.units * 1e6:.0f} µs a unit), peak {imp_peak:.0f} MB, all processes (load {load:.1f}) "
            f"| iterparse pass {parse:.1f} s | {imp / parse:.1f}× |"
        )
    if not args.db:
        print(
            f"| database size | {db_bytes / mb:.0f} MB, {db_bytes / args.units:,.0f} bytes/unit "
            f"| TMX {tmx_bytes / mb:.0f} MB | {db_bytes / tmx_bytes:.2f}× |"
        )
    print(
        f"| cold `tm search` (median of {args.cold}) | {search * 1000:.0f} ms, peak {search_peak:.0f} MB "
        f"| `python -c pass` {base * 1000:.0f} ms | {search / base:.1f}× |"
    )
    print(
        f"| cold `tm concordance` (median of {args.cold}) | {conc * 1000:.0f} ms, peak {conc_peak:.0f} MB "
        f"| `python -c pass` {base * 1000:.0f} ms | {conc / base:.1f}× |"
    )
    print(
        f"| cold `tm search` CPU (user+sys, median of {args.cold}) | {cpu[0] * 1000:.0f} ms "
        f"| `python -c pass` {cpu[1] * 1000:.0f} ms | {cpu[0] / cpu[1]:.1f}× |"
    )
    print(
        f"| search p50 / p95 in process, stored index | {in_stored * 1000:.1f} / {in_stored_p95 * 1000:.1f} ms "
        f"| | |"
    )
    print(f"| searches whose candidates the index proved complete | {proved}/{len(qs)} | | |")
    how = (
        f"index in memory, built in {warm_build:.1f} s"
        if args.units <= memory.warm_limit
        else f"stored index: over Memory.warm_limit = {memory.warm_limit:,} segments"
    )
    print(f"| search p50 in process, warm ({how}) | {warm * 1000:.1f} ms | | |")
    print(
        f"| stored index's best match = exhaustive scan's | {agree}/{checked} "
        f"| exhaustive: {exhaustive_time:.0f} s in all | |"
    )
    loads = [" ".join(f"{x:.2f}" for x in load) for load in (load_before, os.getloadavg())]
    print(f"\nload average before / after the memory part: {loads[0]} / {loads[1]}")


CATEGORIES = ["person", "place", "organization", "event", "other"]


def write_csv(path: Path, count: int, seed: int) -> list[str]:
    """A glossary CSV of ``count`` concepts in zh-Hans, ru, az-Latn, en; returns some of its terms."""
    rng = random.Random(seed)
    han = "的国俄在年亚总新大和了巴库莫斯科阿塞拜疆罗斯联邦政府外交部长会议条约石油天然气管道"
    cyr = "абвгдежзиклмнопрстуфхцчшэюя"
    lat = "abcçdeəfgğhxıijkqlmnoöprsştuüvyz"
    eng = "abcdefghijklmnopqrstuvwxyz"

    def word(alphabet: str, lo: int, hi: int) -> str:
        return "".join(rng.choice(alphabet) for _ in range(rng.randint(lo, hi)))

    picked = []
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "category", "zh-Hans", "ru", "az-Latn", "en"])
        for i in range(count):
            en = f"{word(eng, 4, 9)} {word(eng, 3, 8)}"
            row = [
                f"c{i}",
                rng.choice(CATEGORIES),
                word(han, 2, 5),
                f"{word(cyr, 4, 9)} {word(cyr, 4, 9)}".capitalize(),
                word(lat, 4, 10).capitalize(),
                en,
            ]
            writer.writerow(row)
            if i % max(1, count // 50) == 0:
                picked.append(en)
    return picked


def concept_part(args: argparse.Namespace, folder: Path, env: dict[str, str], base: float) -> None:
    path = folder / "glossary.csv"
    db = folder / "glossary.tb"
    picked = write_csv(path, args.concepts, args.seed)
    # As installed: the package's modules byte-compiled (pip does this), so a cold process
    # does not compile them (PYTHONDONTWRITEBYTECODE would make every process compile them).
    env = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(HERE.parent / "termbase")], check=True, env=env)
    tb = [PYTHON, "-m", "termbase"]
    load_before = os.getloadavg()
    imp, peak, imp_cpu = timed_tree([*tb, "import", str(path), "--db", str(db)], env)
    db_bytes = db.stat().st_size
    rng = random.Random(args.seed)
    lookup, lookup_peak = median_cold(
        [[*tb, "lookup", rng.choice(picked), "--db", str(db)] for _ in range(args.cold)], env
    )
    # A word of a longer term, and a typo: the lookup's second and third passes, each first
    # built (and saved) by one process, then read by the cold ones.
    word_queries = [rng.choice(picked).split()[0] for _ in range(args.cold + 1)]
    word_first, _ = timed_process([*tb, "lookup", word_queries[0], "--db", str(db)], env)
    word, word_peak = median_cold([[*tb, "lookup", q, "--db", str(db)] for q in word_queries[1:]], env)
    typo_queries = [f"{q[:-1]}x" for q in (rng.choice(picked) for _ in range(args.cold + 1))]
    typo_first, _ = timed_process([*tb, "lookup", typo_queries[0], "--db", str(db)], env, ok=(0, 1))
    typo, typo_peak = median_cold(
        [[*tb, "lookup", q, "--db", str(db)] for q in typo_queries[1:]], env, ok=(0, 1)
    )
    # A Russian word: the first lookup reads every Russian word of the termbase with pymorphy3.
    with path.open(encoding="utf-8", newline="") as handle:
        russian = [row[3].split()[-1] for i, row in enumerate(csv.reader(handle)) if i and i % 997 == 0]
    ru_queries = [rng.choice(russian) for _ in range(args.cold + 1)]
    ru_first, ru_first_peak = timed_process([*tb, "lookup", ru_queries[0], "--db", str(db)], env)
    ru_word, ru_peak = median_cold([[*tb, "lookup", q, "--db", str(db)] for q in ru_queries[1:]], env)
    words = [rng.choice(picked) for _ in range(200)]
    text = ""
    while len(text.encode()) < 2048:
        text += f"The {words[len(text) % len(words)]} met on Monday. "
    recognize = [*tb, "recognize", "--db", str(db), "--lang", "en", text]
    first, first_peak = timed_process(recognize, env)  # builds the index and saves it
    rec, rec_peak = median_cold([recognize for _ in range(args.cold)], env)
    mb = 1024 * 1024
    print(f"\n## Termbase: {args.concepts:,} concepts (CSV, 4 languages)\n")
    print("| measure | termbase | baseline | ratio |")
    print("|---|---:|---:|---:|")
    print(
        f"| `import` | {imp:.1f} s, {args.concepts / imp:,.0f} concepts/s, CPU {imp_cpu:.1f} s "
        f"({args.concepts / imp_cpu:,.0f} concepts per CPU second, helpers included), peak {peak:.0f} MB | | |"
    )
    print(f"| database size | {db_bytes / mb:.0f} MB, {db_bytes / args.concepts:,.0f} bytes/concept | | |")
    print(
        f"| cold `lookup` (median of {args.cold}) | {lookup * 1000:.0f} ms, peak {lookup_peak:.0f} MB "
        f"| `python -c pass` {base * 1000:.0f} ms | {lookup / base:.1f}× |"
    )
    print(
        f"| first lookup of a word of a term (builds and saves the word index) | {word_first:.1f} s "
        f"| `python -c pass` {base * 1000:.0f} ms | {word_first / base:.0f}× |"
    )
    print(
        f"| cold lookup of a word of a term (median of {args.cold}) | {word * 1000:.0f} ms, peak {word_peak:.0f} MB "
        f"| `python -c pass` {base * 1000:.0f} ms | {word / base:.1f}× |"
    )
    print(
        f"| first lookup of a Russian word (pymorphy3 reads every Russian word; saves the index) "
        f"| {ru_first:.1f} s, peak {ru_first_peak:.0f} MB | `python -c pass` {base * 1000:.0f} ms | {ru_first / base:.0f}× |"
    )
    print(
        f"| cold lookup of a Russian word (median of {args.cold}) | {ru_word * 1000:.0f} ms, peak {ru_peak:.0f} MB "
        f"| `python -c pass` {base * 1000:.0f} ms | {ru_word / base:.1f}× |"
    )
    print(
        f"| first lookup of a typo (saves the loose keys) | {typo_first:.1f} s "
        f"| `python -c pass` {base * 1000:.0f} ms | {typo_first / base:.0f}× |"
    )
    print(
        f"| cold lookup of a typo (median of {args.cold}) | {typo * 1000:.0f} ms, peak {typo_peak:.0f} MB "
        f"| `python -c pass` {base * 1000:.0f} ms | {typo / base:.1f}× |"
    )
    print(
        f"| first `recognize` after the import (builds and saves the index) | {first:.1f} s, "
        f"peak {first_peak:.0f} MB | `python -c pass` {base * 1000:.0f} ms | {first / base:.0f}× |"
    )
    print(
        f"| cold `recognize` (2 KB, median of {args.cold}) | {rec * 1000:.0f} ms, peak {rec_peak:.0f} MB "
        f"| `python -c pass` {base * 1000:.0f} ms | {rec / base:.1f}× |"
    )
    loads = [" ".join(f"{x:.2f}" for x in load) for load in (load_before, os.getloadavg())]
    print(f"\nload average before / after the concept part: {loads[0]} / {loads[1]}")
    first_lookups(path, db, env, tb)


def first_lookups(path: Path, db: Path, env: dict[str, str], tb: Sequence[str]) -> None:
    """The first lookups after an import, as a news desk would make them, in a fresh cache
    directory: an inflected Russian word (the Russian and az-Cyrl word indexes), the same again,
    another one, then a typo of an Azerbaijani term (the az and en word indexes, the typo keys),
    another typo. Wall, CPU (user + system) and peak memory of each process."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [row for i, row in enumerate(csv.reader(handle)) if i and i % 997 == 1]
    russian = [row[3].split()[-1].lower() for row in rows]
    azerbaijani = [row[4] for row in rows]
    queries = [
        ("inflected Russian word, first", f"{russian[0]}ом"),
        ("the same again", f"{russian[0]}ом"),
        ("another Russian word", f"{russian[1]}ой"),
        ("typo, first", f"{azerbaijani[0]}z"),
        ("another typo", f"{azerbaijani[1][:-1]}x"),
    ]
    with tempfile.TemporaryDirectory(prefix="first-lookups-") as cache:
        fresh = {**env, "TERMBASE_CACHE_DIR": cache}
        load_before = os.getloadavg()
        print("\n| first lookups after the import (fresh cache) | query | wall | CPU | peak |")
        print("|---|---|---:|---:|---:|")
        for label, query in queries:
            wall, peak, cpu = timed_tree([*tb, "lookup", query, "--db", str(db)], fresh, ok=(0, 1))
            print(f"| {label} | {query} | {wall:.2f} s | {cpu:.2f} s | {peak:.0f} MB |")
    loads = [" ".join(f"{x:.2f}" for x in load) for load in (load_before, os.getloadavg())]
    print(f"\nload average before / after the first lookups: {loads[0]} / {loads[1]}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--concepts", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=50, help="queries checked against an exhaustive scan")
    parser.add_argument(
        "--exhaustive-queries",
        type=int,
        help="check only the first N queries against an exhaustive scan (default: all; each scores every segment)",
    )
    parser.add_argument("--cold", type=int, default=5, help="cold processes per command")
    parser.add_argument(
        "--jobs",
        default="default",
        help="tm import's --jobs, several side by side: 1,default (default: the default only)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dir", help="work folder (default: a temporary one)")
    parser.add_argument(
        "--db", help="search a memory imported before (generated with the same --units and --seed) instead"
    )
    args = parser.parse_args(argv)
    env = os.environ.copy()
    base = statistics.median(timed_process([PYTHON, "-c", "pass"], env)[0] for _ in range(5))
    with tempfile.TemporaryDirectory(dir=args.dir) as name:
        folder = Path(name)
        if args.units:
            memory_part(args, folder, env, base)
        if args.concepts:
            concept_part(args, folder, env, base)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
