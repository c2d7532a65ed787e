"""Benchmark: termbase's streaming TMX reader and writer against bare lxml and translate-toolkit.

Run ``python benchmarks/bench_tmx.py --units 100000 [--units 1000000]``. For each size it

1. exports N translation units in four languages (zh-Hans, ru, az-Latn, en) with
   :func:`termbase.formats.tmx.write_tmx` and with translate-toolkit's ``tmxfile`` (add units,
   ``serialize``), from the same plain data held in memory, timing the export only;
2. reads the termbase file with :func:`read_tmx` (counting units), with a bare
   ``lxml.etree.iterparse`` pass over ``tu`` elements that clears them, and with
   translate-toolkit's ``tmxfile`` load (counting ``units``).

Every measurement runs ``--repeat`` times (default 3; the fastest time and the largest peak
memory are shown), each in its own subprocess, which reports wall time and its peak resident
memory (``resource.getrusage(RUSAGE_SELF).ru_maxrss``, kilobytes on Linux). Peak memory
includes the interpreter and imports (a bare ``python -c 'import lxml.etree'`` is shown as
the baseline) and, for exports, the input data held in memory. translate-toolkit is skipped
at sizes above ``--tt-max`` (default 1,000,000) units.

Targets: read within 1.5x bare iterparse; peak memory of read_tmx below 100 MB at every
size; export at least as fast as translate-toolkit.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

LANGS = ("zh-Hans", "ru", "az-Latn", "en")
_HAN = "俄罗斯阿塞拜疆巴库莫斯科圣彼得堡叶卡捷琳堡关系总统大使馆领事共同声明合作原则战争条约国家人民"
_WORDS = {
    "ru": [
        "Россия",
        "Азербайджан",
        "Баку",
        "Москва",
        "отношения",
        "посольство",
        "президент",
        "договор",
        "сотрудничество",
        "и",
        "в",
    ],
    "az-Latn": [
        "Rusiya",
        "Azərbaycan",
        "Bakı",
        "Moskva",
        "münasibətləri",
        "səfirlik",
        "prezident",
        "müqavilə",
        "İlham",
        "və",
        "ilə",
    ],
    "en": [
        "Russia",
        "Azerbaijan",
        "Baku",
        "Moscow",
        "relations",
        "embassy",
        "president",
        "treaty",
        "cooperation",
        "and",
        "the",
        "of",
    ],
}


def _segments(count: int, seed: int = 7) -> Iterator[tuple[str, dict[str, str]]]:
    """Deterministic unit data: (id, {lang: text}); about 40-80 characters a variant."""
    rng = random.Random(seed)
    for n in range(count):
        variants = {"zh-Hans": "".join(rng.choice(_HAN) for _ in range(rng.randint(12, 30))) + "。"}
        for lang, words in _WORDS.items():
            variants[lang] = " ".join(rng.choice(words) for _ in range(rng.randint(6, 12))) + "."
        if n % 50 == 0:
            variants["en"] += " R&D <b>"  # some text that needs escaping
        yield f"u{n}", variants


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ------------------------------------------------------------------------------------------ children


def child_write_termbase(path: str, count: int) -> dict[str, Any]:
    from termbase.formats.tmx import write_tmx
    from termbase.model import TranslationUnit

    data = list(_segments(count))
    start = time.perf_counter()
    with open(path, "wb") as out:
        written = write_tmx(out, units=(TranslationUnit(i, v) for i, v in data), source="en", inline="plain")
    return {"seconds": time.perf_counter() - start, "count": written}


def child_write_termbase_stream(path: str, count: int) -> dict[str, Any]:
    """write_tmx fed by a generator: shows the writer's own memory stays flat (time includes generation)."""
    from termbase.formats.tmx import write_tmx
    from termbase.model import TranslationUnit

    start = time.perf_counter()
    with open(path, "wb") as out:
        written = write_tmx(out, units=(TranslationUnit(i, v) for i, v in _segments(count)), inline="plain")
    return {"seconds": time.perf_counter() - start, "count": written}


