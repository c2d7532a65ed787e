"""Term recognition: every glossary term in running text, inflected or not, with its offsets.

A :class:`Recognizer` indexes a termbase's forms in Aho–Corasick automata (pyahocorasick),
one per kind of text:

* Chinese (any zh tag): characters, no word boundaries. Text and terms are read through
  a one-to-one Traditional → Simplified character table (OpenCC's ``TSCharacters``), so
  offsets into the original text hold and 俄羅斯, 俄罗斯 and 亞塞拜然 are all found.
* Russian, Azerbaijani, English and others: words. Each glossary word gets one key
  (:mod:`termbase.morphology`: a Russian lemma, an Azerbaijani or English folded word),
  each key a code character; a term is the string of its words' codes. A text word maps
  to the code of the first of its candidate keys (lemmas, stems) that some glossary word
  has, and the automaton runs over the string of codes, so matches fall on word
  boundaries by construction and the cost does not grow with the number of terms.
  A text word with several glossary keys (rare) is tried with each in a window.
  Russian text words are mostly read from the glossary words' lexemes, expanded when the
  index is built; pymorphy3 is asked only about words that could still be a glossary word
  (:class:`_RuForms`).

Matches are chosen longest first, then leftmost, never overlapping. Offsets are into the
original text.

>>> rec = Recognizer([("baku", "ru", "Баку", "preferred"), ("moscow", "ru", "Москва", "preferred"),
...                   ("russia", "ru", "Российская Федерация", "preferred")])
>>> [(r.text, r.concept_id) for r in rec.recognize("Из Москвы в Баку, Российской Федерации", "ru")]
[('Москвы', 'moscow'), ('Баку', 'baku'), ('Российской Федерации', 'russia')]
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from math import prod
from typing import TYPE_CHECKING, Any

from termbase.morphology import (
    az_fold,
    az_stems,
    en_fold,
    en_stems,
    ru_fold,
    ru_is_known,
    ru_lemmas,
    ru_term_forms,
    ru_term_key,
)
from termbase.scripts.chinese import fold_to_simplified, is_han

if TYPE_CHECKING:
    from termbase.termbase import Termbase

__all__ = ["Recognized", "Recognizer", "recognize", "recognizer_for"]

_ZH_TAGS = frozenset({"zh-Hans", "zh-Hant", "zh-Hant-TW", "zh-Hant-HK"})
# Romanisations of Chinese are too short and too common as words to be looked for in
# running text of other languages (pinyin-plain of 阿 is "A").
_CHINESE_ROMANISATIONS = frozenset(
    {"pinyin", "pinyin-numbers", "pinyin-plain", "zhuyin", "wade-giles", "palladius"}
)
# Romanisations of Russian indexed, at a lower priority, in English text.
_ENGLISH_EXTRA_SCHEMES = frozenset({"bgn-pcgn", "icao"})
_MIN_FOREIGN_LEN = 3
_CACHE_LIMIT = 500_000
_MAX_COMBINATIONS = 256

_WORD_CHAR = r"[\w\u0300-\u036f]"  # letters, digits (and _), combining accents
_WORD = re.compile(rf"({_WORD_CHAR}+(?:['’ʼ]{_WORD_CHAR}+)*)")
# English: a possessive apostrophe after -s belongs to the word (presidents').
_WORD_EN = re.compile(rf"({_WORD_CHAR}+(?:['’ʼ]{_WORD_CHAR}+)*(?:(?<=[sS])['’](?!{_WORD_CHAR}))?)")
_DOTS = "\u00b7\u2022\u2027\u30fb\uff65\u2219"  # middle-dot variants in Chinese names → U+00B7
_NO_CODE = "   "


@dataclass(frozen=True, slots=True)
class Recognized:
    """A term found in text: ``text[start:end]`` is a form of ``concept_id``.

    ``term`` is the glossary form that matched, ``lang`` and ``status`` are its
    language and status, ``scheme`` the conversion it was derived by (None for a stored
    term); ``also`` lists other concepts that share the matched form.
    """

    start: int
    end: int
    text: str
    concept_id: str
    lang: str
    term: str
    status: str
    scheme: str | None = None
    also: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        """The stable JSON object of ``termbase recognize --json``."""
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "concept": self.concept_id,
            "lang": self.lang,
            "term": self.term,
            "status": self.status,
            "scheme": self.scheme,
            "also": list(self.also),
        }


@dataclass(frozen=True, slots=True)
class Entry:
    """One indexed form."""

    concept_id: str
    lang: str
    text: str
    status: str
    scheme: str | None = None

    @property
    def approved(self) -> bool:
        return self.status != "deprecated"


@dataclass(frozen=True, slots=True)
class Hit:
    """A chosen match: the span and every indexed form it matches, best first for the text's language."""

    start: int
    end: int
    entries: tuple[Entry, ...]


