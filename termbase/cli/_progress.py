"""Progress bars for long imports and exports: tqdm, imported only when a bar is shown.

A bar is shown on a terminal (stderr) for a file bigger than ``min_bytes``, unless
``--quiet``. An import's bar counts the bytes read of the file's size (with rate and time
left), from the library's :class:`~termbase.results.ImportProgress` reports. Piped, nothing
is written.
"""

from __future__ import annotations

import os
import sys
from types import TracebackType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from termbase.results import ImportProgress

__all__ = ["ExportBar", "ImportBar", "wanted"]


def _columns() -> int:
    try:
        return int(os.environ.get("COLUMNS", "")) or os.get_terminal_size(sys.stderr.fileno()).columns
    except (ValueError, OSError):
        return 100


def wanted(quiet: bool, size: int, min_bytes: int) -> bool:
    """Whether to show a bar: a terminal on stderr, not ``--quiet``, a big enough job."""
    return not quiet and sys.stderr.isatty() and size > min_bytes


class ImportBar:
    """A tqdm bar over the bytes of ``path``, updated from an import's ``on_progress`` reports."""

    def __init__(self, path: str, label: str) -> None:
        from tqdm import tqdm  # type: ignore[import-untyped]  # only here: a piped run never imports it

        self.path = path
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

    def __call__(self, progress: ImportProgress) -> None:
        self.bar.update(max(0, min(progress.bytes_read, self.size) - self.bar.n))

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
