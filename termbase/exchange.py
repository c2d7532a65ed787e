"""Import and export workflows: a file into a termbase, a termbase out to a file.

:meth:`termbase.Termbase.import_file` and :meth:`termbase.Termbase.export` call these.
An import detects the format, reads the whole file inside one transaction (a file with an
error imports nothing) and deletes a termbase file the failed import created. An export
selects concepts (categories, ids), adds derived forms as variant terms, sorts by the
source language's collation and writes through
:func:`termbase.formats._atomic.atomic_output` when given a path, so a failed export
leaves no half-written file.

>>> import io, termbase
>>> out = io.BytesIO()
>>> termbase.open().export("omegat", out, source="zh", target="az", ids=["baku"])
1
>>> out.getvalue().decode().splitlines()[1]
'巴库\\tBakı'
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from collections.abc import Callable, Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any, BinaryIO, Literal, cast

from termbase.errors import InputError, UsageError
from termbase.formats._reads import position, watching
from termbase.model import Status
from termbase.results import ImportProgress, ImportSummary

if TYPE_CHECKING:
    from termbase.backends.base import Connection
    from termbase.model import Concept, Term, TranslationUnit
    from termbase.termbase import ConceptRows, OnConflict, Termbase

__all__ = [
    "DELIMITED_FORMATS",
    "EXPORT_FORMATS",
    "Into",
    "content_id",
    "export",
    "export_memory",
    "import_file",
    "remove_termbase_files",
]

EXPORT_FORMATS = ("tmx", "tbx", "tbx2008", "csv", "tsv", "omegat", "csv-long", "xlsx")
IMPORT_FORMATS = (*EXPORT_FORMATS, "xliff", "xliff2", "po")
BILINGUAL_FORMATS = ("xliff", "xliff2", "po")
DELIMITED_FORMATS = ("csv", "tsv", "omegat", "csv-long")
Into = Literal["auto", "concepts", "memory"]
_UNIT_BATCH = 4_000  # units per importer.add (the importer keeps its sorted index rows across calls)
PROGRESS_EVERY = 1000
"""Entries between two calls of an import's ``on_progress``."""


def content_id(unit: TranslationUnit) -> str:
    """A stable id for a TMX unit that had no ``tuid``: a hash of its segments.

    >>> from termbase.model import TranslationUnit
    >>> first = content_id(TranslationUnit("auto:1", {"en": "Baku", "ru": "Баку"}))
    >>> first == content_id(TranslationUnit("auto:7", {"ru": "Баку", "en": "Baku"})), len(first)
    (True, 19)
    >>> first == content_id(TranslationUnit("auto:1", {"en": "Baku", "ru": "Бакы"}))
    False
    """
    digest = hashlib.sha1()
    for lang, text in sorted(unit.variants.items()):
        digest.update(f"{lang}\x00{text}\x00".encode())
    return "tm:" + digest.hexdigest()[:16]


def _unit_concept(unit: TranslationUnit) -> Concept | None:
    """A translation unit as a concept: one preferred term per language (None if all are blank)."""
    from termbase.model import Category, Concept, Term

    terms = [Term(text, lang) for lang, text in unit.variants.items() if text.strip()]
    if not terms:
        return None
    notes = {"en": unit.note} if unit.note else None
    return Concept(f"auto:{unit.id}", Category.OTHER, terms, notes=notes)


