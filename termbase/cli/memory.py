"""``termbase tm``: fuzzy search, concordance, TMX import and export of the translation memory.

Exit status: 0 when something was found (or written), 1 when nothing, 2 for a usage error.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Sequence
from typing import Any

from termbase.cli._common import add_db_option, open_termbase, print_json, read_text_argument
from termbase.errors import UsageError

__all__ = ["register"]


def register(sub: Any) -> None:
    tm = sub.add_parser("tm", help="translation memory: search, concordance, import, export")
    tm_sub = tm.add_subparsers(dest="tm_command", metavar="COMMAND", parser_class=type(tm))
    tm_sub.required = True

    p = tm_sub.add_parser("search", help="fuzzy matches of a segment, with their translations")
    p.add_argument("text", help="the segment to translate ('-' reads standard input)")
    p.add_argument(
        "--from", dest="source", default="zh-Hans", metavar="TAG", help="source language (zh-Hans)"
    )
    p.add_argument("--to", dest="target", default="ru", metavar="TAG", help="target language (ru)")
    p.add_argument(
        "--min", dest="min_score", type=int, default=70, metavar="N", help="lowest score, 0-100 (70)"
    )
    p.add_argument("--limit", type=int, default=5, metavar="N", help="at most N matches (5)")
    p.add_argument("--json", action="store_true", help="a JSON array (a stable contract)")
    add_db_option(p)
    p.set_defaults(func=_search)

    p = tm_sub.add_parser("concordance", help="segments containing a string")
    p.add_argument("text", help="the string to find (any length; case-insensitive)")
    p.add_argument("--lang", metavar="TAG", help="only segments in this language")
    p.add_argument("--limit", type=int, default=50, metavar="N", help="at most N segments (50)")
    p.add_argument("--json", action="store_true", help="a JSON array (a stable contract)")
    add_db_option(p)
    p.set_defaults(func=_concordance)

    p = tm_sub.add_parser("import", help="add the units of a TMX file (one transaction; needs --db)")
    p.add_argument("file", help="a TMX 1.1-1.4 file (may be gzipped)")
    p.add_argument("--json", action="store_true", help="print a JSON summary")
    add_db_option(p, write=True)
    p.set_defaults(func=_import)

    p = tm_sub.add_parser("export", help="write the translation memory as TMX 1.4b")
    p.add_argument("--format", default="tmx", choices=["tmx"], help="output format (tmx)")
    p.add_argument("-o", "--output", default="-", metavar="FILE", help="output file ('-': standard output)")
    add_db_option(p)
    p.set_defaults(func=_export)


def _check_range(name: str, value: int, low: int, high: int | None = None) -> None:
    if value < low or (high is not None and value > high):
        bounds = f"{low}-{high}" if high is not None else f"at least {low}"
        raise UsageError(f"{name} must be {bounds}, not {value}")


def _search(args: argparse.Namespace) -> int:
    from termbase.langtags import normalize_tag

    _check_range("--min", args.min_score, 0, 100)
    _check_range("--limit", args.limit, 1)
    source, target = normalize_tag(args.source), normalize_tag(args.target)
    text = read_text_argument(args.text).strip()
    tb = open_termbase(args)
    matches = tb.memory.search(text, source=source, target=target, min_score=args.min_score, limit=args.limit)
    if args.json:
        print_json([m.to_dict() for m in matches])
    elif not matches:
        print(f"no match of {args.min_score}% or more for {text!r}", file=sys.stderr)
    else:
        rows = [(f"{m.score}%", m.unit_id, m.source, m.target) for m in matches]
        _table(("score", "id", matches[0].source_lang, target), rows, 2)
    return 0 if matches else 1


def _concordance(args: argparse.Namespace) -> int:
    _check_range("--limit", args.limit, 1)
    tb = open_termbase(args)
    lang = None
    if args.lang:
        from termbase.langtags import normalize_tag

        lang = normalize_tag(args.lang)
    hits = tb.memory.concordance(read_text_argument(args.text).strip(), lang=lang, limit=args.limit)
    if args.json:
        print_json([h.to_dict() for h in hits])
    elif not hits:
        print(f"no segment contains {args.text!r}", file=sys.stderr)
    else:
        _table(("id", "lang", "segment"), [(h.unit_id, h.lang, h.text) for h in hits], 1)
    return 0 if hits else 1


def _import(args: argparse.Namespace) -> int:
    tb = open_termbase(args, write=True)
    try:
        summary = tb.import_file(args.file, format="tmx", into="memory")
    finally:
        tb.close()
    added, skipped, unknown = summary.units_added, summary.ignored, sorted(summary.unknown_tags)
    if args.json:
        print_json({"units": added, "concepts_skipped": skipped, "unknown_tags": unknown})
    else:
        print(f"imported {added} translation units from {args.file}", file=sys.stderr)
        if skipped:
            print(
                f"skipped {skipped} concept entries (import them with the exchange commands)", file=sys.stderr
            )
        if unknown:
            print(f"unknown language tags kept as given: {', '.join(unknown)}", file=sys.stderr)
    return 0 if added else 1


def _export(args: argparse.Namespace) -> int:
    tb = open_termbase(args)
    written = tb.export_memory(args.output)
    if args.output != "-":
        print(f"wrote {written} translation units to {args.output}", file=sys.stderr)
    return 0 if written else 1


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cut(text: str, room: int) -> str:
    if _width(text) <= room:
        return text
    out = ""
    for char in text:
        if _width(out + char) > room - 1:
            break
        out += char
    return out + "…"


def _table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]], texts: int) -> None:
    """Columns padded to their display width (CJK counts double); the last ``texts`` columns are
    cut to fit the terminal."""
    columns = shutil.get_terminal_size((120, 24)).columns
    widths = [max(_width(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    fixed = sum(widths[:-texts]) + 2 * (len(header) - 1)
    room = max(12, (columns - fixed) // texts)
    for i in range(len(header) - texts, len(header)):
        widths[i] = min(widths[i], room)
    for line in [header, *rows]:
        cells = []
        for i, cell in enumerate(line):
            text = _cut(str(cell), widths[i])
            cells.append(text + (" " * (widths[i] - _width(text)) if i < len(line) - 1 else ""))
        print("  ".join(cells))
