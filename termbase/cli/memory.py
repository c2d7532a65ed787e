"""``termbase tm``: fuzzy search, concordance, TMX import and export of the translation memory.

Exit status: 0 when something was found (or written), 1 when nothing, 2 for a usage error.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from collections.abc import Sequence
from typing import Any

from termbase.cli._common import (
    add_db_option,
    add_jobs_option,
    add_output_option,
    open_termbase,
    output_argument,
    print_json,
    read_text_argument,
)
from termbase.errors import UsageError
from termbase.results import counted

__all__ = ["register"]


def register(sub: Any) -> None:
    tm = sub.add_parser("tm", help="translation memory: search, concordance, import, export")
    tm_sub = tm.add_subparsers(dest="tm_command", metavar="COMMAND", parser_class=type(tm))
    tm_sub.required = True

    p = tm_sub.add_parser("search", help="fuzzy matches of a segment, with their translations")
    p.add_argument(
        "text",
        nargs="?",
        help="the segment to translate ('-', or leaving it out with a pipe: standard input)",
    )
    p.add_argument(
        "--from",
        dest="source",
        metavar="TAG",
        help="source language (default: guessed from the query's script, and said on stderr)",
    )
    p.add_argument(
        "--to",
        dest="target",
        metavar="TAG",
        help="target language (default: ru; zh-Hans for a Russian query)",
    )
    p.add_argument(
        "--min", dest="min_score", type=int, default=70, metavar="N", help="lowest score, 0-100 (70)"
    )
    p.add_argument("--limit", type=int, default=5, metavar="N", help="at most N matches (5)")
    p.add_argument("--json", action="store_true", help="a JSON array (a stable contract)")
    add_db_option(p)
    p.set_defaults(func=_search)

    p = tm_sub.add_parser("concordance", help="segments containing a string")
    p.add_argument(
        "text",
        nargs="?",
        help="the string to find (any length; case-insensitive; '-' or a pipe: standard input)",
    )
    p.add_argument("--lang", metavar="TAG", help="only segments in this language")
    p.add_argument("--limit", type=int, default=50, metavar="N", help="at most N segments (50)")
    p.add_argument("--json", action="store_true", help="a JSON array (a stable contract)")
    add_db_option(p)
    p.set_defaults(func=_concordance)

    p = tm_sub.add_parser(
        "import", help="add the units of a TMX, XLIFF or PO file (one transaction; needs --db)"
    )
    p.add_argument("file", help="a TMX 1.1-1.4 file (may be gzipped), XLIFF 1.2/2.x or PO")
    p.add_argument("--from", dest="source", metavar="TAG", help="XLIFF/PO: source language (the file's)")
    p.add_argument("--to", dest="target", metavar="TAG", help="XLIFF/PO: target language (the file's)")
    p.add_argument("--json", action="store_true", help="print a JSON summary")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    add_jobs_option(p)
    add_db_option(p, write=True)
    p.set_defaults(func=_import)

    p = tm_sub.add_parser("export", help="write the translation memory as TMX 1.4b")
    p.add_argument(
        "file", nargs="?", help="output file (or -o FILE; default: standard output); .tmx.gz is compressed"
    )
    p.add_argument("--format", default="tmx", choices=["tmx"], help="output format (tmx)")
    add_output_option(p)
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
    tb = open_termbase(args)
    text = read_text_argument(args.text).strip()
    guessed = None
    if args.source is None:
        from termbase.guess import language_from_script

        guessed = args.source = language_from_script(text, "--from TAG")
    source = normalize_tag(args.source)
    target = normalize_tag(args.target or ("zh-Hans" if source == "ru" else "ru"))
    # One line on stderr whatever happens: the guess, with the "no match" when nothing is found.
    guess_note = "guessed from the script; --from sets it" if guessed is not None else None
    matches = tb.memory.search(text, source=source, target=target, min_score=args.min_score, limit=args.limit)
    if not matches:
        note = f" ({guess_note})" if guess_note else ""
        # A fragment of a longer segment scores low as a whole; say where it is found instead.
        if tb.memory.concordance(text, lang=source, limit=1):
            note += f"; segments contain it: termbase tm concordance {shlex.quote(text)}"
        print(f"no match of {args.min_score}% or more for {text!r} in {source}{note}", file=sys.stderr)
    elif guess_note:
        print(f"termbase: searching {source} segments ({guess_note})", file=sys.stderr)
    if args.json:
        print_json([m.to_dict() for m in matches])
    elif matches:
        _print_matches(matches, target)
    return 0 if matches else 1


def _print_matches(matches: Sequence[Any], target: str) -> None:
    """Each match: score and id, then its whole source (differences from the query highlighted)
    and target segments, wrapped on a terminal, one full line each when piped."""
    from termbase.cli._render import highlight, terminal, wrap

    tty, colour, columns = terminal()
    for i, m in enumerate(matches):
        if i:
            print()
        print(f"{m.score}%  {m.unit_id}  ({m.how})")
        spans = [(d.match_start, d.match_end) for d in m.diff]
        tag_width = max(len(m.source_lang), len(target))
        for lang, text in (
            (m.source_lang, highlight(m.source, spans, colour=colour) if tty else m.source),
            (target, m.target),
        ):
            indent = f"  {lang:<{tag_width}}  "
            if tty:
                lines = wrap(text, columns - len(indent), " " * len(indent))
                print(indent + lines[0][len(indent) :])
                for line in lines[1:]:
                    print(line)
            else:
                print(indent + text)


def _concordance(args: argparse.Namespace) -> int:
    _check_range("--limit", args.limit, 1)
    tb = open_termbase(args)
    lang = None
    if args.lang:
        from termbase.langtags import normalize_tag

        lang = normalize_tag(args.lang)
    needle = read_text_argument(args.text).strip()
    hits = tb.memory.concordance(needle, lang=lang, limit=args.limit)
    if args.json:
        print_json([h.to_dict() for h in hits])
    elif not hits:
        print(f"no segment contains {needle!r}", file=sys.stderr)
    else:
        _print_concordance(hits)
    return 0 if hits else 1


def _print_concordance(hits: Sequence[Any]) -> None:
    """One line per segment: on a terminal centred on the match (highlighted) and cut to its
    width; piped, the whole segment."""
    from termbase.cli._render import centred, highlight, terminal

    tty, colour, columns = terminal()
    id_width = max(len(h.unit_id) for h in hits)
    lang_width = max(len(h.lang) for h in hits)
    for h in hits:
        head = f"{h.unit_id:<{id_width}}  {h.lang:<{lang_width}}  "
        if not tty or not h.spans:
            print(head + h.text)
            continue
        start, end = h.spans[0]
        line = centred(h.text, (start, end), columns - len(head) - 1)
        at = line.find(h.text[start:end])
        print(head + highlight(line, [(at, at + end - start)], colour=colour))


def _import(args: argparse.Namespace) -> int:
    from termbase.cli.exchange import _show_progress
    from termbase.formats.bilingual import detect_bilingual

    tb = open_termbase(args, write=True)  # no --db: a usage error before the file is looked at
    try:
        fmt = detect_bilingual(args.file) or "tmx"  # XLIFF and PO by their content; else TMX
        if fmt == "tmx" and (args.source or args.target):
            raise UsageError("--from and --to apply to XLIFF and PO files (TMX names its languages)")
        options = {"format": fmt, "into": "memory", "source": args.source, "target": args.target}
        options["jobs"] = args.jobs
        if _show_progress(args.file, args.quiet):
            from termbase.cli._progress import ImportBar

            with ImportBar(args.file, args.file) as show:
                summary = tb.import_file(args.file, on_progress=show, **options)
        else:
            summary = tb.import_file(args.file, **options)
    finally:
        tb.close()
    added, skipped, unknown = summary.units_added, summary.ignored, sorted(summary.unknown_tags)
    if args.json:
        print_json({"units": added, "concepts_skipped": skipped, "unknown_tags": unknown})
    else:
        print(f"imported {counted(added, 'translation unit')} from {args.file}", file=sys.stderr)
        if skipped:
            print(
                f"skipped {counted(skipped, 'concept entry', 'concept entries')} (import them with the exchange commands)",
                file=sys.stderr,
            )
        if unknown:
            print(f"unknown language tags kept as given: {', '.join(unknown)}", file=sys.stderr)
    return 0 if added else 1


def _export(args: argparse.Namespace) -> int:
    output_argument(args, default="-")
    tb = open_termbase(args)
    written = tb.export_memory(args.output)
    if args.output != "-":
        print(f"termbase: wrote {counted(written, 'translation unit')} to {args.output}", file=sys.stderr)
    return 0 if written else 1
