"""Progress bars for long imports and exports: tqdm, imported only when a bar is shown.

A bar is shown on a terminal (stderr) for a file bigger than ``min_bytes``, unless
``--quiet``. An import's bar counts the bytes read of the file's size (with rate and time
left): the readers read the file through their own handle, so the position is read from the
operating system (``/proc/self/fdinfo``); where that is not available the bar counts
entries. Piped, nothing is written.
"""

from __future__ import annotations

import os
import sys
from types import TracebackType
from typing import Any

__all__ = ["ExportBar", "ImportBar", "file_position", "wanted"]


def _columns() -> int:
    try:
        return int(os.environ.get("COLUMNS", "")) or os.get_terminal_size(sys.stderr.fileno()).columns
    except (ValueError, OSError):
        return 100


def wanted(quiet: bool, size: int, min_bytes: int) -> bool:
    """Whether to show a bar: a terminal on stderr, not ``--quiet``, a big enough job."""
    return not quiet and sys.stderr.isatty() and size > min_bytes


def file_position(path: str) -> int | None:
    """How far this process has read the file ``path`` (its furthest open handle), or None.

    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile() as handle:
    ...     _ = handle.write(b"x" * 10); _ = handle.seek(4)
    ...     file_position(handle.name) in (4, None)
    True
    """
    try:
        fds = os.listdir("/proc/self/fd")
    except OSError:
        return None
    target = os.path.realpath(path)
    best: int | None = None
    for fd in fds:
        try:
            if os.readlink(f"/proc/self/fd/{fd}") != target:
                continue
            with open(f"/proc/self/fdinfo/{fd}", encoding="ascii") as info:
                for line in info:
                    if line.startswith("pos:"):
                        pos = int(line.split()[1])
                        best = pos if best is None else max(best, pos)
        except (OSError, ValueError):
            continue
    return best


class ImportBar:
    """A tqdm bar over the bytes of ``path``, updated from an import's per-entry callback."""

    def __init__(self, path: str, label: str, *, every: int = 200) -> None:
        from tqdm import tqdm  # type: ignore[import-untyped]  # only here: a piped run never imports it

        self.path = path
        self.every = every
        self.size = os.path.getsize(path)
        self.bar: Any = tqdm(
            total=self.size,
            unit="B",
            unit_scale=True,
            unit_divisor=1024,
            desc=f"importing {label}",
            file=sys.stderr,
            leave=False,
            ncols=_columns(),
        )

    def __call__(self, done: int) -> None:
        if done % self.every:
            return
        position = file_position(self.path)
        if position is not None:
            self.bar.update(max(0, min(position, self.size) - self.bar.n))
        else:  # no way to see the reader's position: count entries instead
            self.bar.unit, self.bar.total = "entries", None
            self.bar.update(done - self.bar.n)

    def __enter__(self) -> ImportBar:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if kind is None:
            self.bar.update(self.size - self.bar.n)
        self.bar.close()


class ExportBar:
    """A tqdm bar over the concepts an export writes (its ``progress(done, total)`` callback)."""

    def __init__(self, label: str) -> None:
        from tqdm import tqdm

        self.bar: Any = tqdm(
            desc=f"exporting {label}", unit=" concepts", file=sys.stderr, leave=False, ncols=_columns()
        )

    def __call__(self, done: int, total: int) -> None:
        if self.bar.total != total:
            self.bar.total = total
        self.bar.update(done - self.bar.n)

    def __enter__(self) -> ExportBar:
        return self

    def __exit__(self, *exc: object) -> None:
        self.bar.close()