def remove_termbase_files(path: str) -> None:
    """Delete a termbase file (and its WAL files) that a failed import or command created."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{path}{suffix}")


def import_file(
    tb: Termbase,
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    on_conflict: OnConflict = "merge",
    into: Into = "auto",
    encoding: str | None = None,
    delimiter: str | None = None,
    progress: Callable[[int], None] | None = None,
    source: str | None = None,
    target: str | None = None,
    on_progress: Callable[[ImportProgress], None] | None = None,
    jobs: int | None = None,
) -> ImportSummary:
    """Import a file into ``tb``: all of it or (on any error, Ctrl-C included) nothing.

    ``into`` says where a TMX file's entries go: ``auto`` puts termbase concepts (``tu``\\ s
    with an ``x-category`` prop) in the glossary and every other unit in the memory;
    ``concepts`` makes each unit a concept too (matched to an existing one by a shared
    preferred term); ``memory`` puts only units in the memory (concepts are counted in
    ``ignored``). Units without a ``tuid`` get :func:`content_id`, so importing a file
    twice does not store its units twice. ``progress`` is called with the number of
    entries read so far, after each one; ``on_progress`` with an :class:`ImportProgress`
    (entries, bytes of the file read, its size, seconds) every :data:`PROGRESS_EVERY` entries
    and once at the end (a progress bar's data: bytes for the bar, entries/s for the rate).
    ``jobs``: how many processes compute the memory's index rows
    (:func:`termbase.memory.pipeline.import_jobs`; 1: this one alone); from 3, one of them
    parses a large TMX file into SQLite (:func:`termbase.formats.tmx.read_tmx`).
    """
    from termbase.formats import detect_format, format_info, read

    if into not in ("auto", "concepts", "memory"):
        raise UsageError(f"into must be auto, concepts or memory, not {into!r}")
    if on_conflict not in ("merge", "skip", "replace"):
        raise UsageError(f"on_conflict must be merge, skip or replace, not {on_conflict!r}")
    name = os.fspath(path)
    if not os.path.exists(name):
        raise InputError("no such file", path=name)
    fmt = format_info(format).name if format else detect_format(name)
    if into == "memory" and not format_info(fmt).carries_units:
        raise UsageError(
            f"only TMX, XLIFF and PO files carry translation units; a {fmt} file imports as a glossary"
        )
    options: dict[str, Any] = {}
    if fmt == "omegat" or fmt in BILINGUAL_FORMATS:
        options.update(source=source, target=target)
    elif source or target:
        raise UsageError("--source and --target apply to OmegaT glossaries, XLIFF and PO files only")
    if encoding is not None:
        if fmt not in DELIMITED_FORMATS:
            raise UsageError(
                f"an encoding applies to {', '.join(DELIMITED_FORMATS)} files; XML names its own"
            )
        options["encoding"] = encoding
    if delimiter is not None:
        if fmt not in ("csv", "tsv", "csv-long"):
            raise UsageError(f"a delimiter applies to csv, tsv and csv-long files, not {fmt}")
        if len(delimiter) != 1:
            raise UsageError(f"a delimiter is one character, not {delimiter!r}")
        options["delimiter"] = delimiter
    elif fmt in ("csv", "csv-long"):
        from termbase.formats.delimited import sniff_delimiter

        options["delimiter"] = sniff_delimiter(name, encoding)
    unknown: set[str] = set()
    if fmt in ("tmx", "tbx", "tbx2008"):
        options["on_unknown_tag"] = unknown.add
    if fmt == "tmx" and into == "concepts":
        options["inline"] = "plain"
    memory_jobs = jobs
    if fmt == "tmx" and into != "concepts" and tb.store.dialect == "sqlite":
        # A large file's XML parsed by one of the import's processes (3 or more). Not on
        # PostgreSQL: there the index helpers (postings, ~210 us a unit) are the bottleneck, not
        # the writing process, and a third process does better computing postings.
        from termbase.formats.tmx import reads_apart

        options["jobs"] = _reading_jobs(jobs)
        if reads_apart(name, options["jobs"]):
            memory_jobs = options["jobs"] - 1  # the reading process is one of them
    store_path = tb.store.path
    existed = store_path is None or os.path.exists(store_path)
    pending: list[TranslationUnit] = []
    counts = {"units": 0, "ignored": 0}

    def flush() -> None:
        if pending:
            counts["units"] += importer.add(pending)  # the memory's importer, opened below
            pending.clear()

    def concepts() -> Iterator[Concept]:
        from termbase.model import Concept

        items: Iterable[Concept | TranslationUnit] = read(name, fmt, **options)
        done = 0
        for done, item in enumerate(items, 1):
            if isinstance(item, Concept):
                if into == "memory":
                    counts["ignored"] += 1
                else:
                    yield item
            elif into == "concepts":
                concept = _unit_concept(item)
                if concept is None:
                    counts["ignored"] += 1
                else:
                    yield concept
            else:
                if item.id.startswith("auto:"):
                    item = _with_id(item)
                pending.append(item)
                if len(pending) >= _UNIT_BATCH:
                    flush()
            if progress is not None:
                progress(done)
            if on_progress is not None and done % PROGRESS_EVERY == 0:
                on_progress(ImportProgress(done, position(opened), total, time.monotonic() - started))
        if on_progress is not None:
            on_progress(ImportProgress(done, total, total, time.monotonic() - started))

    total = os.path.getsize(name)
    started = time.monotonic()
    try:
        concepts_only = not format_info(fmt).carries_units
        with (
            _unchecked_transaction(tb) if concepts_only else contextlib.nullcontext(),
            tb.transaction(),
            watching() as opened,
            tb.memory.importer(memory_jobs) as importer,
        ):
            summary = tb.import_concepts(concepts(), on_conflict=on_conflict, jobs=jobs)
            flush()
    except BaseException as error:
        if not existed and store_path is not None:
            tb.store.close()
            remove_termbase_files(store_path)
            tb.store.forget_file()
        if isinstance(error, OSError) and not isinstance(error, BrokenPipeError):
            where = os.fspath(error.filename) if error.filename else name
            raise InputError(f"cannot read: {error.strerror or error}", path=where) from None
        raise
    summary.units_added = counts["units"]
    summary.ignored = counts["ignored"]
    summary.unknown_tags |= unknown
    return summary


def _reading_jobs(jobs: int | None) -> int:
    """The import's processes for reading a TMX file (1 for a value the memory's importer refuses: it says why)."""
    from termbase.memory.pipeline import import_jobs

    try:
        return import_jobs(jobs)
    except UsageError:
        return 1


def _with_id(unit: TranslationUnit) -> TranslationUnit:
    from dataclasses import replace

    return replace(unit, id=content_id(unit))


# -- export --------------------------------------------------------------------------------
def _tags(values: Iterable[str] | None) -> list[str] | None:
    if values is None:
        return None
    from termbase.langtags import normalize_tag

    return list(dict.fromkeys(normalize_tag(v) for v in values))


def _tag(value: str | None) -> str | None:
    if value is None:
        return None
    from termbase.langtags import normalize_tag

    return normalize_tag(value)


def _scheme_tags(name: str) -> tuple[str, ...]:
    from termbase.scripts import scheme

    return (scheme(name).tag,)


def _with_derived(tb: Termbase, concept: Concept, schemes: list[tuple[str, str]]) -> Concept:
    """The concept plus its derived forms of ``schemes`` (name, tag) as admitted variant terms."""
    from termbase.model import Status, Term, TermType

    if not schemes:
        return concept
    derived = tb.derived_forms(concept.id)
    have = {(t.lang, t.text) for t in concept.terms()}
    extra: list[Term] = []
    for name, tag in schemes:
        for text in derived.get(name, []):
            if (tag, text) not in have:
                have.add((tag, text))
                extra.append(Term(text, tag, TermType.VARIANT, Status.ADMITTED))
    return concept.with_terms((*concept.terms(), *extra)) if extra else concept


def select(
    tb: Termbase,
    *,
    langs: list[str] | None,
    source: str | None,
    categories: Iterable[str] | None,
    ids: Iterable[str] | None,
    derived: Iterable[str],
) -> list[Concept]:
    """The concepts an export writes: filtered, with derived variants, sorted by ``source``."""
    from termbase.collation import sort_key
    from termbase.derive import derived_scheme
    from termbase.scripts import scheme

    schemes = [(s.name, s.tag) for s in (scheme(derived_scheme(n)) for n in derived)]
    wanted = list(ids) if ids is not None else None
    try:
        found = list(tb.concepts(categories=categories, ids=wanted))
    except ValueError as error:  # an unknown category
        raise UsageError(str(error)) from None
    if wanted:
        missing = sorted(set(wanted) - {c.id for c in found})
        if missing:
            from termbase.errors import NotFoundError

            raise NotFoundError(f"no concept with id {', '.join(map(repr, missing))} in {tb.name}")
    out: list[Concept] = []
    keep = set(langs) if langs is not None else None
    for concept in found:
        concept = _with_derived(tb, concept, schemes)
        if keep is not None:
            concept = concept.with_terms([t for t in concept.terms() if t.lang in keep])
        out.append(concept)
    if source is not None:
        lang = source

        def key(concept: Concept) -> tuple[Any, ...]:
            preferred = concept.preferred(lang)
            if preferred is None:
                return (1, (), concept.id)
            return (0, sort_key(preferred.text, lang), concept.id)

        out.sort(key=key)
    return out


def export(
    tb: Termbase,
    format: str | None,
    out: IO[bytes] | str | os.PathLike[str],
    *,
    langs: Iterable[str] | None = None,
    source: str | None = None,
    target: str | None = None,
    categories: Iterable[str] | None = None,
    ids: Iterable[str] | None = None,
    derived: Iterable[str] = (),
    bom: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write concepts of ``tb`` as ``format`` to ``out`` (a binary stream, or a path written
    atomically; ``-`` is standard output); returns what the writer counts (entries, or lines
    of an OmegaT glossary). ``format`` None: the one ``out``'s name ends with (``.tbx``,
    ``.tmx``, ``.tmx.gz``, ``.csv``, ``.tsv``, ``.xlsx``, ``.txt`` for OmegaT).

    ``langs`` keeps only terms (and columns) of these languages; ``source`` sorts by its
    preferred terms' collation and is a TMX file's ``srclang`` and a TBX file's
    ``xml:lang``; ``target`` is an OmegaT glossary's second column (inferred from
    ``langs`` when that names one other language); ``derived`` adds the forms of these
    schemes as admitted variant terms. ``progress`` is called as ``(done, total)`` concepts,
    once with 0 before the first is written.
    """
    from termbase.formats import format_for_name, format_info, write

    if format is None:
        if not isinstance(out, (str, os.PathLike)) or os.fspath(out) == "-":
            raise UsageError(
                f"give the format (--format) for standard output or a stream: {', '.join(EXPORT_FORMATS)}"
            )
        format = format_for_name(out, EXPORT_FORMATS)
    fmt = format_info(format).name
    if fmt not in EXPORT_FORMATS:
        raise UsageError(f"a glossary is not exported as {fmt}; formats: {', '.join(EXPORT_FORMATS)}")
    tags = _tags(langs)
    if tags:
        derived_tags = {t for n in derived for t in _scheme_tags(n)}
        have = {row[0] for row in tb.store.conn.execute("SELECT DISTINCT lang FROM term")} | derived_tags
        missing = [t for t in tags if t not in have]
        if missing:
            from termbase.errors import NotFoundError

            raise NotFoundError(f"no term in {', '.join(missing)} in {tb.name}: nothing to export")
    source_tag = _tag(source)
    target_tag = _tag(target)
    derived = list(derived)
    if bom and fmt not in DELIMITED_FORMATS:
        raise UsageError(f"--bom applies to {', '.join(DELIMITED_FORMATS)}, not {fmt}")
    options: dict[str, Any] = {}
    if fmt in DELIMITED_FORMATS:
        options["bom"] = bom
    if fmt == "omegat":
        omegat_source = source_tag or "en"
        if target_tag is None and tags is not None:
            others = [t for t in tags if t != omegat_source]
            target_tag = others[0] if len(others) == 1 else None
        if target_tag is None or target_tag == omegat_source:
            raise UsageError(
                "an OmegaT export needs a target language: --target TAG (and --source TAG, default en)"
            )
        options.update(source=omegat_source, target=target_tag)
        tags = list(dict.fromkeys([*(tags or []), omegat_source, target_tag]))
    if tags is not None and derived:
        from termbase.scripts import scheme

        tags = list(dict.fromkeys([*tags, *(scheme(n).tag for n in derived)]))
    concepts = select(tb, langs=tags, source=source_tag, categories=categories, ids=ids, derived=derived)
    if fmt in ("csv", "tsv", "xlsx"):
        options["langs"] = tags
    elif fmt == "tmx":
        options["source"] = source_tag or "*all*"
    elif fmt in ("tbx", "tbx2008"):
        options["source"] = source_tag or "en"
    items: Iterable[Concept] = concepts
    if progress is not None:
        items = _reporting(concepts, progress)
    if not isinstance(out, (str, os.PathLike)):
        return write(fmt, cast(BinaryIO, out), items, **options)
    return _write_atomically(out, lambda stream: write(fmt, stream, items, **options))


