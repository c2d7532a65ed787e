"""Lookup by an inflected form or by one word of a longer term.

When no whole form matches a query (:meth:`termbase.Termbase.lookup` tries the index of
whole forms first), the query's words are read with the recogniser's morphology
(:mod:`termbase.recognize.modes`: pymorphy3 lemmas for Russian, Azerbaijani suffixes,
English plurals, Turkic casing) and looked up in an index of the words of every form, keyed
the same way. A form whose words are exactly the query's is an *inflected* hit; a form that
holds every query word among others is a *word* hit; a query word of four letters or more
that begins a form's word is a *prefix* hit. All score below whole-form hits and above typos.

Chinese has no spaces, but transcribed foreign names separate their parts with a middle dot
(伊利哈姆·阿利耶夫; ・ ‧ • in Japanese and Taiwanese usage): each part of such a form is a word,
so a given name or surname alone finds the person (a *word* hit).

The word index of a word mode is built on the first lookup that needs it (one scan of the
forms of the modes the query may be in) into a small SQLite database (:class:`StoredWords`):
for a termbase file, a file of the cache directory (valid under the rules of
:mod:`termbase.recognize.cache`), so a new process looks words up with a few queries instead of
building it again; else a private one in memory. It is kept until the forms change.

Russian words are the costly ones (a pymorphy3 analysis each, ~150 µs), so most of them wait:
the scan files each under its *anchors* (:class:`RussianAnchors`: two letters of its stem,
which pymorphy3 keeps in every lemma it gives), and a lookup analyses only the words filed under
the anchors of its own candidate keys, once; the analysed keys are saved with the index. The
first Russian word lookup of a 100,000-concept termbase so reads pymorphy3 for a few hundred
words instead of 200,000, with the same result: :class:`WordIndex`, which analyses every word,
is the reference the stored index is tested against.

>>> import termbase
>>> tb = termbase.open()
>>> [(m.concept.id, m.how) for m in tb.lookup("Медведевым")][:1]
[('dmitry-medvedev', 'inflected')]
>>> [(m.concept.id, m.how) for m in tb.lookup("Petersburg")][:1]
[('saint-petersburg', 'word')]
>>> [(m.concept.id, m.how) for m in tb.lookup("伊利哈姆")][:1]
[('ilham-aliyev', 'word')]
"""

from __future__ import annotations

import bisect
import functools
import operator
import re
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from termbase.scripts.han import is_han

if TYPE_CHECKING:
    from termbase.backends.base import Connection

__all__ = [
    "INFLECTED_SCORE",
    "PREFIX_SCORE",
    "WORD_SCORE",
    "RussianAnchors",
    "StoredWords",
    "WordFiller",
    "WordIndex",
    "fill_words",
    "query_modes",
]

INFLECTED_SCORE = 88
WORD_SCORE = 84
PREFIX_SCORE = 80
_MIN_PREFIX = 4
# The separators of a transcribed name's parts in Chinese, and spaces in a query.
_NAME_PARTS = re.compile(r"[\s\u00b7\u2027\u2022\u30fb\uff65]+")


def name_parts(text: str) -> list[str]:
    """The parts of a Chinese name written with middle dots (one part for any other text).

    >>> name_parts("弗拉基米尔·弗拉基米罗维奇·普京"), name_parts("巴库")
    (['弗拉基米尔', '弗拉基米罗维奇', '普京'], ['巴库'])
    """
    return [part for part in _NAME_PARTS.split(text) if part]


def query_modes(text: str) -> tuple[str, ...]:
    """The word modes a query may be in, by its script (Cyrillic: ru, az-Cyrl; Latin: az, en …).

    >>> query_modes("Гейдара"), query_modes("Heydər")
    (('ru', 'az-Cyrl'), ('az', 'en'))
    """
    cyrillic = any("\u0400" <= c <= "\u04ff" for c in text)
    latin = any(c.isalpha() and c < "\u0250" for c in text)
    modes: list[str] = ["zh"] if is_han(text) else []
    if cyrillic:
        modes += ["ru", "az-Cyrl"]
    if latin:
        modes += ["az", "en"]
    return tuple(modes)


