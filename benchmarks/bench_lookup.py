"""Lookup speed on a generated termbase of 1,000,000 terms, and the cold start of `termbase lookup`.

    python benchmarks/bench_lookup.py [--terms 1000000] [--queries 2000] [--db PATH]

Prints p50/p95 of exact and normalised lookups in-process (target: p50 under 100 µs), and
the wall time of a cold `termbase lookup Baku` process next to `python -c pass`, both
measured in this run (target: within 3×), as a markdown table. The synthetic terms are
stored without derived forms (deriving romanisations for a million random names would
only measure the generator); the bundled glossary, which the cold start uses, has them.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import termbase
from termbase.casing import upper
from termbase.model import Concept, Term

SYLLABLES = {
    "en": ["ba", "ku", "ri", "zan", "mor", "tel", "vin", "sha", "lo", "dar", "ek", "ter", "in", "burg", "av"],
    "ru": ["ба", "ку", "ри", "зан", "мор", "тель", "вин", "ша", "ло", "дар", "ек", "тер", "ин", "бург", "ёв"],
    "az-Latn": [
        "ba",
        "kı",
        "ri",
        "zən",
        "mör",
        "təl",
        "vin",
        "şa",
        "lo",
        "dar",
        "ək",
        "tər",
        "in",
        "ğu",
        "çı",
    ],
    "zh-Hans": ["巴", "库", "里", "赞", "莫", "特", "温", "沙", "洛", "达", "叶", "捷", "因", "堡", "夫"],
}


def _name(rng: random.Random, lang: str) -> str:
    parts = SYLLABLES[lang]
    word = "".join(rng.choice(parts) for _ in range(rng.randint(3, 6)))
    return word if lang == "zh-Hans" else word.capitalize()


def generate(count: int, seed: int = 7) -> Iterator[Concept]:
    rng = random.Random(seed)
    per_concept = len(SYLLABLES)
    for i in range(count // per_concept):
        terms = [
            Term(f"{_name(rng, lang)}{'' if lang == 'zh-Hans' else ' '}{_name(rng, lang)}", lang)
            for lang in SYLLABLES
        ]
        yield Concept(f"c{i}", "other", terms)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def time_lookups(tb: termbase.Termbase, queries: list[str]) -> list[float]:
    times = []
    for query in queries:
        start = time.perf_counter()
        tb.lookup(query)
        times.append(time.perf_counter() - start)
    return times


STDLIB_FLOOR = "import dataclasses, sqlite3, argparse, json"


def cold_start(runs: int) -> tuple[float, float, float]:
    env = dict(os.environ)
    termbase.open()  # build the glossary cache first: we measure lookups, not the one-off build

    def median(argv: list[str]) -> float:
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, check=True)
            samples.append(time.perf_counter() - start)
        return statistics.median(samples)

    python = median([sys.executable, "-c", "pass"])
    floor = median([sys.executable, "-c", STDLIB_FLOOR])
    script = os.path.join(os.path.dirname(sys.executable), "termbase")
    command = [script] if os.path.exists(script) else [sys.executable, "-m", "termbase"]
    lookup = median([*command, "lookup", "Baku"])
    return python, floor, lookup


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--terms", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=15, help="cold-start runs of each command")
    parser.add_argument("--db", help="reuse (or create) the generated termbase here")
    args = parser.parse_args()

    path = Path(args.db) if args.db else Path(tempfile.mkdtemp()) / "bench.tb"
    tb = termbase.open(path)
    if len(tb) == 0:
        start = time.perf_counter()
        tb.import_concepts(generate(args.terms), derive=False)
        print(f"built {args.terms:,} terms in {time.perf_counter() - start:.1f} s ({path})", file=sys.stderr)
    tb = termbase.open(path)
    terms = tb.store.conn.execute("SELECT count(*) FROM term").fetchone()[0]
    rng = random.Random(1)
    sample = [f for f in tb.forms(include_derived=False) if rng.random() < args.queries / terms][
        : args.queries
    ]
    exact = [f.text for f in sample]
    normalised = [
        rng.choice(
            [upper(f.text, f.lang), f.text.lower(), f.text.replace(" ", "-"), f.text.replace("ё", "е")]
        )
        for f in sample
    ]
    for query, form in zip(exact, sample, strict=True):
        assert tb.lookup(query)[0].concept.id == form.concept_id or tb.lookup(query)[0].score == 100
    time_lookups(tb, exact[:200])  # warm the page cache
    rows = []
    for label, queries in (("exact", exact), ("normalised (case, hyphens, ё)", normalised)):
        times = time_lookups(tb, queries)
        rows.append((label, percentile(times, 0.5) * 1e6, percentile(times, 0.95) * 1e6))
    python, floor, lookup = cold_start(args.runs)

    print(f"\n### Lookup on {terms:,} terms ({len(exact)} queries each)\n")
    print("| lookup | p50 µs | p95 µs | target p50 |")
    print("|---|---:|---:|---:|")
    for label, p50, p95 in rows:
        print(f"| {label} | {p50:.0f} | {p95:.0f} | < 100 |")
    print("\n### Cold start (median of", args.runs, "runs)\n")
    print("| command | ms | ratio |")
    print("|---|---:|---:|")
    print(f"| `python -c pass` | {python * 1000:.0f} | 1.00 |")
    print(
        f"| `python -c '{STDLIB_FLOOR}'` (the stdlib it needs) | {floor * 1000:.0f} | {floor / python:.2f} |"
    )
    print(f"| `termbase lookup Baku` | {lookup * 1000:.0f} | {lookup / python:.2f} (target ≤ 3) |")


if __name__ == "__main__":
    main()
