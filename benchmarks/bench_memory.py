"""Fuzzy search in a 100,000-unit translation memory: termbase vs translate-toolkit's matcher.

The memory is generated: sentences recombined from the article's own segments
(glossary/memory/*.toml, zh-Hans and ru) with random names and numbers. Queries are units
of the memory with 1–4 random edits, or new recombinations. For every query the script
checks that the indexed search's best score equals an exhaustive scan's, and times the
same queries against ``translate.search.match.matcher`` built over the same units. termbase
is timed twice: warm (a long-running process: after its first search a Memory answers from
an index in memory) and through the stored index alone (what a cold CLI process reads).

    python benchmarks/bench_memory.py [--units 100000] [--queries 200] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from termbase.memory import Memory, bundled_units
from termbase.model import TranslationUnit
from termbase.store import Store

ZH_NAMES = [
    "普京",
    "梅德韦杰夫",
    "阿利耶夫",
    "穆塔利博夫",
    "埃利奇别伊",
    "拉夫罗夫",
    "帕希尼扬",
    "巴巴扬",
    "纳扎尔巴耶夫",
]
ZH_NAMES += ["盖达尔", "叶利钦", "舒舍", "占贾", "苏姆盖特", "纳希切万", "杰尔宾特", "阿斯特拉罕", "喀山"]
RU_NAMES = ["Путин", "Медведев", "Алиев", "Муталибов", "Эльчибей", "Лавров", "Пашинян", "Бабаян", "Назарбаев"]
RU_NAMES += ["Гейдар", "Ельцин", "Шуша", "Гянджа", "Сумгаит", "Нахичевань", "Дербент", "Астрахань", "Казань"]


def _phrases(texts: Sequence[str], splitter: str) -> list[str]:
    out = []
    for text in texts:
        for piece in re.split(splitter, text):
            piece = piece.strip()
            if len(piece) >= 2 and not piece.startswith("http"):
                out.append(piece)
    return sorted(set(out))


def generate(count: int, seed: int) -> list[TranslationUnit]:
    """``count`` units in zh-Hans and ru, recombined from the article's segments."""
    article = [u for u in bundled_units() if "ru" in u.variants]
    if not article:
        sys.exit("glossary/memory/*.toml has no units: nothing to recombine")
    zh = _phrases([u.variants["zh-Hans"] for u in article], r"[，；、。（）：“”《》]")
    ru = _phrases([u.variants["ru"] for u in article], r"[,;.:()«»]")
    rng = random.Random(seed)
    units = []
    for i in range(count):
        k = rng.randint(1, 3)
        zh_parts, ru_parts = rng.sample(zh, k), rng.sample(ru, k)
        if rng.random() < 0.6:
            year, name = rng.randint(1900, 2030), rng.randrange(len(ZH_NAMES))
            zh_parts.insert(rng.randrange(k + 1), f"{year}年{ZH_NAMES[name]}")
            ru_parts.insert(rng.randrange(k + 1), f"в {year} году {RU_NAMES[name]}")
        units.append(
            TranslationUnit(f"g{i}", {"zh-Hans": "，".join(zh_parts) + "。", "ru": ", ".join(ru_parts) + "."})
        )
    return units


def mutate(text: str, rng: random.Random, alphabet: str) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 4)):
        where = rng.randrange(len(chars))
        action = rng.random()
        if action < 0.4:
            chars[where] = rng.choice(alphabet)
        elif action < 0.7 and len(chars) > 2:
            del chars[where]
        else:
            chars.insert(where, rng.choice(alphabet))
    return "".join(chars)


def queries(units: list[TranslationUnit], lang: str, n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    alphabet = "的国俄在年亚总新大和了" if lang == "zh-Hans" else "аеиоснтрвлк "
    sep = "，" if lang == "zh-Hans" else ", "
    out = []
    for _ in range(n):
        text = rng.choice(units).variants[lang]
        if rng.random() < 0.25:  # a new recombination: half of one unit, half of another
            other = rng.choice(units).variants[lang]
            text = sep.join(text.split(sep)[:1] + other.split(sep)[1:])
        out.append(mutate(text, rng, alphabet))
    return out


def timed(function: Callable[[str], Any], items: Sequence[str]) -> tuple[list[float], list[Any]]:
    times, results = [], []
    for item in items:
        start = time.perf_counter()
        results.append(function(item))
        times.append((time.perf_counter() - start) * 1000)
    return times, results


def p(values: list[float], q: float) -> float:
    return (
        statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] if len(values) > 1 else values[0]
    )


