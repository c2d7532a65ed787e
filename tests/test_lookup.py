"""Lookup: every stored form finds its concept, whatever its case, script variant, tones or spacing."""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import termbase
from termbase import lookalikes
from termbase.casing import lower, upper
from termbase.errors import UsageError
from termbase.model import Concept, Term
from termbase.termbase import FUZZY_CEILING, Termbase
from tests.strategies import concept_lists, han_word


def _strip_latin_diacritics(text: str) -> str:
    out = []
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char) and out and out[-1].isascii():
            continue
        out.append(char)
    return unicodedata.normalize("NFC", "".join(out)).replace("ı", "i").replace("ə", "e").replace("Ə", "E")


def variants(term: Term) -> list[str]:
    text = term.text
    found = [
        text,
        upper(text, term.lang),
        lower(text, term.lang),
        _strip_latin_diacritics(text),
        text.replace(" ", "-"),
        text.replace("-", " "),
        text.replace(" ", "·"),
    ]
    if term.lang == "ru":
        found.append(text.replace("ё", "е").replace("Ё", "Е"))
    if term.lang in ("ru", "az-Latn"):
        found.append(disguised(text, term.lang))
    return found


def disguised(text: str, lang: str) -> str:
    """``text`` with the letters that have a look-alike twin in the other script (Cyrillic а, Latin a)
    swapped for it, each word keeping its first letter (a word wholly in the other script is another word)."""
    twin_of = {own: other for other, own in lookalikes.twins()[lang].items()}

    def word(match: re.Match[str]) -> str:
        found = match.group()
        return found[0] + "".join(twin_of.get(c, c) for c in found[1:])

    return re.sub(r"[^\W\d_]+", word, text)


def assert_finds_first(tb: Termbase, query: str, concept_id: str) -> None:
    matches = tb.lookup(query, limit=50)
    assert matches, f"{query!r} found nothing"
    top = matches[0].score
    best_ids = {m.concept.id for m in matches if m.score == top}
    assert concept_id in best_ids, f"{query!r}: {concept_id} not among the best {sorted(best_ids)}"


@given(concept_lists)
def test_every_stored_term_finds_its_concept_first(
    new_termbase: Callable[[], Termbase], items: list[Concept]
) -> None:
    tb = new_termbase()
    tb.import_concepts(items)
    for concept in items:
        for term in concept.terms():
            for query in variants(term):
                if query.strip():
                    assert_finds_first(tb, query, concept.id)


@pytest.fixture(scope="module")
def glossary() -> Termbase:
    return termbase.open()


def test_every_glossary_term_finds_its_concept_first(glossary: Termbase) -> None:
    checked = 0
    for concept in glossary.concepts():
        for term in concept.terms():
            for query in variants(term):
                assert_finds_first(glossary, query, concept.id)
                checked += 1
    assert checked > 1000


def test_a_whole_lookup_is_the_index_stage_of_a_lookup(glossary: Termbase) -> None:
    """``whole=True`` (what pretranslation fills a one-term segment from) gives what a lookup
    gives when the whole query matches a form's keys, and nothing where a lookup goes on to a
    word of a longer term, an inflected form or a typo."""
    for concept in glossary.concepts():
        for term in concept.terms():
            for query in variants(term):
                if query.strip():
                    assert glossary.lookup(query, whole=True) == glossary.lookup(query)
    for query, how in (("Bakku", "fuzzy"), ("Heydar", "word"), ("Путина", "inflected")):
        assert glossary.lookup(query)[0].how == how
        assert glossary.lookup(query, whole=True) == []


def test_every_derived_form_finds_its_concept(glossary: Termbase) -> None:
    for form in glossary.forms(include_derived=True):
        if form.scheme is not None:
            assert_finds_first(glossary, form.text, form.concept_id)


@pytest.mark.parametrize(
    ("query", "concept_id", "how"),
    [
        ("Baku", "baku", "exact"),
        ("巴库", "baku", "exact"),
        ("Bakı", "baku", "exact"),
        ("BAKI", "baku", "case"),
        ("Баку", "baku", "exact"),
        ("baki", "baku", "normalized"),
        ("Бaку", "baku", "normalized"),  # a Latin a: its Cyrillic twin
        ("Bаkı", "baku", "normalized"),  # a Cyrillic а: its Latin twin
        ("İLHAM ƏLİYEV", "ilham-aliyev", "case"),
        ("Azerbaycan", "azerbaijan", "normalized"),
        ("Elcibey", "abulfaz-elchibey", "normalized"),
        ("Sankt Peterburg", "saint-petersburg", "normalized"),
        ("盖达尔阿利耶夫国际机场", "heydar-aliyev-international-airport", "normalized"),
        ("Azerbajan", "azerbaijan", "fuzzy"),
        ("Medvedyev", "dmitry-medvedev", "fuzzy"),
    ],
)
def test_issue_examples(glossary: Termbase, query: str, concept_id: str, how: str) -> None:
    best = glossary.lookup(query)[0]
    assert (best.concept.id, best.how) == (concept_id, how)