def _entry(form: Any) -> Entry:
    if isinstance(form, Entry):
        return form
    if isinstance(form, tuple):
        scheme = form[4] if len(form) > 4 else None
        return Entry(
            str(form[0]), str(form[1]), unicodedata.normalize("NFC", str(form[2])), str(form[3]), scheme
        )
    return Entry(
        form.concept_id,
        form.lang,
        unicodedata.normalize("NFC", form.text),
        str(form.status),
        getattr(form, "scheme", None),
    )


def _family(lang: str) -> str:
    return "zh" if lang in _ZH_TAGS or lang.startswith("zh-H") else lang.split("-", 1)[0]


def _priority(entry: Entry, lang: str) -> int:
    """Lower is better: the text's language (stored, derived, deprecated), its family, others."""
    if entry.lang == lang:
        return (0 if entry.scheme is None else 1) if entry.approved else 2
    if _family(entry.lang) == _family(lang):
        return 3 if entry.approved else 4
    return 5


def _mode(lang: str) -> str:
    if lang in _ZH_TAGS or lang.startswith("zh-Han"):
        return "zh"
    if lang in ("ru", "az-Cyrl", "en"):
        return lang
    if lang == "az-Latn":
        return "az"
    return "plain:" + lang


_DOT_FOLD = str.maketrans(dict.fromkeys(_DOTS, "\u00b7"))


def to_simplified_chars(text: str) -> str:
    """Each character to its Simplified form, middle-dot variants to U+00B7 (same length, so offsets hold).

    >>> to_simplified_chars("俄羅斯與亞塞拜然・巴庫")
    '俄罗斯与亚塞拜然·巴库'
    """
    return fold_to_simplified(text).translate(_DOT_FOLD)


@cache
def _az_to_latin() -> Callable[[str], str] | None:
    try:
        from termbase.scripts import scheme

        convert = scheme("az-Latn").__call__
        convert("бакы")
    except Exception:  # the converter is another engineer's module; read Cyrillic as is without it
        return None
    return convert


def _az_cyrl_fold(word: str) -> str:
    convert = _az_to_latin()
    return az_fold(convert(word) if convert else word)


def _az_cyrl_stems(word: str) -> tuple[str, ...]:
    convert = _az_to_latin()
    return az_stems(convert(word)) if convert else (az_fold(word),)


def _ru_candidates(word: str) -> tuple[str, ...]:
    return (ru_fold(word), *ru_lemmas(word))


def _plain(word: str) -> str:
    return unicodedata.normalize("NFC", word.casefold())


# mode → (key of a glossary word, candidate keys of a text word)
_MORPHOLOGY: dict[str, tuple[Callable[[str], str], Callable[[str], tuple[str, ...]]]] = {
    "ru": (ru_term_key, _ru_candidates),
    "az": (az_fold, az_stems),
    "az-Cyrl": (_az_cyrl_fold, _az_cyrl_stems),
    "en": (en_fold, en_stems),
}