def ttk_matcher(units: list[TranslationUnit], source: str, target: str) -> Any:
    from translate.search.match import matcher
    from translate.storage import base

    # matcher.matches keeps a heap of (similarity, unit) pairs, so two candidates with the same
    # similarity make it compare units, which raises TypeError; give units an order (by identity).
    unit_class: Any = base.TranslationUnit
    if "__lt__" not in vars(unit_class):
        unit_class.__lt__ = lambda a, b: id(a) < id(b)
    store: Any = base.TranslationStore()
    for unit in units:
        tu = store.UnitClass(unit.variants[source])
        tu.target = unit.variants[target]
        store.addunit(tu)
    # max_length large enough that no sentence of the memory is left out (its default is 70 characters)
    return matcher(store, max_candidates=5, min_similarity=70, max_length=10_000)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    units = generate(args.units, args.seed)
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "bench.tb")
        memory = Memory(store)
        start = time.perf_counter()
        memory.add_units(units)
        load = time.perf_counter() - start
        rows = []
        for source, target in (("zh-Hans", "ru"), ("ru", "zh-Hans")):
            qs = queries(units, source, args.queries, args.seed + 1)
            memory.search(qs[0], source=source, target=target)  # the first search reads the stored index
            start = time.perf_counter()
            memory.search(qs[0], source=source, target=target)  # the second builds the warm index
            build = time.perf_counter() - start
            stored = Memory(store)
            stored.warm_limit = 0  # every search through the stored index, as a cold process

            def cold(q: str, source: str = source, target: str = target, stored: Memory = stored) -> Any:
                return stored.search(q, source=source, target=target, min_score=70, limit=5)

            def ours(q: str, source: str = source, target: str = target) -> Any:
                return memory.search(q, source=source, target=target, min_score=70, limit=5)

            def scan(q: str, source: str = source, target: str = target) -> Any:
                return memory.search(q, source=source, target=target, min_score=70, limit=5, exhaustive=True)

            ours_ms, ours_res = timed(ours, qs)
            cold_ms, cold_res = timed(cold, qs)
            scan_ms, scan_res = timed(scan, qs)
            agree, cold_agree = (
                sum(
                    [m.score for m in a[:1]] == [m.score for m in b[:1]]
                    for a, b in zip(results, scan_res, strict=True)
                )
                for results in (ours_res, cold_res)
            )
            found = sum(bool(r) for r in scan_res)
            start = time.perf_counter()
            tm = ttk_matcher(units, source, target)
            ttk_build = time.perf_counter() - start
            ttk_ms, ttk_res = timed(tm.matches, qs)
            ttk_found = sum(bool(r) for r in ttk_res)
            rows.append(
                (
                    (source, target, build, ours_ms, cold_ms, scan_ms, agree, cold_agree),
                    (found, ttk_build, ttk_ms, ttk_found, len(qs)),
                )
            )
        store.close()

    print(f"{args.units:,} units (zh-Hans + ru), {args.queries} queries per direction, top-5, min score 70;")
    print(f"loading the units into SQLite: {load:.1f} s\n")
    print(
        "| direction | warm index build | termbase warm p50 / p95 | stored index p50 / p95 "
        "| exhaustive scan p50 | best = scan's (warm / stored) | "
        "ttk matcher p50 / p95 | ttk ratio (p50, warm) | matched (termbase / ttk) |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for (source, target, build, ours_ms, cold_ms, scan_ms, agree, cold_agree), tail in rows:
        found, ttk_build, ttk_ms, ttk_found, n = tail
        print(
            f"| {source} → {target} | {build:.1f} s (ttk {ttk_build:.1f} s) "
            f"| {p(ours_ms, 50):.1f} / {p(ours_ms, 95):.1f} ms | {p(cold_ms, 50):.1f} / {p(cold_ms, 95):.1f} ms "
            f"| {p(scan_ms, 50):.0f} ms | {agree}/{n} / {cold_agree}/{n} | {p(ttk_ms, 50):.1f} / {p(ttk_ms, 95):.1f} ms "
            f"| {p(ttk_ms, 50) / p(ours_ms, 50):.1f}× | {found} / {ttk_found} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
