"""``termbase transcribe`` (a new name in another language) and ``termbase check-names``."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from termbase.cli._common import add_db_option, open_termbase, print_json, text_or_stdin
from termbase.results import counted

__all__ = ["register"]


def register(sub: Any) -> None:
    p = sub.add_parser(
        "transcribe", help="render a Russian or Azerbaijani name in Chinese, Azerbaijani, English or Russian"
    )
    p.add_argument(
        "name",
        metavar="NAME",
        nargs="?",
        help="the name; - (or leaving it out, with a pipe) reads names line by line from standard input",
    )
    p.add_argument(
        "--from",
        dest="source",
        metavar="TAG",
        help="ru or az (default: by each name's script, Cyrillic ru, Latin az; said on stderr)",
    )
    p.add_argument(
        "--to", dest="target", required=True, metavar="TAG", help="zh-Hans, zh-Hant(-TW/-HK), az, en or ru"
    )
    p.add_argument("--json", action="store_true", help="one JSON object per name (JSON lines)")
    p.add_argument("--explain", action="store_true", help="show the syllables and rules applied")
    p.add_argument("--limit", type=int, default=6, metavar="N", help="at most N candidates (default 6)")
    p.add_argument(
        "--kind",
        choices=("person", "place"),
        help="what the name names, when known (a place is never read as a woman's name)",
    )
    add_db_option(p)
    p.set_defaults(func=_transcribe)

    p = sub.add_parser(
        "check-names", help="compare the termbase's name forms with transcription; exit 1 on suspects"
    )
    p.add_argument("--all", action="store_true", help="list regular forms too")
    p.add_argument("--json", action="store_true", help="a JSON array (a stable contract)")
    add_db_option(p)
    p.set_defaults(func=_check_names)


def _transcribe(args: argparse.Namespace) -> int:
    from termbase.errors import UsageError
    from termbase.lookalikes import source_by_script
    from termbase.scripts.transcribe import check_direction, no_candidates, record, transcribe

    if args.limit < 1:
        raise UsageError("--limit must be at least 1")
    tb = open_termbase(args)
    args.name = text_or_stdin(args.name, "NAME")
    # An unknown direction (from --from, or from every source a script can give) fails first;
    # --kind is one of transcribe.KINDS (argparse's choices).
    check_direction(args.source, args.target)
    if not args.name.strip():
        raise UsageError("NAME is empty")
    names = (line.strip() for line in sys.stdin) if args.name == "-" else iter([args.name])
    status = 0
    for name in names:
        if not name:
            continue
        source = args.source or source_by_script(name)
        if source is None and args.name != "-":
            raise UsageError(f"{name!r} has neither Cyrillic nor Latin letters; give --from ru or az")
        candidates = []
        if source is not None:
            try:
                candidates = transcribe(name, source, args.target, tb=tb, limit=args.limit, kind=args.kind)
            except UsageError as error:  # a direction the guessed source lacks (Cyrillic --to ru)
                if args.source:
                    raise
                if args.name != "-":
                    raise UsageError(f"{error} ({source}: guessed from the name's script)") from None
        guess = (
            "" if args.source or args.name == "-" else f"{source} (guessed from the script; --from sets it)"
        )
        if not candidates:
            status = 1
            if args.name != "-" and source is not None:
                print(f"termbase: {no_candidates(name, source)}", file=sys.stderr)
        elif guess:
            print(f"termbase: transcribing from {guess}", file=sys.stderr)
        if args.json:
            sys.stdout.write(json.dumps(record(name, candidates), ensure_ascii=False) + "\n")
            continue
        if args.name == "-":
            print(f"{name}\t{candidates[0].text if candidates else ''}")
            continue
        for c in candidates:
            print(f"{c.text}\t{c.how}\t{c.score:.2f}")
            if args.explain:
                for step in c.steps:
                    print(f"    {step}")
    return status


def _check_names(args: argparse.Namespace) -> int:
    from termbase.scripts.transcribe.check import check_names

    results = check_names(open_termbase(args))
    shown = results if args.all else [r for r in results if r.verdict != "regular"]
    if args.json:
        print_json([r.to_dict() for r in shown])
    else:
        for r in shown:
            note = f"\t({r.source})" if r.source else ""
            print(f"{r.verdict}\t{r.concept_id}\t{r.lang}: {r.form}\tproposed: {r.proposed or '-'}{note}")
        regular = sum(r.verdict == "regular" for r in results)
        print(
            f"{counted(len(results), 'form')}: {regular} regular, {len(results) - regular} irregular",
            file=sys.stderr,
        )
    return 1 if any(r.verdict == "suspect" for r in results) else 0