@pytest.mark.parametrize(
    ("query", "concept_id"),
    [
        ("巴庫", "baku"),
        ("亞塞拜然", "azerbaijan"),
        ("Bākù", "baku"),
        ("baku", "baku"),
        ("ba ku", "baku"),
        ("Бакы", "baku"),
        ("Ekaterinburg", "yekaterinburg"),
        ("Yekaterinburg", "yekaterinburg"),
        ("Sankt-Peterburg", "saint-petersburg"),
        ("Azerbaydzhan", "azerbaijan"),
    ],
)
def test_derived_forms_are_found(glossary: Termbase, query: str, concept_id: str) -> None:
    assert glossary.lookup(query)[0].concept.id == concept_id


def test_python_api_example_of_the_issue(glossary: Termbase) -> None:
    best = glossary.lookup("Баку")[0]
    assert best.concept.terms("az-Latn")[0].text == "Bakı"


def test_shared_short_form_returns_every_concept(glossary: Termbase) -> None:
    ids = [m.concept.id for m in glossary.lookup("阿利耶夫")]
    assert {"ilham-aliyev", "heydar-aliyev"} <= set(ids)
    ids = [m.concept.id for m in glossary.lookup("Əliyev")]
    assert {"ilham-aliyev", "heydar-aliyev"} <= set(ids)


def test_fuzzy_scores_below_every_exact_or_normalised_hit(glossary: Termbase) -> None:
    assert glossary.lookup("Azerbajan")[0].score <= FUZZY_CEILING
    assert min(m.score for m in glossary.lookup("Bakı")) > FUZZY_CEILING


def test_lang_filter(glossary: Termbase) -> None:
    assert glossary.lookup("Baku", lang="en")[0].lang == "en"
    assert all(m.lang.startswith("zh") for m in glossary.lookup("巴庫", lang="zh"))
    with pytest.raises(UsageError, match="unknown language tag"):
        glossary.lookup("Baku", lang="xx")


@pytest.mark.parametrize("query", ["", "   "])
def test_empty_query_is_a_usage_error(glossary: Termbase, query: str) -> None:
    with pytest.raises(UsageError, match="empty query"):
        glossary.lookup(query)


@given(st.text(min_size=1, max_size=12).filter(str.strip))
def test_lookup_never_fails_on_any_text(query: str) -> None:
    tb = termbase.open()
    for match in tb.lookup(query):
        assert 0 < match.score <= 100


def test_exact_and_normalised_lookup_use_the_index(glossary: Termbase) -> None:
    plan = glossary.store.conn.execute(
        "EXPLAIN QUERY PLAN SELECT k.key, k.level, f.concept_id FROM search_key k JOIN form f "
        "ON f.id = k.form_id WHERE k.key IN (?, ?)",
        ("baku", "Baku"),
    ).fetchall()
    text = " ".join(str(row[-1]) for row in plan)
    assert "SEARCH k USING" in text and "SCAN" not in text


# -- Chinese: a part of a dotted name, a homophone typed by a pinyin input method ----------------------
@pytest.mark.parametrize(
    ("query", "concept_id", "how"),
    [
        ("伊利哈姆", "ilham-aliyev", "word"),  # the given name of 伊利哈姆·阿利耶夫
        ("弗拉基米尔", "vladimir-putin", "word"),  # 弗拉基米尔·弗拉基米罗维奇·普京
        (
            "弗拉基米爾",
            "vladimir-putin",
            "word",
        ),  # the same in Traditional characters (a derived form's part)
        ("弗拉基米尔・普京", "vladimir-putin", "normalized"),  # a Japanese-style dot is punctuation
        ("巴苦", "baku", "homophone"),  # bā kǔ for bā kù
        ("莫斯可", "moscow", "homophone"),
        ("阿赛拜疆", "azerbaijan", "homophone"),
        ("普经", "vladimir-putin", "homophone"),
    ],
)
def test_chinese_name_parts_and_homophones(glossary: Termbase, query: str, concept_id: str, how: str) -> None:
    best = glossary.lookup(query)[0]
    assert (best.concept.id, best.how) == (concept_id, how)


def test_a_chinese_word_that_is_no_name_part_finds_nothing_by_words(glossary: Termbase) -> None:
    # 巴库 is a whole form; 库 alone is a part of nothing (Chinese running text is not split into words).
    assert all(m.how != "word" for m in glossary.lookup("库"))


# Characters of the same toneless reading (checked with pypinyin in the test below).
HOMOPHONES = ["库酷苦裤", "斯思丝司", "拜败", "京经精", "莫末墨", "里理李礼", "夫肤孵", "安鞍氨", "塔她他"]