def _write_atomically(out: str | os.PathLike[str], writer: Callable[[BinaryIO], int]) -> int:
    """``writer`` onto a temporary file that replaces ``out`` only when it succeeded; errors
    name ``out`` (never the temporary file)."""
    from termbase.formats._atomic import atomic_output

    name = os.fspath(out)
    if name != "-":
        if os.path.isdir(name):
            raise InputError("cannot write: is a directory", path=name)
        folder = os.path.dirname(os.path.abspath(name))
        if not os.path.isdir(folder):
            raise InputError(f"cannot write: no such folder {os.path.dirname(name)!r}", path=name)
    try:
        with atomic_output(name) as stream:
            return writer(stream)
    except BrokenPipeError:
        raise
    except OSError as error:  # no permission, a full disk
        raise InputError(f"cannot write: {error.strerror or error}", path=name) from None


def export_memory(tb: Termbase, out: IO[bytes] | str | os.PathLike[str]) -> int:
    """Write the translation memory of ``tb`` as TMX 1.4b to a binary stream or a path (written
    atomically, ``-`` is standard output); returns the number of units written.

    >>> import io, termbase
    >>> tb = termbase.open(":memory:")
    >>> tb.memory.add_units([termbase.TranslationUnit("u1", {"en": "Baku", "ru": "Баку"})])
    1
    >>> tb.export_memory(io.BytesIO())
    1
    """
    from termbase.formats.tmx import write_tmx

    if not isinstance(out, (str, os.PathLike)):
        return write_tmx(cast(BinaryIO, out), units=tb.memory.units())
    return _write_atomically(out, lambda stream: write_tmx(stream, units=tb.memory.units()))


