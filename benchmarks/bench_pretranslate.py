"""Pretranslating an XLIFF file from a large memory: termbase vs translate-toolkit's pretranslate.

The memory is generated as ``bench_memory.py`` generates it (the article's segments recombined,
zh-Hans and ru); the XLIFF 1.2 file holds ``--units`` zh-Hans segments: a third copied from the
memory (exact matches), the rest edited copies and recombinations (fuzzy matches or none).
termbase runs :func:`termbase.pretranslate.pretranslate` on a termbase holding the memory;
translate-toolkit runs ``translate.tools.pretranslate.pretranslate_file`` with its matcher
(``translate.search.match.matcher``, built over the same units, ``max_candidates=1``, the same
minimum score). Both are timed end to end (reading, matching, writing; the index and matcher
builds are shown apart), and every segment's best match is compared: each side's match is scored
with termbase's similarity against the segment, so "better" means closer by the same measure.

    python benchmarks/bench_pretranslate.py [--memory 100000] [--units 2000] [--min 75] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_memory import generate, queries, ttk_matcher

import termbase
from termbase.formats.xliff12 import write_xliff12
from termbase.pretranslate import pretranslate

X12 = "{urn:oasis:names:tc:xliff:document:1.2}"


def similarity(a: str, b: str, lang: str) -> int:
    try:
        from termbase.memory import similarity as score
    except ImportError:  # the memory package keeps scoring in its own module
        from termbase.memory.scoring import similarity as score  # type: ignore[no-redef]
    return int(score(a, b, lang))


def document(units: list[Any], count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    exact = [rng.choice(units).variants["zh-Hans"] for _ in range(count // 3)]
    edited = queries(units, "zh-Hans", count - len(exact), seed + 7)
    texts = exact + edited
    rng.shuffle(texts)
    return texts


def ttk_matches(path: Path) -> dict[str, str | None]:
    """The match translate-toolkit chose for each unit: its alt-trans source (None: no match)."""
    from lxml import etree

    found: dict[str, str | None] = {}
    for unit in etree.parse(str(path)).getroot().iter(f"{X12}trans-unit"):
        alt = unit.find(f"{X12}alt-trans")
        found[unit.get("id", "")] = None if alt is None else "".join(alt.find(f"{X12}source").itertext())  # type: ignore[union-attr]
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--memory", type=int, default=100_000, help="units in the memory")
    parser.add_argument("--units", type=int, default=2_000, help="segments in the XLIFF file")
    parser.add_argument("--min", dest="min_score", type=int, default=75)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    units = generate(args.memory, args.seed)
    texts = document(units, args.units, args.seed)
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        source = base / "in.xlf"
        with source.open("wb") as out:
            write_xliff12(out, ((str(i), t, None) for i, t in enumerate(texts)), "zh-Hans", "ru")
        tb = termbase.open(base / "memory.tb")
        start = time.perf_counter()
        tb.memory.add_units(units)
        load = time.perf_counter() - start
        start = time.perf_counter()
        tb.memory.search(texts[0], source="zh-Hans", target="ru", min_score=args.min_score, limit=1)
        index = time.perf_counter() - start

        start = time.perf_counter()
        result = pretranslate(tb, source, base / "ours.xlf", min_score=args.min_score)
        ours = time.perf_counter() - start
        tb.close()

        from translate.tools import pretranslate as ttk

        start = time.perf_counter()
        matcher = ttk_matcher(units, "zh-Hans", "ru")
        matcher.setparameters(max_candidates=1, min_similarity=args.min_score, max_length=1000)
        ttk_build = time.perf_counter() - start
        ttk.tmmatcher = matcher  # what ttk.memory() would build from TM files, over the same units
        # An empty template: without one, pretranslate_store fails looking an exact match up in it.
        empty = base / "empty.xlf"
        with empty.open("wb") as out:
            write_xliff12(out, [], "zh-Hans", "ru")
        start = time.perf_counter()
        with source.open("rb") as given, (base / "ttk.xlf").open("wb") as written, empty.open("rb") as blank:
            ttk.pretranslate_file(given, written, blank, tm="(prebuilt)", min_similarity=args.min_score)
        theirs = time.perf_counter() - start
        chosen = ttk_matches(base / "ttk.xlf")

    by_id = {r.id: r for r in result.segments}
    better = same = worse = 0
    ours_only = theirs_only = 0
    for number, text in enumerate(texts):
        mine = by_id[str(number)]
        our_score = mine.score if mine.outcome in ("translated", "review") else None
        their_source = chosen.get(str(number))
        their_score = similarity(text, their_source, "zh-Hans") if their_source is not None else None
        if our_score is None and their_score is None:
            continue
        if their_score is None:
            ours_only += 1
        elif our_score is None:
            theirs_only += 1
        elif our_score > their_score:
            better += 1
        elif our_score == their_score:
            same += 1
        else:
            worse += 1
    n = len(texts)
    print(
        f"memory: {args.memory:,} units (zh-Hans + ru); XLIFF 1.2: {n:,} segments; min score {args.min_score}"
    )
    print(f"loading the memory into SQLite: {load:.1f} s; termbase index build: {index:.1f} s;")
    print(f"translate-toolkit matcher build: {ttk_build:.1f} s\n")
    print("| | termbase `pretranslate` | translate-toolkit `pretranslate` | ratio |")
    print("|---|---:|---:|---:|")
    print(f"| time (read, match, write) | {ours:.1f} s | {theirs:.1f} s | {theirs / ours:.1f}× |")
    print(f"| segments/s | {n / ours:,.0f} | {n / theirs:,.0f} | |")
    matched_ours = sum(1 for r in result.segments if r.outcome in ("translated", "review"))
    matched_theirs = sum(1 for v in chosen.values() if v is not None)
    print(f"| segments matched | {matched_ours:,} | {matched_theirs:,} | |")
    print(
        f"\nbest match, scored by termbase's similarity: termbase better {better}, same {same}, worse {worse};"
        f" only termbase found one {ours_only}, only translate-toolkit {theirs_only}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
