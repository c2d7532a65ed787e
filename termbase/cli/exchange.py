"""``termbase export`` and ``termbase import``: glossaries in and out of exchange formats.

Both are thin: :meth:`termbase.Termbase.export` and :meth:`termbase.Termbase.import_file`
(in :mod:`termbase.exchange`) do the work; this module parses options and shows progress
and summaries.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from termbase.cli._common import (
    add_db_option,
    add_jobs_option,
    add_output_option,
    db_paths,
    open_termbase,
    output_argument,
)
from termbase.errors import TermbaseError, UsageError
from termbase.results import counted

__all__ = ["register"]

EXPORT_FORMATS = ("tmx", "tbx", "tbx2008", "csv", "tsv", "omegat", "csv-long", "xlsx")
IMPORT_FORMATS = (*EXPORT_FORMATS, "xliff", "xliff2", "po")
PROGRESS_MIN_BYTES = 1_000_000
_PROGRESS_EVERY = 500


def register(sub: Any) -> None:
    p = sub.add_parser("export", help="write concepts as TMX, TBX, CSV/TSV, OmegaT, long CSV or XLSX")
    p.add_argument(
        "file", nargs="?", help="output file (or -o FILE; - for standard output); its ending names the format"
    )
    p.add_argument(
        "--format",
        "-f",
        choices=EXPORT_FORMATS,
        dest="fmt",
        help=(
            "output format (default: the one FILE's name ends with); csv, tsv and xlsx (one row per concept, for spreadsheets) are lossy: term types, "
            "statuses other than preferred/admitted, term notes, sources and regions are not kept. "
            "csv-long, tbx and tmx keep everything"
        ),
    )
    add_output_option(p)
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
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    add_db_option(p)
    p.set_defaults(func=_export)

    p = sub.add_parser(
        "import",
        help="read a TMX, TBX, CSV/TSV, OmegaT, long CSV or XLSX glossary, or XLIFF/PO units, into --db",
    )
    p.add_argument("file", help="the file to import, or - for standard input")
    p.add_argument(
        "--format", "-f", dest="fmt", choices=IMPORT_FORMATS, help="its format (default: detected)"
    )
    p.add_argument(
        "--on-conflict",
        choices=("merge", "skip", "replace"),
        default="merge",
        help="what to do with a concept whose id exists (default merge)",
    )
    p.add_argument(
        "--source", metavar="TAG", help="source language of an OmegaT glossary (default en) or XLIFF/PO file"
    )
    p.add_argument(
        "--target",
        metavar="TAG",
        help="target language of an OmegaT glossary (default zh-Hans) or XLIFF/PO file (default: the file's)",
    )
    p.add_argument(
        "--as",
        dest="into",
        choices=("glossary", "memory"),
        help="where a TMX file's plain units go: the memory (default) or the glossary as concepts",
    )
    p.add_argument(
        "--encoding",
        metavar="NAME",
        help="encoding of a CSV/TSV/OmegaT file: windows-1251, windows-1254, gb18030 … (default UTF-8, BOM accepted)",
    )
    p.add_argument(
        "--delimiter",
        metavar="CHAR",
        help="field separator of a CSV file (default: detected among , ; and tab)",
    )
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    add_jobs_option(p)
    add_db_option(p, write=True)
    p.set_defaults(func=_import)


# -- export --------------------------------------------------------------------------------
def _export(args: argparse.Namespace) -> int:
    output_argument(args, default=None)
    tb = open_termbase(args)
    total = [0]
    bar = None
    if not args.quiet and args.output != "-" and sys.stderr.isatty():
        from termbase.cli._progress import ExportBar

        bar = ExportBar(args.output)

    def seen(done: int, concepts: int) -> None:
        total[0] = concepts
        if bar is not None and (done % _PROGRESS_EVERY == 0 or done == concepts):
            bar(done, concepts)

    try:
        count = _export_with(tb, args, seen)
    finally:
        if bar is not None:
            bar.__exit__()
    if args.output != "-":
        what = counted(count, "line") if args.fmt == "omegat" else counted(count, "entry", "entries")
        print(f"termbase: wrote {what} ({counted(total[0], 'concept')}) to {args.output}", file=sys.stderr)
    return 0


def _export_with(tb: Any, args: argparse.Namespace, seen: Any) -> int:
    count: int = tb.export(
        args.fmt,
        args.output,
        langs=args.langs,
        source=args.source,
        target=args.target,
        categories=args.category,
        ids=args.ids,
        derived=args.derived,
        bom=args.bom,
        progress=seen,
    )
    return count


# -- import --------------------------------------------------------------------------------
def _show_progress(path: str, quiet: bool) -> bool:
    from termbase.cli._progress import wanted

    try:
        return wanted(quiet, os.path.getsize(path), PROGRESS_MIN_BYTES)
    except OSError:
        return False


def _import(args: argparse.Namespace) -> int:
    if not db_paths(args):
        raise UsageError("import needs --db PATH: the bundled glossary is read-only")
    if args.file == "-":
        return _import_stdin(args)
    tb = open_termbase(args, write=True)
    options: dict[str, Any] = {
        "format": args.fmt,
        "on_conflict": args.on_conflict,
        "into": {"glossary": "concepts", "memory": "memory", None: "auto"}[args.into],
        "encoding": args.encoding,
        "delimiter": args.delimiter,
        "source": args.source,
        "target": args.target,
        "jobs": args.jobs,
    }
    try:
        if _show_progress(args.file, args.quiet):
            from termbase.cli._progress import ImportBar

            with ImportBar(args.file, getattr(args, "label", args.file)) as show:
                summary = tb.import_file(args.file, on_progress=show, **options)
        else:
            summary = tb.import_file(args.file, **options)
    finally:
        tb.close()
    print(f"imported {getattr(args, 'label', args.file)}: {summary}")
    return 0


def _import_stdin(args: argparse.Namespace) -> int:
    """``import -``: standard input, copied to a temporary file the library reads like any other."""
    import shutil
    import tempfile

    suffix = {"tmx": ".tmx", "tbx": ".tbx", "tbx2008": ".tbx", "tsv": ".tsv"}.get(args.fmt or "", ".csv")
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "stdin" + suffix)
        with open(path, "wb") as out:
            shutil.copyfileobj(sys.stdin.buffer, out)
        args.file, args.label = path, "<stdin>"
        try:
            status = _import(args)
        except TermbaseError as error:
            if error.path == path:
                error.path = "<stdin>"
            raise
    return status
