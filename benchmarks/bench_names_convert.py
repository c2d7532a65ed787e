"""Names kept by conversion of running text: termbase's name-keeping conversion beside plain OpenCC.

The text is the bundled article (the zh-Hans side of the glossary's translation memory, CC BY-SA 3.0).
For zh-Hant, zh-Hant-TW and zh-Hant-HK it counts the names recognised in the source text and how
many of them recognition no longer finds after conversion, for the plain conversion (termbase's
OpenCC profile, ``termbase.scripts.convert``, which a user would otherwise run) and for
``termbase.convert`` (names rendered by their curated or derived forms first), and the time each
takes for the whole article (best of 5) with the ratio.

It then compares the word splitting of running text for romanisation: jieba's full dictionary (what
``import jieba; jieba.cut`` loads) against termbase's word list (jieba's words of frequency ≥ 20,
``termbase.textconvert._tokenizer``): the CPU time each takes to load from its cache in a fresh
process, and the article's segments that the two split differently, with the words that differ.

Run: ``python benchmarks/bench_names_convert.py``
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import termbase
from termbase.scripts import convert as plain_convert
from termbase.textconvert import convert_text


def best_of(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    tb = termbase.open()
    article = [u.variants["zh-Hans"] for u in tb.memory.units("zh-Hans")]
    found = [Counter(r.concept_id for r in tb.recognize(s, "zh-Hans")) for s in article]
    names = sum(sum(c.values()) for c in found)
    print(f"article: {len(article)} segments, {sum(map(len, article))} characters, {names} recognised names")
    print(f"{'target':<12}{'lost (plain)':>13}{'lost (kept)':>12}{'plain s':>10}{'kept s':>10}{'ratio':>7}")
    for target in ("zh-Hant", "zh-Hant-TW", "zh-Hant-HK"):
        lost = {}
        for label, convert in (("plain", plain_convert), ("kept", convert_text)):
            lost[label] = sum(
                sum(
                    (
                        before - Counter(r.concept_id for r in tb.recognize(convert(s, target), target))
                    ).values()
                )
                for s, before in zip(article, found, strict=True)
            )
        plain = best_of(5, lambda t=target: [plain_convert(s, t) for s in article])
        kept = best_of(5, lambda t=target: [convert_text(s, t) for s in article])
        print(
            f"{target:<12}{lost['plain']:>13}{lost['kept']:>12}{plain:>10.4f}{kept:>10.4f}{kept / plain:>6.1f}×"
        )

    splitting(article)


_LOAD = """
import logging, time, jieba
jieba.setLogLevel(logging.WARNING)
from termbase.textconvert import _tokenizer
start = time.process_time()
(jieba.dt if {full} else _tokenizer()).cut("俄罗斯", HMM=False).__next__()
print(time.process_time() - start)
"""


def splitting(article: list[str]) -> None:
    import jieba

    from termbase.textconvert import _tokenizer

    print("\nsplitting running text for romanisation (CPU seconds to load, best of 3 fresh processes)")
    for label, full in (("jieba, full dictionary", True), ("termbase, common words", False)):
        times = [
            float(
                subprocess.run(
                    [sys.executable, "-c", _LOAD.format(full=full)],
                    capture_output=True,
                    text=True,
                    check=True,
                    cwd=Path(__file__).resolve().parents[1],
                ).stdout
            )
            for _ in range(3)
        ]
        print(f"  {label:<26}{min(times):>7.2f} s")
    import logging

    from termbase import textconvert

    jieba.setLogLevel(logging.WARNING)
    ours = [convert_text(s, "pinyin") for s in article]
    textconvert._tokenizer = lambda: jieba.dt  # type: ignore[assignment]  # jieba's full dictionary
    try:
        full = [convert_text(s, "pinyin") for s in article]
    finally:
        textconvert._tokenizer = _tokenizer
    differ = [(a, b) for a, b in zip(full, ours, strict=True) if a != b]
    for a, b in differ:
        words_a, words_b = a.split(), b.split()
        print(f"  full: {' '.join(w for w in words_a if w not in words_b)}")
        print(f"  ours: {' '.join(w for w in words_b if w not in words_a)}")
    print(f"  pinyin of {len(differ)} of {len(article)} segments differs (names are found before splitting)")


if __name__ == "__main__":
    main()