def child_write_tt(path: str, count: int) -> dict[str, Any]:
    from translate.storage.tmx import tmxfile

    data = list(_segments(count))
    start = time.perf_counter()
    store: Any = tmxfile(sourcelanguage="en")
    for _, variants in data:
        unit = store.addsourceunit(variants["en"])
        for lang in ("zh-Hans", "ru", "az-Latn"):
            unit.xmlelement.append(unit.createlanguageNode(lang, variants[lang], "target"))
    with open(path, "wb") as out:
        store.serialize(out)
    return {"seconds": time.perf_counter() - start, "count": len(store.units)}


def child_read_termbase(path: str) -> dict[str, Any]:
    from termbase.formats.tmx import read_tmx

    start = time.perf_counter()
    count = sum(1 for _ in read_tmx(path))
    return {"seconds": time.perf_counter() - start, "count": count}


def child_read_iterparse(path: str) -> dict[str, Any]:
    from lxml import etree

    start = time.perf_counter()
    count = 0
    for _, element in etree.iterparse(
        path, events=("end",), tag="tu", resolve_entities=False, no_network=True
    ):
        count += 1
        element.clear()
        parent = element.getparent()
        while element.getprevious() is not None:
            del parent[0]
    return {"seconds": time.perf_counter() - start, "count": count}


def child_read_floor(path: str) -> dict[str, Any]:
    """The least any reader returning text does: iterparse plus a {lang: text} dict per tu."""
    from lxml import etree

    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    start = time.perf_counter()
    count = 0
    for _, element in etree.iterparse(
        path, events=("end",), tag="tu", resolve_entities=False, no_network=True
    ):
        variants = {tuv.get(xml_lang): tuv[-1].text for tuv in element}
        count += len(variants) > 0
        element.clear()
        parent = element.getparent()
        while element.getprevious() is not None:
            del parent[0]
    return {"seconds": time.perf_counter() - start, "count": count}


def child_read_tt(path: str) -> dict[str, Any]:
    from translate.storage.tmx import tmxfile

    start = time.perf_counter()
    with open(path, "rb") as handle:
        store = tmxfile(handle)
    count = len(store.units)
    return {"seconds": time.perf_counter() - start, "count": count}


def child_baseline(path: str) -> dict[str, Any]:
    import lxml.etree  # noqa: F401

    import termbase.formats.tmx  # noqa: F401

    return {"seconds": 0.0, "count": 0}


CHILDREN = {
    "write-termbase": child_write_termbase,
    "write-tt": child_write_tt,
    "write-termbase-stream": child_write_termbase_stream,
    "read-termbase": child_read_termbase,
    "read-iterparse": child_read_iterparse,
    "read-floor": child_read_floor,
    "read-tt": child_read_tt,
    "baseline": child_baseline,
}


