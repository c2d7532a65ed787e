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
    "cat": ("pretranslate", "analyze"),
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
        """A usage error: one line on stderr (with where to read more), exit status 2."""
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


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
    """Run one command; the exit status is 0 (found, done), 1 (nothing found, a bad or missing
    file) or 2 (a usage error), 130 after Ctrl-C. Errors are one line on stderr."""
    argv = _command_first(list(sys.argv[1:] if argv is None else argv))
    if not argv:
        build_parser().print_help()
        return 0
    command = next((a for a in argv if not a.startswith("-")), None)
    parser = build_parser(command)
    try:
        args, extra = parser.parse_known_args(argv)
    except SystemExit as stop:  # argparse: --help, --version (0) or a usage error (2)
        return stop.code if isinstance(stop.code, int) else 2
    if extra:
        # argparse cannot take positionals after options (`add ID --category C ru=…`): commands
        # that collect TAG=TEXT items say so with `collect_extra`.
        if getattr(args, "collect_extra", None) and not any(e.startswith("-") for e in extra):
            getattr(args, args.collect_extra).extend(extra)
        else:
            try:
                parser.error(f"unrecognized arguments: {' '.join(extra)}")
            except SystemExit:
                return 2
    from termbase.cli._common import discard_created, forget_created, report_created

    forget_created()  # what an earlier in-process run that was cut short left in the list
    try:
        status: int = args.func(args)
    except TermbaseError as error:
        print(f"termbase: error: {_one_line(str(error))}", file=sys.stderr)
        status = error.exit_code
    except KeyboardInterrupt:
        print("termbase: interrupted", file=sys.stderr)
        status = 130
    except BrokenPipeError:
        status = 0
    except OSError as error:  # a file one cannot read or write: a folder, no permission, a full disk
        where = f"{os.fsdecode(error.filename)}: " if error.filename else ""
        print(f"termbase: error: {where}{error.strerror or error}", file=sys.stderr)
        status = 1
    else:
        report_created()
        return status
    discard_created()  # a failed command leaves no new, empty termbase behind
    return status


def _command_first(argv: list[str]) -> list[str]:
    """``termbase --db my.tb lookup Baku`` as ``termbase lookup Baku --db my.tb``: options written
    before the command (as git and docker take them) moved after it, where the command defines
    them (before a ``--``, which ends the options).

    >>> _command_first(["--db", "my.tb", "tm", "search", "Баку"])
    ['tm', 'search', 'Баку', '--db', 'my.tb']
    >>> _command_first(["--json", "lookup", "--", "-x"])
    ['lookup', '--json', '--', '-x']
    >>> _command_first(["--version"]), _command_first(["lookup", "--db", "x"])
    (['--version'], ['lookup', '--db', 'x'])
    """
    at = next((i for i, arg in enumerate(argv) if arg in _MODULE_OF), 0)
    if at == 0 or any(arg in ("-h", "--help", "--version") for arg in argv[:at]):
        return argv
    before, rest = argv[:at], argv[at:]
    end = rest.index("--") if "--" in rest else len(rest)
    return [*rest[:end], *before, *rest[end:]]


def _one_line(text: str) -> str:
    """An error message on one line (a message quoting a file's text may hold line breaks)."""
    return " ".join(text.split("\n")) if "\n" in text else text
