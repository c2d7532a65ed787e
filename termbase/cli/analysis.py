"""``termbase recognize`` (terms in running text) and ``termbase check`` (terminology QA)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from termbase.cli._common import add_db_option, open_termbase, print_json, read_text_argument

__all__ = ["register"]


def register(sub: Any) -> None:
    p = sub.add_parser("recognize", help="find the glossary's terms in running text, in any inflected form")
    p.add_argument("text", metavar="TEXT", help="the text, or - to read standard input")
    p.add_argument(
        "--lang", required=True, metavar="TAG", help="language of the text (zh, zh-Hant-TW, ru, az, en …)"
    )
    p.add_argument(
        "--all-forms", action="store_true", help="also find forms of other languages and romanisations"
    )
    p.add_argument("--json", action="store_true", help="a JSON array (a stable contract)")
    add_db_option(p)
    p.set_defaults(func=_recognize)

    p = sub.add_parser(
        "check",
        help="terminology QA of a bilingual file (TMX, TSV, CSV); exit 1 on findings or no pair checked",
    )
    p.add_argument(
        "file", metavar="FILE", help="a TMX file, or TSV/CSV: two columns or a header of language tags"
    )
    p.add_argument("--source", required=True, metavar="TAG", help="the source language")
    p.add_argument("--target", required=True, metavar="TAG", help="the target language")
    p.add_argument("--json", action="store_true", help="a JSON array (a stable contract)")
    add_db_option(p)
    p.set_defaults(func=_check)


def _recognize(args: argparse.Namespace) -> int:
    from termbase.langtags import normalize_tag

    lang = normalize_tag(args.lang)
    text = read_text_argument(args.text)
    found = open_termbase(args).recognizer.recognize(text, lang, all_forms=args.all_forms)
    if args.json:
        print_json([r.to_dict() for r in found])
        return 0 if found else 1
    if not found:
        print("no term found", file=sys.stderr)
        return 1
    for r in found:
        extra = f" [{r.status}]" if r.status != "preferred" else ""
        via = f" ({r.scheme})" if r.scheme else ""
        also = f"  also: {', '.join(r.also)}" if r.also else ""
        print(f"{r.start:>6}-{r.end:<6} {r.text}\t{r.concept_id}\t{r.lang}: {r.term}{via}{extra}{also}")
    return 0


def _check(args: argparse.Namespace) -> int:
    from termbase.qa import check_file_report

    report = check_file_report(args.file, args.source, args.target, open_termbase(args))
    findings = report.findings
    if args.json:
        print_json([f.to_dict() for f in findings])
    else:
        for f in findings:
            where = f"{f.segment}" + (
                f" (line {f.line})" if f.line is not None and str(f.line) != f.segment else ""
            )
            print(f"{where}\t{f.kind}\t{f.concept_id}\t{f.message}")
    print(
        f"checked {report.pairs} segment pairs: {len(findings) or 'no'} findings",
        file=sys.stderr,
    )
    return 1 if findings else 0
