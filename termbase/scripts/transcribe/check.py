"""``check-names``: a termbase's name forms compared with what transcription proposes.

For every person or place whose name is Russian or Azerbaijani, each Chinese, Azerbaijani and
English form (a Russian form, for Azerbaijani names) is compared with the rules' candidates
(the termbase itself left out). A form the rules give is ``regular``. Another form is
``established`` when a source or note of its concept names it, or when it is far from any proposal
(an old rendering kept on purpose, such as 高尔基); it is ``suspect`` when it differs from a proposal
by a single character and nothing attests it: a likely typo (普金 for 普京).

>>> import termbase
>>> mine = termbase.open(":memory:")
>>> mine.add(termbase.Concept("putin", "person", [termbase.Term("Путин", "ru"), termbase.Term("普金", "zh-Hans")]))
>>> [(c.form, c.verdict, c.proposed) for c in check_names(mine)]
[('普金', 'suspect', '普京')]
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from termbase.model import Concept, Term
    from termbase.termbase import Termbase

__all__ = ["NAME_CATEGORIES", "NameCheck", "check_names"]

Verdict = Literal["regular", "established", "suspect"]
#: Categories whose concepts are names of people and places.
NAME_CATEGORIES = ("person", "city", "place", "region")
_TARGETS_OF = {"ru": ("zh-Hans", "az-Latn", "en"), "az-Latn": ("ru", "zh-Hans")}


@dataclass(frozen=True, slots=True)
class NameCheck:
    """One form of a name compared with the transcription's proposal."""

    concept_id: str
    source_lang: str
    source_text: str
    lang: str
    form: str
    verdict: Verdict
    proposed: str | None
    source: str | None

    def to_dict(self) -> dict[str, object]:
        """The JSON object of ``termbase check-names --json``."""
        return {
            "concept": self.concept_id,
            "from": {"lang": self.source_lang, "text": self.source_text},
            "lang": self.lang,
            "form": self.form,
            "verdict": self.verdict,
            "proposed": self.proposed,
            "source": self.source,
        }


def _parts(text: str) -> int:
    return len(text.replace("·", " ").replace("-", " ").split())


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by one substituted, added or removed character (case aside)."""
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(a.casefold(), b.casefold()) == 1


def _attestation(concept: Concept, term: Term) -> str | None:
    for text in (term.source, term.note, *concept.sources, *concept.notes.values()):
        if text and term.text in text:
            return text
    return None


def _derives(concept: Concept, source: str, target: str) -> bool:
    from termbase.scripts.transcribe import transcribe

    targets = {t.text for t in concept.terms(target)}
    return any(
        c.text in targets
        for term in concept.terms(source)
        for c in transcribe(term.text, source, target, tb=False)
    )


def _origin(concept: Concept) -> str:
    """``az-Latn`` when the rules derive the Russian form from the Azerbaijani one and not the other way."""
    if _derives(concept, "az-Latn", "ru") and not _derives(concept, "ru", "az-Latn"):
        return "az-Latn"
    return "ru"


def _pairs(concept: Concept, source: str) -> Iterator[tuple[Term, Term]]:
    sources = concept.terms(source)
    for lang in _TARGETS_OF[source]:
        for term in concept.terms(lang):
            same = [s for s in sources if _parts(s.text) == _parts(term.text)]
            if same:
                yield same[0], term


def check_names(tb: Termbase) -> list[NameCheck]:
    """Every name form of ``tb`` with its verdict, in concept order."""
    from termbase.scripts.transcribe import transcribe

    results: list[NameCheck] = []
    for concept in tb.concepts(categories=NAME_CATEGORIES):
        if not concept.terms("ru"):
            continue
        origin = _origin(concept)
        for source_term, term in _pairs(concept, origin):
            candidates = [c.text for c in transcribe(source_term.text, origin, term.lang, tb=False)]
            proposed = candidates[0] if candidates else None
            verdict: Verdict
            attested = _attestation(concept, term)
            if term.text in candidates:
                verdict, attested = "regular", None
            elif attested is None and any(_one_edit(term.text, c) for c in candidates[:3]):
                verdict = "suspect"
            else:
                verdict = "established"
                attested = attested or (concept.sources[0] if concept.sources else None)
            results.append(
                NameCheck(
                    concept.id, origin, source_term.text, term.lang, term.text, verdict, proposed, attested
                )
            )
    return results
