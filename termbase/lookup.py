"""Lookup by any form: the ranked search behind :meth:`termbase.Termbase.lookup`.

Three passes, each tried only when the one before found nothing:

1. **Index keys** (``search_key``): the query's exact, case-folded (Turkic rules for
   Azerbaijani) and loose keys (diacritics, spacing, punctuation) against every stored and
   derived form. Scores 100 / 96 / 92; a derived form scores 6 less, a form that is not
   preferred 1 less. An index look-up, never a scan.
2. **Words** (:mod:`termbase.wordsearch`): an inflected form or a word of a longer term
   (Медведевым, Moskvada, Petersburg), 88 / 84 / 80, below every whole-form hit.
3. **Typos**: Levenshtein distance (rapidfuzz) over the loose keys, at most
   :data:`~termbase.termbase.FUZZY_CEILING` (79), below everything else. A Chinese query
   typed with the wrong characters of the right sound (巴苦 for 巴库, the commonest slip of a
   pinyin input method) is a *homophone* hit, 79: its toneless pinyin against the derived
   toneless pinyin of every Chinese form.

Within a pass, a concept is ranked by its best form: score, then term type, then status.

>>> import termbase
>>> tb = termbase.open()
>>> [(m.concept.id, m.how, m.score) for m in tb.lookup("BAKI")][:1]
[('baku', 'case', 96)]
>>> tb.lookup("Медведевым")[0].how
'inflected'
>>> [(m.concept.id, m.how) for m in tb.lookup("巴苦")]
[('baku', 'homophone')]
"""

from __future__ import annotations

import sqlite3

from termbase.errors import UsageError
from termbase.model import Status, TermType, status_rank
from termbase.normalize import CASE, EXACT, LOOSE, SPANS, query_keys, stored_levels
from termbase.results import Match

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing slows `termbase lookup` down
if TYPE_CHECKING:
    from collections.abc import Iterable

    from termbase.backends.base import Connection
    from termbase.results import MatchHow
    from termbase.termbase import Termbase
    from termbase.wordsearch import StoredWords

__all__ = ["Lookup"]

_LEVEL_SCORE = {EXACT: 100, CASE: 96, LOOSE: 92}
_LEVEL_NAME: dict[int, MatchHow] = {EXACT: "exact", CASE: "case", LOOSE: "normalized"}
_WORD_HOW: dict[int, MatchHow] = {88: "inflected", 84: "word", 80: "prefix"}
_DERIVED_PENALTY = 6
_NOT_PREFERRED_PENALTY = 1
_FUZZY_CEILING = 79  # termbase.termbase.FUZZY_CEILING
_TYPE_RANK = {t.value: i for i, t in enumerate(TermType)}

# A hit: (rank: lower is better, (score, form language, form text, how, scheme)).
_Hit = tuple[tuple[object, ...], tuple[int, str, str, "MatchHow", str | None]]


