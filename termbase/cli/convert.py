"""``termbase convert`` and ``termbase schemes``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from termbase.cli._common import add_db_option, open_termbase, print_json, text_or_stdin

__all__ = ["register"]


def register(sub: Any) -> None:
    p = sub.add_parser("convert", help="convert text between scripts and romanisations")
    p.add_argument(
        "text",
        nargs="?",
        help="text to convert; - (or leaving it out, with a pipe) reads standard input line by line",
    )
    p.add_argument("--to", required=True, metavar="SCHEME", help="target scheme (see `termbase schemes`)")
    p.add_argument(
        "--from", dest="source", metavar="TAG", help="language tag (or scheme, to go back) of the input"
    )
    add_db_option(p)  # whose names Chinese running text keeps
    p.set_defaults(func=_convert)

    p = sub.add_parser("schemes", help="the conversion schemes, with an example each")
    p.add_argument("--json", action="store_true", help="a JSON array (a stable contract)")
    p.add_argument(
        "--verbose",
        "-v",
        action="store_true",
        help="also say which engine converts Chinese (and its version)",
    )
    p.set_defaults(func=_schemes)


def _convert(args: argparse.Namespace) -> int:
    from termbase.scripts import scheme
    from termbase.textconvert import convert_text

    if args.source is None:
        scheme(args.to)  # an unknown scheme fails before any input is read
    tb = open_termbase(args) if args.db else None
    args.text = text_or_stdin(args.text)
    if args.text != "-":
        print(convert_text(args.text, args.to, args.source, tb=tb))
        return 0
    write = sys.stdout.write
    for line in sys.stdin:  # constant memory, whatever the size of the input
        body = line.rstrip("\n")
        write(convert_text(body, args.to, args.source, tb=tb) + line[len(body) :])
    return 0


def _engine_line() -> str:
    from termbase.scripts import chinese

    return f"Chinese engine: {chinese.ENGINE} ({chinese.engine_description()})"


def _schemes(args: argparse.Namespace) -> int:
    from termbase.scripts import schemes

    rows = schemes()
    if args.json:
        items = [
            {
                "name": s.name,
                "tag": s.tag,
                "from": list(s.sources),
                "example": list(s.example),
                "reversible": s.inverse is not None,
                "description": s.description,
            }
            for s in rows
        ]
        if args.verbose:
            from termbase.scripts import chinese

            print_json({"chinese_engine": chinese.ENGINE, "schemes": items})
        else:
            print_json(items)
        return 0
    if args.verbose:
        print(_engine_line())
    width = max(len(s.name) for s in rows)
    for s in rows:
        print(f"{s.name:<{width}}  {s.tag:<26}  {s.example[0]} → {s.example[1]}   {s.description}")
    return 0