Row = tuple[str, str, str, str | None]  # (concept id, lang, text, scheme) of a form


@dataclass
class WordIndex:
    """Every form's words by (word mode, key), in memory; form rows are (concept id, lang, text,
    scheme): every word analysed at once, the reference :class:`StoredWords` is tested against.
    ``ids`` holds each form's row id in the termbase (when built from rows that start with it).
    """

    forms: list[Row] = field(default_factory=list)
    words: dict[tuple[str, str], set[int]] = field(default_factory=dict)
    counts: list[int] = field(default_factory=list)
    sorted_keys: dict[str, list[str]] = field(default_factory=dict)
    ids: list[int] = field(default_factory=list)

    @classmethod
    def build(cls, rows: Iterable[tuple[Any, ...]]) -> WordIndex:
        """From form rows ``(concept id, lang, text, scheme)``, or ``(form id, concept id, lang, text, scheme)``."""
        from termbase.recognize.modes import mode, morphology
        from termbase.recognize.words import tokens

        index = cls()
        for full in rows:
            row: Row = full[-4:]
            kind = mode(row[1])
            if kind == "zh":
                parts = name_parts(row[2])
                if len(parts) < 2:
                    continue  # a word of running Chinese text is not known without a dictionary
                keys = parts
            else:
                words = tokens(row[2], kind)[0]
                if not words:
                    continue
                hooks = morphology(kind)
                keys = [hooks.word_key(word) for word in words]
            number = len(index.forms)
            index.forms.append(row)
            if len(full) == 5:
                index.ids.append(int(full[0]))
            index.counts.append(len(keys))
            for key in keys:
                index.words.setdefault((kind, key), set()).add(number)
        for kind, key in index.words:
            index.sorted_keys.setdefault(kind, []).append(key)
        for keys in index.sorted_keys.values():
            keys.sort()
        return index

    def search(self, query: str, kinds: Sequence[str] | None = None) -> list[tuple[int, Row]]:
        """(score, form row) of every form the query's words match, best first per form
        (reading the query in ``kinds`` only, if given)."""
        best = _search(query, self._exact, self._prefixed, self._count, kinds)
        return sorted(((s, self.forms[n]) for n, s in best.items()), key=lambda item: -item[0])

    def _exact(self, kind: str, keys: Sequence[str]) -> set[int]:
        return set().union(*(self.words.get((kind, k), set()) for k in keys))

    def _count(self, numbers: set[int]) -> dict[int, int]:
        return {n: self.counts[n] for n in numbers}

    def _prefixed(self, kind: str, prefix: str) -> set[int]:
        keys = self.sorted_keys.get(kind, [])
        out: set[int] = set()
        for i in range(bisect.bisect_left(keys, prefix), len(keys)):
            if not keys[i].startswith(prefix):
                break
            out |= self.words[(kind, keys[i])]
        return out


def _search(
    query: str,
    exact: Callable[[str, Sequence[str]], set[int]],
    prefixed: Callable[[str, str], set[int]],
    count: Callable[[set[int]], Mapping[int, int]],
    kinds: Sequence[str] | None = None,
) -> dict[int, int]:
    """Form number → best score for ``query``, over postings read through ``exact`` and ``prefixed``
    (``count`` gives the number of words of forms, by their numbers)."""
    from termbase.recognize.modes import morphology
    from termbase.recognize.words import tokens

    best: dict[int, int] = {}
    for kind in query_modes(query):
        if kinds is not None and kind not in kinds:
            continue
        if kind == "zh":  # the parts of a dotted name, each a whole word: no morphology, no prefixes
            parts: set[int] | None = None
            for part in name_parts(query):
                holding = exact(kind, [part])
                parts = holding if parts is None else parts & holding
            for number in parts or ():
                best[number] = max(best.get(number, 0), WORD_SCORE)
            continue
        hooks = morphology(kind)
        words = tokens(query, kind)[0]
        if not words:
            continue
        whole: set[int] | None = None
        near_all: set[int] | None = None
        for word in words:
            keys = hooks.keys(word)
            found = exact(kind, keys)
            near = set(found)
            for key in keys[:1]:
                if len(key) >= _MIN_PREFIX:
                    near |= prefixed(kind, key)
            whole = found if whole is None else whole & found
            near_all = near if near_all is None else near_all & near
        sizes = count(near_all & whole) if near_all and whole else {}
        for number in near_all or ():
            if whole and number in whole:
                score = INFLECTED_SCORE if sizes[number] == len(words) else WORD_SCORE
            else:
                score = PREFIX_SCORE
            if score > best.get(number, 0):
                best[number] = score
    return best


