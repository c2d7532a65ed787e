"""The termbase: concepts and their terms, lookup by any form, derived forms.

>>> import termbase
>>> tb = termbase.open()
>>> best = tb.lookup("Баку")[0]
>>> best.concept.terms("az-Latn")[0].text
'Bakı'
>>> [(m.concept.id, m.how) for m in tb.lookup("BAKI")][:1]
[('baku', 'case')]
>>> tb["baku"].id, tb.get("no-such-id") is None
('baku', True)
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from termbase.errors import NotFoundError, UsageError
from termbase.lookup import Lookup
from termbase.model import Category, Concept, Status, Term, TermType
from termbase.normalize import exact_key as nfc
from termbase.results import Form, ImportProgress, ImportSummary, Match, Stats

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing slows `termbase lookup` down
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import IO, Literal, TypeAlias

    from termbase.backends.base import Connection, StoreBackend
    from termbase.derive import DerivedForm
    from termbase.exchange import Into
    from termbase.memory import Memory
    from termbase.recognize import Recognized, Recognizer
    from termbase.recognize.cache import IndexCache

__all__ = ["Form", "ImportSummary", "Match", "Stats", "Termbase"]

if TYPE_CHECKING:
    OnConflict: TypeAlias = Literal["merge", "skip", "replace"]

FUZZY_CEILING = 79  # the best score of a typo hit (kept here: tests and users import it)


def _now() -> str:
    from datetime import UTC, datetime

    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _extra_json(concept: Concept) -> str:
    """The concept's definitions, notes and sources as the JSON of its ``data`` column."""
    if not (concept.definitions or concept.notes or concept.sources):
        return "{}"  # json.dumps({}), without the encoder (most concepts of a large import)
    extra = {
        k: v
        for k, v in {
            "definition": dict(concept.definitions),
            "note": dict(concept.notes),
            "sources": list(concept.sources),
        }.items()
        if v
    }
    return json.dumps(extra, ensure_ascii=False)


def _forms_changed(conn: Connection) -> None:
    """A new forms token (:mod:`termbase.recognize.cache`): indexes saved for the old forms go unused."""
    from termbase.recognize.cache import new_forms_token

    new_forms_token(conn)


def _cache_language_names(conn: Connection, tags: Iterable[str]) -> None:
    """Store the CLDR names of ``tags`` (and English) in every display language, once per tag,
    so that showing a concept of this termbase never imports Babel."""
    have = {row[0] for row in conn.execute("SELECT DISTINCT tag FROM language_name")}
    missing = sorted({*tags, "en"} - have)
    if not missing:
        return
    from termbase.langtags import DISPLAY_LOCALES, language_name

    rows: list[tuple[str, str, str]] = []
    for tag in missing:
        for display in DISPLAY_LOCALES:
            try:
                name = language_name(tag, display)
            except Exception:  # an unusual tag Babel cannot parse: shown as the tag itself
                name = tag
            rows.append((tag, display, name))
    conn.executemany("INSERT OR IGNORE INTO language_name (tag, display, name) VALUES (?, ?, ?)", rows)


ROWS_PER_INSERT = 100
"""Rows one ``INSERT`` statement writes on SQLite (:func:`_pack`)."""


