"""``termbase convert`` and ``termbase schemes``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from termbase.cli._common import print_json

__all__ = ["register"]


def register(sub: Any) -> None:
    p = sub.add_parser("convert", help="convert text between scripts and romanisations")
    p.add_argument("text", help="text to convert; - reads standard input line by line")
    p.add_argument("--to", required=True, metavar="SCHEME", help="target scheme (see `termbase schemes`)")
    p.add_argument(
        "--from", dest="source", metavar="TAG", help="language tag (or scheme, to go back) of the input"
    )
    p.set_defaults(func=_convert)

    p = sub.add_parser("schemes", help="the conversion schemes, with an example each")
    p.add_argument("--json", action="store_true", help="a JSON array (a stable contract)")
    p.set_defaults(func=_schemes)


def _convert(args: argparse.Namespace) -> int:
    from termbase.scripts import convert, scheme

    if args.source is None:
        scheme(args.to)  # an unknown scheme fails before any input is read
    if args.text != "-":
        print(convert(args.text, to=args.to, source=args.source))
        return 0
    write = sys.stdout.write
    for line in sys.stdin:  # constant memory, whatever the size of the input
        body = line.rstrip("\n")
        write(convert(body, to=args.to, source=args.source) + line[len(body) :])
    return 0


def _schemes(args: argparse.Namespace) -> int:
    from termbase.scripts import schemes

    rows = schemes()
    if args.json:
        print_json(
            [
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
        )
        return 0
    width = max(len(s.name) for s in rows)
    for s in rows:
        print(f"{s.name:<{width}}  {s.tag:<26}  {s.example[0]} → {s.example[1]}   {s.description}")
    return 0