def word_count(kind: str, text: str) -> int:
    """The number of words a form of word mode ``kind`` has in the index (its keys).

    >>> word_count("zh", "伊利哈姆·阿利耶夫"), word_count("ru", "Министерство иностранных дел")
    (2, 3)
    """
    from termbase.recognize.words import tokens

    return len(name_parts(text)) if kind == "zh" else len(tokens(text, kind)[0])


# -- Russian words analysed as lookups need them ------------------------------------------------

_CYRILLIC_WORD = re.compile("[А-ЯЁа-яё]+")
_CYRILLIC_TEXT = re.compile("[А-ЯЁа-яё]+(?: [А-ЯЁа-яё]+)*")
# Azerbaijani text whose az_fold is that of each letter alone: ASCII and precomposed Azerbaijani
# letters, words parted by single spaces.
_AZ_TEXT = re.compile("[A-Za-zÇçƏəĞğİıÖöŞşÜü]+(?: [A-Za-zÇçƏəĞğİıÖöŞşÜü]+)*")


class RussianAnchors:
    """Which Russian words may wait for pymorphy3, and the anchors they wait under.

    pymorphy3 (its Russian dictionary and rules, read from the loaded analyser) gives a lemma of
    a lower-case word in one of these ways: from a dictionary paradigm, or one guessed by the
    word's ending (``word = prefix + stem + suffix``, ``lemma = prefix0 + stem + suffix0``, the
    prefixes ``""``, ``по``, ``наи``); a known prefix of two letters or more, or an unknown
    prefix, kept in front of the lemma of the rest (``псевдо`` + ``кошка``); or the word itself.
    So when the stem has two letters or more (and the rest after a one-letter unknown prefix a
    stem of one), a word and every lemma of it share an *anchor* (:meth:`of`): its first two
    letters, the two after ``по``/``наи``, or the first and the one after ``по``/``наи`` that
    follows it. A word *waits* (:meth:`waits`) only where that holds for every reading: a word of
    four Cyrillic letters or more that no paradigm suffix could leave with a shorter stem.

    A key ``k`` is then the key of a waiting word only if that word is filed under an anchor of
    ``k``, and a key beginning with ``p`` only under an anchor :meth:`of` ``p`` gives with
    ``partial`` (a one-letter anchor: any anchor beginning with it).

    >>> ru = RussianAnchors()
    >>> sorted(ru.of("побольше")), sorted(ru.of("большой"))
    (['бо', 'по'], ['бо'])
    >>> ru.waits("юзуглааахом"), ru.waits("людьми"), ru.waits("Baku")
    (True, False, False)
    """

    def __init__(self) -> None:
        from termbase.recognize.russian import _morph

        dictionary = _morph().dictionary
        self.prefixes = tuple(p for p in dictionary.paradigm_prefixes if p)
        self.suffixes = frozenset(s.replace("ё", "е") for s in dictionary.suffixes) | {""}
        self._sized = tuple((p, len(p)) for p in self.prefixes)

    def fold(self, word: str) -> str | None:
        """:func:`~termbase.recognize.russian.ru_fold` of a word of Cyrillic letters only (None for
        any other word).

        >>> RussianAnchors().fold("Ёлкой"), RussianAnchors().fold("Москве́")
        ('елкой', None)
        """
        if _CYRILLIC_WORD.fullmatch(word) is None:
            return None
        return word.lower().replace("ё", "е")

    def waits(self, folded: str) -> bool:
        """Whether the folded word may wait: :meth:`of` holds for every lemma pymorphy3 may give it."""
        if len(folded) < 4 or _CYRILLIC_WORD.fullmatch(folded) is None:
            return False
        suffixes = self.suffixes
        # a stem of fewer than two letters (dictionary or guessed reading); an unknown one-letter
        # prefix before a word read with an empty stem
        if folded in suffixes or folded[1:] in suffixes:
            return False
        for prefix in self.prefixes:
            n = len(prefix)
            if folded[:n] == prefix and (folded[n:] in suffixes or folded[n + 1 :] in suffixes):
                return False
            if folded[1 : 1 + n] == prefix and folded[1 + n :] in suffixes:
                return False
        return True

    def file(self, folded: str) -> tuple[str, ...]:
        """The anchors of a folded word of Cyrillic letters that waits, none for one that does
        not: :meth:`waits` and :meth:`of` in one pass, for the scan of every Russian form."""
        if len(folded) < 4:
            return ()
        suffixes = self.suffixes
        if folded in suffixes or folded[1:] in suffixes:
            return ()
        first = folded[:2]
        more: list[str] = []
        for prefix, n in self._sized:
            if folded.startswith(prefix):
                if folded[n:] in suffixes or folded[n + 1 :] in suffixes:
                    return ()
                more.append(folded[n : n + 2])
            if folded.startswith(prefix, 1):
                if folded[1 + n :] in suffixes:
                    return ()
                more.append(folded[0] + folded[1 + n])
        if not more:
            return (first,)
        return tuple({first, *more})

    def of(self, text: str, partial: bool = False) -> set[str]:
        """The anchors of a word or key; with ``partial``, of every key that begins with ``text``
        (four letters or more, so that whether such a key begins with ``по``/``наи``, or with a
        letter and then one of them, is known)."""
        assert not partial or len(text) >= 4
        shortest = 1 if partial else 2
        out = {text[:2]} if len(text) >= 2 else set()
        for prefix in self.prefixes:
            n = len(prefix)
            if text[:n] == prefix:
                anchor = text[n : n + 2]
                if len(anchor) >= shortest:
                    out.add(anchor)
            if text[1 : 1 + n] == prefix:
                anchor = text[:1] + text[1 + n : 2 + n]
                if len(anchor) >= shortest:
                    out.add(anchor)
        return out


