"""The data model (termbase/model.py): NFC in the constructors, frozen values, closed vocabularies,
one-line validation errors, and a lossless ``to_dict``/``from_dict``, on multilingual text."""

from __future__ import annotations

import dataclasses
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from termbase.model import Category, Concept, Status, Term, TermType, TranslationUnit
from tests.strategies import any_text, azerbaijani_text, concepts, russian_text, terms

# Text whose NFC and NFD differ: Azerbaijani ə ö ü ç ş ğ İ and Russian й ё decompose.
decomposable = st.one_of(azerbaijani_text, russian_text).filter(
    lambda s: unicodedata.normalize("NFD", s) != unicodedata.normalize("NFC", s)
)
nfd = decomposable.map(lambda s: unicodedata.normalize("NFD", s))
KNOWN_LANG = st.sampled_from(["az-Latn", "ru", "en", "zh-Hans", "az-Cyrl"])


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _terms_in(concept: Concept, lang: str) -> tuple[Term, ...]:
    """The concept's terms in one language, in the order the model presents them."""
    return concept.terms(lang)


# ------------------------------------------------------------------------------------------ NFC


@given(nfd, nfd)
def test_term_text_and_note_are_stored_in_nfc(text: str, note: str) -> None:
    term = Term(text, "az-Latn", note=note)
    assert term.text == _nfc(text).strip()
    assert term.note == _nfc(note)
    assert term == Term(_nfc(text), "az-Latn", note=_nfc(note))


@given(nfd, nfd)
def test_term_source_and_region_are_stored_in_nfc(source: str, region: str) -> None:
    term = Term("Bakı", "az-Latn", source=source, region=region)
    assert term.source == _nfc(source)
    assert term.region == _nfc(region)


@given(nfd, nfd, st.lists(nfd, max_size=3))
def test_concept_id_wikidata_and_sources_are_stored_in_nfc(
    id_: str, wikidata: str, sources: list[str]
) -> None:
    id_ = id_.strip() or "c"
    concept = Concept(
        id_, Category.PERSON, [Term("x", "en")], wikidata=wikidata.strip() or None, sources=sources
    )
    assert concept.id == _nfc(id_)
    assert concept.wikidata == (_nfc(wikidata.strip()) or None)
    assert concept.sources == tuple(_nfc(s) for s in sources)
    # The same concept written in NFC is equal: an NFD id never makes a second concept.
    assert concept == Concept(
        _nfc(id_),
        Category.PERSON,
        [Term("x", "en")],
        wikidata=concept.wikidata,
        sources=[_nfc(s) for s in sources],
    )


@given(nfd, nfd, KNOWN_LANG)
def test_concept_definitions_and_notes_are_stored_in_nfc(definition: str, note: str, lang: str) -> None:
    concept = Concept(
        "c", Category.PERSON, [Term("x", lang)], definitions={lang: definition}, notes={lang: note}
    )
    assert concept.definitions[lang] == _nfc(definition)
    assert concept.notes[lang] == _nfc(note)


@given(st.dictionaries(KNOWN_LANG, nfd, min_size=1, max_size=4))
def test_translation_unit_variants_are_stored_in_nfc(variants: dict[str, str]) -> None:
    unit = TranslationUnit("u1", variants)
    assert dict(unit.variants) == {lang: _nfc(text) for lang, text in variants.items()}
    assert unit == TranslationUnit("u1", {lang: _nfc(text) for lang, text in variants.items()})


def test_azerbaijani_dotted_capital_i_is_composed_not_folded() -> None:
    # I + U+0307 COMBINING DOT ABOVE composes to İ (U+0130), not to ASCII I or i.
    assert Term("I\u0307lham Əliyev", "az-Latn").text == "\u0130lham Əliyev"
    assert Term("Ilham", "az-Latn").text == "Ilham"  # a plain I stays I


# ------------------------------------------------------------------------------------------ frozen


@given(terms())
def test_terms_are_frozen(term: Term) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        term.text = "x"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        term.status = Status.DEPRECATED  # type: ignore[misc]


@given(concepts())
def test_concepts_are_frozen_down_to_their_mappings(concept: Concept) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        concept.id = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        concept.definitions["en"] = "x"  # type: ignore[index]
    with pytest.raises(TypeError):
        concept.notes["en"] = "x"  # type: ignore[index]
    assert isinstance(concept.sources, tuple)


def test_a_concept_does_not_share_the_callers_dicts_and_lists() -> None:
    definitions = {"ru": "столица Азербайджана"}
    term_list = [Term("Баку", "ru")]
    sources = ["zh.wikipedia"]
    concept = Concept("baku", Category.CITY, term_list, definitions=definitions, sources=sources)
    definitions["ru"] = "changed"
    term_list.append(Term("Бакы", "ru"))
    sources.append("changed")
    assert concept.to_dict() == {
        "id": "baku",
        "category": "city",
        "sources": ["zh.wikipedia"],
        "definition": {"ru": "столица Азербайджана"},
        "terms": [{"text": "Баку", "lang": "ru"}],
    }


