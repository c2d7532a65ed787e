"""The bundled glossary data: every file parses, is well formed, and carries the forms its sources give.

Checks of form (NFC, scripts, ids, coverage) run over every file; the exact forms in
``CITED_FORMS`` and ``ARTICLE_FORMS`` are taken from the sources named beside them, not
from the data files.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterator
from functools import cache
from importlib.abc import Traversable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import glossary
from termbase.casing import turkic_lower, turkic_upper
from termbase.model import Category, Concept, Status, TermType
from tests.conftest import article_text

REQUIRED_LANGS = ("zh-Hans", "ru", "az-Latn", "en")
ALLOWED_LANGS = {"zh-Hans", "zh-Hant", "zh-Hant-TW", "zh-Hant-HK", "ru", "az-Latn", "az-Cyrl", "en"}
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
WIKIDATA_RE = re.compile(r"^Q[1-9]\d*$")
ARTICLE_TITLE = "俄罗斯—阿塞拜疆关系"

# The coverage list of the glossary's brief, by concept id.
COVERAGE = {
    "russia-azerbaijan-relations", "russia", "azerbaijan", "russian-empire", "soviet-union",
    "dissolution-of-the-soviet-union", "georgia", "armenia", "south-ossetia", "abkhazia", "united-states",
    "baku", "moscow", "saint-petersburg", "yekaterinburg", "khojaly", "caspian-sea",
    "heydar-aliyev-international-airport", "florida",
    "dmitry-medvedev", "ayaz-mutallibov", "abulfaz-elchibey", "vladimir-putin", "ilham-aliyev",
    "heydar-aliyev", "svante-cornell",
    "baku-declaration-2001", "caspian-cooperation-statement-2001", "year-of-russia-in-azerbaijan",
    "year-of-azerbaijan-in-russia", "russo-georgian-war", "khojaly-massacre",
    "embassy", "consulate-general", "president", "russian-language", "azerbaijani-language",
    "azerbaijanis", "russians", "diaspora",
    "wikipedia", "wikimedia-foundation", "internet-archive", "creative-commons", "cc-by-sa-3-0",
    "cass-ireeca", "cri-online", "trend-news-agency", "centrasia", "ada-university",
}  # fmt: skip

# (concept id, lang, exact text, type): forms read in a cited source, not in the data files.
CITED_FORMS = [
    # az.wikipedia sitelink of Wikidata Q9248: "az.wiki/bakı Q9248"
    ("baku", "az-Latn", "Bakı", TermType.FULL_FORM),
    # zh.wikipedia's zh-tw conversion; Taiwan MOFA writes 亞塞拜然
    ("azerbaijan", "zh-Hant-TW", "亞塞拜然", TermType.SHORT_FORM),
    # UNTERM Chinese/Russian formal names (datahub.io core/country-codes)
    ("azerbaijan", "zh-Hans", "阿塞拜疆共和国", TermType.FULL_FORM),
    ("azerbaijan", "ru", "Азербайджанская Республика", TermType.FULL_FORM),
    # ru.wikipedia: Путин, Владимир Владимирович
    ("vladimir-putin", "ru", "Владимир Владимирович Путин", TermType.FULL_FORM),
    # zh.wikipedia zh-tw rendering of 普京
    ("vladimir-putin", "zh-Hant-TW", "普丁", TermType.SHORT_FORM),
    # en/it Wikipedia lead: "İlham Heydər oğlu Əliyev"
    ("ilham-aliyev", "az-Latn", "İlham Heydər oğlu Əliyev", TermType.FULL_FORM),
    # ru.wikipedia (mirror): "Ильхам Гейдар оглы Алиев"
    ("ilham-aliyev", "ru", "Ильхам Гейдар оглы Алиев", TermType.FULL_FORM),
    # zh.wikipedia 盖达尔·阿利耶夫 lead (zh-hk view: 蓋達爾·阿利爾扎奧盧·阿利耶夫)
    ("heydar-aliyev", "zh-Hans", "盖达尔·阿利尔扎奥卢·阿利耶夫", TermType.FULL_FORM),
    # az/de Wikipedia: "Ayaz Niyazi oğlu Mütəllibov"; ru.wikipedia title "Муталибов, Аяз Ниязи оглы"
    ("ayaz-mutallibov", "az-Latn", "Ayaz Niyazi oğlu Mütəllibov", TermType.FULL_FORM),
    ("ayaz-mutallibov", "ru", "Аяз Ниязи оглы Муталибов", TermType.FULL_FORM),
    # fr/de Wikipedia: "Əbülfəz Qədirqulu oğlu Elçibəy"; ru "Абульфаз Эльчибей"
    ("abulfaz-elchibey", "az-Latn", "Əbülfəz Qədirqulu oğlu Elçibəy", TermType.FULL_FORM),
    ("abulfaz-elchibey", "ru", "Абульфаз Эльчибей", TermType.SHORT_FORM),
    # zh.wikipedia 俄格战争, table of regional names: 中国大陆 俄格战争, 臺灣 喬俄戰爭, 港澳 格俄戰爭
    ("russo-georgian-war", "zh-Hans", "俄格战争", TermType.FULL_FORM),
    ("russo-georgian-war", "zh-Hant-TW", "喬俄戰爭", TermType.FULL_FORM),
    ("russo-georgian-war", "zh-Hant-HK", "格俄戰爭", TermType.FULL_FORM),
    # en.wikipedia Khojaly massacre: "Azerbaijani: Xocalı soyqırımı"; ru.wikipedia title
    ("khojaly-massacre", "az-Latn", "Xocalı soyqırımı", TermType.FULL_FORM),
    ("khojaly-massacre", "ru", "Ходжалинская резня", TermType.FULL_FORM),
    # hk.creativecommons.org FAQ: 「香港共享創意」; Taiwan: 創用CC
    ("creative-commons", "zh-Hant-HK", "共享創意", TermType.FULL_FORM),
    ("creative-commons", "zh-Hant-TW", "創用CC", TermType.FULL_FORM),
    # en.wikipedia Svante Cornell: "Svante E. Cornell"; ru.wikipedia title "Корнелл, Сванте"
    ("svante-cornell", "en", "Svante E. Cornell", TermType.FULL_FORM),
    ("svante-cornell", "ru", "Сванте Корнелл", TermType.SHORT_FORM),
    # IATA code list: GYD = Heydar Aliyev International Airport
    ("heydar-aliyev-international-airport", "en", "GYD", TermType.ABBREVIATION),
]

# (concept id, text): the article (tests/data/article) contains the text verbatim.
ARTICLE_FORMS = [
    ("russia-azerbaijan-relations", "Российско-азербайджанские отношения"),
    ("russia-azerbaijan-relations", "Azərbaycan–Rusiya münasibətləri"),
    ("russia", "俄罗斯联邦"),
    ("azerbaijan", "阿塞拜疆共和国"),
    ("heydar-aliyev-international-airport", "盖达尔·阿利耶夫国际机场"),
    ("caspian-cooperation-statement-2001", "阿俄关于里海合作原则的共同声明"),
    ("baku-declaration-2001", "巴库宣言"),
    ("cass-ireeca", "中国社会科学院俄罗斯东欧中亚研究所"),
    ("cri-online", "国际在线"),
    ("internet-archive", "互联网档案馆"),
    ("cc-by-sa-3-0", "知识共享 署名-相同方式共享 3.0协议"),
    ("svante-cornell", "Svante Cornell"),
    ("abulfaz-elchibey", "埃利奇别伊"),
    ("ayaz-mutallibov", "穆塔利博夫"),
]

# Concepts the article describes without using any of their names (checked by reading it).
UNNAMED_IN_ARTICLE = {
    "russo-georgian-war": "2008年与格鲁吉亚发生战争",
    "khojaly-massacre": "亚美尼亚占领霍贾利",
    "ada-university": "only the URL ada.edu.az",
}

# Latin-script brand words that Russian keeps as they are (ru.wikipedia: "Creative Commons").
RU_LATIN_WORDS = {
    *("Creative", "Commons", "CC", "BY", "SA"),
    *("CRI", "Online", "Trend", "CentrAsia", "ADA", "Curzon", "Press"),
}

AZ_LATIN_ALPHABET = set("abcçdeəfgğhxıijkqlmnoöprsştuüvyz")
# Russian-style romanisations that are not Azerbaijani spelling (Ильгам → Ilgam, Гейдар → Geydar, ...).
AZ_TRANSLITERATION_SMELLS = re.compile(
    r"Ilgam|Ilkham|Geyd|Geid|Gadir|Aliev\b|Mamedov|kh|zh|sh|ch|w", re.IGNORECASE
)
# English titles and names kept as they are in Azerbaijani text.
AZ_LATIN_FOREIGN = {
    "Creative Commons Attribution-ShareAlike 3.0",
    "Small Nations and Great Powers: A Study of Ethnopolitical Conflict in the Caucasus",
}


@cache
def _files() -> tuple[Traversable, ...]:
    return tuple(glossary.concept_files())


@cache
def _raw(name: str) -> dict[str, Any]:
    for f in _files():
        if f.name == name:
            return tomllib.loads(f.read_text(encoding="utf-8"))
    raise KeyError(name)


@cache
def _concepts() -> dict[str, Concept]:
    return {f.name.removesuffix(".toml"): Concept.from_dict(_raw(f.name)) for f in _files()}


def _names() -> list[str]:
    return [f.name for f in _files()]


def _strings(value: object) -> Iterator[str]:
    """Every string in a parsed TOML value, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    for script in ("CYRILLIC", "LATIN", "CJK"):
        if name.startswith(script):
            return script
    return "OTHER"