@functools.cache
def russian_anchors() -> RussianAnchors:
    """The anchors of the loaded pymorphy3 dictionary (read once)."""
    return RussianAnchors()


# -- the stored word index ---------------------------------------------------------------------

_TABLES = (
    "CREATE TABLE bucket (anchor TEXT PRIMARY KEY, keys BLOB NOT NULL, ids BLOB NOT NULL) WITHOUT ROWID",
    "CREATE TABLE pending (anchor TEXT PRIMARY KEY, words BLOB NOT NULL, ids BLOB NOT NULL) WITHOUT ROWID",
    "CREATE TABLE resolved (anchor TEXT PRIMARY KEY) WITHOUT ROWID",
)
_Pairs = list[tuple[str, int]]


def _dump(pairs: _Pairs) -> tuple[bytes, bytes]:
    """(text, form id) pairs as a blob of the texts and one of the ids."""
    import marshal
    from array import array

    return marshal.dumps([text for text, _ in pairs]), array("q", [fid for _, fid in pairs]).tobytes()


def _load(texts: bytes, ids: bytes) -> tuple[list[str], list[int]]:
    import marshal
    from array import array

    keys = marshal.loads(texts)
    numbers = array("q")
    numbers.frombytes(ids)
    if not isinstance(keys, list) or len(keys) != len(numbers):
        raise ValueError("not a saved bucket")
    return keys, numbers.tolist()


