"""What every command shares: the ``--db`` option, opening termbases, JSON output.

``--db`` may be given more than once (``$TERMBASE_DB`` may hold several paths separated by
``os.pathsep``); a ``postgresql://`` URL names a PostgreSQL database, never a path; ``--bundled`` adds the bundled glossary to one's own. Reading commands
never create a file: a termbase that does not exist is a one-line error (exit 1). Writing
commands write to the first termbase, create it only in a folder that exists, and say so.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from termbase.errors import UsageError

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing slows `termbase lookup` down
if TYPE_CHECKING:
    from typing import Any

    from termbase.several import Termbases
    from termbase.termbase import Termbase

__all__ = [
    "add_db_option",
    "db_paths",
    "discard_created",
    "forget_created",
    "open_termbase",
    "open_termbases",
    "print_json",
    "read_text_argument",
    "report_created",
    "text_or_stdin",
]

_created: list[str] = []


def add_db_option(parser: argparse.ArgumentParser, *, write: bool = False, several: bool = False) -> None:
    """``--db PATH`` (repeatable) and, for commands that search several termbases, ``--bundled``."""
    if write:
        text = (
            "termbase file to write to (created if it does not exist, in an existing folder); "
            "default: the first path of $TERMBASE_DB"
        )
    else:
        text = (
            "termbase file to read (must exist); default: the first path of $TERMBASE_DB, "
            "else the bundled glossary"
        )
    if several:
        text = (
            "termbase file to read (must exist; repeatable: several are searched as one); "
            f"default: $TERMBASE_DB (paths separated by {os.pathsep!r}), else the bundled glossary"
        )
    text += "; a postgresql://user@host:port/dbname URL names a PostgreSQL database"
    parser.add_argument("--db", metavar="PATH", action="append", default=None, help=text)
    if several:
        parser.add_argument(
            "--bundled", action="store_true", help="search the bundled glossary too, after the --db files"
        )


def db_paths(args: argparse.Namespace) -> list[str]:
    """The termbase files named by ``--db`` (in order), else by ``$TERMBASE_DB``."""
    paths = getattr(args, "db", None)
    if not paths:
        from termbase.backends import split_targets

        paths = split_targets(os.environ.get("TERMBASE_DB", ""))
    for path in paths:
        if not path.strip():
            raise UsageError("--db needs a file name")
    return list(paths)


def open_termbase(args: argparse.Namespace, *, write: bool = False) -> Termbase:
    """The first termbase named by ``--db``, or the bundled glossary (read-only).

    Reading: a file that does not exist is a :class:`termbase.errors.NotFoundError`.
    Writing: a new file is made only in an existing folder and reported by
    :func:`report_created` once the command succeeded.
    """
    import termbase

    paths = db_paths(args)
    if not paths:
        if write:
            raise UsageError(
                "this command writes; name your termbase with --db PATH (the bundled glossary is read-only)"
            )
        return termbase.open()
    if not write:
        return termbase.open(paths[0], create=False)
    from termbase.backends import is_url
    from termbase.termbase import check_termbase_path

    if paths[0] != ":memory:" and not is_url(paths[0]) and not check_termbase_path(paths[0], create=True):
        _created.append(paths[0])
    return termbase.open(paths[0])


def open_termbases(args: argparse.Namespace) -> Termbases:
    """Every termbase named by ``--db`` (or ``$TERMBASE_DB``), plus the bundled glossary
    with ``--bundled`` or when none is named; none of them is created."""
    import termbase
    from termbase.several import Termbases

    paths = db_paths(args)
    members = [termbase.open(path, create=False) for path in paths]
    if getattr(args, "bundled", False) or not members:
        members.append(termbase.open())
    return Termbases(members)


def forget_created() -> None:
    """Start a command with no file to report or discard."""
    _created.clear()


def discard_created() -> None:
    """After a failed command: delete the termbase files it created (a failure leaves nothing)."""
    from termbase.exchange import remove_termbase_files

    while _created:
        remove_termbase_files(_created.pop(0))


def report_created() -> None:
    """Say which termbase files this command created (on stderr)."""
    while _created:
        path = _created.pop(0)
        if os.path.exists(path):
            print(f"termbase: created {path}", file=sys.stderr)


def print_json(data: Any) -> None:
    """JSON as the stable contract of ``--json``: UTF-8, not ASCII-escaped, indented."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def text_or_stdin(text: str | None, what: str = "TEXT") -> str:
    """A TEXT argument as given, or ``-`` (standard input) when it was left out and input is piped in,
    so that ``echo 巴库 | termbase convert --to pinyin`` works; left out at a terminal, a usage error.
    """
    if text is not None:
        return text
    if sys.stdin is None or sys.stdin.isatty():
        raise UsageError(f"give {what}, or pipe it in ('-' reads standard input)")
    return "-"


def read_text_argument(text: str | None) -> str:
    """A TEXT argument, or all of standard input when it is ``-`` or left out with input piped in."""
    text = text_or_stdin(text)
    return sys.stdin.read() if text == "-" else text


def add_output_option(p: argparse.ArgumentParser) -> None:
    """``-o FILE`` of the commands that write a file, which also take it as their ``file`` argument."""
    p.add_argument("-o", "--output", metavar="FILE", help="output file, the same as FILE")


def output_argument(args: argparse.Namespace, default: str | None) -> str:
    """The output file of a command given as FILE or ``-o FILE`` (not both), else ``default``
    (None: one of the two is needed); set as ``args.output``."""
    if args.file is not None and args.output is not None and args.file != args.output:
        raise UsageError(f"two output files: {args.file!r} and -o {args.output!r}; give one")
    output = args.file if args.file is not None else args.output if args.output is not None else default
    if output is None:
        raise UsageError("give the output file (FILE or -o FILE; - for standard output)")
    args.output = output
    return output


def add_jobs_option(p: argparse.ArgumentParser) -> None:
    """``--jobs N`` of the commands that import (:func:`termbase.memory.pipeline.import_jobs`,
    :func:`termbase.exchange.concept_jobs`)."""
    p.add_argument(
        "--jobs",
        type=int,
        metavar="N",
        help="processes computing index rows and derived forms (default: $TERMBASE_IMPORT_JOBS, else for"
        " translation units the CPUs, at most 3, for concepts 2 where there are two CPUs; 1: this one alone)",
    )
