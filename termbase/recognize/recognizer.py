"""The recognizer: which forms each kind of text is searched for, and what a match reports.

A :class:`Recognizer` holds a termbase's forms and builds one
:class:`~termbase.recognize.automaton.Index` per kind of text
(:func:`~termbase.recognize.modes.mode`) and per choice of forms, on first use:

* by default, the forms of the text's language: Russian forms in Russian text, the
  ``az-Latn`` forms in Azerbaijani, the ``az-Cyrl`` ones in Azerbaijani Cyrillic, English
  forms and the BGN/PCGN and ICAO romanisations of Russian in English, every Chinese form
  of two characters or more in Chinese;
* with ``all_forms``, also every other form of three characters or more, ranked after the
  text's own (never the romanisations of Chinese, which are too short and too common as
  words).

:meth:`Recognizer.find` gives the chosen spans (:class:`Hit`) with every form they match,
best first for the text's language; :meth:`Recognizer.recognize` one :class:`Recognized`
per span, naming the best concept and the others sharing the form.

>>> rec = Recognizer([("baku", "ru", "Баку", "preferred"), ("moscow", "ru", "Москва", "preferred")])
>>> [r.to_dict()["concept"] for r in rec.recognize("из Москвы в Баку", "ru")]
['moscow', 'baku']

A termbase keeps its own, built from its stored and derived forms:

>>> import termbase
>>> [(r.text, r.concept_id) for r in termbase.open().recognize("Bakıdan Moskvaya", "az")]
[('Bakıdan', 'baku'), ('Moskvaya', 'moscow')]
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from termbase.langtags import is_chinese
from termbase.model import status_rank
from termbase.recognize.automaton import Entry, Index, choose
from termbase.recognize.modes import MORPHOLOGIES, Morphology, family, mode, morphology
from termbase.scripts.chinese import is_han

TYPE_CHECKING = False
if TYPE_CHECKING:
    from termbase.recognize.cache import IndexCache

__all__ = ["Hit", "Recognized", "Recognizer", "candidate_forms_sql"]

# Romanisations of Chinese are too short and too common as words to be looked for in
# running text of other languages (pinyin-plain of 阿 is "A").
_CHINESE_ROMANISATIONS = frozenset(
    {"pinyin", "pinyin-numbers", "pinyin-plain", "zhuyin", "wade-giles", "palladius"}
)
# Romanisations of Russian indexed, at a lower priority, in English text.
_ENGLISH_EXTRA_SCHEMES = frozenset({"bgn-pcgn", "icao"})
_MIN_FOREIGN_LEN = 3


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

    def to_dict(self) -> dict[str, object]:
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


def _selected(entries: Iterable[Entry], kind: str, all_forms: bool) -> Iterator[Entry]:
    """The ``entries`` an index of ``kind`` (:func:`~termbase.recognize.modes.mode`) holds."""
    for entry in entries:
        han = is_han(entry.text)
        if kind == "zh":
            # A one-character abbreviation (俄, 阿) is a name only inside a compound such as
            # 俄阿关系; in running text 阿 starts 阿拉伯 and 阿富汗, so it is left out.
            if han and len(entry.text) > 1 and (all_forms or is_chinese(entry.lang)):
                yield entry
            elif not han and entry.scheme is None and is_chinese(entry.lang) and _latin_name(entry.text):
                yield entry  # a Chinese term in Latin letters (Trend, Curzon Press): as whole words
            continue
        if han:
            continue
        own = (
            (kind == "ru" and entry.lang == "ru")
            or (kind == "az" and entry.lang == "az-Latn")
            or (kind == "az-Cyrl" and entry.lang == "az-Cyrl")
            or (kind == "en" and (entry.lang == "en" or entry.scheme in _ENGLISH_EXTRA_SCHEMES))
            or (kind.startswith("plain:") and entry.lang == kind[6:])
        )
        foreign_ok = (
            all_forms
            and entry.scheme not in _CHINESE_ROMANISATIONS
            and len(entry.text.strip()) >= _MIN_FOREIGN_LEN
        )
        if own or foreign_ok:
            yield entry


_ADDRESS = re.compile(
    r"(?:[a-z][a-z0-9+.-]*://|www\.)[^\s<>\"'）》」]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE
)
"""A web address (``http://en.trend.az/…``, ``www.…``) or an e-mail address in running text."""

Span = TypeVar("Span", bound=tuple[int, ...])


def outside_addresses(text: str, spans: list[Span]) -> list[Span]:
    """The ``(start, end, …)`` spans of ``text`` not inside a web or e-mail address: ``trend`` in
    ``http://en.trend.az/…`` names a site, not the term.

    >>> text = "Trend (http://en.trend.az/a) — a@trend.az"
    >>> outside_addresses(text, [(0, 5), (17, 22), (33, 38)])
    [(0, 5)]
    """
    if "://" not in text and "www." not in text and "@" not in text:  # most texts: no regex pass
        return spans
    addresses = [(found.start(), found.end()) for found in _ADDRESS.finditer(text)]
    if not addresses:
        return spans
    return [span for span in spans if not any(a <= span[0] and span[1] <= b for a, b in addresses)]


def _latin_name(text: str) -> bool:
    """Whether a Chinese term without Han characters is a name Chinese text writes in letters
    (two or more characters, a letter among them), not a stray mark."""
    return len(text.strip()) >= 2 and any(char.isalpha() for char in text)


def candidate_forms_sql(kind: str, all_forms: bool) -> tuple[str, list[str]]:
    """A ``WHERE`` clause (and its parameters) over the ``form`` table that keeps every form
    :func:`_selected` may keep for ``kind`` and drops most others: the language of the text,
    never a Chinese romanisation in another.

    >>> candidate_forms_sql("ru", False)
    ('WHERE lang = ?', ['ru'])
    >>> candidate_forms_sql("zh", True)
    ('', [])
    """
    if kind == "zh":  # (lengths are the Python filter's: NFC may change them)
        return ("", []) if all_forms else ("WHERE lang = 'zh' OR lang LIKE 'zh-%'", [])
    own_lang = {"ru": "ru", "az": "az-Latn", "az-Cyrl": "az-Cyrl", "en": "en"}.get(kind, kind[6:])
    clause, params = "lang = ?", [own_lang]
    if kind == "en":
        extra = sorted(_ENGLISH_EXTRA_SCHEMES)
        clause += f" OR scheme IN ({', '.join('?' * len(extra))})"
        params += extra
    if all_forms:
        skipped = sorted(_CHINESE_ROMANISATIONS)
        clause += f" OR scheme IS NULL OR scheme NOT IN ({', '.join('?' * len(skipped))})"
        params += skipped
    return f"WHERE {clause}", params


def _shared_entries(rows: Iterable[tuple[str, str, str, str, str | None]]) -> Iterator[Entry]:
    """The entries of ``(concept_id, lang, text, status, scheme)`` rows read from a store, each
    concept id, language, status and scheme one string object (a row makes its own): a large
    termbase's index holds a few hundred thousand entries."""
    shared: dict[str | None, str | None] = {}
    share = shared.setdefault
    normalize = unicodedata.normalize
    for concept_id, lang, text, status, scheme in rows:
        yield Entry(
            share(concept_id, concept_id),  # type: ignore[arg-type]
            share(lang, lang),  # type: ignore[arg-type]
            normalize("NFC", text),
            share(status, status),  # type: ignore[arg-type]
            share(scheme, scheme),
        )


def _priority(entry: Entry, lang: str) -> int:
    """Lower is better: the text's language (stored, derived, deprecated), its family, others."""
    if entry.lang == lang:
        return (0 if entry.scheme is None else 1) if entry.approved else 2
    if family(entry.lang) == family(lang):
        return 3 if entry.approved else 4
    return 5


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

    morphologies: ClassVar[Mapping[str, Morphology]] = MORPHOLOGIES
    """The hooks each word mode is read by (:data:`~termbase.recognize.modes.PLAIN` for others)."""

    def __init__(
        self,
        forms: Iterable[Any] | Callable[[], Iterable[Any]],
        *,
        token: str | None = None,
        cache: IndexCache | None = None,
        select: Callable[[str, bool], Iterable[Any]] | None = None,
    ) -> None:
        self._forms = forms if callable(forms) else None
        self._select = select
        """``select(kind, all_forms)``: the forms (in the order of ``forms``) that may be indexed for
        that kind of text, every one :meth:`_selected` keeps among them; an index is built from
        these alone, so the other forms are never all held in memory (a store reads them
        straight from its table: :func:`candidate_forms_sql`)."""
        self._entries: tuple[Entry, ...] | None = None
        if not callable(forms):
            self._entries = tuple(dict.fromkeys(_entry(f) for f in forms))
        self.token = token
        """The forms token of the termbase the forms come from (:mod:`termbase.recognize.cache`)."""
        self.cache = cache
        self._indexes: dict[tuple[str, bool], Index] = {}
        self._by_concept: dict[str, list[Entry]] | None = None

    @property
    def entries(self) -> tuple[Entry, ...]:
        """Every indexed form (read on first use when the forms were given as a function)."""
        if self._entries is None:
            assert self._forms is not None
            self._entries = tuple(dict.fromkeys(_entry(f) for f in self._forms()))
        return self._entries

    def _selected(self, kind: str, all_forms: bool) -> Iterable[Entry]:
        """The entries an index of ``kind`` holds, in the order of :attr:`entries`."""
        if self._entries is None and self._select is not None:
            entries: Iterable[Entry] = dict.fromkeys(_shared_entries(self._select(kind, all_forms)))
        else:
            entries = self.entries
        return _selected(entries, kind, all_forms)

    def index(self, lang: str, all_forms: bool = False) -> Index:
        """The automaton text of language ``lang`` is searched with (built on first use)."""
        kind = mode(lang)
        found = self._indexes.get((kind, all_forms))
        if found is None:
            hooks = None if kind == "zh" else (self.morphologies.get(kind) or morphology(kind))
            if self.cache is not None:
                found = self.cache.load(kind, all_forms, hooks, _priority)
            if found is None:
                found = Index(self._selected(kind, all_forms), kind, hooks, _priority)
                if self.cache is not None and not self.cache.skip_save:
                    self.cache.save(kind, all_forms, found)
            self._indexes[(kind, all_forms)] = found
        return found

    def _spans(self, text: str, lang: str, all_forms: bool) -> tuple[Index, list[tuple[int, int, int, int]]]:
        index = self.index(lang, all_forms)
        try:
            return index, index.spans(text)
        except sqlite3.DatabaseError:  # a saved index whose file is damaged: build it afresh
            if self.cache is None or self.cache.skip_load:
                raise
            self.cache.skip_load = True  # built from the forms, and saved over the damaged file
            self._indexes.clear()
            index = self.index(lang, all_forms)
            return index, index.spans(text)

    def find(self, text: str, lang: str, *, all_forms: bool = False, overlapping: bool = False) -> list[Hit]:
        """The chosen matches, each with all the forms it matches (best first for ``lang``).

        With ``overlapping``, every match, also those inside or across longer ones.
        """
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        from termbase.lookalikes import mend_text

        # A Latin a pasted into a Russian word (Бaку) is read as its Cyrillic twin: same offsets.
        index, spans = self._spans(mend_text(text, lang), lang, all_forms)
        spans = outside_addresses(text, spans)
        if overlapping:
            chosen = sorted({(start, end, gid) for start, end, _rank, gid in spans})
        else:
            chosen = choose(spans, len(text))
        try:
            return [Hit(start, end, index.entries(gid, lang)) for start, end, gid in chosen]
        except sqlite3.DatabaseError:  # a saved index whose file is damaged: build it afresh
            if self.cache is None or self.cache.skip_load:
                raise
            self.cache.skip_load = True  # built from the forms, and saved over the damaged file
            self._indexes.clear()
            return self.find(text, lang, all_forms=all_forms, overlapping=overlapping)

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
        chosen.sort(key=lambda e: (e.scheme is not None, status_rank(e.status)))
        return list(dict.fromkeys(e.text for e in chosen))


def _best(entries: Sequence[Entry], matched: str) -> Entry:
    """The best-priority entry; among equals, one spelled as in the text."""
    first = entries[0]
    return next((e for e in entries if e.text == matched and e.lang == first.lang), first)