class WordFiller:
    """Fills the word index of mode ``kind`` into ``db`` from the ``(form id, text)`` rows of that
    mode's forms, added a batch at a time (:meth:`add`): the key of every word with its form id,
    in buckets by the key's first two characters (each sorted, one row), or (Russian) a word that
    waits, in buckets by its anchors; :meth:`close` writes them."""

    def __init__(self, db: sqlite3.Connection, kind: str) -> None:
        from termbase.recognize.modes import morphology

        self.db = db
        self.kind = kind
        self.key_of = morphology(kind).word_key
        self.anchors = russian_anchors() if kind == "ru" else None
        self.buckets: dict[str, _Pairs] = {}
        self.pending: dict[str, _Pairs] = {}
        for sql in _TABLES:
            db.execute(sql)

    def add(self, rows: Iterable[tuple[int, str]]) -> None:
        from termbase.recognize.words import _WORD, _WORD_EN

        words_of = (_WORD_EN if self.kind == "en" else _WORD).findall  # recognize.words.tokens' words
        kind, key_of, anchors = self.kind, self.key_of, self.anchors
        buckets, pending = self.buckets, self.pending
        keys: dict[str, str] = {}  # word → key
        if anchors is not None:
            rows = self._file_russian(rows)
        for form_id, text in rows:
            if kind == "zh":
                parts = name_parts(text)
                if len(parts) >= 2:
                    for part in parts:
                        buckets.setdefault(part[:2], []).append((part, form_id))
                continue
            if kind == "en" and text.isascii():  # en_fold of ASCII words: the lower-case text's words
                for word in words_of(text.lower()):
                    key = word.replace("'", "") if "'" in word else word
                    buckets.setdefault(key[:2], []).append((key, form_id))
                continue
            if kind == "az" and _AZ_TEXT.fullmatch(text):  # letters folded one by one, single spaces
                for key in key_of(text).split(" "):
                    buckets.setdefault(key[:2], []).append((key, form_id))
                continue
            for word in words_of(text):
                if anchors is not None:
                    folded = anchors.fold(word)
                    if folded is not None:
                        marks = anchors.file(folded)
                        if marks:
                            for mark in marks:
                                pending.setdefault(mark, []).append((folded, form_id))
                            continue
                key = keys.get(word)
                if key is None:
                    key = keys[word] = key_of(word)
                buckets.setdefault(key[:2], []).append((key, form_id))

    def _file_russian(self, rows: Iterable[tuple[int, str]]) -> list[tuple[int, str]]:
        """The common case of Russian forms at speed: a form of Cyrillic words and single spaces
        only (its words are its space-separated parts, folded by lower-casing and ``ё`` → ``е``)
        has each word filed (or keyed) here; the other forms are returned for the general loop."""
        anchors = self.anchors
        assert anchors is not None
        plain = _CYRILLIC_TEXT.fullmatch
        file, key_of = anchors.file, self.key_of
        buckets, pending = self.buckets, self.pending
        filed: dict[str, tuple[str, ...]] = {}
        rest: list[tuple[int, str]] = []
        for form_id, text in rows:
            if plain(text) is None:
                rest.append((form_id, text))
                continue
            for folded in text.lower().replace("ё", "е").split(" "):
                marks = filed.get(folded)
                if marks is None:
                    marks = filed[folded] = file(folded)
                if marks:
                    for mark in marks:
                        pending.setdefault(mark, []).append((folded, form_id))
                else:
                    key = key_of(folded)
                    buckets.setdefault(key[:2], []).append((key, form_id))
        return rest

    def close(self) -> None:
        db = self.db
        by_key = operator.itemgetter(0)
        for table, parts in (("bucket", self.buckets), ("pending", self.pending)):
            for anchor, pairs in parts.items():
                if table == "bucket":  # in (key, form id) order: the ids came in ascending order
                    pairs.sort(key=by_key)
                db.execute(f"INSERT INTO {table} VALUES (?, ?, ?)", (anchor, *_dump(pairs)))
            parts.clear()
        db.commit()


def fill_words(db: sqlite3.Connection, kind: str, rows: Iterable[tuple[int, str]]) -> None:
    """Create and fill the word index of mode ``kind`` in ``db`` from ``(form id, text)`` rows
    (:class:`WordFiller`)."""
    filler = WordFiller(db, kind)
    filler.add(rows)
    filler.close()