def _reporting(concepts: list[Concept], progress: Callable[[int, int], None]) -> Iterator[Concept]:
    total = len(concepts)
    progress(0, total)
    for done, concept in enumerate(concepts, 1):
        yield concept
        progress(done, total)


# -- concepts in bulk ------------------------------------------------------------------------
_CONCEPT_BATCH = 2000
"""New concepts written together (one ``executemany`` per table)."""

_WORKER_AFTER = 1
"""Batches an import derives in this process before it derives the rest in a worker
(:class:`_Deriver`), unless the first is a full batch (:data:`_CONCEPT_BATCH`): a large import
hands its first batch over too, so this process reads the second meanwhile."""


def _unchecked_transaction(tb: Termbase) -> contextlib.AbstractContextManager[Connection]:
    """The store's write transaction, with SQLite's foreign keys unchecked (``Store.transaction``'s
    ``checked``) when it is the outermost one: for writes of concept rows alone."""
    from termbase.store import Store

    if isinstance(tb.store, Store):
        return tb.store.transaction(checked=False)
    return tb.store.transaction()


def concept_jobs(jobs: int | None = None) -> int:
    """How many processes a concept import uses: ``jobs``, else ``$TERMBASE_IMPORT_JOBS``
    (:func:`termbase.memory.pipeline.import_jobs`), else 2 where there are two CPUs (else 1).

    Two: this process reads the file and writes while a helper derives the forms and keys of the
    next batch (the halves cost about the same). Measured on a 2-core machine at load 2-3.5, a
    100,000-concept CSV: 94 s with two processes, 112 s with one. On SQLite each further process
    computes one more batch ahead (:class:`_Deriver`): on 2 cores three processes took 46.5,
    48.9 and 56.3 s against two's 56.3, 56.6 and 46.7 s (interleaved runs), for some 155 MB more
    (each helper loads pypinyin's phrases), so two stay the default.

    >>> concept_jobs(1)
    1
    """
    from termbase.memory.pipeline import ENV, import_jobs

    if jobs is None and not os.environ.get(ENV, "").strip():
        return 2 if (os.cpu_count() or 1) >= 2 else 1
    return import_jobs(jobs)