class Lookup:
    """The lookup of one termbase, with the indexes it builds lazily (word index, typo keys)."""

    def __init__(self, tb: Termbase) -> None:
        self.tb = tb
        self._fuzzy_index: tuple[object, dict[int, tuple[list[str], list[int]]]] | None = None
        self._word_index: tuple[object, dict[str, StoredWords]] | None = None

    def forget(self) -> None:
        """Drop what was built from the forms (the termbase changed)."""
        self._fuzzy_index = None
        self._word_index = None

    def _stamp(self) -> object:
        """What changes whenever the forms may have: a write through this connection or through
        any other, another process's too (the store's :meth:`change_stamp`)."""
        return self.tb.store.change_stamp()

    def lookup(
        self, query: str, lang: str | None = None, limit: int = 10, *, whole: bool = False
    ) -> list[Match]:
        """Concepts that have a form matching ``query``, best first; with ``whole``, only forms
        the whole query matches by their search keys (exact, case, normalised: one statement, no
        inflected forms, words of longer terms or typos)."""
        text = query.strip()
        if not text:
            raise UsageError("empty query")
        if limit < 1:
            raise UsageError("limit must be at least 1")
        want = _LanguageFilter(lang)
        found = self._by_keys([text], want, limit) or self._by_script_variants(text, want, limit)
        if whole:
            return found
        return found or self._by_words(text, want, limit) or self._by_typos(text, want, limit)

    def _matches(self, best: dict[str, _Hit], limit: int) -> list[Match]:
        """The ``limit`` best concepts of ``best`` (concept id → its best hit) as matches."""
        chosen = sorted(best.items(), key=lambda item: item[1][0])[:limit]
        concepts = self.tb._load([cid for cid, _ in chosen])
        return [Match(concepts[cid], *info, termbase=self.tb.name) for cid, (_, info) in chosen]

    def _by_script_variants(self, text: str, want: _LanguageFilter, limit: int) -> list[Match]:
        """Forms matched by the query's Chinese written in the other characters, as ``normalized``
        hits: 亚塞拜然 (Taiwan's name in Simplified characters, as a converted text has it) finds
        the stored 亞塞拜然, which no derived form spells so (the concept's curated Simplified
        terms win over a derived one); the forms are made character by character, as names are.
        """
        from termbase.scripts.han import is_han

        if not is_han(text):
            return []
        from termbase.scripts.chinese import (
            fold_to_simplified,
            name_to_hongkong,
            name_to_taiwan,
            name_to_traditional,
        )

        variants = {
            make(text) for make in (fold_to_simplified, name_to_traditional, name_to_taiwan, name_to_hongkong)
        }
        return self._by_keys(sorted(variants - {text}), want, limit, floor=LOOSE)

    def _by_keys(
        self, texts: Iterable[str], want: _LanguageFilter, limit: int, floor: int = EXACT
    ) -> list[Match]:
        """Forms with a search key of one of ``texts`` (in one statement); a hit counts at its level
        or ``floor``, if higher."""
        keys: dict[int, set[str]] = {}
        for text in texts:
            for key_level, found in query_keys(text).items():
                keys.setdefault(key_level, set()).update(found)
        if not keys:
            return []
        all_keys = sorted(set().union(*keys.values()))
        marks = ",".join("?" * len(all_keys))
        rows = self.tb.store.conn.execute(
            "SELECT k.key, k.level, k.form_id, f.concept_id, f.lang, f.text, f.scheme, f.status, f.type "
            f"FROM search_key k JOIN form f ON f.id = k.form_id WHERE k.key IN ({marks}) "
            "ORDER BY k.key, k.level, k.form_id",  # ties go to the first form, on every store
            all_keys,
        ).fetchall()
        # A row stands for the form's key of every level of its span (normalize.SPANS); it counts at
        # the lowest of them the query has that key at, and hits go in (key, that level, form) order,
        # the keys in the store's order, as when each level had a row of its own.
        hits: list[tuple[int, int, int, tuple[str, str, str, str | None, str, str]]] = []
        place: dict[str, int] = {}
        for key, code, form_id, *form in rows:
            level = next((lv for lv in SPANS.get(code, ()) if key in keys[lv]), None)
            if level is not None:
                hits.append((place.setdefault(key, len(place)), level, form_id, tuple(form)))
        hits.sort(key=lambda hit: hit[:3])
        best: dict[str, _Hit] = {}
        for _, level, _, (cid, flang, ftext, scheme, status, ftype) in hits:
            if not want(flang):
                continue
            level = max(level, floor)
            score = _LEVEL_SCORE[level]
            if scheme is not None:
                score -= _DERIVED_PENALTY
            if status != Status.PREFERRED.value:
                score -= _NOT_PREFERRED_PENALTY
            rank = (-score, _TYPE_RANK.get(ftype, 9), status_rank(status), cid)
            if cid not in best or rank < best[cid][0]:
                best[cid] = (rank, (score, flang, ftext, _LEVEL_NAME[level], scheme))
        return self._matches(best, limit)

    def _by_words(self, text: str, want: _LanguageFilter, limit: int) -> list[Match]:
        """Forms matched by an inflected form or a word of the query (:mod:`termbase.wordsearch`)."""
        from termbase.wordsearch import query_modes

        conn = self.tb.store.conn
        stamp = self._stamp()
        if self._word_index is None or self._word_index[0] != stamp:
            self._word_index = (stamp, {})
        indexes = self._word_index[1]
        found: list[tuple[int, tuple[str, str, str, str | None]]] = []
        # One index per word mode, built only for the modes the query may be in (a form is of
        # one mode, so the hits of the modes never meet): a Latin query never reads Russian forms.
        kinds = query_modes(text)
        missing = [kind for kind in kinds if kind not in indexes]
        if missing:
            indexes.update(self._words_of_forms(conn, missing))
        for kind in kinds:
            found += indexes[kind].search(text, (kind,))
        found.sort(key=lambda item: -item[0])
        best: dict[str, _Hit] = {}
        for score, (cid, flang, ftext, scheme) in found:
            if not want(flang):
                continue
            how = _WORD_HOW.get(score, "word")
            if scheme is not None:
                score -= _DERIVED_PENALTY
            rank = (-score, 1 if scheme else 0, cid)
            if cid not in best or rank < best[cid][0]:
                best[cid] = (rank, (score, flang, ftext, how, scheme))
        return self._matches(best, limit)

    def _words_of_forms(self, conn: Connection, kinds: list[str]) -> dict[str, StoredWords]:
        """The word indexes of the forms of word modes ``kinds``: each saved by an earlier process
        for these forms, else built (and saved), those to build in one scan of the forms.

        The forms and their token are read in one snapshot; an index is saved
        (:mod:`termbase.recognize.cache`) only for a termbase file with a token, and never from
        inside a write transaction (its forms may yet be rolled back): else it is built in memory.
        """
        import contextlib
        import gc

        from termbase.recognize.cache import forms_token, open_saved, read_snapshot, saving
        from termbase.wordsearch import StoredWords

        path = self.tb.store.cache_path
        out: dict[str, StoredWords] = {}
        with read_snapshot(conn) as own:
            token = forms_token(conn)
            save = path is not None and token is not None and own
            todo = list(kinds)
            if save:
                assert path is not None and token is not None
                for kind in kinds:
                    saved = open_saved(path, f"words-{_safe(kind)}", token, writable=True)
                    if saved is not None:
                        out[kind] = StoredWords(saved, kind, conn)
                        todo.remove(kind)
            if not todo:
                return out
            built: dict[str, sqlite3.Connection] = {}
            # Python's cyclic collector would walk every tuple of a large scan again and again.
            collecting = gc.isenabled()
            gc.disable()
            try:
                try:
                    with contextlib.ExitStack() as files:
                        targets: dict[str, sqlite3.Connection] = {}
                        for kind in todo:
                            db = None
                            if save:
                                assert path is not None and token is not None
                                db = files.enter_context(saving(path, f"words-{_safe(kind)}", token))
                            if db is None:
                                db = built[kind] = sqlite3.connect(":memory:", check_same_thread=False)
                            targets[kind] = db
                        _fill_modes(conn, targets)
                except (OSError, sqlite3.Error):  # the cache could not be written: in memory
                    built = {kind: sqlite3.connect(":memory:", check_same_thread=False) for kind in todo}
                    _fill_modes(conn, built)
            finally:
                if collecting:
                    gc.enable()
            for kind in todo:
                db = built.get(kind)
                if db is None:
                    assert path is not None and token is not None
                    db = open_saved(path, f"words-{_safe(kind)}", token, writable=True)
                if db is None:  # saved, but not to be opened again (removed meanwhile): in memory
                    db = built[kind] = sqlite3.connect(":memory:", check_same_thread=False)
                    _fill_modes(conn, {kind: db})
                out[kind] = StoredWords(db, kind, conn)
        return out

    def _by_typos(self, text: str, want: _LanguageFilter, limit: int) -> list[Match]:
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        from termbase.scripts.han import is_han

        best: dict[str, _Hit] = self._homophones(text, want) if is_han(text) else {}
        conn = self.tb.store.conn
        loose_query = min(query_keys(text)[LOOSE], default="")
        if len(loose_query) < 3:
            return self._matches(best, limit)
        max_edits = max(1, len(loose_query) // 4)
        keys, form_ids = self._typo_candidates(conn, len(loose_query), max_edits)
        hits = process.extract(
            loose_query, keys, scorer=Levenshtein.distance, score_cutoff=max_edits, limit=limit * 20
        )
        for _key, distance, index in hits:
            cid, flang, ftext, scheme = conn.execute(
                "SELECT concept_id, lang, text, scheme FROM form WHERE id = ?", (form_ids[index],)
            ).fetchone()
            if not want(flang):
                continue
            similarity = 1 - distance / max(len(loose_query), len(keys[index]))
            score = max(1, min(_FUZZY_CEILING, round(_FUZZY_CEILING * similarity)))
            rank = (-score, 1 if scheme else 0, cid)
            if cid not in best or rank < best[cid][0]:
                best[cid] = (rank, (score, flang, ftext, "fuzzy", scheme))
        return self._matches(best, limit)

    def _homophones(self, text: str, want: _LanguageFilter) -> dict[str, _Hit]:
        """Concepts whose Chinese form sounds as the (Han) query does, tones aside."""
        from termbase.scripts import convert

        sound = min(query_keys(convert(text, to="pinyin-plain"))[LOOSE], default="")
        if not sound:
            return {}
        codes = stored_levels(LOOSE)
        rows = self.tb.store.conn.execute(
            "SELECT f.concept_id, f.lang, f.text, f.scheme FROM search_key k JOIN form f ON f.id = k.form_id "
            f"WHERE k.key = ? AND k.level IN ({','.join('?' * len(codes))}) AND f.scheme = 'pinyin-plain' "
            "ORDER BY k.form_id",
            (sound, *codes),
        )
        best: dict[str, _Hit] = {}
        for cid, flang, ftext, scheme in rows:
            if want(flang):
                best[cid] = ((-_FUZZY_CEILING, 0, cid), (_FUZZY_CEILING, flang, ftext, "homophone", scheme))
        return best

    def _typo_candidates(self, conn: Connection, size: int, max_edits: int) -> tuple[list[str], list[int]]:
        """The loose keys (and their form ids) a typo of a ``size``-character key may be, in
        (key, form id) order: those of the lengths within ``max_edits`` (a key of another length is
        more edits away). Kept by length for this process once read (until the forms change, here
        or through another connection), and saved by length in the cache directory: a length is
        read from the termbase (one scan of its keys) only by the first process that needs it."""
        import itertools

        stamp = self._stamp()
        if self._fuzzy_index is None or self._fuzzy_index[0] != stamp:
            self._fuzzy_index = (stamp, {})
        have = self._fuzzy_index[1]
        lengths = range(max(0, size - max_edits), size + max_edits + 1)
        missing = [n for n in lengths if n not in have]
        if missing:
            buckets, merged_read = self._typo_buckets(conn, missing)
            have.update(buckets)
            if merged_read is not None and len(missing) == len(lengths):
                return merged_read  # read in (key, form id) order: nothing to merge
        filled = [n for n in lengths if have[n][0]]
        if len(filled) == 1:
            return have[filled[0]]
        # Sorting the concatenated runs merges them (in C): faster than heapq.merge.
        merged = sorted(itertools.chain.from_iterable(zip(*have[n], strict=True) for n in filled))
        return [key for key, _ in merged], [form_id for _, form_id in merged]

    def _typo_buckets(
        self, conn: Connection, lengths: list[int]
    ) -> tuple[dict[int, tuple[list[str], list[int]]], tuple[list[str], list[int]] | None]:
        """The loose keys of each of ``lengths`` (length → keys and form ids, in (key, form id)
        order): from the saved copy, else from the termbase (and saved); and, when all were read
        from the termbase, those of all the lengths together in that order."""
        from termbase.recognize.cache import forms_token, open_saved, read_snapshot, saving

        path = self.tb.store.cache_path
        out: dict[int, tuple[list[str], list[int]]] = {}
        with read_snapshot(conn) as own:
            token = forms_token(conn)
            save = path is not None and token is not None and own
            saved = None
            if save:
                assert path is not None and token is not None
                saved = open_saved(path, "typos", token, writable=True)
            if saved is not None:
                try:
                    out.update(_read_buckets(saved, lengths))
                except (ValueError, EOFError, TypeError, sqlite3.Error):
                    saved.close()  # a damaged copy: read the termbase instead (and save it again)
                    saved = None
                    out.clear()
            todo = [n for n in lengths if n not in out]
            if not todo:
                if saved is not None:
                    saved.close()
                return out, None
            # The one SQL line that reads the loose keys (lengths within ``shortest``..``longest``).
            # The rows holding a loose key (a key shared with the case level is stored once:
            # normalize.SPANS); a key's rows of several codes can give its form ids out of order.
            codes = stored_levels(LOOSE)
            sql = (
                f"SELECT key, form_id FROM search_key WHERE level IN ({', '.join('?' * len(codes))})"
                " AND (length(key) BETWEEN ? AND ?"
            )
            args: tuple[int, ...] = (*codes, min(todo), max(todo))
            rows: Iterable[tuple[str, int]]
            if self.tb.store.dialect == "sqlite":
                # SQLite's length() counts up to a NUL: a key with one is read whatever it counts.
                # Its key order (UTF-8 bytes) is Python's (code points); the primary key (key, level,
                # form id) gives ORDER BY key without a sort, and the form ids in order with it unless
                # a key has rows of two codes (then the buckets are sorted below).
                sql += " OR length(key) < ? AND instr(CAST(key AS BLOB), x'00') > 0) ORDER BY key"
                rows = conn.execute(sql, (*args, min(todo)))
            else:  # a server's collation need not be Python's order
                rows = sorted(conn.execute(sql + ")", args))
            found: dict[int, tuple[list[str], list[int]]] = {n: ([], []) for n in todo}
            every_keys: list[str] = []
            every_ids: list[int] = []
            last: tuple[str, int] = ("", -1)
            unsorted = False
            for row in rows:
                key, form_id = row
                if row < last:
                    unsorted = True
                last = row
                bucket = found.get(len(key))
                if bucket is not None:
                    bucket[0].append(key)
                    bucket[1].append(form_id)
                    every_keys.append(key)
                    every_ids.append(form_id)
            every = None if unsorted else (every_keys, every_ids)
            if unsorted:  # (a plan that gave the ids of a key out of order)
                for n, (keys, ids) in found.items():
                    pairs = sorted(zip(keys, ids, strict=True))
                    found[n] = ([k for k, _ in pairs], [i for _, i in pairs])
        out.update(found)
        if save:
            assert path is not None and token is not None
            try:
                if saved is not None:
                    with saved:
                        _write_buckets(saved, found)
                else:
                    with saving(path, "typos", token) as fresh:
                        if fresh is not None:
                            fresh.execute(
                                "CREATE TABLE bucket (length INTEGER PRIMARY KEY, keys BLOB NOT NULL, ids BLOB NOT NULL)"
                            )
                            _write_buckets(fresh, found)
            except (OSError, sqlite3.Error):
                pass  # not saved: the next process reads these keys again
        if saved is not None:
            saved.close()
        return out, (every if len(todo) == len(lengths) else None)


def _fill_modes(conn: Connection, targets: dict[str, sqlite3.Connection]) -> None:
    """Fill the word index of each mode of ``targets`` (:class:`~termbase.wordsearch.WordFiller`)
    from one scan of the forms of those modes, a batch at a time."""
    import itertools

    from termbase.recognize.modes import mode
    from termbase.wordsearch import WordFiller

    fillers = {kind: WordFiller(db, kind) for kind, db in targets.items()}
    # The languages of a mode (termbase.recognize.modes.mode): no scan for the distinct ones.
    where: list[str] = []
    params: list[str] = []
    for kind in targets:
        if kind == "zh":
            where.append("lang = 'zh' OR substr(lang, 1, 3) = 'zh-'")
        else:
            where.append("lang = ?")
            params.append({"az": "az-Latn"}.get(kind, kind.removeprefix("plain:")))
    rows = conn.execute(f"SELECT id, lang, text FROM form WHERE {' OR '.join(where)} ORDER BY id", params)
    modes: dict[str, str] = {}
    while batch := list(itertools.islice(rows, 20_000)):
        parts: dict[str, list[tuple[int, str]]] = {kind: [] for kind in targets}
        for fid, lang, text in batch:
            of_lang = modes.get(lang)
            if of_lang is None:
                of_lang = modes[lang] = mode(lang)
            part = parts.get(of_lang)
            if part is not None:  # (a tag of another mode the condition let through)
                part.append((fid, text))
        for kind, part in parts.items():
            fillers[kind].add(part)
    for filler in fillers.values():
        filler.close()


def _safe(kind: str) -> str:
    """A word mode as part of a file name (``plain:de`` → ``plain_de``)."""
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in kind)


