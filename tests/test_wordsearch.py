"""Lookup by an inflected form or a word of a longer term (issue 9)."""

from __future__ import annotations

from functools import cache

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import termbase
from termbase.termbase import Termbase

WHOLE = ("exact", "case", "normalized")


@cache
def _bundled() -> Termbase:
    return termbase.open()


@cache
def _russian_words() -> list[tuple[str, str]]:
    """(concept id, word) of every one-word Russian term of the bundled glossary that
    pymorphy3 knows as a noun."""
    import pymorphy3

    morph = pymorphy3.MorphAnalyzer()
    out = []
    for concept in _bundled().concepts():
        for term in concept.terms("ru"):
            if " " in term.text or "-" in term.text:
                continue
            parse = morph.parse(term.text)[0]
            if parse.tag.POS == "NOUN" and parse.is_known:
                out.append((concept.id, term.text))
    return sorted(set(out))


def _inflections(word: str) -> list[str]:
    import pymorphy3

    parse = pymorphy3.MorphAnalyzer().parse(word)[0]
    forms = sorted({lexeme.word for lexeme in parse.lexeme})
    return [f.capitalize() if word[:1].isupper() else f for f in forms]


def test_there_are_russian_words_to_inflect() -> None:
    assert len(_russian_words()) >= 20


@given(st.data())
def test_any_inflected_russian_form_of_a_glossary_word_finds_its_concept(data: st.DataObject) -> None:
    concept_id, word = data.draw(st.sampled_from(_russian_words()), label="term")
    form = data.draw(st.sampled_from(_inflections(word)), label="form")
    matches = _bundled().lookup(form, limit=50)
    # a form that is itself another concept's whole term finds that one (whole forms come first)
    assume(not (matches and matches[0].how in WHOLE and concept_id not in {m.concept.id for m in matches}))
    assert concept_id in [m.concept.id for m in matches], (form, [(m.concept.id, m.how) for m in matches])


@pytest.mark.parametrize(
    ("query", "concept", "how"),
    [
        ("Медведевым", "dmitry-medvedev", "inflected"),
        ("Гейдара", "heydar-aliyev", "word"),
        ("Moskvada", "moscow", "inflected"),
        ("Petersburg", "saint-petersburg", "word"),
        ("Heydər", "heydar-aliyev", "word"),
        ("Азербайджане", "azerbaijan", "inflected"),
    ],
)
def test_the_issues_examples(query: str, concept: str, how: str) -> None:
    matches = _bundled().lookup(query)
    assert (matches[0].concept.id, matches[0].how) == (concept, how)
    assert 79 < matches[0].score < 92  # below every whole-form hit, above every typo


def test_whole_form_hits_rank_first_and_stay_index_only() -> None:
    tb = termbase.open()
    matches = tb.lookup("Баку")
    assert matches[0].how == "exact"
    assert tb._lookup._word_index is None  # no scan of the forms for a query the index answers
    assert all(m.how in WHOLE for m in matches)


def test_prefix_of_a_word() -> None:
    matches = _bundled().lookup("Petersb")
    assert matches and matches[0].concept.id == "saint-petersburg" and matches[0].how == "prefix"


def test_the_word_index_follows_changes() -> None:
    from termbase.model import Category, Concept, Term

    tb = termbase.open(":memory:")
    tb.add(Concept("ganja", Category.CITY, [Term("Гянджа", "ru")]))
    assert [m.concept.id for m in tb.lookup("Гянджой")] == ["ganja"]
    tb.add(Concept("ganja-airport", Category.PLACE, [Term("аэропорт Гянджа", "ru")]))
    assert {m.concept.id for m in tb.lookup("Гянджой")} == {"ganja", "ganja-airport"}
