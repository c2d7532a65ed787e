"""Errors a user can cause, each shown as one line with no traceback.

>>> str(InputError("bad tag", path="g.csv", line=3))
'g.csv:3: bad tag'
"""

from __future__ import annotations

__all__ = ["DatabaseError", "InputError", "NotFoundError", "TermbaseError", "UsageError"]


class TermbaseError(Exception):
    """Base class of every error termbase reports to a user; ``exit_code`` is the CLI's status."""

    exit_code = 1

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        self.message = message
        self.path = path
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line is not None else f"{self.path}: "
        return f"{where}{self.message}"


class UsageError(TermbaseError, ValueError):
    """Bad arguments: an unknown language tag or scheme, an empty query (exit status 2)."""

    exit_code = 2


class InputError(TermbaseError, ValueError):
    """A file that cannot be read as what it claims to be (exit status 1); names file and line."""

    exit_code = 1


class NotFoundError(TermbaseError, LookupError):
    """No concept, translation unit or term with the id asked for (exit status 1).

    ``Termbase.get`` returns ``None`` instead; ``tb[id]`` and the commands that name an id raise this.
    """

    exit_code = 1


class DatabaseError(TermbaseError):
    """A database server that cannot be reached or used: not running, refusing, no such
    database, a wrong password, a connection lost mid-command (exit status 1); names the host
    and the database, never the password."""

    exit_code = 1
