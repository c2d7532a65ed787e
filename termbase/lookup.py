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
    from collections.abc import Callable

    from termbase.backends.base import Connection
    from termbase.results import MatchHow
    from termbase.termbase import Termbase
    from termbase.wordsearch import SavedWordIndex, WordIndex

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
        self._fuzzy_index: tuple[object, list[str], list[int]] | None = None
        self._word_index: tuple[object, dict[str, WordIndex | SavedWordIndex]] | None = None

    def forget(self) -> None:
        """Drop what was built from the forms (the termbase changed)."""
        self._fuzzy_index = None
        self._word_index = None

    def _stamp(self) -> object:
        """What changes whenever the forms may have: a write through this connection or through
        any other, another process's too (the store's :meth:`change_stamp`)."""
        return self.tb.store.change_stamp()

    def lookup(self, query: str, lang: str | None = None, limit: int = 10) -> list[Match]:
        """Concepts that have a form matching ``query``, best first."""
        text = query.strip()
        if not text:
            raise UsageError("empty query")
        if limit < 1:
            raise UsageError("limit must be at least 1")
        want = _LanguageFilter(lang)
        return (
            self._by_keys(text, want, limit)
            or self._by_words(text, want, limit)
            or self._by_typos(text, want, limit)
        )

    def _matches(self, best: dict[str, _Hit], limit: int) -> list[Match]:
        """The ``limit`` best concepts of ``best`` (concept id → its best hit) as matches."""
        chosen = sorted(best.items(), key=lambda item: item[1][0])[:limit]
        concepts = self.tb._load([cid for cid, _ in chosen])
        return [Match(concepts[cid], *info, termbase=self.tb.name) for cid, (_, info) in chosen]

    def _by_keys(self, text: str, want: _LanguageFilter, limit: int) -> list[Match]:
        keys = query_keys(text)
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
        for kind in query_modes(text):
            if kind not in indexes:
                indexes[kind] = self._words_of_forms(conn, kind)
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

    def _words_of_forms(self, conn: Connection, kind: str) -> WordIndex | SavedWordIndex:
        """The word index of the forms of word mode ``kind``: saved by an earlier process for
        these forms, else built (and saved).

        The forms and their token are read in one snapshot; the index is saved
        (:mod:`termbase.recognize.cache`) only for a termbase file with a token, and never from
        inside a write transaction (its forms may yet be rolled back).
        """
        from termbase.recognize.cache import forms_token, open_saved, read_snapshot, write_saved
        from termbase.recognize.modes import mode
        from termbase.wordsearch import SavedWordIndex, WordIndex, fill_saved

        path = self.tb.store.cache_path
        with read_snapshot(conn) as own:
            token = forms_token(conn)
            if path is not None and token is not None:
                saved = open_saved(path, f"words-{_safe(kind)}", token)
                if saved is not None:
                    return SavedWordIndex(saved, conn)
            langs = [row[0] for row in conn.execute("SELECT DISTINCT lang FROM form") if mode(row[0]) == kind]
            rows = conn.execute(
                "SELECT id, concept_id, lang, text, scheme FROM form "
                f"WHERE lang IN ({','.join('?' * len(langs))}) ORDER BY id",
                langs,
            )
            built = WordIndex.build(rows)
        if path is not None and token is not None and own:
            write_saved(path, f"words-{_safe(kind)}", token, fill_saved(built))
        return built

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
        (key, form id) order: every one, kept for this process once read (until the forms change, here
        or through another connection); or, in a new process,
        those of the lengths within ``max_edits`` from a saved copy (a key of another length is
        more edits away), so a cold typo lookup does not read every key of the termbase."""
        stamp = self._stamp()
        if self._fuzzy_index is not None and self._fuzzy_index[0] == stamp:
            return self._fuzzy_index[1], self._fuzzy_index[2]
        from termbase.recognize.cache import forms_token, open_saved, read_snapshot, write_saved

        path = self.tb.store.cache_path
        with read_snapshot(conn) as own:
            token = forms_token(conn)
            if path is not None and token is not None:
                saved = open_saved(path, "typos", token)
                if saved is not None:
                    try:
                        return _read_buckets(saved, size - max_edits, size + max_edits)
                    except (ValueError, EOFError, TypeError, sqlite3.Error):
                        pass  # a damaged copy: read the termbase instead (and save it again)
                    finally:
                        saved.close()
            sql = "SELECT key, form_id FROM search_key WHERE level = ? OR level IN (4, 5)"  # stored_levels(LOOSE)
            if self.tb.store.dialect == "sqlite":  # its key order (UTF-8 bytes) is Python's (code points)
                rows = conn.execute(f"{sql} ORDER BY key, form_id", (LOOSE,)).fetchall()
            else:  # a server's collation need not be
                rows = sorted(conn.execute(sql, (LOOSE,)))
        keys, form_ids = [row[0] for row in rows], [row[1] for row in rows]
        del rows
        self._fuzzy_index = (stamp, keys, form_ids)
        if path is not None and token is not None and own:
            write_saved(path, "typos", token, _fill_buckets(keys, form_ids))
        return keys, form_ids


def _safe(kind: str) -> str:
    """A word mode as part of a file name (``plain:de`` → ``plain_de``)."""
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in kind)


def _fill_buckets(keys: list[str], form_ids: list[int]) -> Callable[[sqlite3.Connection], None]:
    """Loose keys in (key, form id) order, saved as one marshal blob per key length."""
    import bisect
    import marshal
    from array import array

    def fill(conn: sqlite3.Connection) -> None:
        lengths = list(map(len, keys))
        order = sorted(range(len(keys)), key=lengths.__getitem__)  # stable: (key, id) order kept
        ordered = [lengths[i] for i in order]
        conn.execute(
            "CREATE TABLE bucket (length INTEGER PRIMARY KEY, keys BLOB NOT NULL, ids BLOB NOT NULL)"
        )
        start = 0
        while start < len(order):
            end = bisect.bisect_right(ordered, ordered[start], start)
            part = order[start:end]
            conn.execute(
                "INSERT INTO bucket VALUES (?, ?, ?)",
                (
                    ordered[start],
                    marshal.dumps([keys[i] for i in part]),
                    array("q", [form_ids[i] for i in part]).tobytes(),
                ),
            )
            start = end

    return fill


def _read_buckets(saved: sqlite3.Connection, shortest: int, longest: int) -> tuple[list[str], list[int]]:
    import heapq
    import marshal
    from array import array

    parts: list[list[tuple[str, int]]] = []
    for keys_blob, ids_blob in saved.execute(
        "SELECT keys, ids FROM bucket WHERE length BETWEEN ? AND ?", (shortest, longest)
    ):
        keys = marshal.loads(keys_blob)
        ids = array("q")
        ids.frombytes(ids_blob)
        if not isinstance(keys, list) or len(keys) != len(ids) or not all(isinstance(k, str) for k in keys):
            raise ValueError("not a saved bucket")
        parts.append(list(zip(keys, ids, strict=True)))
    merged = list(heapq.merge(*parts))
    return [key for key, _ in merged], [form_id for _, form_id in merged]


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
