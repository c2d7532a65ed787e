"""An import's index rows computed in helper processes while the main process writes.

A TM import spends its CPU in three places: reading the file, computing each segment's rows of
the candidate and concordance indexes (the key cut, grams and bigrams in Python:
:func:`termbase.memory.stored_index.index_rows`, :func:`termbase.backends.pg_bulk.posting_blocks`),
and the database's own work (SQLite's FTS5 inserts; PostgreSQL's server process). The middle
part needs no connection, so with ``jobs`` > 1 :class:`Helpers` computes it in ``jobs - 1``
helper processes, a batch of a few thousand segments at a time, results taken back in the order
given, while the main process reads the file and writes: Python's work and SQLite's C work
overlap. Only the main process writes, in its one transaction, so an import stays all or
nothing whatever happens to any process. On PostgreSQL that process's writes run on a thread
of their own (:class:`WriteBehind`): the server inserts one batch's rows while the main thread
reads the next.

A TMX import of 3 processes or more (``jobs`` >= :data:`~termbase.formats.tmx.READ_APART_JOBS`,
a file of :data:`~termbase.formats.tmx.READ_APART_FROM` bytes or more) gives one of them to
parsing the file (:func:`termbase.formats.tmx.read_tmx`'s ``jobs``), so the main process's loop
is little more than taking units and rows back and writing them: at 100,000 units it spent
about 130 µs of CPU a unit, 28 µs of it parsing the XML; the index helper about 70 µs.

How many processes: :func:`import_jobs` (an explicit value, else ``$TERMBASE_IMPORT_JOBS``, else
``min(os.cpu_count(), MAX_JOBS)``: the main process is busy writing, so more helpers than that
wait for it). ``1`` is the single-process path: the same functions called in the main process.

Helpers are new interpreters (:mod:`subprocess`, as multiprocessing's ``spawn`` method starts
them: no copy of the main process's open database or threads, but without re-running the
caller's main module, which a library cannot ask to be guarded), talk through two pipes of
:class:`multiprocessing.connection.Connection` (pickled tasks and results), run in a session of
their own and ignore SIGINT (a terminal's Ctrl-C reaches the main process, which stops them),
ask Linux to kill them when the main process dies (``PR_SET_PDEATHSIG``), and stop by themselves when the
main process's end of their pipe closes: a ``kill -9`` of an import leaves no helper running.
A helper that dies mid-import makes the import fail with one line
(:class:`termbase.errors.TermbaseError`), its transaction rolled back.

>>> import_jobs(1), import_jobs(3)
(1, 3)

A task is a function and its arguments; the function goes to a helper by its name (as pickle
sends functions), so this module imports none of its callers:

>>> from termbase.memory.stored_index import index_rows
>>> with Helpers(0) as helpers:  # no helper process: computed at once, in this one
...     helpers.submit((index_rows, ([(1, 1, "ru", "Баку", "Баку")],)))
...     helpers.result()[0][0][1]
'баку'
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any

from termbase.errors import TermbaseError, UsageError

if TYPE_CHECKING:
    from multiprocessing.connection import Connection


__all__ = ["ENV", "MAX_JOBS", "Helpers", "Task", "WriteBehind", "compute", "import_jobs", "main"]

ENV = "TERMBASE_IMPORT_JOBS"
"""The environment variable that sets how many processes an import uses (``tm import --jobs``)."""
MAX_JOBS = 3
"""The most processes an import uses by default: the main process, which alone writes, is the
bottleneck beyond two helpers."""

Task = tuple[Callable[..., Any], tuple[Any, ...]]
"""A function of the library (a module-level one: a helper imports it by name) and its arguments:
:func:`~termbase.memory.stored_index.index_rows` or :func:`~termbase.backends.pg_bulk.posting_blocks` of
a batch of segments, :func:`~termbase.termbase.form_rows` of a batch of concepts, a chunk of a
TMX file to parse (``termbase.formats.tmx._feed``)."""


def import_jobs(jobs: int | None = None) -> int:
    """How many processes an import uses: ``jobs``, else ``$TERMBASE_IMPORT_JOBS``, else
    ``min(os.cpu_count(), MAX_JOBS)``."""
    where = "--jobs"
    if jobs is None:
        value = os.environ.get(ENV, "").strip()
        if not value:
            return max(1, min(os.cpu_count() or 1, MAX_JOBS))
        where = f"${ENV}"
        try:
            jobs = int(value)
        except ValueError:
            raise UsageError(f"{where} must be a whole number of processes, not {value!r}") from None
    if jobs < 1:
        raise UsageError(f"{where} must be at least 1, not {jobs}")
    return jobs


def compute(task: Task) -> Any:
    """The result of a task: its function called with its arguments."""
    function, args = task
    return function(*args)


def _die_with_parent(parent: int) -> None:
    """Ask Linux to SIGKILL this process when its parent dies (elsewhere: the closed pipe stops it)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _serve(tasks: Connection, results: Connection, parent: int) -> None:
    """A helper process: compute each task read from ``tasks``, send ``(ok, value)`` to ``results``.

    A thread reads the tasks as they come, so the main process never blocks sending one while
    this process is blocked sending a result (each would wait for the other)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(parent)
    inbox: queue.SimpleQueue[Task | None] = queue.SimpleQueue()

    def read() -> None:
        try:
            while True:
                inbox.put(tasks.recv())
        except (EOFError, OSError):
            inbox.put(None)

    threading.Thread(target=read, daemon=True).start()
    while (task := inbox.get()) is not None:
        try:
            value = (True, compute(task))
        except Exception as error:  # reported to the main process, which fails the import
            value = (False, f"{type(error).__name__}: {error}")
        try:
            results.send(value)
        except OSError:
            break
    os._exit(0)


def _start() -> tuple[subprocess.Popen[bytes], Connection, Connection]:
    """A helper process (a new interpreter running :func:`main`) and the ends of its two pipes
    this process keeps: tasks out, results in."""
    from multiprocessing.connection import Connection

    task_out, task_in = os.pipe()
    result_out, result_in = os.pipe()
    home = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    code = f"import sys; sys.path.insert(0, {home!r}); from termbase.memory.pipeline import main; main()"
    try:
        process = subprocess.Popen(
            [sys.executable, "-c", code, str(task_out), str(result_in), str(os.getpid())],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            pass_fds=(task_out, result_in),
            start_new_session=True,  # a terminal's Ctrl-C goes to the main process alone, even at start-up
        )
    except BaseException:
        for fd in (task_out, task_in, result_out, result_in):
            os.close(fd)
        raise
    os.close(task_out)  # this process keeps only its own ends: the helper sees EOF when it dies
    os.close(result_in)
    return process, Connection(task_in, readable=False), Connection(result_out, writable=False)


def main() -> None:
    """A helper process's entry: ``python -c ... TASK_FD RESULT_FD PARENT_PID`` (see :func:`_start`)."""
    from multiprocessing.connection import Connection

    tasks, results, parent = (int(arg) for arg in sys.argv[1:4])
    _serve(Connection(tasks, writable=False), Connection(results, readable=False), parent)


