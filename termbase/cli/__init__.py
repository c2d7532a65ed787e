"""The ``termbase`` command line: a thin layer that parses, calls the API, prints.

Each command group lives in its own module, which defines ``register(subparsers)``;
a command's handler takes the parsed arguments and returns the exit status.
Errors a user can cause (:class:`termbase.errors.TermbaseError`) are printed as one
line on stderr, never as a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from termbase.errors import TermbaseError

__all__ = ["main"]

# Command modules, in the order their commands appear in --help.
_COMMAND_MODULES = ("lookup", "convert", "exchange", "memory", "analysis")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="termbase",
        description="Multilingual terminology: zh-Hans/zh-Hant, ru, az-Latn/az-Cyrl, en.",
    )
    from termbase import __version__

    parser.add_argument("--version", action="version", version=f"termbase {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for name in _COMMAND_MODULES:
        try:
            module = importlib.import_module(f"termbase.cli.{name}")
        except ModuleNotFoundError as missing:
            if missing.name != f"termbase.cli.{name}":
                raise
            continue
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:
        # argparse cannot take positionals after options (`add ID --category C ru=…`): commands
        # that collect TAG=TEXT items say so with `collect_extra`.
        if getattr(args, "collect_extra", None) and not any(e.startswith("-") for e in extra):
            getattr(args, args.collect_extra).extend(extra)
        else:
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        status: int = args.func(args)
    except TermbaseError as error:
        print(f"termbase: error: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("termbase: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    return status