def test_there_are_concept_files() -> None:
    assert len(_files()) >= len(COVERAGE)


@pytest.mark.parametrize("name", _names())
def test_file_parses_and_id_matches_file_name(name: str) -> None:
    data = _raw(name)
    concept = Concept.from_dict(data)
    assert ID_RE.match(concept.id), concept.id
    assert name == f"{concept.id}.toml"
    assert data["category"] in {c.value for c in Category}
    assert set(data) <= {"id", "category", "wikidata", "sources", "definition", "note", "terms"}
    for term in data["terms"]:
        assert set(term) <= {"text", "lang", "type", "status", "note", "source", "region"}, term
        assert term["lang"] in ALLOWED_LANGS, term


@pytest.mark.parametrize("name", _names())
def test_text_is_nfc_and_stripped(name: str) -> None:
    for s in _strings(_raw(name)):
        assert unicodedata.is_normalized("NFC", s), repr(s)
        assert s == s.strip(), repr(s)
        assert s, "empty string"
        assert not set(s) & {"\u2022", "\u30fb", "\u2027", "\u2219"}, f"names use U+00B7 as middle dot: {s!r}"


@pytest.mark.parametrize("name", _names())
def test_required_languages_sources_definition(name: str) -> None:
    data = _raw(name)
    concept = Concept.from_dict(data)
    for lang in REQUIRED_LANGS:
        assert concept.terms(lang), f"{concept.id}: no {lang} term"
    assert concept.sources
    assert any(ARTICLE_TITLE in s for s in concept.sources), "no source line names where the article has it"
    assert concept.definitions.get("en")
    if concept.wikidata is not None:
        assert WIKIDATA_RE.match(concept.wikidata), concept.wikidata