# Apostrophes and primes inside a word are dropped from its keys: romanisations differ in them
# (BGN/PCGN Il’kham, ICAO Ilkham for Ильхам) and English possessives are stripped before.
_APOSTROPHES = str.maketrans("", "", "'’ʼʹʻ")


def _morphology(mode: str) -> tuple[Callable[[str], str], Callable[[str], tuple[str, ...]]]:
    term_key, candidates = _MORPHOLOGY.get(mode, (_plain, lambda w: (_plain(w),)))

    def key(word: str) -> str:
        return str(term_key(word)).translate(_APOSTROPHES)

    def keys(word: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.translate(_APOSTROPHES) for c in candidates(word)))

    return key, keys


def _tokens(text: str, mode: str) -> tuple[list[str], list[int], list[int]]:
    """Words of ``text`` with their start and end offsets."""
    parts = (_WORD_EN if mode == "en" else _WORD).split(text)
    positions = list(accumulate(map(len, parts), initial=0))
    words = parts[1::2]
    count = len(words)
    return words, positions[1::2][:count], positions[2::2][:count]


_DIGITS = 3  # characters per word code


class _Index:
    """One automaton: the forms one kind of text is searched for.

    In word modes each glossary word key gets a code of three characters, one per base-``b``
    digit, each digit position in its own character range: no trie node has more than ``b``
    children (pyahocorasick scans a node's children in order), and a match can only begin
    at a word's first character.
    """

    def __init__(self, entries: Iterable[Entry], mode: str, slow_morphology: bool = False) -> None:
        import ahocorasick  # C extension: loaded when recognition is first used

        self.mode = mode
        self.groups: list[list[Entry]] = []
        self.word_count: int = 1
        self.codes: dict[str, str] = {}  # glossary word key → code (word modes)
        self.word_cache: dict[str, str] = {}  # text word → its codes, best first (spaces for none)
        self._sorted: dict[tuple[int, str], tuple[Entry, ...]] = {}
        term_key, self._candidates = _morphology(mode)
        fast_russian = mode == "ru" and not slow_morphology
        if fast_russian:  # the same key, the glossary word analysed once for its forms too

            def term_key(word: str) -> str:
                return ru_term_forms(word)[0].translate(_APOSTROPHES)

        keyed: list[tuple[Entry, str | tuple[str, ...]]] = []
        for entry in entries:
            if mode == "zh":
                text = to_simplified_chars(entry.text).strip()
                if text:
                    keyed.append((entry, text))
                continue
            words = _tokens(entry.text, mode)[0]
            if words:
                keyed.append((entry, tuple(term_key(w) for w in words)))
                self.word_count = max(self.word_count, len(words))
        vocabulary = list(dict.fromkeys(k for _, key in keyed if isinstance(key, tuple) for k in key))
        base = 16
        while base**_DIGITS <= len(vocabulary):
            base *= 2
        for number, word_key in enumerate(vocabulary):
            self.codes[word_key] = (
                chr(0x100 + number // (base * base))
                + chr(0x100 + base + (number // base) % base)
                + chr(0x100 + 2 * base + number % base)
            )
        self._ru_forms: _RuForms | None = None
        if fast_russian and self.codes:
            glossary_words = dict.fromkeys(w for e, _ in keyed for w in _tokens(e.text, mode)[0])
            self._ru_forms = _RuForms(glossary_words, self.codes)
        by_key: dict[str, int] = {}
        lengths: list[int] = []
        for entry, key in keyed:
            string = key if isinstance(key, str) else "".join(self.codes[k] for k in key)
            gid = by_key.get(string)
            if gid is None:
                gid = by_key[string] = len(self.groups)
                self.groups.append([])
                lengths.append(len(key))
            self.groups[gid].append(entry)
        self.automaton: Any = ahocorasick.Automaton()
        for string, gid in by_key.items():
            self.automaton.add_word(string, (lengths[gid], gid))
        self.empty = not by_key
        if by_key:
            self.automaton.make_automaton()

    def entries(self, gid: int, lang: str) -> tuple[Entry, ...]:
        found = self._sorted.get((gid, lang))
        if found is None:
            group = self.groups[gid]
            found = (
                tuple(group) if len(group) == 1 else tuple(sorted(group, key=lambda e: _priority(e, lang)))
            )
            self._sorted[(gid, lang)] = found
        return found

    def _text_codes(self, word: str) -> str:
        out = self._ru_forms.codes_of(word) if self._ru_forms is not None else None
        if out is None:
            codes = self.codes
            out = "".join(dict.fromkeys(codes[c] for c in self._candidates(word) if c in codes)) or _NO_CODE
        if len(self.word_cache) >= _CACHE_LIMIT:
            self.word_cache.clear()
        self.word_cache[word] = out
        return out

    def _combinations(
        self, primary: str, codes: list[str], cluster: list[int], found: dict[tuple[int, int, int], int]
    ) -> None:
        """Matches using other readings of the ambiguous words of ``cluster`` (all combinations, bounded)."""
        width = self.word_count
        low = max(0, cluster[0] - width + 1)
        high = min(len(codes), cluster[-1] + width)
        options = [[codes[i][k : k + _DIGITS] for k in range(0, len(codes[i]), _DIGITS)] for i in cluster]
        if prod(len(o) for o in options) > _MAX_COMBINATIONS:  # read one word at a time instead
            choices: Iterable[tuple[str, ...]] = (
                tuple(alt if j == k else o[0] for j, o in enumerate(options))
                for k, o in enumerate(options)
                for alt in o[1:]
            )
        else:
            choices = itertools.product(*options)
        base = [primary[j * _DIGITS : (j + 1) * _DIGITS] for j in range(low, high)]
        for choice in choices:
            changed = [p for p, c in zip(cluster, choice, strict=True) if c != codes[p][:_DIGITS]]
            if not changed:  # the primary reading, already searched
                continue
            # A match using another reading covers one of the changed words, so lies within
            # ``width`` words of them.
            start = max(low, changed[0] - width + 1)
            stop = min(high, changed[-1] + width)
            window = base[start - low : stop - low]
            for position, code in zip(cluster, choice, strict=True):
                if start <= position < stop:
                    window[position - start] = code
            for end, (length, gid) in self.automaton.iter("".join(window)):
                last = start + (end + 1) // _DIGITS
                first = last - length
                rank = sum(1 for p in changed if first <= p < last)
                if rank:
                    key = (first, last, gid)
                    found[key] = min(rank, found.get(key, rank))

    def spans(self, text: str) -> list[tuple[int, int, int, int]]:
        """Every (start, end, rank, group) match, before choosing among overlaps (offsets in ``text``).

        ``rank`` is 0 for a match on text words read by their first candidate key (the word
        as written comes first), higher for readings tried in the ambiguity windows.
        """
        if self.empty:
            return []
        if self.mode == "zh":
            normalized = to_simplified_chars(text)
            return [
                (end + 1 - length, end + 1, 0, gid) for end, (length, gid) in self.automaton.iter(normalized)
            ]
        words, starts, ends = _tokens(text, self.mode)
        get = self.word_cache.get
        compute = self._text_codes
        codes = [get(w) or compute(w) for w in words]
        primary = "".join(codes)
        ambiguous: list[int] = []
        if len(primary) != _DIGITS * len(codes):
            ambiguous = [i for i, c in enumerate(codes) if len(c) > _DIGITS]
            primary = "".join([c[:_DIGITS] for c in codes])
        found: dict[tuple[int, int, int], int] = {}
        for end, (length, gid) in self.automaton.iter(primary):
            last = (end + 1) // _DIGITS
            found[(last - length, last, gid)] = 0
        for cluster in _clusters(ambiguous, self.word_count):
            self._combinations(primary, codes, cluster, found)
        return [(starts[a], ends[b - 1], rank, gid) for (a, b, gid), rank in found.items()]


class _RuForms:
    """Russian text words read without pymorphy3 where the glossary's lexemes decide them.

    Every glossary word's key is expanded into the folded forms of its lexemes
    (:func:`termbase.morphology.ru_term_forms`). :meth:`codes_of` reads a text word so,
    ``None`` meaning "ask pymorphy3" (the reading of :func:`_ru_candidates`):

    * a dictionary word: its lemmas are those of its dictionary lexemes, so its glossary keys
      are the keys whose dictionary lexemes have it (none if no glossary lexeme has it) —
      exactly what pymorphy3 gives;
    * an unknown word that is a form of a lexeme pymorphy3 guesses for a glossary word: that
      key. pymorphy3 does not always read such a form back to the word it was generated
      from (``Карамаовым``, instrumental of a guessed surname ``Карамаов``), so here the fast
      reading finds more than pymorphy3 on every word would; and pymorphy3's other guesses
      for the word (``Карамаов`` as a genitive plural of a noun ``карама``) are not tried;
    * any other unknown word: none if no glossary form begins with its first three letters
      (after по- or наи-, prefixes pymorphy3 strips), else pymorphy3.

    A word with two or more keys besides itself is left to pymorphy3, which orders them,
    and so is an unknown word beginning with по- or наи-, or one with an apostrophe.
    """

    def __init__(self, words: Iterable[str], codes: dict[str, str]) -> None:
        self.codes = codes
        forms: dict[str, tuple[list[str], list[str]]] = {}
        for word in words:
            key, known, guessed = ru_term_forms(word)
            key = key.translate(_APOSTROPHES)
            if key not in codes:
                continue
            forms.setdefault(key, ([], []))
            for lexemes, side in ((known, 0), (guessed, 1)):
                for form in lexemes:
                    if _has_apostrophe(form):
                        continue
                    keys = forms.setdefault(form, ([], []))[side]
                    if key not in keys:
                        keys.append(key)
        for key in codes:
            forms.setdefault(key, ([], []))
        # Tuples of strings, which the garbage collector stops tracking (lists it would scan).
        self.forms: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
            form: (tuple(known), tuple(guessed)) for form, (known, guessed) in forms.items()
        }
        self.prefixes = {form[:3] for form in self.forms}

    def _may_be_guessed_as_a_key(self, folded: str) -> bool:
        prefixes = self.prefixes
        return (
            folded[:3] in prefixes
            or (folded.startswith("по") and folded[2:5] in prefixes)
            or (folded.startswith("наи") and folded[3:6] in prefixes)
        )

    def codes_of(self, word: str) -> str | None:
        """The word's codes (:attr:`_Index.codes` of its keys, the word itself first if it is a
        key; :data:`_NO_CODE` for none), or None to ask pymorphy3."""
        if not word.isalpha() and _has_apostrophe(word):
            return None
        folded = ru_fold(word)
        entry = self.forms.get(folded)
        if entry is None:
            if not self._may_be_guessed_as_a_key(folded) or ru_is_known(folded):
                return _NO_CODE
            return None
        stripped = folded.startswith(("по", "наи"))
        if entry[0] == entry[1] and not stripped:
            keys = entry[0]  # known or not
        elif ru_is_known(folded):
            keys = entry[0]
        elif stripped:
            return None
        else:
            keys = entry[1]
        codes = self.codes
        own = codes.get(folded, "")
        if not keys:
            return own or _NO_CODE
        if len(keys) == 1:
            other = keys[0]
            return own if other == folded else own + codes[other]
        others = [k for k in keys if k != folded]
        if len(others) > 1:
            return None
        return own + codes[others[0]]


def _has_apostrophe(word: str) -> bool:
    return any(c in "'’ʼʹʻ" for c in word)


def _clusters(positions: list[int], width: int) -> Iterator[list[int]]:
    """Ambiguous word positions grouped so that no term can span two groups."""
    group: list[int] = []
    for position in positions:
        if group and position - group[-1] >= width:
            yield group
            group = []
        group.append(position)
    if group:
        yield group


def _choose(spans: list[tuple[int, int, int, int]], size: int) -> list[tuple[int, int, int]]:
    """Longest first, then leftmost, then best ranked; no two chosen spans overlap. In text order."""
    spans.sort(key=lambda s: (s[0] - s[1], s[0], s[2], s[3]))
    taken = bytearray(size)
    chosen: list[tuple[int, int, int]] = []
    one = b"\x01"
    for start, end, _rank, gid in spans:
        if taken.find(one, start, end) != -1:
            continue
        taken[start:end] = one * (end - start)
        chosen.append((start, end, gid))
    chosen.sort()
    return chosen


class Recognizer:
    """Finds the forms of a termbase in running text.

    ``forms`` are :class:`termbase.termbase.Form` objects or tuples
    ``(concept_id, lang, text, status[, scheme])``. Automata are built on first use,
    one per kind of text.

    >>> rec = Recognizer([("baku", "az-Latn", "Bakı", "preferred"), ("baku", "en", "Baku", "preferred")])
    >>> [(r.start, r.end, r.text) for r in rec.recognize("BAKIDA və Bakıdan", "az-Latn")]
    [(0, 6, 'BAKIDA'), (10, 17, 'Bakıdan')]
    >>> [(r.text, r.lang) for r in rec.recognize("Bakıya, Bakuya", "az-Latn", all_forms=True)]
    [('Bakıya', 'az-Latn'), ('Bakuya', 'en')]
    """

    def __init__(self, forms: Iterable[Any], *, _slow_morphology: bool = False) -> None:
        self.entries: tuple[Entry, ...] = tuple(dict.fromkeys(_entry(f) for f in forms))
        self._slow_morphology = _slow_morphology  # every Russian word through pymorphy3 (for tests)
        self._indexes: dict[tuple[str, bool], _Index] = {}
        self._by_concept: dict[str, list[Entry]] | None = None

    def _selected(self, mode: str, all_forms: bool) -> Iterable[Entry]:
        for entry in self.entries:
            han = is_han(entry.text)
            if mode == "zh":
                # A one-character abbreviation (俄, 阿) is a name only inside a compound such as
                # 俄阿关系; in running text 阿 starts 阿拉伯 and 阿富汗, so it is left out.
                if han and len(entry.text) > 1 and (all_forms or entry.lang in _ZH_TAGS):
                    yield entry
                continue
            if han:
                continue
            own = (
                (mode == "ru" and entry.lang == "ru")
                or (mode == "az" and entry.lang == "az-Latn")
                or (mode == "az-Cyrl" and entry.lang == "az-Cyrl")
                or (mode == "en" and (entry.lang == "en" or entry.scheme in _ENGLISH_EXTRA_SCHEMES))
                or (mode.startswith("plain:") and entry.lang == mode[6:])
            )
            foreign_ok = (
                all_forms
                and entry.scheme not in _CHINESE_ROMANISATIONS
                and len(entry.text.strip()) >= _MIN_FOREIGN_LEN
            )
            if own or foreign_ok:
                yield entry

    def index(self, lang: str, all_forms: bool = False) -> _Index:
        mode = _mode(lang)
        found = self._indexes.get((mode, all_forms))
        if found is None:
            found = self._indexes[(mode, all_forms)] = _Index(
                self._selected(mode, all_forms), mode, self._slow_morphology
            )
        return found

    def find(self, text: str, lang: str, *, all_forms: bool = False, overlapping: bool = False) -> list[Hit]:
        """The chosen matches, each with all the forms it matches (best first for ``lang``).

        With ``overlapping``, every match, also those inside or across longer ones.
        """
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        index = self.index(lang, all_forms)
        spans = index.spans(text)
        if overlapping:
            chosen = sorted({(start, end, gid) for start, end, _rank, gid in spans})
        else:
            chosen = _choose(spans, len(text))
        return [Hit(start, end, index.entries(gid, lang)) for start, end, gid in chosen]

    def recognize(self, text: str, lang: str, *, all_forms: bool = False) -> list[Recognized]:
        """Every term of language ``lang`` in ``text`` (with ``all_forms``, of any language).

        ``text`` should be in NFC (offsets are into the NFC text otherwise).
        """
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        out: list[Recognized] = []
        for hit in self.find(text, lang, all_forms=all_forms):
            matched = text[hit.start : hit.end]
            also: tuple[str, ...] = ()
            if len(hit.entries) == 1:
                best = hit.entries[0]
            else:
                best = _best(hit.entries, matched)
                also = tuple(
                    dict.fromkeys(e.concept_id for e in hit.entries if e.concept_id != best.concept_id)
                )
            out.append(
                Recognized(
                    hit.start,
                    hit.end,
                    matched,
                    best.concept_id,
                    best.lang,
                    best.text,
                    best.status,
                    best.scheme,
                    also,
                )
            )
        return out

    def forms_of(self, concept_id: str, lang: str, *, approved: bool = True) -> list[str]:
        """The concept's forms in ``lang`` (approved ones only by default): stored first, preferred first."""
        if self._by_concept is None:
            self._by_concept = {}
            for entry in self.entries:
                self._by_concept.setdefault(entry.concept_id, []).append(entry)
        own = self._by_concept.get(concept_id, [])
        chosen = [e for e in own if e.lang == lang and (e.approved or not approved)]
        rank = {"preferred": 0, "admitted": 1, "deprecated": 2}
        chosen.sort(key=lambda e: (e.scheme is not None, rank.get(e.status, 3)))
        return list(dict.fromkeys(e.text for e in chosen))


def _best(entries: Sequence[Entry], matched: str) -> Entry:
    """The best-priority entry; among equals, one spelled as in the text."""
    first = entries[0]
    return next((e for e in entries if e.text == matched and e.lang == first.lang), first)


_BY_TERMBASE: dict[int, tuple[Any, object, Recognizer]] = {}


def _fingerprint(tb: Termbase) -> object:
    try:
        row = tb.store.conn.execute("SELECT count(*), coalesce(max(id), 0) FROM form").fetchone()
    except Exception:  # a termbase without the form table: never stale
        return None
    return tuple(row)


def recognizer_for(tb: Termbase) -> Recognizer:
    """The recognizer of a termbase, built once and rebuilt when its forms change."""
    import weakref

    stamp = _fingerprint(tb)
    cached = _BY_TERMBASE.get(id(tb))
    if cached is not None and cached[0]() is tb and cached[1] == stamp:
        return cached[2]
    recognizer = Recognizer(tb.forms(include_derived=True))
    _BY_TERMBASE[id(tb)] = (weakref.ref(tb), stamp, recognizer)
    return recognizer


@cache
def _bundled() -> Termbase:
    import termbase

    return termbase.open()


def recognize(text: str, lang: str, termbase: Termbase | None = None) -> list[Recognized]:
    """Every term of ``termbase`` (the bundled glossary by default) in ``text`` of language ``lang``.

    >>> [(r.text, r.concept_id) for r in recognize("Bakıdan Moskvaya", "az")]
    [('Bakıdan', 'baku'), ('Moskvaya', 'moscow')]
    """
    from termbase.langtags import normalize_foreign_tag

    tb = termbase if termbase is not None else _bundled()
    return recognizer_for(tb).recognize(text, normalize_foreign_tag(lang))
