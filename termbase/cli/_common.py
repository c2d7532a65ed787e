"""What every command shares: the ``--db`` option, opening the termbase, JSON output."""

from __future__ import annotations

import argparse
import json
import os
import sys

from termbase.errors import UsageError

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing slows `termbase lookup` down
if TYPE_CHECKING:
    from typing import Any

    from termbase.termbase import Termbase

__all__ = ["add_db_option", "open_termbase", "print_json", "read_text_argument"]


def add_db_option(parser: argparse.ArgumentParser) -> None:
    """``--db PATH``: a termbase file of one's own instead of the bundled glossary ($TERMBASE_DB)."""
    parser.add_argument(
        "--db",
        metavar="PATH",
        default=os.environ.get("TERMBASE_DB") or None,
        help="termbase file (created on first write); default: the bundled glossary, or $TERMBASE_DB",
    )


def open_termbase(args: argparse.Namespace, *, write: bool = False) -> Termbase:
    """The termbase named by ``--db``, or the bundled glossary (read-only)."""
    import termbase

    path = getattr(args, "db", None)
    if path is None and write:
        raise UsageError(
            "this command writes; name your termbase with --db PATH (the bundled glossary is read-only)"
        )
    return termbase.open(path)


def print_json(data: Any) -> None:
    """JSON as the stable contract of ``--json``: UTF-8, not ASCII-escaped, indented."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def read_text_argument(text: str) -> str:
    """A TEXT argument, or all of standard input when it is ``-``."""
    return sys.stdin.read() if text == "-" else text
