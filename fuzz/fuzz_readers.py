"""Coverage-guided fuzzing of every termbase reader with atheris (libFuzzer for Python).

    python fuzz/fuzz_readers.py TARGET [libFuzzer options …]
    python fuzz/fuzz_readers.py --list

TARGET is one of :data:`TARGETS` (tmx, tbx, csv, tsv, csv-long, omegat, xliff, xliff2, po, xlsx).
The property: any input either reads, or raises termbase's one-line ``InputError``; anything else
(another exception, a message of several lines) is a crash, which libFuzzer saves as
``crash-…`` in ``-artifact_prefix``. The corpus is seeded with files termbase's own writers produce
from the bundled glossary and memory and with the test files in ``tests/data/cat``
(``--seeds-only DIR`` writes them out and stops).
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["termbase"]):
    from termbase.errors import InputError
    from termbase.formats import bilingual, csv_long, delimited, omegat, tbx, tmx, xlsx

REPO = Path(__file__).resolve().parents[1]
WORK = Path(tempfile.mkdtemp(prefix="termbase-fuzz-"))


def _consume_concepts(reader: Callable[[Path], object]) -> Callable[[Path], None]:
    def run(path: Path) -> None:
        for _ in reader(path):  # type: ignore[attr-defined]
            pass

    return run


def _bilingual(fmt: str) -> Callable[[Path], None]:
    def run(path: Path) -> None:
        document = bilingual.load(path, format=fmt, target="ru")
        segments = document.segments()
        list(bilingual.units(document))
        for segment in segments[:3]:
            if segment.fillable:
                document.fill(segment, 'Баку <ph x="1"/>', score=90, markup=True)
        document.to_bytes()

    return run


TARGETS: dict[str, tuple[str, Callable[[Path], None]]] = {
    "tmx": (".tmx", _consume_concepts(tmx.read_tmx)),
    "tbx": (".tbx", _consume_concepts(tbx.read_tbx)),
    "csv": (".csv", _consume_concepts(lambda p: delimited.read_csv(p, delimiter=","))),
    "tsv": (".tsv", _consume_concepts(lambda p: delimited.read_csv(p, delimiter="\t"))),
    "csv-long": (".csv", _consume_concepts(csv_long.read_long)),
    "omegat": (".txt", _consume_concepts(lambda p: omegat.read_omegat(p, source="en", target="ru"))),
    "xliff": (".xlf", _bilingual("xliff")),
    "xliff2": (".xlf", _bilingual("xliff2")),
    "po": (".po", _bilingual("po")),
    "xlsx": (".xlsx", _consume_concepts(xlsx.read_xlsx)),
}


def seeds(target: str) -> list[bytes]:
    """Seed inputs for ``target``: our writers' output from the bundled data, and the test files."""
    import termbase
    from termbase.formats import write

    tb = termbase.open()
    concepts = list(tb.concepts())[:6]
    units = list(tb.memory.units())[:6]
    found: list[bytes] = []

    def written(fmt: str, **options: object) -> bytes:
        out = io.BytesIO()
        if fmt in ("xliff", "xliff2", "po"):
            write(fmt, out, units=units, source="zh-Hans", target="ru")
        elif fmt == "tmx":
            write(fmt, out, concepts, units=units)
        else:
            write(fmt, out, concepts, **options)
        return out.getvalue()

    if target == "omegat":
        found.append(written("omegat", source="en", target="ru"))
    elif target == "tbx":
        found += [written("tbx"), written("tbx2008")]
    else:
        found.append(written(target))
    suffix = TARGETS[target][0]
    for path in sorted((REPO / "tests" / "data").rglob(f"*{suffix}")):
        found.append(path.read_bytes())
    return found


def one_input(target: str) -> Callable[[bytes], None]:
    suffix, read = TARGETS[target]
    path = WORK / f"input{suffix}"

    def test(data: bytes) -> None:
        path.write_bytes(data)
        try:
            read(path)
        except InputError as error:
            if "\n" in str(error):
                raise AssertionError(f"an InputError of several lines: {error!r}") from None

    return test


def main(argv: list[str]) -> None:
    if len(argv) > 1 and argv[1] == "--list":
        print("\n".join(TARGETS))
        return
    if len(argv) < 2 or argv[1] not in TARGETS:
        sys.exit(f"usage: {argv[0]} TARGET [libFuzzer options]; targets: {', '.join(TARGETS)}")
    target = argv[1]
    if len(argv) > 3 and argv[2] == "--seeds-only":
        folder = Path(argv[3])
        folder.mkdir(parents=True, exist_ok=True)
        for number, seed in enumerate(seeds(target)):
            (folder / f"seed-{number}").write_bytes(seed)
        return
    corpus = WORK / f"corpus-{target}"
    corpus.mkdir(exist_ok=True)
    for number, seed in enumerate(seeds(target)):
        (corpus / f"seed-{number}").write_bytes(seed)
    options = [a for a in argv[2:] if a.startswith("-")]
    folders = [a for a in argv[2:] if not a.startswith("-")] or [str(corpus)]
    if folders[0] != str(corpus):
        folders.append(str(corpus))
    os.environ.setdefault("TERMBASE_CACHE_DIR", str(WORK / "cache"))
    atheris.Setup([argv[0], *options, *folders], one_input(target))
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
