"""Throughput of ``termbase.convert`` against the library it wraps, side by side.

It measures the conversion engine: ``termbase.convert(..., keep_names=False)``. Keeping the
termbase's names in Chinese running text (the default) adds the recognition of the text; its cost
and effect are measured by ``benchmarks/bench_names_convert.py``.

Usage: ``python benchmarks/bench_convert.py [--size-mb 1] [--repeat 3] [--reimpl-dir DIR]``

Builds about ``--size-mb`` MB (UTF-8) of realistic text per language: the zh-Wikipedia
article 俄罗斯—阿塞拜疆关系 (its sentences in the bundled memory, glossary/memory/article.toml)
shuffled and repeated, and Russian and Azerbaijani text from the bundled glossary's terms and
definitions. Then times ``termbase.convert(text, to=...)`` and the underlying primitive on the
same text (best of ``--repeat`` runs) and prints a markdown table; the goal is a ratio ≤ 1.10.

For Chinese a second table sets side by side, in chars/s: ``termbase.convert`` (the engine in
use), the official OpenCC called directly, termbase's pure-Python engine, and
opencc-python-reimplemented. The reimplementation installs an import package named ``opencc``
too, so it cannot share an environment with the official one: install it apart
(``pip install --target DIR opencc-python-reimplemented``) and pass ``--reimpl-dir DIR``; it
is then timed in a subprocess on the same text.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import termbase  # noqa: E402

ARTICLE = REPO / "glossary" / "memory" / "article.toml"


def _glossary_texts(langs: tuple[str, ...]) -> list[str]:
    """Terms and definitions in ``langs`` from glossary/concepts/*.toml."""
    texts: list[str] = []
    for path in sorted((REPO / "glossary" / "concepts").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        texts += [t["text"] for t in data.get("terms", []) if t.get("lang") in langs]
        for field in ("definition", "note"):
            section = data.get(field, {})
            if isinstance(section, dict):
                texts += [v for k, v in section.items() if k in langs and isinstance(v, str)]
    return texts


def _build(pieces: list[str], size_mb: float, sep: str, seed: int) -> str:
    """Shuffle and repeat ``pieces`` until the text reaches ``size_mb`` MB of UTF-8."""
    if not pieces:
        return ""
    rng = random.Random(seed)
    target = int(size_mb * 1_000_000)
    out: list[str] = []
    size = 0
    while size < target:
        batch = pieces[:]
        rng.shuffle(batch)
        for piece in batch:
            out.append(piece)
            size += len(piece.encode("utf-8")) + len(sep)
            if size >= target:
                break
    return sep.join(out)


def chinese_text(size_mb: float) -> str:
    units = tomllib.loads(ARTICLE.read_text(encoding="utf-8"))["unit"]
    sentences = [u["zh-Hans"] for u in units if u.get("zh-Hans", "").strip()]
    return _build(sentences, size_mb, "\n", seed=1)


def _best_pair(ours: Callable[[], object], theirs: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Best time of each of two functions, runs interleaved so that machine load hits both alike."""
    best = [float("inf"), float("inf")]
    for _ in range(repeat):
        for i, function in enumerate((ours, theirs)):
            start = time.perf_counter()
            function()
            best[i] = min(best[i], time.perf_counter() - start)
    return best[0], best[1]


def _rows(size_mb: float) -> list[tuple[str, str, str, Callable[[], object] | None]]:
    """(scheme, direct primitive's name, text, direct callable or None with a reason printed)."""
    rows: list[tuple[str, str, str, Callable[[], object] | None]] = []
    zh = chinese_text(size_mb)

    import pypinyin

    rows.append(("pinyin", "pypinyin.pinyin (Style.TONE)", zh, lambda: pypinyin.pinyin(zh)))

    ru = _build(_glossary_texts(("ru",)), size_mb, " ", seed=2)
    try:
        from termbase.scripts import russian

        table = russian._iso9_tables()[0]
        rows.append(("iso9", "str.translate (ISO 9 table)", ru, lambda: ru.translate(table)))
    except (ImportError, AttributeError) as error:
        print(f"skipping iso9: termbase.scripts.russian not usable ({error})", file=sys.stderr)

    az = _build(_glossary_texts(("az-Latn",)), size_mb, " ", seed=3)
    try:
        from termbase.scripts import azerbaijani

        az_table = azerbaijani._tables()[0]
        rows.append(
            ("az-Cyrl", "str.translate (az Latin→Cyrillic table)", az, lambda: az.translate(az_table))
        )
    except (ImportError, AttributeError) as error:
        print(f"skipping az-Cyrl: termbase.scripts.azerbaijani not usable ({error})", file=sys.stderr)
    return rows


_REIMPL_SCRIPT = """
import sys, time, opencc
text = sys.stdin.read()
converter = opencc.OpenCC(sys.argv[1])
converter.convert(text[:1000])
best = float("inf")
for _ in range(int(sys.argv[2])):
    start = time.perf_counter()
    converter.convert(text)
    best = min(best, time.perf_counter() - start)
print(best)
"""


def _reimpl_seconds(text: str, profile: str, repeat: int, folder: str) -> float:
    """Best time of opencc-python-reimplemented (installed in ``folder``) over ``text``."""
    import os
    import subprocess

    env = dict(os.environ, PYTHONPATH=folder)
    done = subprocess.run(
        [sys.executable, "-c", _REIMPL_SCRIPT, profile, str(repeat)],
        input=text,
        capture_output=True,
        text=True,
        env=env,
        check=True,
        cwd=folder,
    )
    return float(done.stdout.strip())


def chinese_engines(size_mb: float, repeat: int, reimpl_dir: str | None) -> None:
    """termbase.convert vs official OpenCC vs termbase's Python engine vs the reimplementation."""
    from termbase.scripts import chinese

    zh = chinese_text(size_mb)
    print(
        f"\nChinese engines (termbase's engine in use: {chinese.ENGINE}), chars/s over {len(zh):,} chars:\n"
    )
    print(
        "| scheme (profile) | termbase.convert | official OpenCC direct | ratio | "
        "termbase pure-Python engine | opencc-python-reimplemented |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    import opencc

    plain = chinese.fold_to_simplified(zh)  # the article's few Traditional characters (關係 in URLs) folded
    rows = [
        (n, p, t, label)
        for n, p in (("zh-Hant", "s2t"), ("zh-Hant-TW", "s2twp"))
        for t, label in ((zh, "article"), (plain, "article, Simplified only"))
    ]
    for name, profile, zh, label in rows:
        official = opencc.OpenCC(profile)
        termbase.convert(zh[:1000], to=name, keep_names=False)
        ours, theirs = _best_pair(
            lambda: termbase.convert(zh, to=name, keep_names=False),  # noqa: B023
            lambda: official.convert(zh),  # noqa: B023
            repeat,
        )
        python_engine = chinese._converter(profile, "python")
        python_engine(zh[:1000])
        start = time.perf_counter()
        python_engine(zh)
        python_seconds = time.perf_counter() - start
        reimpl = "not run (see --reimpl-dir)"
        if reimpl_dir:
            reimpl = f"{len(zh) / _reimpl_seconds(zh, profile, 1, reimpl_dir):,.0f}"
        print(
            f"| {name} ({profile}), {label} | {len(zh) / ours:,.0f} | {len(zh) / theirs:,.0f} | {ours / theirs:.2f} "
            f"| {len(zh) / python_seconds:,.0f} | {reimpl} |"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--size-mb", type=float, default=1.0, help="text size per language, MB of UTF-8")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best is kept")
    parser.add_argument("--only-chinese", action="store_true", help="only the table of Chinese engines")
    parser.add_argument(
        "--reimpl-dir", help="a folder holding opencc-python-reimplemented (pip install --target DIR ...)"
    )
    args = parser.parse_args(argv)

    print("| scheme | chars | termbase.convert chars/s | direct | direct chars/s | ratio (termbase/direct) |")
    print("| --- | ---: | ---: | --- | ---: | ---: |")
    for name, direct_name, text, direct in [] if args.only_chinese else _rows(args.size_mb):
        if direct is None or not text:
            continue
        termbase.convert(text[:1000], to=name, keep_names=False)  # load modules and tables outside the timing
        direct()
        ours, theirs = _best_pair(
            lambda: termbase.convert(text, to=name, keep_names=False),  # noqa: B023
            direct,
            args.repeat,
        )
        print(
            f"| {name} | {len(text):,} | {len(text) / ours:,.0f} | {direct_name} | {len(text) / theirs:,.0f} "
            f"| {ours / theirs:.2f} |"
        )
    chinese_engines(args.size_mb, args.repeat, args.reimpl_dir)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