def _pack(dialect: str, width: int, rows: Sequence[tuple[object, ...]]) -> _Packed:
    """``rows`` (``width`` values each) as the parameters of :func:`_insert_rows`'s statements.

    On SQLite, :data:`ROWS_PER_INSERT` rows per statement (``VALUES (…), (…), …``, at most 900
    parameters, under every SQLite's limit): the same rows, in the same order, as one
    ``executemany`` row by row, at about 60 % of its cost (executemany pays its per-row
    overhead in Python). PostgreSQL's connection makes ``executemany`` a ``COPY``: rows go there.

    >>> _pack("sqlite", 450, [(1,) * 450, (2,) * 450, (3,) * 450])[1] == [(1,) * 450 + (2,) * 450]
    True
    """
    per = max(1, min(ROWS_PER_INSERT, 900 // width))
    full = len(rows) - len(rows) % per if dialect == "sqlite" and len(rows) >= per else 0
    many: list[tuple[object, ...]] = []
    if full:
        from itertools import chain

        many = [tuple(chain.from_iterable(rows[i : i + per])) for i in range(0, full, per)]
    return per, many, list(rows[full:])


_Packed = tuple[int, list[tuple[object, ...]], list[tuple[object, ...]]]


def _insert_rows(
    conn: Connection, head: str, width: int, packed: _Packed, shift: tuple[int, int] = (0, 0)
) -> None:
    """``head`` (``INSERT INTO table (columns)``) with the rows :func:`_pack` packed; ``shift``
    (column, amount) adds ``amount`` to that column of every row, in the statement (SQLite only:
    form ids computed from 1 moved into place, :func:`write_concept_rows`)."""
    per, many, rest = packed
    marks = ["?"] * width
    column, amount = shift
    if amount:
        marks[column] = f"? + {int(amount)}"
    one = "(" + ", ".join(marks) + ")"
    if many:
        conn.executemany(f"{head} VALUES " + ", ".join([one] * per), many)
    if rest:
        conn.executemany(f"{head} VALUES {one}", rest)


class ConceptRows:
    """The rows that write a batch of concepts, computed without the database
    (:func:`concept_rows`). The forms and their keys (:func:`form_rows`, the costly half) are
    computed from plain, picklable values, so another process can compute them while this one writes.

    ``next_form_id`` is the id the next batch's first form gets; ``langs`` the languages of the forms.
    """

    __slots__ = ("concepts", "forms", "keys", "langs", "next_form_id", "terms")

    def __init__(
        self,
        concepts: list[tuple[object, ...]],
        terms: _Packed,
        forms: tuple[_Packed, _Packed, set[str], int],
    ) -> None:
        self.concepts, self.terms = concepts, terms
        self.forms, self.keys, self.langs, self.next_form_id = forms


def head_rows(
    concepts: Sequence[Concept], now: str, dialect: str
) -> tuple[list[tuple[object, ...]], _Packed]:
    """The concept rows and the (packed) term rows of ``concepts``, written ``now``."""
    concept_rows_: list[tuple[object, ...]] = [
        (c.id, c.category.value, c.wikidata, _extra_json(c), now, now) for c in concepts
    ]
    term_rows: list[tuple[object, ...]] = [
        (c.id, i, t.lang, t.text, t.type._value_, t.status._value_, t.note, t.source, t.region)
        for c in concepts
        for i, t in enumerate(c.terms())
    ]
    return concept_rows_, _pack(dialect, 9, term_rows)


FormItem = tuple[str, Sequence[tuple[str, str, str, str]]]
"""A concept as :func:`form_rows` takes it: its id and its terms' (language, text, status, type)."""


def form_items(concepts: Iterable[Concept]) -> list[FormItem]:
    """``concepts`` as :func:`form_rows` takes them: plain tuples (what a helper process is sent)."""
    # _value_: an enum member's value without the .value descriptor's call (same string)
    return [(c.id, [(t.lang, t.text, t.status._value_, t.type._value_) for t in c.terms()]) for c in concepts]


def form_rows(
    items: Sequence[FormItem], first_form_id: int, dialect: str, derive: bool = True
) -> tuple[_Packed, _Packed, set[str], int]:
    """The (packed) form and search-key rows of concepts given as :func:`form_items`, their forms
    numbered from ``first_form_id``: every stored term and derived form
    (:func:`termbase.derive.derive_texts`), each with the keys :func:`termbase.normalize.stored_keys`
    gives it, keys in index order; with the languages of the forms and the id after the last.
    A function of its arguments alone.
    """
    from operator import itemgetter

    from termbase.casing import is_turkic
    from termbase.normalize import stored_keys_for

    derived: list[list[tuple[int, DerivedForm]]] | None = None
    if derive:
        from termbase.derive import derive_texts

        derived = derive_texts([terms for _, terms in items])
    form_id = first_form_id - 1
    rows: list[tuple[int, str, str, str, str | None, str, str]] = []
    add_form = rows.append
    for index, (cid, terms) in enumerate(items):
        for lang, text, status, ftype in terms:
            form_id += 1
            add_form((form_id, cid, lang, text, None, status, ftype))
        if derived is not None:
            for i, (name, tag, text) in derived[index]:
                term = terms[i]  # a derived form has its term's status and type
                form_id += 1
                add_form((form_id, cid, tag, text, name, term[2], term[3]))
    # ASCII keys apart from the others: each list sorts on its own, the ASCII one by byte
    # comparisons (Python's sort compares strings of one kind that way), both far faster than
    # one sort of keys in several scripts; each is written in index order.
    plain_keys: list[tuple[str, int, int]] = []
    other_keys: list[tuple[str, int, int]] = []
    add_plain, add_other = plain_keys.append, other_keys.append
    turkic: dict[str, bool] = {}
    for row in rows:
        flang = row[2]
        is_az = turkic.get(flang)
        if is_az is None:
            is_az = turkic[flang] = is_turkic(flang)
        fid = row[0]
        for level, key in stored_keys_for(row[3], is_az):
            (add_plain if key.isascii() else add_other)((key, level, fid))
    by_key = itemgetter(0)
    plain_keys.sort(key=by_key)  # in index order: each insert lands beside the one before
    other_keys.sort(key=by_key)
    packed_keys = _pack(dialect, 3, plain_keys + other_keys)
    return _pack(dialect, 7, rows), packed_keys, set(turkic), form_id + 1


def concept_rows(
    concepts: Sequence[Concept], first_form_id: int, now: str, dialect: str, derive: bool = True
) -> ConceptRows:
    """Every row that writes ``concepts`` (:func:`head_rows`, :func:`form_rows`), without the database."""
    items = form_items(concepts)
    return ConceptRows(*head_rows(concepts, now, dialect), form_rows(items, first_form_id, dialect, derive))


def write_concept_rows(conn: Connection, rows: ConceptRows, *, new: bool = True, shift: int = 0) -> None:
    """Write what :func:`concept_rows` computed. ``new`` says that none of the concepts is in the
    termbase yet (and their ids are distinct), so nothing is deleted first; otherwise each replaces
    the concept of its id, if any (its terms, forms and their keys deleted: explicitly, so that
    this holds in a bulk import run with ``foreign_keys`` off too).

    ``shift`` is added to every form id (on SQLite): rows computed before the batches ahead of
    them were written, numbered from 1, take the ids after the last form written
    (``next_form_id(conn) - 1``), so batches can be computed side by side.
    """
    if shift and not isinstance(conn, sqlite3.Connection):
        raise ValueError("form ids are shifted in the INSERT statement, on SQLite only")
    conn.executemany(
        "INSERT INTO concept (id, category, wikidata, data, created, modified) VALUES (?, ?, ?, ?, ?, ?) "
        + (
            ""
            if new
            else "ON CONFLICT(id) DO UPDATE SET category = excluded.category, wikidata = excluded.wikidata, "
            "data = excluded.data, modified = excluded.modified"
        ),
        rows.concepts,
    )
    if not new:
        ids = [(row[0],) for row in rows.concepts]
        conn.executemany("DELETE FROM term WHERE concept_id = ?", ids)
        conn.executemany(
            "DELETE FROM search_key WHERE form_id IN (SELECT id FROM form WHERE concept_id = ?)", ids
        )
        conn.executemany("DELETE FROM form WHERE concept_id = ?", ids)
    head = "INSERT INTO term (concept_id, position, lang, text, type, status, note, source, region)"
    _insert_rows(conn, head, 9, rows.terms)
    _insert_rows(
        conn, "INSERT INTO form (id, concept_id, lang, text, scheme, status, type)", 7, rows.forms, (0, shift)
    )
    _insert_rows(conn, "INSERT OR IGNORE INTO search_key (key, level, form_id)", 3, rows.keys, (2, shift))
    _cache_language_names(conn, rows.langs)
    _forms_changed(conn)


def next_form_id(conn: Connection) -> int:
    """The id the next form written gets."""
    return int(conn.execute("SELECT coalesce(max(id), 0) FROM form").fetchone()[0]) + 1


class Termbase:
    """A termbase: the bundled glossary (``termbase.open()``) or a file of one's own."""

    def __init__(self, store: StoreBackend, *, name: str | None = None) -> None:
        self.store = store
        self.name = name or (str(store.path) if store.path else ":memory:")
        self._lookup = Lookup(self)
        self._memory: Memory | None = None
        self._names: dict[str, dict[str, str]] = {}

    def __repr__(self) -> str:
        return f"<Termbase {self.name}>"

    # -- reading ---------------------------------------------------------------------------
    def __len__(self) -> int:
        return int(self.store.conn.execute("SELECT count(*) FROM concept").fetchone()[0])

    def __contains__(self, concept_id: object) -> bool:
        if not isinstance(concept_id, str):
            return False
        row = self.store.conn.execute("SELECT 1 FROM concept WHERE id = ?", (nfc(concept_id),)).fetchone()
        return row is not None

    def get(self, concept_id: str) -> Concept | None:
        """The concept with this id (in any Unicode normalisation form), or None
        (``tb[concept_id]`` raises instead)."""
        concept_id = nfc(concept_id)
        return self._load([concept_id]).get(concept_id)

    def __getitem__(self, concept_id: str) -> Concept:
        """The concept with this id, or a :class:`NotFoundError`."""
        found = self.get(concept_id)
        if found is None:
            raise self._not_found(concept_id)
        return found

    def find(self, concept_id: str) -> Concept:
        """The concept with this id, compared case-insensitively when no id matches exactly;
        a :class:`NotFoundError` suggesting close ids otherwise.

        >>> import termbase
        >>> termbase.open().find("BAKU").id
        'baku'
        >>> termbase.open().find("bakku")
        Traceback (most recent call last):
        ...
        termbase.errors.NotFoundError: no concept with id 'bakku' in bundled glossary; did you mean baku?
        """
        found = self.get(concept_id)
        if found is not None:
            return found
        row = self.store.conn.execute(
            "SELECT id FROM concept WHERE lower(id) = lower(?) ORDER BY id LIMIT 1", (concept_id,)
        ).fetchone()
        if row is None:
            folded = concept_id.casefold()
            row = next(
                (r for r in self.store.conn.execute("SELECT id FROM concept") if r[0].casefold() == folded),
                None,
            )
        if row is not None:
            return self[row[0]]
        raise self._not_found(concept_id)

    def close_ids(self, concept_id: str, n: int = 3) -> list[str]:
        """Up to ``n`` ids that look like ``concept_id`` (for "did you mean")."""
        import difflib

        ids = [r[0] for r in self.store.conn.execute("SELECT id FROM concept")]
        by_folded = {i.casefold(): i for i in ids}
        close = difflib.get_close_matches(concept_id.casefold(), list(by_folded), n=n, cutoff=0.6)
        return [by_folded[c] for c in close]

    def _not_found(self, concept_id: str) -> NotFoundError:
        close = self.close_ids(concept_id)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        return NotFoundError(f"no concept with id {concept_id!r} in {self.name}{hint}")

    def _load(self, ids: Sequence[str]) -> dict[str, Concept]:
        if not ids:
            return {}
        conn = self.store.conn
        marks = ",".join("?" * len(ids))
        terms: dict[str, list[Term]] = {}
        for row in conn.execute(
            f"SELECT concept_id, text, lang, type, status, note, source, region FROM term "
            f"WHERE concept_id IN ({marks}) ORDER BY concept_id, position",
            list(ids),
        ):
            terms.setdefault(row[0], []).append(
                Term(row[1], row[2], TermType(row[3]), Status(row[4]), row[5], row[6], row[7])
            )
        out: dict[str, Concept] = {}
        for cid, category, wikidata, data in conn.execute(
            f"SELECT id, category, wikidata, data FROM concept WHERE id IN ({marks})", list(ids)
        ):
            extra = json.loads(data)
            out[cid] = Concept(
                cid,
                Category(category),
                terms.get(cid, ()),
                wikidata=wikidata,
                definitions=extra.get("definition"),
                notes=extra.get("note"),
                sources=extra.get("sources", ()),
            )
        return out

    def concepts(
        self, categories: Iterable[str] | None = None, ids: Iterable[str] | None = None
    ) -> Iterator[Concept]:
        """Every concept (or those of some categories or ids), sorted by id, read in batches."""
        sql = "SELECT id FROM concept"
        clauses: list[str] = []
        params: list[str] = []
        if categories is not None:
            cats = [Category(c).value for c in categories]
            clauses.append(f"category IN ({','.join('?' * len(cats))})")
            params += cats
        if ids is not None:
            wanted = list(ids)
            clauses.append(f"id IN ({','.join('?' * len(wanted))})")
            params += wanted
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        all_ids = [r[0] for r in self.store.conn.execute(sql + " ORDER BY id", params)]
        for start in range(0, len(all_ids), 500):
            batch = all_ids[start : start + 500]
            loaded = self._load(batch)
            for cid in batch:
                yield loaded[cid]

    def forms(self, include_derived: bool = True) -> Iterator[Form]:
        """Every searchable form: stored terms, and derived ones unless asked not to."""
        sql = "SELECT concept_id, lang, text, status, scheme, type FROM form"
        if not include_derived:
            sql += " WHERE scheme IS NULL"
        for row in self.store.conn.execute(sql + " ORDER BY id"):
            yield Form(*row)

    def derived_forms(self, concept_id: str) -> dict[str, list[str]]:
        """Scheme name → the forms derived from the concept's terms (as indexed)."""
        out: dict[str, list[str]] = {}
        for scheme, text in self.store.conn.execute(
            "SELECT scheme, text FROM form WHERE concept_id = ? AND scheme IS NOT NULL ORDER BY id",
            (concept_id,),
        ):
            out.setdefault(scheme, []).append(text)
        if not out and concept_id not in self:
            raise self._not_found(concept_id)
        return out

    def stats(self) -> Stats:
        """Counts of concepts per category, terms per language (stored and derived), the
        memory's translation units and segments per language, and the file's size (with its
        write-ahead log; ``None`` in memory).

        >>> import termbase
        >>> tb = termbase.open(":memory:")
        >>> tb.memory.add_units([termbase.TranslationUnit("u1", {"en": "Baku", "ru": "Баку"})])
        1
        >>> stats = tb.stats()
        >>> stats.units, stats.segments
        (1, {'en': 1, 'ru': 1})
        """
        conn = self.store.conn
        return Stats(
            concepts=len(self),
            categories=dict(
                conn.execute("SELECT category, count(*) FROM concept GROUP BY category ORDER BY category")
            ),
            terms=dict(conn.execute("SELECT lang, count(*) FROM term GROUP BY lang ORDER BY lang")),
            derived=dict(
                conn.execute(
                    "SELECT scheme, count(*) FROM form WHERE scheme IS NOT NULL GROUP BY scheme ORDER BY scheme"
                )
            ),
            units=int(conn.execute("SELECT count(*) FROM tm_unit").fetchone()[0]),
            segments=dict(conn.execute("SELECT lang, count(*) FROM tm_segment GROUP BY lang ORDER BY lang")),
            file_bytes=self.store.size_bytes(),
        )

    def language_name(self, tag: str, display: str = "en") -> str:
        """The name of language ``tag`` in ``display`` (zh, ru, az or en): from the termbase's
        cached CLDR names, else from Babel, else the tag itself (a tag Babel cannot parse).

        >>> import termbase
        >>> termbase.open().language_name("az-Latn", "ru")
        'азербайджанский (латиница)'
        """
        from termbase.langtags import display_language

        primary = display_language(display)
        names = self._names.get(primary)
        if names is None:
            rows = self.store.conn.execute(
                "SELECT tag, name FROM language_name WHERE display = ?", (primary,)
            )
            names = self._names[primary] = dict(rows)
        if tag not in names:
            from termbase.langtags import language_name

            try:
                names[tag] = language_name(tag, primary)
            except Exception:  # an unusual tag Babel cannot parse: show the tag itself
                names[tag] = tag
        return names[tag]

    # -- lookup ----------------------------------------------------------------------------
    def lookup(
        self, query: str, lang: str | None = None, limit: int = 10, *, whole: bool = False
    ) -> list[Match]:
        """Concepts that have a form matching ``query``, best first (see :mod:`termbase.lookup`).

        Exact, case-insensitive (Turkic rules for Azerbaijani), normalised (diacritics,
        spacing, punctuation) and derived-form hits come from the index; then inflected forms
        and words of longer terms; only when none is found are typos tried, and those score
        below every other hit. ``whole=True`` stops after the index: only forms the whole
        query matches (what pretranslation fills a segment that is one term from).

        >>> import termbase
        >>> tb = termbase.open()
        >>> [m.concept.id for m in tb.lookup("Sankt Peterburg")][:1]
        ['saint-petersburg']
        >>> tb.lookup("Azerbajan")[0].how
        'fuzzy'
        """
        return self._lookup.lookup(query, lang, limit, whole=whole)

    # -- writing ---------------------------------------------------------------------------
    def _write_concept(self, conn: Connection, concept: Concept, *, derive: bool = True) -> None:
        self._write_concepts(conn, [concept], derive=derive)

    def _write_concepts(
        self, conn: Connection, concepts: Sequence[Concept], *, derive: bool = True, new: bool = False
    ) -> None:
        """Write ``concepts`` (their rows, forms and search keys) in a few ``executemany`` calls.

        ``new`` says that none of them is in the termbase yet (and their ids are distinct), so
        nothing is deleted first; otherwise each replaces the concept of its id, if any.
        """
        if not concepts:
            return
        rows = concept_rows(concepts, next_form_id(conn), _now(), self.store.dialect, derive)
        write_concept_rows(conn, rows, new=new)
        self._lookup.forget()

    def add(self, concept: Concept) -> None:
        """Add a new concept; a :class:`UsageError` if its id is taken."""
        with self.store.transaction() as conn:
            if concept.id in self:
                raise UsageError(f"concept {concept.id!r} already exists in {self.name}; use update")
            self._write_concept(conn, concept)

    def update(self, concept: Concept) -> None:
        """Replace an existing concept (terms, notes, sources) with ``concept``."""
        with self.store.transaction() as conn:
            if concept.id not in self:
                raise self._not_found(concept.id)
            self._write_concept(conn, concept)

    def remove(self, concept_id: str) -> None:
        """Remove a concept with its terms and forms."""
        with self.store.transaction() as conn:
            if conn.execute("DELETE FROM concept WHERE id = ?", (nfc(concept_id),)).rowcount == 0:
                raise self._not_found(concept_id)
            _forms_changed(conn)
            self._lookup.forget()

    def add_terms(self, concept_id: str, terms: Iterable[Term]) -> int:
        """Add terms to a concept, skipping those it has already; returns how many were added."""
        with self.store.transaction():
            concept = self[concept_id]
            from termbase.exchange import new_terms

            new = new_terms(concept, terms)
            if new:
                self.update(concept.with_terms((*concept.terms(), *new)))
            return len(new)

    def remove_term(self, concept_id: str, lang: str, text: str) -> Concept:
        """Remove one term from a concept; returns the new concept."""
        return self.remove_terms(concept_id, [(lang, text)])

    def remove_terms(self, concept_id: str, terms: Iterable[tuple[str, str]]) -> Concept:
        """Remove terms, given as (language, text), from a concept: all of them or none
        (:class:`NotFoundError` naming the first it does not have); returns the new concept."""
        with self.store.transaction():
            concept = self[concept_id]
            kept = list(concept.terms())
            for lang, text in terms:
                text = nfc(text).strip()
                rest = [t for t in kept if not (t.lang == lang and t.text == text)]
                if len(rest) == len(kept):
                    raise NotFoundError(f"concept {concept_id!r} has no {lang} term {text!r}")
                kept = rest
            changed = concept.with_terms(kept)
            self.update(changed)
            return changed

    @contextmanager
    def transaction(self) -> Iterator[Termbase]:
        """One write transaction around several calls: all of them or (on any error) none.

        Nested transactions join the outer one.

        >>> import termbase
        >>> tb = termbase.open(":memory:")
        >>> try:
        ...     with tb.transaction():
        ...         tb.add(Concept("baku", "city", [Term("Baku", "en")]))
        ...         raise KeyboardInterrupt
        ... except KeyboardInterrupt:
        ...     pass
        >>> len(tb)
        0
        """
        try:
            with self.store.transaction():
                yield self
        except BaseException:
            self._lookup.forget()
            self._memory = None  # its in-memory indexes may hold units that were rolled back
            raise

    def import_file(
        self,
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
        """Import a TMX, TBX, CSV/TSV, long CSV or OmegaT file: all of it or nothing.

        The format is detected unless given; see :func:`termbase.exchange.import_file`
        for ``into`` (where TMX units go), ``progress`` and the rest. A termbase file
        this import created is deleted again when it fails.
        """
        from termbase.exchange import import_file

        return import_file(
            self,
            path,
            format=format,
            on_conflict=on_conflict,
            into=into,
            encoding=encoding,
            delimiter=delimiter,
            progress=progress,
            source=source,
            target=target,
            on_progress=on_progress,
            jobs=jobs,
        )

    def export(
        self,
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
        """Write concepts as ``format`` (None: the one the path's name ends with) to a binary
        stream or a path (written atomically); returns the number of entries (lines, for
        OmegaT) written.

        See :func:`termbase.exchange.export` for the options.
        """
        from termbase.exchange import export

        return export(
            self,
            format,
            out,
            langs=langs,
            source=source,
            target=target,
            categories=categories,
            ids=ids,
            derived=derived,
            bom=bom,
            progress=progress,
        )

    def export_memory(self, out: IO[bytes] | str | os.PathLike[str]) -> int:
        """Write the translation memory as TMX 1.4b (see :func:`termbase.exchange.export_memory`)."""
        from termbase.exchange import export_memory

        return export_memory(self, out)

    def import_concepts(
        self,
        concepts: Iterable[Concept],
        on_conflict: OnConflict = "merge",
        *,
        derive: bool = True,
        jobs: int | None = None,
    ) -> ImportSummary:
        """Import many concepts in one transaction: all or nothing (see :func:`termbase.exchange.import_concepts`).

        A concept whose id starts with ``auto:`` (its file had no ids) is matched to an
        existing concept by a shared preferred term in the same language.
        """
        from termbase.exchange import import_concepts

        return import_concepts(self, concepts, on_conflict, derive=derive, jobs=jobs)

    # -- running text ------------------------------------------------------------------------
    def recognize(self, text: str, lang: str, *, all_forms: bool = False) -> list[Recognized]:
        """Every term of this termbase in ``text`` of language ``lang``, inflected forms included.

        >>> import termbase
        >>> [(r.text, r.concept_id) for r in termbase.open().recognize("в Москве и Баку", "ru")]
        [('Москве', 'moscow'), ('Баку', 'baku')]
        """
        from termbase.langtags import normalize_tag

        return self.recognizer.recognize(text, normalize_tag(lang), all_forms=all_forms)

    _recognizer: tuple[object, Recognizer] | None = None

    @property
    def recognizer(self) -> Recognizer:
        """The :class:`~termbase.recognize.Recognizer` of this termbase's forms, stored and derived.

        Built on first use and kept; rebuilt once the forms have changed, through this
        termbase or another connection to its file (a commit, a rollback, a new connection).
        """
        from termbase.recognize import Recognizer
        from termbase.recognize.cache import IndexCache, forms_token

        conn = self.store.conn
        stamp = self.store.change_stamp()
        cached = self._recognizer
        if cached is None or cached[0] != stamp:
            token = forms_token(conn)
            if token is not None:
                if cached is not None and cached[1].token == token:
                    fresh = cached[1]  # another table changed (the memory): keep the automata built
                else:
                    # The forms are read only if an index must be built: a saved one
                    # (termbase.recognize.cache) made from the same forms serves a new process.
                    path = self.store.cache_path
                    cache = IndexCache(path, token) if path is not None else None
                    fresh = Recognizer(
                        self._forms_reader(token, cache),
                        token=token,
                        cache=cache,
                        select=self._candidate_reader(token, cache),
                    )
            else:  # a file written before forms tokens: compare the forms themselves
                fresh = Recognizer(self.forms(include_derived=True))
                if cached is not None and cached[1].entries == fresh.entries:
                    fresh = cached[1]
            self._recognizer = cached = (stamp, fresh)
        return cached[1]

    def _forms_reader(self, token: str, cache: IndexCache | None) -> Callable[[], list[Form]]:
        """A function reading every form in one snapshot; if the forms are no longer those of
        ``token`` by then, indexes built from them are not saved under it."""

        def read() -> list[Form]:
            from termbase.recognize.cache import forms_token, read_snapshot

            conn = self.store.conn
            with read_snapshot(conn):
                if forms_token(conn) != token and cache is not None:
                    cache.skip_save = True
                return list(self.forms(include_derived=True))

        return read

    def _candidate_reader(
        self, token: str, cache: IndexCache | None
    ) -> Callable[[str, bool], Iterator[tuple[str, str, str, str, str | None]]]:
        """A function reading, in one snapshot, the forms an index of one kind of text may hold
        (:func:`~termbase.recognize.recognizer.candidate_forms_sql`), row by row: the others are
        never read (the first recognition after a large import held every form in memory)."""

        def read(kind: str, all_forms: bool) -> Iterator[tuple[str, str, str, str, str | None]]:
            from termbase.recognize.cache import forms_token, read_snapshot
            from termbase.recognize.recognizer import candidate_forms_sql

            where, params = candidate_forms_sql(kind, all_forms)
            conn = self.store.conn
            with read_snapshot(conn):
                if forms_token(conn) != token and cache is not None:
                    cache.skip_save = True
                yield from conn.execute(
                    f"SELECT concept_id, lang, text, status, scheme FROM form {where} ORDER BY id", params
                )

        return read

    # -- translation memory ----------------------------------------------------------------
    @property
    def memory(self) -> Memory:
        """The translation memory kept in the same store."""
        if self._memory is None:
            from termbase.memory import Memory

            self._memory = Memory(self.store)
        return self._memory

    def close(self) -> None:
        """Close the database connection."""
        self.store.close()

    def __enter__(self) -> Termbase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_path(path: str | os.PathLike[str] | None, *, create: bool = True) -> Termbase:
    """A user's termbase file (created on the first write), or a private in-memory one.

    A file that does not exist is a :class:`NotFoundError` unless ``create`` is true, and
    even then only in a folder that exists (a mistyped path never grows a folder tree).
    """
    if path is not None and str(path) == ":memory:":
        path = None
    if path is not None:
        check_termbase_path(path, create=create)
    from termbase.store import Store

    return Termbase(Store(path), name=str(path) if path is not None else ":memory:")


def check_termbase_path(path: str | os.PathLike[str], *, create: bool) -> bool:
    """Whether the termbase file ``path`` exists; raise if it cannot be read or made.

    >>> import tempfile, os
    >>> folder = tempfile.mkdtemp()
    >>> check_termbase_path(os.path.join(folder, "new.tb"), create=True)
    False
    >>> check_termbase_path(os.path.join(folder, "new.tb"), create=False)
    Traceback (most recent call last):
    ...
    termbase.errors.NotFoundError: ...new.tb: no such termbase file
    >>> check_termbase_path(os.path.join(folder, "no", "new.tb"), create=True)
    Traceback (most recent call last):
    ...
    termbase.errors.InputError: ...new.tb: no such folder ...
    """
    from termbase.errors import InputError

    name = os.fspath(path)
    if os.path.isdir(name):
        raise InputError("is a directory, not a termbase file", path=name)
    if os.path.exists(name):
        return True
    if not create:
        raise NotFoundError("no such termbase file", path=name)
    folder = os.path.dirname(os.path.abspath(name))
    if not os.path.isdir(folder):
        raise InputError(f"no such folder {os.path.dirname(name) or folder!r}", path=name)
    return False