class Helpers:
    """``count`` helper processes computing :data:`Task` s; :meth:`result` gives the results in
    the order of :meth:`submit`. With ``count`` 0 each task is computed at once, in this process."""

    def __init__(self, count: int) -> None:
        self._workers: list[tuple[subprocess.Popen[bytes], Connection, Connection]] = []
        self._order: deque[int] = deque()
        self._done: deque[Any] = deque()
        self._next = 0
        try:
            for _ in range(count):
                self._workers.append(_start())
        except BaseException:
            self.close()
            raise

    def __len__(self) -> int:
        """How many processes compute (0: this one)."""
        return len(self._workers)

    @property
    def pending(self) -> int:
        """Tasks submitted whose result was not taken yet."""
        return len(self._order) + len(self._done)

    def pids(self) -> list[int]:
        """The helper processes' ids."""
        return [process.pid for process, _, _ in self._workers]

    def submit(self, task: Task) -> None:
        """Hand a task to the next helper (round robin), or compute it now without helpers."""
        if not self._workers:
            self._done.append(compute(task))
            return
        at = self._next
        self._next = (at + 1) % len(self._workers)
        try:
            self._workers[at][1].send(task)
        except OSError:
            raise self._lost(at) from None
        self._order.append(at)

    def result(self) -> Any:
        """The result of the oldest task not taken yet (waiting for it)."""
        if not self._workers:
            return self._done.popleft()
        at = self._order.popleft()
        try:
            ok, value = self._workers[at][2].recv()
        except (EOFError, OSError):
            raise self._lost(at) from None
        if not ok:
            raise TermbaseError(f"an import helper process failed: {value}; nothing was imported")
        return value

    def _lost(self, at: int) -> TermbaseError:
        process = self._workers[at][0]
        try:
            status = process.wait(timeout=1)
        except subprocess.TimeoutExpired:
            how = "no answer"
        else:
            how = f"killed by signal {-status}" if status < 0 else f"exit status {status}"
        return TermbaseError(f"an import helper process stopped ({how}); nothing was imported")

    def close(self) -> None:
        """Stop the helpers (closing their pipes ends them; one that lingers is killed)."""
        for _, send, receive in self._workers:
            send.close()
            receive.close()
        for process, _, _ in self._workers:
            try:
                process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self._workers.clear()
        self._order.clear()

    def __enter__(self) -> Helpers:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class WriteBehind:
    """Writes run in the order given on a thread of their own, while the caller goes on.

    A PostgreSQL import's rows go to the server in ``COPY`` statements, and the client waits
    while the server inserts them (index entries, compression of blocks): some 3 s of every
    100,000 units. On this thread the main thread goes on reading the file and building the next
    rows meanwhile (psycopg lets other threads run while it waits for the server). The caller
    uses the connection for nothing else until :meth:`wait` (or runs statements whose order
    against the writes does not matter: psycopg's connection lock keeps them apart).

    The first write that fails is raised by the next :meth:`submit` or :meth:`wait`, and the
    writes after it are skipped: the caller's transaction is then rolled back, after
    :meth:`close` (which returns only once the thread has let go of the connection).

    >>> done = []
    >>> with WriteBehind() as writes:
    ...     writes.submit(done.append, 1)
    ...     writes.submit(done.append, 2)
    ...     writes.wait()
    ...     done
    [1, 2]
    >>> with WriteBehind() as writes:
    ...     writes.submit(int, "three")
    ...     writes.wait()
    Traceback (most recent call last):
    ValueError: invalid literal for int() with base 10: 'three'
    """

    def __init__(self, ahead: int = 4) -> None:
        # ahead: how many writes may wait (each holds a batch's rows): the reader stays near
        self._queue: queue.Queue[Task | None] = queue.Queue(ahead)
        self._error: BaseException | None = None
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="termbase-write-behind", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            task = self._queue.get()
            try:
                if task is None:
                    return
                if self._error is None and not self._stopping:
                    compute(task)
            except BaseException as error:  # raised in the caller's thread
                self._error = error
            finally:
                self._queue.task_done()

    def submit(self, call: Callable[..., Any], *args: Any) -> None:
        """Run ``call(*args)`` after the writes submitted before (waiting while ``ahead`` wait)."""
        self._raise()
        self._queue.put((call, args))

    def wait(self) -> None:
        """Return once every write submitted has run (raising the first error)."""
        self._queue.join()
        self._raise()

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error

    def close(self) -> None:
        """Skip the writes not started and stop the thread (once the current write is done)."""
        if self._thread.is_alive():
            self._stopping = True
            self._queue.put(None)
            self._thread.join()

    def __enter__(self) -> WriteBehind:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
