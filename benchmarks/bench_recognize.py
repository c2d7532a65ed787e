"""Term recognition speed: a 100,000-term termbase, ~5 MB of text, against a naive loop over terms.

The termbase is the bundled glossary's forms plus 25,000 synthetic names in each of ru,
az-Latn, en and zh-Hans (deterministic, seeded). The text, about 1.25 MB (UTF-8) per
language, mixes filler words with those names, inflected as running text has them
(Russian case endings, Azerbaijani case suffixes, English plurals and possessives).

For each language it prints the time to build the automaton, to recognise the text the
first time (every distinct word analysed: pymorphy3 for Russian) and again (word analyses
cached), the throughput in MB/s (10^6 bytes of UTF-8 per second), and the time a naive
recogniser would take: ``str.find`` of every term of that language over the case-folded
text, timed on a 20,000-character sample and scaled to the full text. The naive loop finds
only exact forms, so it does less than the recogniser does.

Run: ``python benchmarks/bench_recognize.py [--names 25000] [--mb 1.25]``
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from termbase.recognize import Recognizer
from termbase.recognize.azerbaijani import az_inflect

RU_SYLLABLES = [
    "ка",
    "ра",
    "ма",
    "на",
    "ла",
    "ба",
    "да",
    "за",
    "та",
    "са",
    "ро",
    "во",
    "го",
    "мо",
    "ли",
    "ми",
    "ни",
    "ви",
    "ше",
    "же",
    "ку",
    "бу",
    "ду",
    "ту",
    "зу",
]
AZ_SYLLABLES = [
    "qa",
    "ra",
    "ma",
    "na",
    "la",
    "ba",
    "da",
    "za",
    "ta",
    "sa",
    "ro",
    "və",
    "gö",
    "mü",
    "li",
    "mi",
    "ni",
    "vi",
    "şə",
    "cə",
    "xa",
    "bu",
    "du",
    "tü",
    "zü",
]
EN_SYLLABLES = [
    "ka",
    "ra",
    "ma",
    "na",
    "la",
    "ba",
    "da",
    "za",
    "ta",
    "sa",
    "ro",
    "vo",
    "go",
    "mo",
    "li",
    "mi",
    "ni",
    "vi",
    "she",
    "je",
    "ku",
    "bu",
    "du",
    "tu",
    "zu",
]
HAN_NAME_CHARS = "阿巴卡达叶费加哈伊科拉马纳奥帕萨塔乌瓦谢尔夫斯基诺娃克洛德列维奇托博戈尼亚库兹米哈伊洛"


def _name(rng: random.Random, syllables: list[str], parts: tuple[int, int]) -> str:
    return "".join(rng.choice(syllables) for _ in range(rng.randint(*parts)))


def synthetic_terms(count: int, seed: int = 7) -> dict[str, list[str]]:
    """``count`` distinct synthetic names per language (some of two words, like a person's name)."""
    rng = random.Random(seed)
    out: dict[str, list[str]] = {}
    for lang, syllables, suffix in (
        ("ru", RU_SYLLABLES, "ов"),
        ("az-Latn", AZ_SYLLABLES, "stan"),
        ("en", EN_SYLLABLES, "son"),
    ):
        names: set[str] = set()
        while len(names) < count:
            name = (_name(rng, syllables, (2, 4)) + suffix).capitalize()
            if rng.random() < 0.3:
                name = _name(rng, syllables, (2, 3)).capitalize() + " " + name
            names.add(name)
        out[lang] = sorted(names)
    han: set[str] = set()
    while len(han) < count:
        han.add("".join(rng.choice(HAN_NAME_CHARS) for _ in range(rng.randint(3, 5))))
    out["zh-Hans"] = sorted(han)
    return out


def _inflect(lang: str, name: str, rng: random.Random) -> str:
    if lang == "ru":  # surnames in -ов: genitive -а, dative -у, instrumental -ым, prepositional -е
        return name + rng.choice(["", "а", "у", "ым", "е"])
    if lang == "az-Latn":
        return az_inflect(name, *rng.choice([(), ("gen",), ("dat",), ("loc",), ("abl",), ("ins",)]))
    if lang == "en":
        return name + rng.choice(["", "'s", "s"])
    return name


def make_text(lang: str, names: list[str], size_bytes: int, seed: int = 11) -> str:
    """Filler words with a name every few words, until ``size_bytes`` of UTF-8."""
    rng = random.Random(seed)
    if lang == "zh-Hans":
        name_chars = set(HAN_NAME_CHARS)
        han_filler = [c for c in map(chr, range(0x4E00, 0x9FA6)) if c not in name_chars]
        pieces: list[str] = []
        total = 0
        while total < size_bytes:
            piece = "".join(rng.choice(han_filler) for _ in range(rng.randint(4, 12)))
            piece += rng.choice(names) + rng.choice("，。、")
            pieces.append(piece)
            total += len(piece.encode())
        return "".join(pieces)
    syllables = {"ru": RU_SYLLABLES, "az-Latn": AZ_SYLLABLES, "en": EN_SYLLABLES}[lang]
    filler = [_name(rng, syllables, (1, 3)) for _ in range(3000)]
    words: list[str] = []
    total = 0
    while total < size_bytes:
        word = rng.choice(names) if rng.random() < 0.12 else rng.choice(filler)
        word = _inflect(lang, word, rng) if word[0].isupper() else word
        words.append(word + rng.choice([" ", " ", " ", ", ", ". "]))
        total += len(words[-1].encode())
    return "".join(words)


def naive_seconds(text: str, terms: list[str], sample_chars: int = 20_000) -> float:
    """A loop of ``str.find`` over every term on a sample of the text, scaled to the whole text."""
    sample = text[:sample_chars].casefold()
    folded = [t.casefold() for t in terms]
    start = time.perf_counter()
    hits = 0
    for term in folded:
        at = sample.find(term)
        while at != -1:
            hits += 1
            at = sample.find(term, at + 1)
    elapsed = time.perf_counter() - start
    return elapsed * len(text) / len(sample)


def _timed(call: Callable[[], object]) -> tuple[float, float, object]:
    """Wall-clock and CPU seconds of the process (the CPU time is steadier on a shared machine)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = call()
    return time.perf_counter() - start, time.process_time() - cpu, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--names", type=int, default=25_000, help="synthetic names per language (default 25000)"
    )
    parser.add_argument("--mb", type=float, default=1.25, help="MB of text per language (default 1.25)")
    args = parser.parse_args()

    import termbase

    glossary = [(f.concept_id, f.lang, f.text, f.status, f.scheme) for f in termbase.open().forms()]
    names = synthetic_terms(args.names)
    forms: list[tuple[str, str, str, str, str | None]] = list(glossary)
    for lang, items in names.items():
        forms.extend((f"syn-{lang}-{i}", lang, text, "preferred", None) for i, text in enumerate(items))
    recognizer = Recognizer(forms)
    print(f"termbase: {len(forms):,} forms ({len(glossary):,} from the bundled glossary, stored and derived)")
    print()
    print(
        "| text | MB | terms in lang | build s | first pass s (cpu) | MB/s (cpu) | again s (cpu) | MB/s (cpu) "
        "| naive s (est.) | speed-up |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    total_bytes = 0
    total_time = 0.0
    for lang in ("ru", "az-Latn", "en", "zh-Hans"):
        text = make_text(lang, names[lang], int(args.mb * 1_000_000))
        mb = len(text.encode()) / 1_000_000
        build, _, _ = _timed(lambda lang=lang: recognizer.index(lang))  # type: ignore[misc]
        first, first_cpu, found = _timed(lambda lang=lang, text=text: recognizer.recognize(text, lang))  # type: ignore[misc]
        again, again_cpu, _ = _timed(lambda lang=lang, text=text: recognizer.recognize(text, lang))  # type: ignore[misc]
        lang_terms = [t for _, flang, t, _, _ in forms if flang == lang]
        naive = naive_seconds(text, lang_terms)
        assert isinstance(found, list)
        total_bytes += len(text.encode())
        total_time += first
        print(
            f"| {lang} | {mb:.2f} | {len(lang_terms):,} | {build:.2f} | {first:.2f} ({first_cpu:.2f}) | "
            f"{mb / first:.1f} ({mb / first_cpu:.1f}) | {again:.2f} ({again_cpu:.2f}) | "
            f"{mb / again:.1f} ({mb / again_cpu:.1f}) | {naive:.0f} | {naive / again:.0f}× |"
        )
        print(f"<!-- {lang}: {len(found):,} terms recognised -->")
    print()
    print(f"all four texts, first pass: {total_bytes / 1_000_000 / total_time:.1f} MB/s")


if __name__ == "__main__":
    main()
