"""``termbase export`` and ``termbase import``: glossaries in and out of exchange formats.

Export writes through :func:`termbase.formats._atomic.atomic_output`, so a failed export
leaves no half-written file; import reads the whole file inside one transaction, so a
file with an error imports nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from termbase.cli._common import add_db_option, open_termbase
from termbase.errors import InputError, UsageError

if TYPE_CHECKING:
    from termbase.model import Concept, TranslationUnit
    from termbase.termbase import Termbase

__all__ = ["register"]

EXPORT_FORMATS = ("tmx", "tbx", "tbx2008", "csv", "tsv", "omegat", "csv-long", "xlsx")
_DELIMITED = ("csv", "tsv", "omegat", "csv-long")
PROGRESS_MIN_BYTES = 1_000_000
_PROGRESS_EVERY = 500


def register(sub: Any) -> None:
    p = sub.add_parser("export", help="write concepts as TMX, TBX, CSV/TSV, OmegaT or long CSV")
    p.add_argument("--format", "-f", required=True, choices=EXPORT_FORMATS, dest="fmt", help="output format")
    p.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="output file, or - for standard output"
    )
    p.add_argument(
        "--langs", nargs="+", metavar="TAG", help="only terms of these languages (and their columns)"
    )
    p.add_argument(
        "--source", metavar="TAG", help="source language: sorts by its preferred term; TMX srclang"
    )
    p.add_argument("--target", metavar="TAG", help="target language of an OmegaT glossary")
    p.add_argument("--category", nargs="+", metavar="CAT", help="only concepts of these categories")
    p.add_argument("--ids", nargs="+", metavar="ID", help="only these concepts")
    p.add_argument(
        "--derived",
        nargs="+",
        metavar="SCHEME",
        default=[],
        help="add derived forms of these schemes (zh-Hant-TW, pinyin, iso9 …) as variant terms",
    )
    p.add_argument("--bom", action="store_true", help="start with a UTF-8 byte-order mark (for Excel)")
    add_db_option(p)
    p.set_defaults(func=_export)

    p = sub.add_parser("import", help="read a TMX, TBX, CSV/TSV, OmegaT or long CSV file into --db")
    p.add_argument("file", help="the file to import")
    p.add_argument(
        "--format", "-f", dest="fmt", choices=EXPORT_FORMATS, help="its format (default: detected)"
    )
    p.add_argument(
        "--on-conflict",
        choices=("merge", "skip", "replace"),
        default="merge",
        help="what to do with a concept whose id exists (default merge)",
    )
    p.add_argument("--source", metavar="TAG", help="source language of an OmegaT glossary (default en)")
    p.add_argument("--target", metavar="TAG", help="target language of an OmegaT glossary (default zh-Hans)")
    add_db_option(p)
    p.set_defaults(func=_import)


# -- export --------------------------------------------------------------------------------
def _tags(values: Iterable[str] | None) -> list[str] | None:
    if values is None:
        return None
    from termbase.langtags import normalize_foreign_tag

    return list(dict.fromkeys(normalize_foreign_tag(v) for v in values))


def _tag(value: str | None) -> str | None:
    if value is None:
        return None
    from termbase.langtags import normalize_foreign_tag

    return normalize_foreign_tag(value)


def _with_derived(tb: Termbase, concept: Concept, schemes: list[tuple[str, str]]) -> Concept:
    """The concept plus its derived forms of ``schemes`` (name, tag) as admitted variant terms."""
    from termbase.model import Status, Term, TermType

    if not schemes:
        return concept
    derived = tb.derived_forms(concept.id)
    have = {(t.lang, t.text) for t in concept.terms()}
    extra: list[Term] = []
    for name, tag in schemes:
        for text in derived.get(name, []):
            if (tag, text) not in have:
                have.add((tag, text))
                extra.append(Term(text, tag, TermType.VARIANT, Status.ADMITTED))
    return concept.with_terms((*concept.terms(), *extra)) if extra else concept


def _selected(tb: Termbase, args: argparse.Namespace, langs: list[str] | None) -> list[Concept]:
    from termbase.collation import sort_key
    from termbase.scripts import scheme

    schemes = [(s.name, s.tag) for s in (scheme(n) for n in args.derived)]
    try:
        found = list(tb.concepts(categories=args.category, ids=args.ids))
    except ValueError as error:  # an unknown category
        raise UsageError(str(error)) from None
    if args.ids:
        missing = sorted(set(args.ids) - {c.id for c in found})
        if missing:
            raise UsageError(f"no concept with id {', '.join(map(repr, missing))} in {tb.name}")
    out: list[Concept] = []
    for concept in found:
        concept = _with_derived(tb, concept, schemes)
        if langs is not None:
            keep = set(langs)
            concept = concept.with_terms([t for t in concept.terms() if t.lang in keep])
        out.append(concept)
    source = args.source_tag
    if source is not None:

        def key(concept: Concept) -> tuple[Any, ...]:
            preferred = concept.preferred(source)
            if preferred is None:
                return (1, (), concept.id)
            return (0, sort_key(preferred.text, source), concept.id)

        out.sort(key=key)
    return out


def _export(args: argparse.Namespace) -> int:
    from termbase.formats import write
    from termbase.formats._atomic import atomic_output

    langs = _tags(args.langs)
    args.source_tag = _tag(args.source)
    target = _tag(args.target)
    if args.bom and args.fmt not in _DELIMITED:
        raise UsageError(f"--bom applies to {', '.join(_DELIMITED)}, not {args.fmt}")
    options: dict[str, Any] = {}
    if args.fmt in _DELIMITED:
        options["bom"] = args.bom
    if args.fmt == "omegat":
        source = args.source_tag or "en"
        if target is None and langs is not None:
            others = [t for t in langs if t != source]
            target = others[0] if len(others) == 1 else None
        if target is None or target == source:
            raise UsageError(
                "an OmegaT export needs a target language: --target TAG (and --source TAG, default en)"
            )
        options.update(source=source, target=target)
        langs = list(dict.fromkeys([*(langs or []), source, target]))
    tb = open_termbase(args)
    if langs is not None and args.derived:
        from termbase.scripts import scheme

        langs = list(dict.fromkeys([*langs, *(scheme(n).tag for n in args.derived)]))
    concepts = _selected(tb, args, langs)
    if args.fmt in ("csv", "tsv", "xlsx"):
        options["langs"] = langs
    elif args.fmt == "tmx":
        options["srclang"] = args.source_tag or "*all*"
    elif args.fmt in ("tbx", "tbx2008"):
        options["sourcelang"] = args.source_tag or "en"
    try:
        with atomic_output(args.output) as out:
            count = write(args.fmt, out, concepts, **options)
    except BrokenPipeError:
        raise
    except OSError as error:  # a folder that does not exist, no permission, a full disk
        raise InputError(f"cannot write: {error.strerror or error}", path=args.output) from None
    if args.output != "-":
        what = "lines" if args.fmt == "omegat" else "entries"
        print(f"termbase: wrote {count} {what} ({len(concepts)} concepts) to {args.output}", file=sys.stderr)
    return 0


# -- import --------------------------------------------------------------------------------
def progress(items: Iterable[Any], label: str, stream: TextIO, *, every: int | None = None) -> Iterator[Any]:
    """Pass ``items`` through, showing a running count on ``stream`` (a terminal) as they go.

    >>> import io
    >>> screen = io.StringIO()
    >>> list(progress(range(5), "g.csv", screen, every=2))
    [0, 1, 2, 3, 4]
    >>> screen.getvalue().split("\\r")[1:]
    ['termbase: importing g.csv: 2 entries', 'termbase: importing g.csv: 4 entries', '\\x1b[K']
    """
    every = every or _PROGRESS_EVERY
    count = 0
    try:
        for item in items:
            yield item
            count += 1
            if count % every == 0:
                stream.write(f"\rtermbase: importing {label}: {count} entries")
                stream.flush()
    finally:
        stream.write("\r\x1b[K")
        stream.flush()


def _show_progress(path: str) -> bool:
    try:
        return sys.stderr.isatty() and os.path.getsize(path) > PROGRESS_MIN_BYTES
    except OSError:
        return False


def _remove_new_database(path: Path) -> None:
    """Delete a termbase file (and its WAL files) that this failed import created."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{path}{suffix}")