def _write_buckets(saved: sqlite3.Connection, buckets: dict[int, tuple[list[str], list[int]]]) -> None:
    """Loose keys of some lengths (each in (key, form id) order), one marshal blob per length."""
    import marshal
    from array import array

    saved.executemany(
        "INSERT OR REPLACE INTO bucket VALUES (?, ?, ?)",
        [(n, marshal.dumps(keys), array("q", ids).tobytes()) for n, (keys, ids) in sorted(buckets.items())],
    )


def _read_buckets(saved: sqlite3.Connection, lengths: list[int]) -> dict[int, tuple[list[str], list[int]]]:
    import marshal
    from array import array

    out: dict[int, tuple[list[str], list[int]]] = {}
    marks = ",".join("?" * len(lengths))
    for length, keys_blob, ids_blob in saved.execute(
        f"SELECT length, keys, ids FROM bucket WHERE length IN ({marks})", lengths
    ):
        keys = marshal.loads(keys_blob)
        ids = array("q")
        ids.frombytes(ids_blob)
        if not isinstance(keys, list) or len(keys) != len(ids) or not all(isinstance(k, str) for k in keys):
            raise ValueError("not a saved bucket")
        out[int(length)] = (keys, ids.tolist())
    return out


class _LanguageFilter:
    """Which form languages a ``lang=`` argument admits: one tag, a family (``zh``, ``az``), or all."""

    def __init__(self, lang: str | None) -> None:
        self.tag: str | None = None
        self.family: str | None = None
        if lang is None:
            return
        from termbase.langtags import normalize_tag

        tag = normalize_tag(lang)
        bare = lang.strip().replace("_", "-").lower()
        if bare in {"zh", "az"}:
            self.family = bare
        else:
            self.tag = tag

    def __call__(self, form_lang: str) -> bool:
        if self.tag is not None:
            return form_lang == self.tag
        if self.family is not None:
            return form_lang.split("-", 1)[0] == self.family
        return True