def test_translation_units_are_frozen_down_to_their_mappings() -> None:
    variants = {"zh-Hans": "巴库", "az-Latn": "Bakı"}
    props = {"section": "概况"}
    unit = TranslationUnit("s1", variants, props=props)
    variants["en"] = "Baku"
    props["section"] = "changed"
    assert dict(unit.variants) == {"zh-Hans": "巴库", "az-Latn": "Bakı"}
    assert dict(unit.props) == {"section": "概况"}
    with pytest.raises(dataclasses.FrozenInstanceError):
        unit.id = "s2"  # type: ignore[misc]
    with pytest.raises(TypeError):
        unit.variants["en"] = "Baku"  # type: ignore[index]


# ------------------------------------------------------------------------------------------ closed enums


def test_vocabularies_are_the_tbx_names() -> None:
    assert {t.value for t in TermType} == {"fullForm", "shortForm", "abbreviation", "variant"}
    assert {s.value for s in Status} == {"preferred", "admitted", "deprecated"}
    assert {c.value for c in Category} == {
        "country",
        "former-state",
        "region",
        "city",
        "place",
        "person",
        "organization",
        "document",
        "event",
        "title",
        "language",
        "people",
        "other",
    }


@given(st.text(min_size=1, max_size=12))
def test_values_outside_the_vocabularies_are_refused_in_one_line(value: str) -> None:
    if value not in {t.value for t in TermType}:
        with pytest.raises(ValueError) as caught:
            Term("Bakı", "az-Latn", type=value)  # type: ignore[arg-type]
        assert "\n" not in str(caught.value)
    if value not in {s.value for s in Status}:
        with pytest.raises(ValueError) as caught:
            Term("Bakı", "az-Latn", status=value)  # type: ignore[arg-type]
        assert "\n" not in str(caught.value)
    if value not in {c.value for c in Category}:
        with pytest.raises(ValueError) as caught:
            Concept("baku", value)
        assert "\n" not in str(caught.value)


def test_vocabulary_strings_become_enum_members() -> None:
    term = Term("Алиев", "ru", "shortForm", "admitted")  # type: ignore[arg-type]
    assert term.type is TermType.SHORT_FORM and term.status is Status.ADMITTED
    assert Concept("aliyev", "person").category is Category.PERSON


# ------------------------------------------------------------------------------------------ validation


@pytest.mark.parametrize("text", ["", " ", "\t\n", "\u3000"])  # U+3000: the CJK full-width space
def test_an_empty_term_is_refused_in_one_line(text: str) -> None:
    with pytest.raises(ValueError, match="must not be empty") as caught:
        Term(text, "zh-Hans")
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("concept_id", ["", " baku", "baku ", "\n"])
def test_a_blank_or_padded_concept_id_is_refused_in_one_line(concept_id: str) -> None:
    with pytest.raises(ValueError, match="invalid concept id") as caught:
        Concept(concept_id, Category.CITY)
    assert "\n" not in str(caught.value)


@given(any_text)
def test_term_text_is_stripped(text: str) -> None:
    assert Term(f"  {text}\u3000", "en").text == _nfc(text).strip()


# ------------------------------------------------------------------------------------------ behaviour


@given(concepts())
def test_to_dict_from_dict_round_trip(concept: Concept) -> None:
    again = Concept.from_dict(concept.to_dict())
    assert again == concept
    assert hash(again) == hash(concept)
    assert again.to_dict() == concept.to_dict()


@given(st.lists(terms("ru"), min_size=1, max_size=8))
def test_terms_in_a_language_put_preferred_first_and_keep_order_otherwise(term_list: list[Term]) -> None:
    concept = Concept("c", Category.OTHER, term_list)
    rank = {Status.PREFERRED: 0, Status.ADMITTED: 1, Status.DEPRECATED: 2}
    expected = [t for status in rank for t in term_list if t.status is status]
    assert list(_terms_in(concept, "ru")) == expected
    assert _terms_in(concept, "en") == ()


@given(st.lists(terms(), min_size=1, max_size=8))
def test_languages_in_first_seen_order(term_list: list[Term]) -> None:
    concept = Concept("c", Category.OTHER, term_list)
    seen: list[str] = []
    for term in term_list:
        if term.lang not in seen:
            seen.append(term.lang)
    assert list(concept.languages()) == seen


@given(terms())
def test_term_to_dict_omits_defaults_and_round_trips(term: Term) -> None:
    data = term.to_dict()
    assert ("type" in data) == (term.type is not TermType.FULL_FORM)
    assert ("status" in data) == (term.status is not Status.PREFERRED)
    assert Term.from_dict(data) == term
