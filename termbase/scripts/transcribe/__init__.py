"""New names between languages: a Russian or Azerbaijani name rendered the way editors write it.

``transcribe(name, source, target)`` returns candidates, best first. Each says ``how`` it was made:

* ``termbase``: a form the termbase knows, also from an inflected input (Путиным → 普京, through
  the recogniser's Russian morphology); the bundled glossary unless another termbase is given;
* ``convention``: an established name (Горький 高尔基), a given name (Виктор 维克托), a translated
  part (Нижний 下, Ново- 新, -град 格勒, Ростов-на-Дону 顿河畔罗斯托夫), each from a cited source;
* ``table``: the syllable table (GB/T 17693.4 / Xinhua for Chinese) or the letter rules.

Where the table is ambiguous, the alternatives follow as further candidates. The rules are plain
files in ``data/`` with their sources (``data/SOURCES.md`` also lists where termbase differs from
ICU's ``ru-zh`` transform, and why).

Directions: ``ru`` → ``zh-Hans`` (``zh-Hant``, ``zh-Hant-TW``, ``zh-Hant-HK`` through the Chinese
module's name-safe conversion, with regional exceptions), ``ru`` → ``az-Latn``, ``ru`` → ``en``,
``az-Latn`` → ``ru``, ``az-Latn`` → ``zh-Hans`` (and its Traditional forms) through the Russian form.

>>> [(c.text, c.how) for c in transcribe("Путиным", "ru", "zh-Hans")][:1]
[('普京', 'termbase')]
>>> transcribe("Кабаева", "ru", "zh-Hans")[0].text
'卡巴耶娃'
>>> transcribe("Виктор Черномырдин", "ru", "zh-Hans")[0].text
'维克托·切尔诺梅尔金'
>>> transcribe("Mütəllibov", "az-Latn", "zh-Hans", tb=False)[0].text
'穆塔利博夫'
>>> transcribe("Аркадий", "ru", "az")[0].text
'Arkadi'
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Literal

from termbase.errors import UsageError

if TYPE_CHECKING:
    from termbase.model import Concept
    from termbase.scripts.transcribe._common import Option
    from termbase.termbase import Termbase

__all__ = ["DIRECTIONS", "KINDS", "Candidate", "check_direction", "no_candidates", "record", "transcribe"]

How = Literal["termbase", "convention", "table"]

_CHINESE = ("zh-Hans", "zh-Hant", "zh-Hant-TW", "zh-Hant-HK")
#: (source, target) pairs transcribe() serves.
DIRECTIONS: tuple[tuple[str, str], ...] = (
    *(("ru", zh) for zh in _CHINESE),
    ("ru", "az-Latn"),
    ("ru", "en"),
    ("az-Latn", "ru"),
    *(("az-Latn", zh) for zh in _CHINESE),
)


#: What a name can be said to name (``transcribe(kind=...)``, ``termbase transcribe --kind``).
KINDS: tuple[str, ...] = ("person", "place")


@dataclass(frozen=True, slots=True)
class Candidate:
    """One rendering of a name: the text, how it was made, a score in (0, 1], the steps taken."""

    text: str
    how: How
    score: float
    steps: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """The JSON object of ``termbase transcribe --json``.

        >>> Candidate("普京", "termbase", 1.0, ("termbase: vladimir-putin",)).to_dict()
        {'text': '普京', 'how': 'termbase', 'score': 1.0, 'steps': ['termbase: vladimir-putin']}
        """
        return {"text": self.text, "how": self.how, "score": round(self.score, 3), "steps": list(self.steps)}


def _tag(tag: str) -> str:
    from termbase.langtags import normalize_tag

    bare = tag.strip().replace("_", "-")
    if bare.lower() == "az":
        return "az-Latn"
    if bare.lower() == "zh":
        return "zh-Hans"
    return normalize_tag(bare)


@cache
def _bundled() -> Termbase:
    import termbase

    return termbase.open()


def transcribe(
    name: str,
    source: str,
    target: str,
    *,
    tb: Termbase | Literal[False] | None = None,
    limit: int = 6,
    kind: str | None = None,
) -> list[Candidate]:
    """Candidates for ``name`` (language ``source``) in ``target``, best first.

    ``tb`` is the termbase used as the exception list: the bundled glossary when None, none when
    False (the rules alone, as ``check-names`` uses them). ``kind`` (``person`` or ``place``) says
    what the name names when the caller knows it; for Chinese a place is never read as a woman's
    name and its soft final consonant is read as place names have it (Лебедь the river 列别季).
    A name with no letters to transcribe gives no candidates, and so does one whose Chinese would
    keep a letter the rules cannot read. A letter of the other script in a word (a Latin ``a`` in
    a Russian word) is read as its look-alike twin (:mod:`~termbase.lookalikes`),
    and the candidates' steps say so.

    >>> [c.text for c in transcribe("Лая", "ru", "zh-Hans", tb=False, kind="place")][:1]
    ['拉亚']
    """
    src, tgt = _tag(source), _tag(target)
    check_direction(source, target)
    if kind not in (None, *KINDS):
        raise UsageError(f"unknown kind of name {kind!r}; kinds: {', '.join(KINDS)}")
    from termbase.lookalikes import mend, only_han

    text, mended = mend(" ".join(name.split()), src)
    if not text:
        return []
    known: list[Candidate] = []
    if tb is not False:
        known = _from_termbase(_bundled() if tb is None else tb, text, src, tgt)
    ruled = [_candidate(o) for o in _rules(text, src, tgt, kind)]
    if tgt in _CHINESE:  # a letter the rules could not read never passes into Chinese (布a库)
        ruled = [c for c in ruled if only_han(c.text)]
    seen = {c.text for c in known}
    found = known + [c for c in ruled if c.text not in seen]
    if mended:
        found = [Candidate(c.text, c.how, c.score, (*mended, *c.steps)) for c in found]
    return found[:limit]


def record(name: str, candidates: Sequence[Candidate]) -> dict[str, object]:
    """A name and its candidates as one JSON object: a line of ``termbase transcribe --json``
    and the answer of ``GET /api/transcribe``.

    >>> record("Путин", [Candidate("普京", "termbase", 1.0)])
    {'source': 'Путин', 'candidates': [{'text': '普京', 'how': 'termbase', 'score': 1.0, 'steps': []}]}
    """
    return {"source": name, "candidates": [c.to_dict() for c in candidates]}


def check_direction(source: str | None, target: str) -> None:
    """A UsageError unless names are transcribed from ``source`` (from some source, when None:
    the name's script will tell) into ``target``.

    >>> check_direction(None, "ru"), check_direction("az", "zh")
    (None, None)
    >>> check_direction(None, "fr")
    Traceback (most recent call last):
    ...
    termbase.errors.UsageError: no name is transcribed into fr; directions: ru→zh-Hans, ru→zh-Hant, ru→zh-Hant-TW, ru→zh-Hant-HK, ru→az-Latn, ru→en, az-Latn→ru, az-Latn→zh-Hans, az-Latn→zh-Hant, az-Latn→zh-Hant-TW, az-Latn→zh-Hant-HK
    """
    tgt = _tag(target)
    if source is None and any(to == tgt for _, to in DIRECTIONS):
        return
    if source is not None and (_tag(source), tgt) in DIRECTIONS:
        return
    pairs = ", ".join(f"{s}→{t}" for s, t in DIRECTIONS)
    if source is None:
        raise UsageError(f"no name is transcribed into {target}; directions: {pairs}")
    raise UsageError(f"cannot transcribe {source} → {target}; directions: {pairs}")


def no_candidates(name: str, source: str) -> str:
    """The message for a ``name`` that gave no candidates from ``source``, saying why.

    >>> no_candidates("Baku", "ru")
    "no candidates for 'Baku': it has no Cyrillic letters, and names are transcribed from ru in Cyrillic"
    >>> no_candidates("Бqку", "ru")
    "no candidates for 'Бqку': it has letters the rules for ru cannot read ('q')"
    """
    from termbase.lookalikes import SCRIPTS, foreign_letters, has_letters_of

    src = _tag(source)
    if not has_letters_of(name, src):
        why = f"it has no {SCRIPTS[src]} letters, and names are transcribed from {source} in {SCRIPTS[src]}"
    else:
        why = f"it has letters the rules for {source} cannot read ({', '.join(map(repr, foreign_letters(name, src)))})"
    return f"no candidates for {name!r}: {why}"


def _candidate(option: Option) -> Candidate:
    how: How = (
        "termbase" if option.how == "termbase" else ("convention" if option.how == "convention" else "table")
    )
    return Candidate(option.text, how, option.score, option.steps)


def _rules(text: str, src: str, tgt: str, kind: str | None = None) -> list[Option]:
    from termbase.scripts.transcribe import _common

    if src == "ru":
        if tgt == "az-Latn":
            from termbase.scripts.transcribe.ru_latin import to_azerbaijani

            return to_azerbaijani(text)
        if tgt == "en":
            from termbase.scripts.transcribe.ru_latin import to_english

            return to_english(text)
        return _chinese(_ru_zh(text, tgt, kind), tgt)
    if tgt == "ru":
        from termbase.scripts.transcribe.az_ru import to_russian

        return to_russian(text)
    from termbase.scripts.transcribe.az_ru import to_russian

    through: list[Option] = []
    for russian in to_russian(text)[:3]:
        for option in _ru_zh(russian.text, tgt, kind)[:2]:
            through.append(
                _common.Option(
                    option.text,
                    _common.weakest([russian.how, option.how]),
                    (f"az→ru: {text} → {russian.text}", *russian.steps, *option.steps),
                    russian.score * option.score,
                )
            )
    return _chinese(_common.best(through), tgt)


def _ru_zh(text: str, tgt: str, kind: str | None = None) -> list[Option]:
    from termbase.scripts.transcribe.ru_zh import transcribe_name

    return transcribe_name(text, target=tgt, kind="place" if kind == "place" else "person" if kind else None)


def _chinese(options: list[Option], tgt: str) -> list[Option]:
    """zh-Hans options in ``tgt``: Traditional forms character by character (names keep their characters)."""
    if tgt == "zh-Hans":
        return options
    from termbase.scripts.transcribe._common import Option

    convert = _traditional(tgt)
    return [Option(convert(o.text), o.how, o.steps, o.score) for o in options]


def _traditional(tgt: str) -> Callable[[str], str]:
    from termbase.scripts import chinese

    region = {"zh-Hant": None, "zh-Hant-TW": "TW", "zh-Hant-HK": "HK"}[tgt]
    return lambda text: chinese.name_to_traditional(text, region)


# --------------------------------------------------------------------------------- the termbase


def _from_termbase(tb: Termbase, text: str, src: str, tgt: str) -> list[Candidate]:
    """The target forms of a concept whose ``src`` form is ``text``, or an inflected form of it."""
    found: list[tuple[Concept, str, str]] = []  # (concept, matched form, how it matched)
    for match in tb.lookup(text, lang=src, limit=5):
        if match.how in ("exact", "case", "normalized") and match.scheme is None:
            found.append((match.concept, match.text, match.how))
    if not found:
        hits = tb.recognize(text, src)
        if len(hits) == 1 and hits[0].start == 0 and hits[0].end == len(text):
            concept = tb.get(hits[0].concept_id)
            if concept is not None:
                found.append((concept, hits[0].term, "inflected"))
    candidates: list[Candidate] = []
    for concept, matched, how in found:
        for form in _target_forms(concept, matched, tgt):
            source = f"; source: {concept.sources[0]}" if concept.sources else ""
            step = f"termbase: {concept.id} ({how} match of {matched!r} → {form}{source})"
            candidates.append(Candidate(form, "termbase", 1.0, (step,)))
    seen: set[str] = set()
    return [c for c in candidates if not (c.text in seen or seen.add(c.text))]  # type: ignore[func-returns-value]


def _parts(text: str) -> int:
    return len(text.replace("·", " ").split())


def _target_forms(concept: Concept, matched: str, tgt: str) -> list[str]:
    """The concept's ``tgt`` terms, those with as many parts as the matched form first."""
    terms = [t.text for t in concept.terms(tgt)]
    if not terms and tgt in _CHINESE and tgt != "zh-Hans":
        convert = _traditional(tgt)
        terms = [convert(t.text) for t in concept.terms("zh-Hans")]
    want = _parts(matched)
    return [t for t in terms if _parts(t) == want] or terms[:1]