@given(
    st.lists(
        st.lists(st.sampled_from(HOMOPHONES), min_size=2, max_size=4).map(tuple),
        min_size=1,
        max_size=5,
        unique=True,
    ),
    st.randoms(use_true_random=False),
)
def test_a_homophone_of_a_chinese_name_finds_it(names: list[tuple[str, ...]], rng: random.Random) -> None:
    from pypinyin import Style, lazy_pinyin

    tb = termbase.open(":memory:")
    spelled = ["".join(group[0] for group in name) for name in names]
    tb.import_concepts(Concept(f"c{i}", "other", [Term(text, "zh-Hans")]) for i, text in enumerate(spelled))
    for i, name in enumerate(names):
        query = "".join(rng.choice(group) for group in name)
        assert lazy_pinyin(query, style=Style.NORMAL) == lazy_pinyin(spelled[i], style=Style.NORMAL)
        matches = tb.lookup(query, limit=50)
        top = {m.concept.id for m in matches if m.score == matches[0].score}
        sounds_alike = {f"c{j}" for j, other in enumerate(names) if other == name}
        assert f"c{i}" in top and matches[0].how == ("exact" if query == spelled[i] else "homophone")
        assert top <= sounds_alike | {f"c{i}"}


@given(
    st.lists(
        st.lists(han_word.filter(lambda w: len(w) >= 2), min_size=2, max_size=3, unique=True),
        min_size=1,
        max_size=4,
    )
)
def test_every_part_of_a_dotted_chinese_name_finds_its_concept(names: list[list[str]]) -> None:
    tb = termbase.open(":memory:")
    tb.import_concepts(
        Concept(f"c{i}", "person", [Term("·".join(parts), "zh-Hans")]) for i, parts in enumerate(names)
    )
    for i, parts in enumerate(names):
        for part in parts:
            matches = tb.lookup(part, limit=50)
            # Unless the part is (a variant of) another concept's whole form, which comes first,
            # the word pass finds every name holding it.
            assert f"c{i}" in {m.concept.id for m in matches} or matches[0].score >= 90, (part, names)


def test_typo_and_word_lookups_see_another_connections_writes(tmp_path: Path) -> None:
    # Two handles on one file, as two `termbase serve` workers hold them.
    path = tmp_path / "shared.tb"
    first = termbase.open(path)
    first.add(Concept("baku", "city", [Term("Baku", "en"), Term("Heydər Əliyev prospekti", "az-Latn")]))
    second = termbase.open(path)
    assert [m.how for m in second.lookup("Bakku")] == ["fuzzy"]  # builds its typo index
    assert [m.how for m in second.lookup("prospekti")] == ["word"]  # and its word index
    first.add(Concept("ganja", "city", [Term("Ganja", "en"), Term("Nizami prospekti", "az-Latn")]))
    assert [m.concept.id for m in second.lookup("Gannja")] == ["ganja"]
    assert {m.concept.id for m in second.lookup("prospekti")} == {"baku", "ganja"}
    first.remove("ganja")
    assert second.lookup("Gannja") == []


# -- Chinese in the other characters ----------------------------------------------------------
def _chinese_variant_hits(tb: Termbase, query: str) -> tuple[list[str], str]:
    found = tb.lookup(query)
    best = [m.concept.id for m in found if m.score == found[0].score] if found else []
    return best, found[0].how if found else ""


def test_the_glossarys_traditional_terms_are_found_in_simplified_characters() -> None:
    """Every zh-Hant* term of the glossary, written in Simplified characters (as a converted text
    has it: 亚塞拜然), finds its concept first, as a normalized hit or better."""
    from termbase.scripts.chinese import fold_to_simplified

    tb = termbase.open()
    checked = 0
    for concept in tb.concepts():
        for term in concept.terms():
            if term.lang.startswith("zh-Hant") and len(term.text) > 1:
                best, how = _chinese_variant_hits(tb, fold_to_simplified(term.text))
                assert concept.id in best and how in ("exact", "case", "normalized"), (term, best, how)
                checked += 1
    assert checked >= 5


@given(st.text(st.sampled_from("亚塞拜然库尔斯克乌克兰罗马尼亚德黑兰"), min_size=2, max_size=6))
def test_a_taiwan_term_is_found_by_its_simplified_characters(simplified: str) -> None:
    from termbase.scripts.chinese import name_to_taiwan

    taiwan = name_to_taiwan(simplified)
    if taiwan == simplified:
        return
    tb = termbase.open(":memory:")
    tb.add(Concept("c", "place", [Term("甲乙丙", "zh-Hans"), Term(taiwan, "zh-Hant-TW")]))
    assert _chinese_variant_hits(tb, simplified) == (["c"], "normalized")