@pytest.mark.parametrize("name", _names())
def test_no_duplicate_terms_and_full_form_first(name: str) -> None:
    concept = Concept.from_dict(_raw(name))
    seen = [(t.lang, t.text) for t in concept.terms()]
    assert len(seen) == len(set(seen)), [x for x in seen if seen.count(x) > 1]
    for lang in concept.languages():
        first = next(t for t in concept.terms() if t.lang == lang)
        assert first.type is TermType.FULL_FORM, (concept.id, lang, first.text)


@pytest.mark.parametrize("name", _names())
def test_scripts_per_language(name: str) -> None:
    concept = Concept.from_dict(_raw(name))
    for term in concept.terms():
        letters = [c for c in term.text if c.isalpha()]
        scripts = {_script(c) for c in letters}
        if term.lang == "ru":
            assert scripts <= {"CYRILLIC", "LATIN"}, (concept.id, term.text, scripts)
            for word in re.findall(r"[^\W\d_]+", term.text):
                if _script(word[0]) != "CYRILLIC":
                    assert word in RU_LATIN_WORDS, (concept.id, term.text, word)
        if term.lang == "az-Latn":
            assert "CYRILLIC" not in scripts, term.text
            if term.text not in AZ_LATIN_FOREIGN:
                assert {turkic_lower(c) for c in letters} <= AZ_LATIN_ALPHABET, term.text
                assert not AZ_TRANSLITERATION_SMELLS.search(term.text), term.text
        if term.lang.startswith("zh"):
            assert "CYRILLIC" not in scripts, term.text
        # No word mixes scripts (a Latin "a" inside a Cyrillic word is a homoglyph typo).
        for word in re.findall(r"\w+", term.text):
            word_scripts = {_script(c) for c in word if c.isalpha()}
            assert len(word_scripts) <= 1 or word_scripts == {"LATIN", "CJK"}, (term.text, word)