class _Deriver:
    """Computes each batch's form rows (:func:`termbase.termbase.form_rows`: derived forms and
    search keys, the Python half of a concept import) in helper processes
    (:class:`termbase.memory.pipeline.Helpers`, as a TM import does) while this process reads the
    file and writes the batches before; or here, with one job. Only this process writes: a helper
    sees no database, so a killed helper or a killed import leaves the file as it was (the
    import's one transaction is rolled back).

    On SQLite a batch's forms are numbered from 1 and moved into place as they are written
    (``write_concept_rows``' ``shift``), so the batches handed over need not wait for each
    other: each helper computes one while this process writes the oldest. On PostgreSQL (whose
    rows go by ``COPY``, as they are) a batch's form ids follow the batch before's: one is
    computed at a time.
    """

    def __init__(self, dialect: str, derive: bool, jobs: int) -> None:
        from collections import deque

        from termbase.memory.pipeline import Helpers

        self.dialect, self.derive, self.jobs = dialect, derive, jobs
        self.relative = dialect == "sqlite"
        self.batches = 0
        self.helpers = Helpers(0)
        # the head_rows of each batch handed over and not written yet, oldest first
        self.outstanding: deque[tuple[list[tuple[object, ...]], Any]] = deque()

    def hand_over(self, conn: Connection, concepts: list[Concept], now: str) -> None:
        """Hand a batch over to be computed, and write the batches handed over before it that
        the helpers need not keep (all but one per helper)."""
        from termbase.termbase import next_form_id, write_concept_rows

        if self.relative:
            self._submit(conn, concepts, 1, now)
            while len(self.outstanding) > max(1, len(self.helpers)):
                self._write_oldest(conn)
            return
        before = self._take()
        self._submit(conn, concepts, before.next_form_id if before is not None else next_form_id(conn), now)
        if before is not None:
            write_concept_rows(conn, before)

    def settle(self, conn: Connection) -> None:
        """Write every batch handed over: the database then holds every concept handed over."""
        while self.outstanding:
            self._write_oldest(conn)

    def _submit(self, conn: Connection, concepts: list[Concept], first_form_id: int, now: str) -> None:
        from termbase.memory.pipeline import Helpers
        from termbase.termbase import form_items, form_rows, head_rows

        items = form_items(concepts)
        self.batches += 1
        large = len(concepts) >= _CONCEPT_BATCH or self.batches > _WORKER_AFTER
        if self.jobs > 1 and large and not len(self.helpers):
            self.settle(conn)  # the batches computed here, before the helpers start
            self.helpers.close()
            self.helpers = Helpers(self.jobs - 1)
        self.helpers.submit((form_rows, (items, first_form_id, self.dialect, self.derive)))
        self.outstanding.append(head_rows(concepts, now, self.dialect))

    def _take(self) -> ConceptRows | None:
        """The rows of the oldest batch handed over (waiting for them), if any."""
        from termbase.termbase import ConceptRows

        if not self.outstanding:
            return None
        return ConceptRows(*self.outstanding.popleft(), self.helpers.result())

    def _write_oldest(self, conn: Connection) -> None:
        from termbase.termbase import next_form_id, write_concept_rows

        rows = self._take()
        if rows is not None:
            write_concept_rows(conn, rows, shift=next_form_id(conn) - 1 if self.relative else 0)

    def close(self) -> None:
        self.helpers.close()


