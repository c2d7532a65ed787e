"""Write a file all at once or not at all.

``atomic_output(path)`` yields a binary stream onto a temporary file in the target's
directory; when the block ends normally the data is flushed, ``fsync``-ed and the
temporary file renamed over the target (``os.replace``, atomic on POSIX and Windows).
On any exception, ``KeyboardInterrupt`` included, the temporary file is deleted and the
target is left as it was. ``-`` means standard output (its binary buffer); what was
written there before an error cannot be taken back. A name ending in ``.gz`` is written
gzip-compressed (``memory.tmx.gz``, which the readers take back).

>>> import os, tempfile
>>> folder = tempfile.mkdtemp()
>>> target = os.path.join(folder, "out.csv")
>>> with atomic_output(target) as out:
...     _ = out.write(b"id,en\\n")
>>> open(target, "rb").read()
b'id,en\\n'
>>> try:
...     with atomic_output(target) as out:
...         _ = out.write(b"half")
...         raise RuntimeError("disk on fire")
... except RuntimeError:
...     pass
>>> open(target, "rb").read(), sorted(os.listdir(folder))
(b'id,en\\n', ['out.csv'])
>>> import gzip
>>> with atomic_output(os.path.join(folder, "out.tmx.gz")) as out:
...     _ = out.write(b"<tmx/>")
>>> gzip.open(os.path.join(folder, "out.tmx.gz")).read()
b'<tmx/>'
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

__all__ = ["atomic_output"]


def _umask() -> int:
    """The process umask (read by setting and restoring it)."""
    current = os.umask(0)
    os.umask(current)
    return current


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """A binary stream whose content replaces ``path`` only if the block succeeds."""
    if str(path) == "-":
        stdout = sys.stdout.buffer
        yield stdout
        stdout.flush()
        return
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            if target.name.lower().endswith(".gz"):
                import gzip

                with gzip.GzipFile(filename=target.name[:-3], mode="wb", fileobj=handle, mtime=0) as packed:
                    yield packed  # type: ignore[misc]
            else:
                yield handle
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file private (0600); give it the mode a plain open() would have,
        # or keep the mode of the file it replaces.
        mode = target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~_umask()
        os.chmod(temp_name, mode)
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
    if hasattr(os, "O_DIRECTORY"):  # make the rename itself durable (POSIX)
        with contextlib.suppress(OSError):
            dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
