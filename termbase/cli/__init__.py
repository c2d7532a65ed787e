"""The ``termbase`` command line: a thin layer that parses, calls the API, prints.

Each command group lives in its own module, which defines ``register(subparsers)``;
a command's handler takes the parsed arguments and returns the exit status.
Errors a user can cause (:class:`termbase.errors.TermbaseError`) are printed as one
line on stderr, never as a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from termbase.errors import TermbaseError

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing slows `termbase lookup` down
if TYPE_CHECKING:
    from typing import Any

__all__ = ["main"]

# Command modules, in the order their commands appear in --help, and the commands each adds:
# a run of one command imports only its own module, so `termbase lookup` starts fast.
_COMMANDS: dict[str, tuple[str, ...]] = {
    "lookup": ("lookup", "show", "langs", "stats", "add", "remove"),
    "convert": ("convert", "schemes"),
    "exchange": ("export", "import"),
    "memory": ("tm",),
    "analysis": ("recognize", "check"),
    "names": ("transcribe", "check-names"),
    "serve": ("serve",),
}
_MODULE_OF = {command: module for module, commands in _COMMANDS.items() for command in commands}


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, sized with ``os.get_terminal_size`` (argparse would import shutil)."""

    def __init__(self, prog: str) -> None:
        try:
            width = int(os.environ.get("COLUMNS", "")) or os.get_terminal_size(sys.stdout.fileno()).columns
        except (ValueError, OSError):
            width = 80
        super().__init__(prog, width=max(width - 2, 40))


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser: of every command, or of ``command`` only (so only its module is imported)."""
    parser = _Parser(
        prog="termbase",
        description="Multilingual terminology: zh-Hans/zh-Hant, ru, az-Latn/az-Cyrl, en.",
    )
    from termbase import __version__

    parser.add_argument("--version", action="version", version=f"termbase {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    wanted = _MODULE_OF.get(command or "")
    for name in _COMMANDS:
        if wanted is None or name == wanted:
            importlib.import_module(f"termbase.cli.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = next((a for a in argv if not a.startswith("-")), None)
    parser = build_parser(command)
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