def _find_by_preferred(conn: Connection, concept: Concept) -> str | None:
    """The first concept (by id) with a preferred term of ``concept``, same language and text.

    Read through the exact search keys (an index), not by scanning the term table.
    """
    from termbase.normalize import EXACT, exact_key, stored_levels

    codes = stored_levels(EXACT)  # the rows holding a form's exact key (normalize.SPANS)
    for term in concept.terms():
        if term.status is not Status.PREFERRED:
            continue
        row = conn.execute(
            "SELECT f.concept_id FROM search_key k JOIN form f ON f.id = k.form_id "
            f"WHERE k.key = ? AND k.level IN ({', '.join('?' * len(codes))}) AND f.scheme IS NULL "
            "AND f.lang = ? AND f.text = ? AND f.status = 'preferred' ORDER BY f.concept_id LIMIT 1",
            (exact_key(term.text), *codes, term.lang, term.text),
        ).fetchone()
        if row:
            return str(row[0])
    return None


def _free_id(conn: Connection, concept: Concept, taken: set[str]) -> str:
    first = next(iter(concept.terms("en") or concept.terms()), None)
    base = _slug(first.text) if first else "concept"
    candidate, n = base, 1
    while candidate in taken or conn.execute("SELECT 1 FROM concept WHERE id = ?", (candidate,)).fetchone():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def import_concepts(
    tb: Termbase,
    concepts: Iterable[Concept],
    on_conflict: OnConflict = "merge",
    *,
    derive: bool = True,
    jobs: int | None = None,
) -> ImportSummary:
    """Import many concepts into ``tb`` in one transaction: all or nothing.

    A concept whose id starts with ``auto:`` (its file had no ids) is matched to an
    existing concept by a shared preferred term in the same language. New concepts are
    written in batches of :data:`_CONCEPT_BATCH`; one that meets a concept of the batch not
    written yet (the same id, or a shared preferred term) writes the batch first. With ``jobs``
    above 1 (default: :func:`concept_jobs`) the rows of a batch are computed in a helper process
    while this one writes the batch before; the rows and the file are the same either way.
    """
    if on_conflict not in ("merge", "skip", "replace"):
        raise UsageError(f"on_conflict must be merge, skip or replace, not {on_conflict!r}")
    from termbase.langtags import KNOWN_TAGS

    summary = ImportSummary()
    pending: list[Concept] = []
    pending_ids: set[str] = set()
    pending_preferred: set[tuple[str, str]] = set()
    from termbase.termbase import _now

    deriver = _Deriver(tb.store.dialect, derive, concept_jobs(jobs))

    def flush(conn: Connection) -> None:
        """Hand the pending concepts over to be written: their rows are computed (in a helper,
        if any) while the batches before them are written here."""
        if not pending:
            return
        deriver.hand_over(conn, list(pending), now)
        if written is not None:
            written.update(pending_ids)
        pending.clear()
        pending_ids.clear()
        pending_preferred.clear()

    now = _now()
    try:
        # Only concept rows are written here, each right by construction, and a replaced concept's
        # rows are deleted explicitly: no foreign key needs checking (SQLite's check is a look-up
        # per row, a third of the writing time).
        with _unchecked_transaction(tb) as conn:
            # Into an empty termbase, the concepts that exist are the ones this import wrote: known
            # without asking the database once per concept.
            empty = conn.execute("SELECT 1 FROM concept LIMIT 1").fetchone() is None
            written: set[str] | None = set() if empty else None
            for concept in concepts:
                summary.unknown_tags.update(t.lang for t in concept.terms() if t.lang not in KNOWN_TAGS)
                incoming = concept
                if concept.id.startswith("auto:"):
                    if any((t.lang, t.text) in pending_preferred for t in _preferred(concept)):
                        flush(conn)
                    deriver.settle(conn)  # the database holds every concept handed over
                    existing_id = _find_by_preferred(conn, concept)
                    if existing_id is None:
                        incoming = concept.replace(id=_free_id(conn, concept, pending_ids))
                    else:
                        incoming = concept.replace(id=existing_id)
                if written is None:
                    deriver.settle(conn)
                if incoming.id in pending_ids:
                    flush(conn)
                elif (
                    incoming.id not in written
                    if written is not None
                    else conn.execute("SELECT 1 FROM concept WHERE id = ?", (incoming.id,)).fetchone() is None
                ):
                    pending.append(incoming)
                    pending_ids.add(incoming.id)
                    pending_preferred.update((t.lang, t.text) for t in _preferred(incoming))
                    summary.added += 1
                    summary.terms_added += len(incoming.terms())
                    if len(pending) >= _CONCEPT_BATCH:
                        flush(conn)
                    continue
                deriver.settle(conn)
                old = tb._load([incoming.id]).get(incoming.id)
                if old is None:  # not reached: the concept exists
                    raise RuntimeError(f"concept {incoming.id!r} vanished during the import")
                if on_conflict == "skip":
                    summary.skipped += 1
                elif on_conflict == "replace":
                    tb._write_concept(conn, incoming, derive=derive)
                    summary.replaced += 1
                    summary.terms_added += len(incoming.terms())
                else:
                    merged, new_terms = _merge(old, incoming)
                    if merged != old:
                        tb._write_concept(conn, merged, derive=derive)
                    summary.merged += 1
                    summary.terms_added += new_terms
            flush(conn)
            deriver.settle(conn)
            tb._lookup.forget()
    finally:
        deriver.close()
    return summary