def _import(args: argparse.Namespace) -> int:
    from termbase.formats import detect_format, read

    if getattr(args, "db", None) is None:
        raise UsageError("import needs --db PATH: the bundled glossary is read-only")
    path = args.file
    if not os.path.exists(path):
        raise InputError("no such file", path=path)
    fmt = args.fmt or detect_format(path)
    unknown: set[str] = set()
    options: dict[str, Any] = {}
    if fmt in ("omegat", "xliff", "xliff2", "po"):
        options.update(source=args.source, target=args.target)
    elif args.source or args.target:
        raise UsageError("--source and --target apply to OmegaT glossaries, XLIFF and PO only")
    if fmt in ("tmx", "tbx", "tbx2008"):
        options["on_unknown_tag"] = unknown.add
    db_path = Path(args.db)
    existed = db_path.exists()
    tb = open_termbase(args, write=True)
    units: list[TranslationUnit] = []

    def concepts() -> Iterator[Concept]:
        from termbase.model import Concept

        items: Iterable[Any] = read(path, fmt, **options)
        if _show_progress(path):
            items = progress(items, path, sys.stderr)
        for item in items:
            if isinstance(item, Concept):
                yield item
            else:
                units.append(item)

    try:
        with tb.store.transaction():
            summary = tb.import_concepts(concepts(), on_conflict=args.on_conflict)
            if units:
                added = tb.memory.add_units(units)
                summary.units_added = added if isinstance(added, int) else len(units)
    except BaseException as error:
        tb.close()
        if not existed:
            _remove_new_database(db_path)
        if isinstance(error, OSError) and not isinstance(error, BrokenPipeError):
            where = os.fspath(error.filename) if error.filename else path
            raise InputError(f"cannot read: {error.strerror or error}", path=where) from None
        raise
    summary.unknown_tags |= unknown
    tb.close()
    print(f"imported {path}: {summary}")
    return 0