@pytest.mark.parametrize("name", _names())
def test_terms_are_bare_names(name: str) -> None:
    # 《巴库宣言》 is stored as 巴库宣言: quotes and title marks belong to running text, not to the term.
    for term in Concept.from_dict(_raw(name)).terms():
        assert term.text[0] not in "《〈「『“‘«\"'(（", term.text
        assert term.text[-1] not in "》〉」』”’»\"'，。、,;；", term.text
        assert "  " not in term.text, term.text


def test_people_have_three_forms_in_each_required_language() -> None:
    people = [c for c in _concepts().values() if c.category is Category.PERSON]
    assert len(people) >= 7
    for person in people:
        for lang in REQUIRED_LANGS:
            assert len(person.terms(lang)) >= 3, (person.id, lang)
        # Given name and surname are joined by U+00B7 in Chinese (弗拉基米尔·普京).
        assert any("\u00b7" in t.text for t in person.terms("zh-Hans")), person.id


def test_shared_surname_stays_on_both_aliyevs() -> None:
    concepts = _concepts()
    for lang, surname in (("zh-Hans", "阿利耶夫"), ("ru", "Алиев"), ("az-Latn", "Əliyev"), ("en", "Aliyev")):
        for cid in ("ilham-aliyev", "heydar-aliyev"):
            assert surname in [t.text for t in concepts[cid].terms(lang)], (cid, lang)


def test_regional_chinese_terms_differ_from_mechanical_conversion() -> None:
    from termbase.scripts.chinese import opencc_convert

    for concept in _concepts().values():
        mechanical = {opencc_convert(t.text, "s2t") for t in concept.terms("zh-Hans")}
        for lang in ("zh-Hant-TW", "zh-Hant-HK"):
            for term in concept.terms(lang):
                assert term.text not in mechanical, f"{concept.id}: {term.text} is plain s2t output"


def test_coverage() -> None:
    missing = COVERAGE - set(_concepts())
    assert not missing


@pytest.mark.parametrize(("cid", "lang", "text", "type_"), CITED_FORMS)
def test_cited_forms(cid: str, lang: str, text: str, type_: TermType) -> None:
    found = [t for t in _concepts()[cid].terms(lang) if t.text == text]
    assert found, f"{cid}: {lang} {text!r} missing"
    assert found[0].type is type_


def test_forms_the_article_uses_are_there() -> None:
    article = article_text()
    concepts = _concepts()
    for cid, text in ARTICLE_FORMS:
        assert text in article, text
        assert text in [t.text for t in concepts[cid].terms()], (cid, text)
    folded = article.casefold()
    for concept in concepts.values():
        if concept.id in UNNAMED_IN_ARTICLE:
            assert UNNAMED_IN_ARTICLE[concept.id].casefold() in folded or "ada.edu.az" in folded
            continue
        assert any(t.text.casefold() in folded for t in concept.terms()), concept.id


def test_wikidata_ids_are_unique() -> None:
    ids = [c.wikidata for c in _concepts().values() if c.wikidata]
    assert len(ids) == len(set(ids))


def test_uncertain_forms_say_why() -> None:
    for concept in _concepts().values():
        for term in concept.terms():
            if term.status is not Status.PREFERRED:
                assert term.note or term.source, (concept.id, term.text)


@given(st.data())
def test_round_trip_through_dict(data: st.DataObject) -> None:
    concept = data.draw(st.sampled_from(sorted(_concepts().values(), key=lambda c: c.id)))
    again = Concept.from_dict(concept.to_dict())
    assert again == concept
    raw = _raw(f"{concept.id}.toml")
    assert [(t["lang"], t["text"]) for t in again.to_dict()["terms"]] == [
        (t["lang"], t["text"]) for t in raw["terms"]
    ]


@given(st.data())
def test_preferred_term_is_preferred_and_in_place(data: st.DataObject) -> None:
    concept = data.draw(st.sampled_from(sorted(_concepts().values(), key=lambda c: c.id)))
    lang = data.draw(st.sampled_from(concept.languages()))
    best = concept.preferred(lang)
    assert best is not None and best.lang == lang
    if any(t.status is Status.PREFERRED for t in concept.terms(lang)):
        assert best.status is Status.PREFERRED


@given(st.data())
def test_azerbaijani_terms_survive_turkic_case_round_trip(data: st.DataObject) -> None:
    concept = data.draw(st.sampled_from(sorted(_concepts().values(), key=lambda c: c.id)))
    for term in concept.terms("az-Latn"):
        # Upper-casing the Azerbaijani way and back loses nothing but case (İ/i and I/ı stay apart).
        assert turkic_lower(turkic_upper(term.text)) == turkic_lower(term.text)