def _preferred(concept: Concept) -> list[Term]:
    return [t for t in concept.terms() if t.status is Status.PREFERRED]


def _merge(old: Concept, new: Concept) -> tuple[Concept, int]:
    """``old`` with what ``new`` adds: terms not there yet, missing notes, definitions, sources."""
    added = new_terms(old, new.terms())
    merged = old.replace(
        terms=(*old.terms(), *added),
        wikidata=old.wikidata or new.wikidata,
        definitions={**new.definitions, **old.definitions},
        notes={**new.notes, **old.notes},
        sources=tuple(dict.fromkeys((*old.sources, *new.sources))),
    )
    return merged, len(added)


def _slug(text: str) -> str:
    import re

    from termbase.scripts import convert

    latin = text
    if any("\u0400" <= c <= "\u04ff" for c in text):
        latin = convert(text, to="bgn-pcgn")
    if any("\u4e00" <= c <= "\u9fff" for c in text):
        latin = convert(text, to="pinyin-plain")
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", latin.replace("ı", "i").replace("ə", "e"))
    ascii_text = ascii_text.encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "concept"


def new_terms(concept: Concept, terms: Iterable[Term]) -> list[Term]:
    """The ``terms`` the concept does not have yet (same language and text)."""
    have = {(t.lang, t.text) for t in concept.terms()}
    return [t for t in terms if (t.lang, t.text) not in have]
