"""``termbase recognize`` (terms in running text) and ``termbase check`` (terminology QA)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from termbase.cli._common import (
    add_db_option,
    open_termbase,
    print_json,
    read_text_argument,
)

__all__ = ["register"]


def register(sub: Any) -> None:
    p = sub.add_parser("recognize", help="find the glossary's terms in running text, in any inflected form")
    p.add_argument(
        "text",
        metavar="TEXT",
        nargs="?",
        help="the text; - (or leaving it out, with a pipe) reads standard input",
    )
    p.add_argument(
        "--lang",
        metavar="TAG",
        help="language of the text (zh, zh-Hant-TW, ru, az, en …; default: guessed from its script, said on stderr)",
    )
    p.add_argument(
        "--file", metavar="FILE", help="an XLIFF or PO file instead of TEXT: the terms of each segment"
    )
    p.add_argument(
        "--all-forms", action="store_true", help="also find forms of other languages and romanisations"
    )
    p.add_argument("--json", action="store_true", help="a JSON array (a stable contract)")
    add_db_option(p)
    p.set_defaults(func=_recognize)

    p = sub.add_parser(
        "check",
        help="terminology QA of a bilingual file (XLIFF, PO, TMX, TSV, CSV); exit 1 on findings or no pair checked",
    )
    p.add_argument(
        "file",
        metavar="FILE",
        help="XLIFF 1.2/2.x, PO, TMX, or TSV/CSV: two columns or a header of language tags",
    )
    p.add_argument(
        "--source",
        metavar="TAG",
        help="the source language (default: the file's: XLIFF, PO, a header of tags, a TMX's first unit)",
    )
    p.add_argument("--target", metavar="TAG", help="the target language (default: the file's, as --source)")
    p.add_argument("--json", action="store_true", help="a JSON array (a stable contract); = --format json")
    p.add_argument(
        "--format",
        choices=["text", "json", "junit"],
        default="text",
        help="output: text, json, or JUnit XML for CI pipelines (text)",
    )
    add_db_option(p)
    p.set_defaults(func=_check)


def _recognize_file(args: argparse.Namespace) -> int:
    from termbase.analyze import recognize_file

    found = recognize_file(open_termbase(args), args.file, all_forms=args.all_forms)
    if args.json:
        print_json([s.to_dict() for s in found])
        return 0
    for seg in found:
        for side, hits in (("source", seg.source), ("target", seg.target)):
            for r in hits:
                print(f"{seg.id}\tline {seg.line}\t{side}\t{r.text}\t{r.concept_id}\t{r.lang}: {r.term}")
    return 0


def _recognize(args: argparse.Namespace) -> int:
    from termbase.errors import UsageError
    from termbase.langtags import normalize_tag

    if args.file is not None:
        if args.text is not None:
            raise UsageError("give TEXT or --file, not both")
        return _recognize_file(args)
    text = read_text_argument(args.text)
    guessed = args.lang is None
    if args.lang is None:
        from termbase.guess import language_from_script

        args.lang = language_from_script(text, "--lang TAG")
    lang = normalize_tag(args.lang)
    found = open_termbase(args).recognizer.recognize(text, lang, all_forms=args.all_forms)
    # One line on stderr whatever happens (said once nothing is left to fail): the guess, with
    # the "no term found" when nothing is.
    note = f"{lang} text (guessed from the script; --lang sets it)" if guessed else ""
    if not found and not args.json:
        print(f"no term found in {note}" if note else "no term found", file=sys.stderr)
    elif note:
        print(f"termbase: reading {note}", file=sys.stderr)
    if args.json:
        print_json([r.to_dict() for r in found])
        return 0 if found else 1
    if not found:
        return 1
    for r in found:
        extra = f" [{r.status}]" if r.status != "preferred" else ""
        via = f" ({r.scheme})" if r.scheme else ""
        also = f"  also: {', '.join(r.also)}" if r.also else ""
        print(f"{r.start:>6}-{r.end:<6} {r.text}\t{r.concept_id}\t{r.lang}: {r.term}{via}{extra}{also}")
    return 0


def _check(args: argparse.Namespace) -> int:
    from termbase.qa import check_file_report, junit_report

    report = check_file_report(args.file, args.source, args.target, open_termbase(args))
    findings = report.findings
    if args.format == "junit":
        sys.stdout.buffer.write(junit_report(args.file, report.segments, findings) + b"\n")
    elif args.json or args.format == "json":
        print_json([f.to_dict() for f in findings])
    else:
        for f in findings:
            where = f"{f.segment}" + (
                f" (line {f.line})" if f.line is not None and str(f.line) != f.segment else ""
            )
            print(f"{where}\t{f.kind}\t{f.concept_id}\t{f.message}")
    pairs = f"{report.pairs} segment pair{'' if report.pairs == 1 else 's'}"
    found = f"{len(findings) or 'no'} finding{'' if len(findings) == 1 else 's'}"
    print(f"checked {pairs}: {found}", file=sys.stderr)
    return 1 if findings else 0