class StoredWords:
    """The word index of one word mode in SQLite (:class:`WordFiller`), read a bucket at a time;
    Russian words that wait are analysed when a query first needs their anchor, and their keys
    written into the buckets (``db`` must then be writable). Numbers are form row ids."""

    def __init__(self, db: sqlite3.Connection, kind: str, termbase: Connection) -> None:
        self.db = db
        self.kind = kind
        self.termbase = termbase
        self._rows: dict[int, Row] = {}
        self._buckets: dict[str, tuple[list[str], list[int]]] = {}
        self._resolved: set[str] = set()

    def search(self, query: str, kinds: Sequence[str] | None = None) -> list[tuple[int, Row]]:
        """As :meth:`WordIndex.search`."""
        self._rows = {}
        best = _search(query, self._exact, self._prefixed, self._count, kinds)
        self._fetch([n for n in best if n not in self._rows])
        rows = self._rows
        return sorted(((s, rows[n]) for n, s in best.items() if n in rows), key=lambda item: -item[0])

    def _fetch(self, ids: list[int]) -> None:
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            for fid, *row in self.termbase.execute(
                f"SELECT id, concept_id, lang, text, scheme FROM form WHERE id IN ({','.join('?' * len(part))})",
                part,
            ):
                self._rows[fid] = (row[0], row[1], row[2], row[3])

    def _count(self, numbers: set[int]) -> dict[int, int]:
        self._fetch([n for n in numbers if n not in self._rows])
        rows = self._rows
        return {n: word_count(self.kind, rows[n][2]) if n in rows else 0 for n in numbers}

    def _bucket(self, anchor: str) -> tuple[list[str], list[int]]:
        found = self._buckets.get(anchor)
        if found is None:
            row = self.db.execute("SELECT keys, ids FROM bucket WHERE anchor = ?", (anchor,)).fetchone()
            found = self._buckets[anchor] = _load(row[0], row[1]) if row else ([], [])
        return found

    def _exact(self, kind: str, keys: Sequence[str]) -> set[int]:
        if kind == "ru" and keys:
            anchors = russian_anchors()
            self._resolve(set().union(*(anchors.of(k) for k in keys)))
        out: set[int] = set()
        for key in keys:
            texts, ids = self._bucket(key[:2])
            out.update(ids[bisect.bisect_left(texts, key) : bisect.bisect_right(texts, key)])
        return out

    def _prefixed(self, kind: str, prefix: str) -> set[int]:
        if kind == "ru":
            self._resolve(russian_anchors().of(prefix, partial=True))
        texts, ids = self._bucket(prefix[:2])
        start = bisect.bisect_left(texts, prefix)
        return set(ids[start : bisect.bisect_left(texts, prefix + "\U0010ffff", start)])

    def _resolve(self, anchors: set[str]) -> None:
        """Analyse the words waiting under ``anchors`` (one letter: every anchor it begins), once
        (by this process or any other): their keys are written into the buckets."""
        if anchors <= self._resolved:
            return
        db = self.db
        with db:
            db.execute("BEGIN IMMEDIATE")  # one writer at a time reads, merges and writes a bucket
            waiting: set[str] = set()
            for anchor in anchors - self._resolved:
                if len(anchor) == 1:
                    sql = "SELECT anchor FROM pending WHERE anchor >= ? AND anchor < ?"
                    waiting.update(row[0] for row in db.execute(sql, (anchor, chr(ord(anchor) + 1))))
                else:
                    waiting.add(anchor)
            done = {row[0] for row in db.execute("SELECT anchor FROM resolved")}
            self._buckets.clear()  # another process may have added keys since they were read
            todo = sorted(waiting - done)
            if todo:
                from termbase.recognize.modes import morphology

                key_of = morphology("ru").word_key
                keys: dict[str, str] = {}
                added: dict[str, _Pairs] = {}
                for anchor in todo:
                    row = db.execute("SELECT words, ids FROM pending WHERE anchor = ?", (anchor,)).fetchone()
                    for word, form_id in zip(*(_load(*row) if row else ([], [])), strict=True):
                        key = keys.get(word)
                        if key is None:
                            key = keys[word] = key_of(word)
                        added.setdefault(key[:2], []).append((key, form_id))
                for anchor, pairs in added.items():
                    texts, ids = self._bucket(anchor)
                    merged = sorted({*zip(texts, ids, strict=True), *pairs})
                    db.execute("INSERT OR REPLACE INTO bucket VALUES (?, ?, ?)", (anchor, *_dump(merged)))
                    self._buckets[anchor] = ([k for k, _ in merged], [i for _, i in merged])
                db.executemany("INSERT INTO resolved VALUES (?)", [(a,) for a in todo])
        self._resolved |= anchors
