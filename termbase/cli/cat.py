"""``termbase pretranslate`` and ``termbase analyze``: the memory at work on an XLIFF or PO file."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from termbase.cli._common import add_db_option, open_termbase, print_json

__all__ = ["register"]


def _languages(p: argparse.ArgumentParser) -> None:
    p.add_argument("--from", dest="source", metavar="TAG", help="source language (default: the file's)")
    p.add_argument("--to", dest="target", metavar="TAG", help="target language (default: the file's)")
    p.add_argument(
        "--format", choices=["xliff", "xliff2", "po"], help="the file's format (default: detected)"
    )


def register(sub: Any) -> None:
    p = sub.add_parser(
        "pretranslate",
        help="fill the empty targets of an XLIFF 1.2/2.x or PO file from the memory (and the glossary)",
    )
    p.add_argument("file", metavar="FILE", help="an XLIFF 1.2, XLIFF 2.0/2.1 or PO file")
    p.add_argument(
        "-o", "--output", required=True, metavar="OUT", help="the file to write ('-': standard output)"
    )
    p.add_argument(
        "--min", dest="min_score", type=int, default=75, metavar="N", help="lowest match score, 0-100 (75)"
    )
    _languages(p)
    p.add_argument("--json", action="store_true", help="print a JSON summary (a stable contract)")
    add_db_option(p)
    p.set_defaults(func=_pretranslate)

    p = sub.add_parser("analyze", help="segments and words per match band (repetitions, 100 %%, fuzzy, new)")
    p.add_argument("file", metavar="FILE", help="an XLIFF 1.2, XLIFF 2.0/2.1 or PO file")
    _languages(p)
    p.add_argument("--json", action="store_true", help="a JSON object (a stable contract)")
    add_db_option(p)
    p.set_defaults(func=_analyze)


def _pretranslate(args: argparse.Namespace) -> int:
    from termbase.errors import UsageError
    from termbase.pretranslate import pretranslate

    if not 0 <= args.min_score <= 100:
        raise UsageError(f"--min must be 0-100, not {args.min_score}")
    result = pretranslate(
        open_termbase(args),
        args.file,
        args.output,
        min_score=args.min_score,
        source=args.source,
        target=args.target,
        format=args.format,
    )
    summary = result.to_dict()
    if args.json:
        if args.output == "-":
            sys.stderr.write("--json is ignored with -o -: the file goes to standard output\n")
        else:
            print_json(summary)
    else:
        print(
            f"{result.path}: {summary['segments']} segments ({result.source}→{result.target}):"
            f" {summary['translated']} translated, {summary['review']} to review,"
            f" {summary['glossary']} from the glossary (to review),"
            f" {summary['no_match']} without a match, {summary['kept']} kept",
            file=sys.stderr,
        )
    return 0


def _analyze(args: argparse.Namespace) -> int:
    from termbase.analyze import analyze

    result = analyze(
        open_termbase(args), args.file, source=args.source, target=args.target, format=args.format
    )
    if args.json:
        print_json(result.to_dict())
        return 0
    print(f"{result.path} ({result.source}→{result.target})")
    print(f"{'band':<12} {'segments':>9} {'words':>9}")
    for name, band in result.bands.items():
        label = name if name in ("repetitions", "no-match") else f"{name} %"
        print(f"{label:<12} {band.segments:>9} {band.words:>9}")
    print(f"{'total':<12} {result.segments:>9} {result.words:>9}")
    return 0