def run_child(kind: str, path: Path, count: int, repeat: int) -> dict[str, Any]:
    """Run one measurement in fresh interpreters ``repeat`` times; the fastest run, the largest RSS."""
    repo = Path(__file__).resolve().parents[1]
    env = dict(os.environ, PYTHONPATH=str(repo) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    command = [sys.executable, __file__, "--child", kind, "--path", str(path), "--units", str(count)]
    best: dict[str, Any] = {}
    for _ in range(repeat):
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
        if done.returncode != 0:
            lines = done.stderr.strip().splitlines()
            return {"error": lines[-1] if lines else f"exit {done.returncode}"}
        result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
        if not best:
            best = result
        else:
            best["maxrss_mb"] = max(best["maxrss_mb"], result["maxrss_mb"])
            best["seconds"] = min(best["seconds"], result["seconds"])
    return best


# ------------------------------------------------------------------------------------------ driver


def _fmt(result: dict[str, Any], key: str, digits: int = 2) -> str:
    if "error" in result:
        return "failed"
    if "skipped" in result:
        return "skipped"
    return f"{result[key]:.{digits}f}"


def bench(count: int, workdir: Path, tt_max: int, repeat: int) -> list[str]:
    ours = workdir / f"termbase-{count}.tmx"
    theirs = workdir / f"tt-{count}.tmx"
    use_tt = count <= tt_max
    skipped: dict[str, Any] = {"skipped": True}
    results = {
        "baseline": run_child("baseline", ours, 0, 1),
        "write-termbase": run_child("write-termbase", ours, count, repeat),
        "write-tt": run_child("write-tt", theirs, count, repeat) if use_tt else skipped,
        "write-termbase-stream": run_child(
            "write-termbase-stream", workdir / f"stream-{count}.tmx", count, 1
        ),
        "read-termbase": run_child("read-termbase", ours, count, repeat),
        "read-iterparse": run_child("read-iterparse", ours, count, repeat),
        "read-floor": run_child("read-floor", ours, count, repeat),
        "read-tt": run_child("read-tt", ours, count, repeat) if use_tt else skipped,
    }
    for name, result in results.items():
        if "error" in result:
            print(f"  {name}: {result['error']}", file=sys.stderr)
    size_mb = ours.stat().st_size / 1e6
    base = results["read-iterparse"].get("seconds") or float("nan")
    tt_write = results["write-tt"].get("seconds") or float("nan")
    rows = [
        f"\n### {count:,} units, 4 languages ({size_mb:.0f} MB TMX)\n",
        "| measurement | units | seconds | ratio | peak RSS (MB) |",
        "|---|---:|---:|---:|---:|",
    ]

    def row(label: str, key: str, ref: float, ref_name: str) -> None:
        result = results[key]
        ratio = "" if "seconds" not in result else f"{result['seconds'] / ref:.2f}x {ref_name}"
        units = str(result.get("count", "")) if "count" in result else ""
        rows.append(
            f"| {label} | {units} | {_fmt(result, 'seconds')} | {ratio} | {_fmt(result, 'maxrss_mb', 1)} |"
        )

    rows.append(
        f"| interpreter + lxml + termbase imports | | | | {_fmt(results['baseline'], 'maxrss_mb', 1)} |"
    )
    row("read: bare lxml iterparse + clear", "read-iterparse", base, "iterparse")
    row("read: iterparse + {lang: text} dict per tu (no objects)", "read-floor", base, "iterparse")
    row("read: termbase read_tmx", "read-termbase", base, "iterparse")
    row("read: translate-toolkit tmxfile", "read-tt", base, "iterparse")
    row("export: termbase write_tmx", "write-termbase", tt_write, "tt")
    row("export: translate-toolkit tmxfile.serialize", "write-tt", tt_write, "tt")
    row("export: write_tmx from a generator (incl. generating)", "write-termbase-stream", tt_write, "tt")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--units", type=int, action="append", help="units per file (repeatable)")
    parser.add_argument(
        "--tt-max", type=int, default=1_000_000, help="largest size translate-toolkit runs at"
    )
    parser.add_argument("--keep", help="directory to keep the generated files in (default: a temp dir)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the fastest is shown")
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sizes = args.units or [100_000]
    if args.child:
        function: Any = CHILDREN[args.child]
        result = function(args.path, sizes[0]) if args.child.startswith("write") else function(args.path)
        result["maxrss_mb"] = _maxrss_mb()
        print(json.dumps(result))
        return 0
    import lxml.etree

    print(
        f"Python {sys.version.split()[0]}, lxml {lxml.etree.__version__}, libxml2 {lxml.etree.LIBXML_VERSION}"
    )
    with tempfile.TemporaryDirectory(prefix="bench_tmx_") as tmp:
        workdir = Path(args.keep) if args.keep else Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        for count in sizes:
            start = time.perf_counter()
            print("\n".join(bench(count, workdir, args.tt_max, args.repeat)))
            print(f"\n(size {count:,} took {time.perf_counter() - start:.0f} s in all)")
            for leftover in workdir.glob(f"*-{count}.tmx"):
                if not args.keep:
                    leftover.unlink()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
