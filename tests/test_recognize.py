"""Term recognition (termbase.recognize) and the morphology under it (its russian, azerbaijani, english)."""

from __future__ import annotations

import itertools
import json
import tomllib
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import termbase
from termbase.casing import turkic_upper
from termbase.model import Concept, Term
from termbase.recognize import Morphology, Recognized, Recognizer, to_simplified_chars
from termbase.recognize.azerbaijani import AZ_SUFFIXES, az_inflect, az_stems
from termbase.recognize.english import en_stems
from termbase.recognize.modes import MORPHOLOGIES
from termbase.recognize.russian import ru_candidates, ru_lemmas, ru_term_key
from termbase.scripts.chinese import opencc_convert
from tests.helpers import run_cli
from tests.strategies import HAN_COMMON, azerbaijani_word, english_word, han_char, russian_word

REPO = Path(__file__).resolve().parents[1]

# --------------------------------------------------------------------------------------------
# Small termbases for the properties (terms are the glossary's own names)
# --------------------------------------------------------------------------------------------

RU_NOUNS = {
    "moscow": "Москва",
    "russia": "Россия",
    "azerbaijan": "Азербайджан",
    "georgia": "Грузия",
    "armenia": "Армения",
    "abkhazia": "Абхазия",
    "florida": "Флорида",
    "yekaterinburg": "Екатеринбург",
    "embassy": "посольство",
    "president": "президент",
}
RU_PHRASES = {
    "russian-federation": "Российская Федерация",
    "baku-declaration": "Бакинская декларация",
    "south-ossetia": "Южная Осетия",
    "ilham-aliyev": "Ильхам Алиев",
}
AZ_TERMS = {
    "baku": "Bakı",
    "moscow": "Moskva",
    "russia": "Rusiya",
    "azerbaijan": "Azərbaycan",
    "georgia": "Gürcüstan",
    "armenia": "Ermənistan",
    "aliyev": "Əliyev",
    "president": "prezident",
    "khojaly": "Xocalı",
    "yekaterinburg": "Yekaterinburq",
}
ZH_TERMS = {
    "russia": "俄罗斯",
    "azerbaijan": "阿塞拜疆",
    "baku": "巴库",
    "moscow": "莫斯科",
    "heydar-aliyev-international-airport": "盖达尔·阿利耶夫国际机场",
    "yekaterinburg": "叶卡捷琳堡",
    "south-ossetia": "南奥塞梯",
    "soviet-union": "苏联",
    "georgia": "格鲁吉亚",
    "caspian-sea": "里海",
}
EN_TERMS = {"azerbaijani": "Azerbaijani", "russia": "Russia", "president": "president", "baku": "Baku"}


@cache
def _bundled() -> termbase.Termbase:
    return termbase.open()


def _glossary(text: str, lang: str) -> list[Recognized]:
    """The bundled glossary's terms in ``text`` (one Termbase, so its recognizer is built once)."""
    return _bundled().recognize(text, lang)


def _forms(terms: dict[str, str], lang: str) -> list[tuple[str, str, str, str]]:
    return [(cid, lang, text, "preferred") for cid, text in terms.items()]


RU_REC = Recognizer(_forms(RU_NOUNS, "ru") + _forms(RU_PHRASES, "ru"))
AZ_REC = Recognizer(_forms(AZ_TERMS, "az-Latn"))
ZH_REC = Recognizer(_forms(ZH_TERMS, "zh-Hans"))
EN_REC = Recognizer(_forms(EN_TERMS, "en"))

SEPARATORS = st.sampled_from([" ", ", ", " — ", " (", ") ", "; ", " «", "» ", ": "])


def _found(found: list[Recognized], start: int, end: int, concept: str) -> bool:
    return any(r.start == start and r.end == end and r.concept_id == concept for r in found)


def _embed(before: list[str], term: str, after: list[str], sep: str) -> tuple[str, int, int]:
    head = sep.join(before) + (sep if before else "")
    text = head + term + (sep if after else "") + sep.join(after)
    return text, len(head), len(head) + len(term)


# --------------------------------------------------------------------------------------------
# Russian
# --------------------------------------------------------------------------------------------

_RU_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")


@cache
def _ru_forms(word: str) -> tuple[str, ...]:
    """The noun's singular case forms, generated with pymorphy3's inflect (and plurals where it has them)."""
    import pymorphy3

    morph = pymorphy3.MorphAnalyzer()
    parse = next(p for p in morph.parse(word) if "nomn" in p.tag and p.normal_form == word.lower())
    out: list[str] = []
    for number in ("sing", "plur"):
        for case in _RU_CASES:
            inflected = parse.inflect({number, case})
            if inflected is not None:
                form = inflected.word
                out.append(form.capitalize() if word[0].isupper() else form)
    return tuple(dict.fromkeys(out))


def _ru_filler(word: str) -> bool:
    """A random word that is no inflected form of a test term."""
    keys = {"москва", "россия", "азербайджан", "грузия", "армения", "абхазия", "флорида", "екатеринбург"}
    keys |= {"посольство", "президент", "российский", "федерация", "бакинский", "декларация", "южный"}
    keys |= {"осетия", "ильхам", "алиев"}
    return not keys & set(ru_lemmas(word))


ru_filler = st.lists(russian_word.filter(_ru_filler), max_size=5)


@given(st.sampled_from(sorted(RU_NOUNS)), st.data(), ru_filler, ru_filler, SEPARATORS)
def test_russian_noun_in_every_case_is_found_at_its_offsets(
    concept: str, data: st.DataObject, before: list[str], after: list[str], sep: str
) -> None:
    form = data.draw(st.sampled_from(_ru_forms(RU_NOUNS[concept])))
    text, start, end = _embed(before, form, after, sep)
    assert _found(RU_REC.recognize(text, "ru"), start, end, concept), (text, form)


def _disguise(word: str, lang: str, picks: list[bool]) -> str:
    """``word`` with the letters ``picks`` chooses swapped for their look-alike twins of the other
    script (Cyrillic а → Latin a), its first letter kept (a word wholly in the other script is another word)."""
    from termbase.lookalikes import twins

    twin_of = {own: other for other, own in twins()[lang].items()}
    return word[0] + "".join(
        twin_of[c] if c in twin_of and picks[i % len(picks)] else c for i, c in enumerate(word[1:])
    )


@given(
    st.sampled_from(sorted(RU_NOUNS)),
    st.data(),
    st.lists(st.booleans(), min_size=1, max_size=6),
    ru_filler,
    ru_filler,
)
def test_a_russian_form_with_latin_lookalike_letters_is_found_at_its_offsets(
    concept: str, data: st.DataObject, picks: list[bool], before: list[str], after: list[str]
) -> None:
    form = _disguise(data.draw(st.sampled_from(_ru_forms(RU_NOUNS[concept]))), "ru", picks)
    text, start, end = _embed(before, form, after, " ")
    found = RU_REC.recognize(text, "ru")
    assert _found(found, start, end, concept), (text, form)
    assert all(r.text == text[r.start : r.end] for r in found)  # the text as written, not as read


def _ru_phrase_forms(phrase: str) -> list[str]:
    """Adjective + noun (or name + surname) in each case, both words inflected with pymorphy3."""
    import pymorphy3

    morph = pymorphy3.MorphAnalyzer()
    words = [next(p for p in morph.parse(w) if "nomn" in p.tag) for w in phrase.split()]
    out = []
    for case in _RU_CASES:
        inflected = [p.inflect({case}) for p in words]
        if all(inflected):
            out.append(" ".join(i.word.capitalize() for i in inflected if i is not None))
    return out


@given(st.sampled_from(sorted(RU_PHRASES)), st.data(), ru_filler, ru_filler)
def test_russian_phrase_in_every_case_is_found(
    concept: str, data: st.DataObject, before: list[str], after: list[str]
) -> None:
    forms = _ru_phrase_forms(RU_PHRASES[concept])
    assert len(forms) == len(_RU_CASES)
    form = data.draw(st.sampled_from(forms))
    text, start, end = _embed(before, form, after, " ")
    assert _found(RU_REC.recognize(text, "ru"), start, end, concept), (text, form)


def test_russian_sentences_from_the_brief() -> None:
    # Inflected forms named in the task: Азербайджана, в Москве, с Медведевым, Бакинской декларации,
    # Российской Федерации (all genitive/prepositional/instrumental forms of the glossary's terms).
    text = (
        "Визит в Москве президента Азербайджана завершился встречей с Медведевым; стороны "
        "подтвердили верность Бакинской декларации, подписанной в Баку с Российской Федерацией."
    )
    found = {(r.text, r.concept_id) for r in _glossary(text, "ru")}
    assert ("Москве", "moscow") in found
    assert ("Азербайджана", "azerbaijan") in found
    assert ("Медведевым", "dmitry-medvedev") in found
    assert ("Бакинской декларации", "baku-declaration-2001") in found
    assert ("Баку", "baku") in found
    assert ("Российской Федерацией", "russia") in found


def test_russian_longest_match_wins_and_words_only() -> None:
    found = _glossary("Ильхам Алиев и Ильхамом Алиевым; бакинский порт; Бакинская декларация", "ru")
    spans = [(r.text, r.concept_id) for r in found]
    assert ("Ильхам Алиев", "ilham-aliyev") in spans
    assert ("Ильхамом Алиевым", "ilham-aliyev") in spans
    assert not any(r.text == "Алиев" for r in found)  # inside the longer match
    assert not any(r.text == "бакинский" for r in found)  # an adjective, not the city Баку
    for a, b in itertools.pairwise(found):
        assert a.end <= b.start


# The fast Russian reading (glossary lexemes looked up, pymorphy3 only for words that may still
# be a glossary word) against pymorphy3 on every word: the same matches, the same readings.


class PymorphyOnEveryWord(Recognizer):
    """The reference reading: every Russian text word through pymorphy3, no fast reader."""

    morphologies: ClassVar[Mapping[str, Morphology]] = {
        **MORPHOLOGIES,
        "ru": Morphology(ru_term_key, ru_candidates),
    }


def test_the_reference_recognizer_has_no_fast_reading() -> None:
    assert MORPHOLOGIES["ru"].reader is not None  # else the comparisons below compare a thing with itself
    forms = [("moscow", "ru", "Москва", "preferred")]
    assert Recognizer(forms).index("ru")._reader is not None
    assert PymorphyOnEveryWord(forms).index("ru")._reader is None


@cache
def _ru_recognizers() -> tuple[Recognizer, Recognizer, tuple[str, ...]]:
    forms = [
        (f.concept_id, f.lang, f.text, f.status, f.scheme)
        for f in termbase.open().forms(include_derived=True)
        if f.lang == "ru"
    ]
    forms += _forms(RU_NOUNS, "ru") + _forms(RU_PHRASES, "ru")
    words = tuple(sorted({w for form in forms for w in form[2].split() if w.isalpha()}))
    return Recognizer(forms), PymorphyOnEveryWord(forms), words


@cache
def _ru_morph() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@cache
def _ru_lexemes(word: str) -> tuple[str, ...]:
    """Every form pymorphy3 inflects the word into, in every reading (capitalised as the word is)."""
    out = {word}
    for parse in _ru_morph().parse(word):
        for number in ("sing", "plur"):
            for case in (*_RU_CASES, "loc2", "gen2", "voct"):
                inflected = parse.inflect({number, case})
                if inflected is not None:
                    out.add(inflected.word.capitalize() if word[0].isupper() else inflected.word)
    return tuple(sorted(out))


@st.composite
def _ru_glossary_piece(draw: st.DrawFn) -> str:
    """An inflected glossary word, a glossary word with its ending changed, or a random word."""
    word = draw(st.sampled_from(_ru_recognizers()[2]))
    kind = draw(st.integers(0, 2))
    if kind == 0:
        return draw(st.sampled_from(_ru_lexemes(word)))
    if kind == 1:
        cut = draw(st.integers(0, min(3, len(word) - 1)))
        ending = draw(st.text(alphabet="аеиоуыяюйьмхвгтс", max_size=3))
        return word[: len(word) - cut] + ending
    return draw(russian_word)


@given(st.lists(_ru_glossary_piece(), min_size=1, max_size=8), st.sampled_from([" ", ", ", " и "]))
def test_russian_fast_reading_finds_what_pymorphy3_on_every_word_finds(pieces: list[str], sep: str) -> None:
    fast, slow, _ = _ru_recognizers()
    text = sep.join(pieces)

    def found(rec: Recognizer) -> set[tuple[int, int, tuple[str, ...]]]:
        return {
            (h.start, h.end, tuple(e.concept_id for e in h.entries))
            for h in rec.find(text, "ru", overlapping=True)
        }

    assert found(fast) == found(slow), text
    assert fast.recognize(text, "ru") == slow.recognize(text, "ru"), text


_SURNAME_SYLLABLES = ["ка", "ра", "ма", "на", "ла", "ба", "да", "ро", "во", "ли", "ми", "ту", "зу", "же"]
# Surnames pymorphy3 does not know (it guesses their lexemes), some after a first name.
surname = st.builds(
    lambda first, parts: (first.capitalize() + " " if first else "") + ("".join(parts) + "ов").capitalize(),
    st.sampled_from(["", "вити", "мока"]),
    st.lists(st.sampled_from(_SURNAME_SYLLABLES), min_size=2, max_size=4),
)


@given(
    st.lists(surname, min_size=1, max_size=5, unique=True),
    st.lists(
        st.tuples(st.integers(0, 4), st.sampled_from(["", "а", "у", "ым", "е", "ой", "ы", "ых"])), max_size=6
    ),
    st.lists(st.text(alphabet="кмнлрбдтзвоаиуе", min_size=1, max_size=8), max_size=4),
)
def test_russian_fast_reading_loses_no_guessed_surname(
    names: list[str], uses: list[tuple[int, str]], filler: list[str]
) -> None:
    # For words pymorphy3 only guesses, the fast reading takes the guessed lexeme's forms as the
    # word's (Карамаовым), which pymorphy3 on every word may not: it finds everything that does.
    forms = [(f"n{i}", "ru", name, "preferred") for i, name in enumerate(names)]
    fast, slow = Recognizer(forms), PymorphyOnEveryWord(forms)
    words = [names[i % len(names)] + ending for i, ending in uses] + filler
    text = " ".join(words)

    def found(rec: Recognizer) -> set[tuple[int, int, str]]:
        return {
            (h.start, h.end, e.concept_id) for h in rec.find(text, "ru", overlapping=True) for e in h.entries
        }

    assert found(slow) <= found(fast), text


# --------------------------------------------------------------------------------------------
# Azerbaijani
# --------------------------------------------------------------------------------------------

# Declined forms as a grammar prints them. Wikibooks, "Azerbaijani/Contents (Latin)/Nouns"
# (declension of nazir; plurals insan → insanlar, əl → əllər); talkinazerbaijani.com, "A Simple
# Guide To Azerbaijani Noun Cases" (genitive qızın, evin, atanın); talkpal.ai, "Noun Declension in
# Azerbaijani Grammar" (dative evə); Apertium Azerbaijani grammar notes (toplar, dillər); and the
# forms of the task brief (Bakıda, Bakıdan, Bakının, Bakıya, Rusiyanın, Rusiyaya, Azərbaycana,
# Azərbaycanın, Moskvaya, Moskvada, Gürcüstanla, Əliyevin, Əliyevlə, Əliyevə, prezidentləri).
GRAMMAR_FORMS = [
    ("nazir", ("acc",), "naziri"),
    ("nazir", ("gen",), "nazirin"),
    ("nazir", ("dat",), "nazirə"),
    ("nazir", ("plural",), "nazirlər"),
    ("nazir", ("plural", "acc"), "nazirləri"),
    ("nazir", ("plural", "gen"), "nazirlərin"),
    ("insan", ("plural",), "insanlar"),
    ("əl", ("plural",), "əllər"),
    ("qız", ("gen",), "qızın"),
    ("ev", ("gen",), "evin"),
    ("ata", ("gen",), "atanın"),
    ("ev", ("dat",), "evə"),
    ("top", ("plural",), "toplar"),
    ("dil", ("plural",), "dillər"),
    ("Bakı", ("loc",), "Bakıda"),
    ("Bakı", ("abl",), "Bakıdan"),
    ("Bakı", ("gen",), "Bakının"),
    ("Bakı", ("dat",), "Bakıya"),
    ("Rusiya", ("gen",), "Rusiyanın"),
    ("Rusiya", ("dat",), "Rusiyaya"),
    ("Azərbaycan", ("dat",), "Azərbaycana"),
    ("Azərbaycan", ("gen",), "Azərbaycanın"),
    ("Moskva", ("dat",), "Moskvaya"),
    ("Moskva", ("loc",), "Moskvada"),
    ("Gürcüstan", ("ins",), "Gürcüstanla"),
    ("Əliyev", ("gen",), "Əliyevin"),
    ("Əliyev", ("ins",), "Əliyevlə"),
    ("Əliyev", ("dat",), "Əliyevə"),
    ("prezident", ("plural", "acc"), "prezidentləri"),
]


@pytest.mark.parametrize(("stem", "suffixes", "expected"), GRAMMAR_FORMS)
def test_azerbaijani_generator_matches_the_grammar(
    stem: str, suffixes: tuple[str, ...], expected: str
) -> None:
    assert az_inflect(stem, *suffixes) == expected
    assert stem.lower() in az_stems(expected) or stem in az_stems(expected)


@pytest.mark.parametrize(
    ("stem", "suffixes", "expected"),
    [
        f
        for f in GRAMMAR_FORMS
        if f[0] in {"Bakı", "Rusiya", "Azərbaycan", "Moskva", "Gürcüstan", "Əliyev", "prezident"}
    ],
)
def test_azerbaijani_grammar_forms_are_recognised(
    stem: str, suffixes: tuple[str, ...], expected: str
) -> None:
    concept = next(cid for cid, text in AZ_TERMS.items() if text == stem)
    for form in (expected, turkic_upper(expected)):
        text = f"Dünən {form} haqqında"
        assert _found(AZ_REC.recognize(text, "az-Latn"), 6, 6 + len(form), concept), text


az_chain = (
    st.tuples(
        st.sampled_from([(), ("plural",)]),
        st.sampled_from([(), ("poss3sg",), ("poss1pl",), ("poss3pl",)]),
        st.sampled_from([(), ("gen",), ("acc",), ("dat",), ("loc",), ("abl",), ("ins",)]),
        st.sampled_from([(), ("pred",)]),
    )
    .map(lambda parts: tuple(s for part in parts for s in part))
    .filter(lambda c: not ("plural" in c and "poss3pl" in c))
)


def _az_filler(word: str) -> bool:
    keys = {t.lower() for t in AZ_TERMS.values()} | {
        "əliyev",
        "azərbaycan",
        "ermənistan",
        "gürcüstan",
        "xocalı",
    }
    return not keys & set(az_stems(word))


az_filler = st.lists(azerbaijani_word.filter(_az_filler), max_size=5)


@given(st.sampled_from(sorted(AZ_TERMS)), az_chain, st.booleans(), az_filler, az_filler, SEPARATORS)
def test_azerbaijani_suffixed_forms_are_found(
    concept: str, chain: tuple[str, ...], upper: bool, before: list[str], after: list[str], sep: str
) -> None:
    form = az_inflect(AZ_TERMS[concept], *chain)
    if upper:
        form = turkic_upper(form)  # BAKIDA finds Bakı: Turkic casing
    text, start, end = _embed(before, form, after, sep)
    assert _found(AZ_REC.recognize(text, "az-Latn"), start, end, concept), (text, form)


@given(
    st.sampled_from(sorted(AZ_TERMS)), az_chain, st.lists(st.booleans(), min_size=1, max_size=6), az_filler
)
def test_an_azerbaijani_form_with_cyrillic_lookalike_letters_is_found(
    concept: str, chain: tuple[str, ...], picks: list[bool], before: list[str]
) -> None:
    form = _disguise(az_inflect(AZ_TERMS[concept], *chain), "az-Latn", picks)
    text, start, end = _embed(before, form, [], " ")
    assert _found(AZ_REC.recognize(text, "az-Latn"), start, end, concept), (text, form)


def test_azerbaijani_suffix_table_is_documented() -> None:
    assert {"plural", "gen", "dat", "acc", "loc", "abl", "ins", "poss3sg"} <= set(AZ_SUFFIXES)


@pytest.mark.parametrize("word", ["Bakıxanov", "Bakılı", "Moskvič", "Rusiyalı", "Bakıdə", "Moskvayə"])
def test_azerbaijani_words_only_and_harmony(word: str) -> None:
    # Derived words (-lı "from") and suffixes against vowel harmony are not the term.
    assert AZ_REC.recognize(f"bu {word} idi", "az-Latn") == []


def test_azerbaijani_bundled_sentence() -> None:
    text = "Prezident İlham Əliyevin Moskvaya səfəri zamanı Rusiyanın paytaxtında Bakıdan gələn nümayəndələr"
    found = {(r.text, r.concept_id) for r in _glossary(text, "az-Latn")}
    assert ("İlham Əliyevin", "ilham-aliyev") in found
    assert ("Moskvaya", "moscow") in found
    assert ("Rusiyanın", "russia") in found
    assert ("Bakıdan", "baku") in found


# --------------------------------------------------------------------------------------------
# Chinese
# --------------------------------------------------------------------------------------------

_TERM_CHARS = set("".join(ZH_TERMS.values()))
filler_han = han_char.filter(lambda c: c not in _TERM_CHARS and to_simplified_chars(c) not in _TERM_CHARS)
han_filler = st.text(alphabet=filler_han, max_size=12)


def _traditional(text: str, region: str) -> str:
    return opencc_convert(text, {"": "s2t", "TW": "s2tw", "HK": "s2hk"}[region])


@given(st.sampled_from(sorted(ZH_TERMS)), st.sampled_from(["", "TW", "HK", "Hans"]), han_filler, han_filler)
def test_chinese_term_inside_random_han_text(concept: str, script: str, before: str, after: str) -> None:
    term = ZH_TERMS[concept] if script == "Hans" else _traditional(ZH_TERMS[concept], script)
    text = before + term + after
    lang = {"": "zh-Hant", "TW": "zh-Hant-TW", "HK": "zh-Hant-HK", "Hans": "zh-Hans"}[script]
    found = ZH_REC.recognize(text, lang)
    assert _found(found, len(before), len(before) + len(term), concept), (text, [r.text for r in found])


def test_chinese_common_characters_are_covered_by_filler() -> None:
    # The filler alphabet is not empty once term characters are removed.
    assert set(HAN_COMMON) - _TERM_CHARS


def test_chinese_article_caption() -> None:
    text = "俄罗斯总统普京和阿塞拜疆总统阿利耶夫，摄于盖达尔·阿利耶夫国际机场"
    found = [(r.text, r.concept_id) for r in _glossary(text, "zh-Hans")]
    assert ("普京", "vladimir-putin") in found
    assert ("盖达尔·阿利耶夫国际机场", "heydar-aliyev-international-airport") in found
    assert [t for t, _ in found].count("阿利耶夫") == 1  # the second is inside the airport's name


def test_chinese_traditional_text_finds_glossary_forms() -> None:
    found = {(r.text, r.concept_id) for r in _glossary("俄羅斯與亞塞拜然的關係；巴庫", "zh-Hant-TW")}
    assert ("俄羅斯", "russia") in found
    assert ("亞塞拜然", "azerbaijan") in found
    assert ("巴庫", "baku") in found


# --------------------------------------------------------------------------------------------
# English
# --------------------------------------------------------------------------------------------


def test_english_plurals_and_possessives() -> None:
    text = "Azerbaijanis met in Russia's capital; the presidents' talks in Baku"
    found = {(r.text, r.concept_id) for r in EN_REC.recognize(text, "en")}
    assert found == {
        ("Azerbaijanis", "azerbaijani"),
        ("Russia's", "russia"),
        ("presidents'", "president"),
        ("Baku", "baku"),
    }


@pytest.mark.parametrize("word", ["Presidential", "Russian", "Bakuvian", "presidency"])
def test_english_words_only(word: str) -> None:
    assert EN_REC.recognize(f"The {word} office", "en") == []


@given(
    st.sampled_from(sorted(EN_TERMS)),
    st.sampled_from(["", "s", "'s", "’s"]),
    st.lists(english_word, max_size=4),
)
def test_english_suffixed_forms(concept: str, suffix: str, before: list[str]) -> None:
    keys = {t.lower() for t in EN_TERMS.values()}
    assume(not any(keys & set(en_stems(w)) for w in before))
    form = EN_TERMS[concept] + suffix
    text, start, end = _embed(before, form, ["here"], " ")
    assert _found(EN_REC.recognize(text, "en"), start, end, concept)


# --------------------------------------------------------------------------------------------
# Termbase integration, caching, ambiguity
# --------------------------------------------------------------------------------------------


def _az(name: str, concept: str) -> Concept:
    return Concept(concept, "city", [Term(name, "az-Latn")])


def _concepts(tb: termbase.Termbase, text: str) -> list[str]:
    return [r.concept_id for r in tb.recognize(text, "az")]


def test_recognizer_is_kept_on_the_termbase_and_rebuilt_by_add_update_remove() -> None:
    tb = termbase.open(":memory:")
    tb.add(_az("Bakı", "baku"))
    first = tb.recognizer
    assert tb.recognizer is first
    assert _concepts(tb, "Bakıda") == ["baku"]
    assert tb.recognizer is first  # recognising builds nothing new
    assert termbase.open(":memory:").recognizer is not first  # one per termbase

    tb.add(_az("Moskva", "moscow"))
    added = tb.recognizer
    assert added is not first
    assert _concepts(tb, "Bakıdan Moskvaya") == ["baku", "moscow"]

    # The same number of forms, written in place of the old ones (SQLite reuses the row ids).
    tb.update(_az("Moskova", "moscow"))
    updated = tb.recognizer
    assert updated is not added
    assert [r.text for r in tb.recognize("Moskvaya və Moskovaya", "az")] == ["Moskovaya"]

    tb.remove("baku")
    assert tb.recognizer is not updated
    assert _concepts(tb, "Bakıdan Moskovaya") == ["moscow"]


def test_recognizer_sees_writes_through_another_connection(tmp_path: Path) -> None:
    path = tmp_path / "own.sqlite"
    writer = termbase.open(path)
    writer.add(_az("Bakı", "baku"))
    reader = termbase.open(path)
    assert _concepts(reader, "Bakıdan Moskvaya") == ["baku"]
    writer.add(_az("Moskva", "moscow"))
    assert _concepts(reader, "Bakıdan Moskvaya") == ["baku", "moscow"]


def test_recognizer_built_inside_a_rolled_back_transaction_is_not_kept() -> None:
    tb = termbase.open(":memory:")
    tb.add(_az("Bakı", "baku"))
    with pytest.raises(KeyError), tb.store.transaction():
        tb.add(_az("Moskva", "moscow"))
        assert _concepts(tb, "Bakıdan Moskvaya") == ["baku", "moscow"]  # what the transaction sees
        raise KeyError("roll back")
    assert _concepts(tb, "Bakıdan Moskvaya") == ["baku"]


def test_writes_that_leave_the_forms_alone_keep_the_automata() -> None:
    tb = termbase.open(":memory:")
    tb.add(_az("Bakı", "baku"))
    first = tb.recognizer
    assert _concepts(tb, "Bakıda") == ["baku"]
    with tb.store.transaction() as conn:  # as a write to the memory does
        conn.execute("INSERT INTO meta (key, value) VALUES ('note', 'not a form')")
    assert tb.recognizer is first


def test_recognize_json_is_to_dict(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_cli(capsys, "recognize", "Bakıdan Moskvaya", "--lang", "az", "--json")
    assert status == 0
    found = json.loads(out)
    assert found == [r.to_dict() for r in _glossary("Bakıdan Moskvaya", "az")]
    assert found[0] == {
        "start": 0,
        "end": 7,
        "text": "Bakıdan",
        "concept": "baku",
        "lang": "az-Latn",
        "term": "Bakı",
        "status": "preferred",
        "scheme": None,
        "also": [],
    }


def test_shared_forms_name_every_concept() -> None:
    found = _glossary("Əliyevlə görüş", "az-Latn")
    assert len(found) == 1
    assert {found[0].concept_id, *found[0].also} == {"heydar-aliyev", "ilham-aliyev"}


def test_ambiguous_words_are_read_every_way() -> None:
    # "южной" is both a glossary word's own form (a genitive dependent) and an inflection of "южный".
    rec = Recognizer(
        [("x", "ru", "Совет Южной Кореи", "preferred"), ("so", "ru", "Южная Осетия", "preferred")]
    )
    found = rec.recognize("в Южной Осетии и Совет Южной Кореи", "ru")
    assert [(r.text, r.concept_id) for r in found] == [("Южной Осетии", "so"), ("Совет Южной Кореи", "x")]


def test_all_forms_finds_other_languages_at_lower_priority() -> None:
    found = termbase.open().recognize("Aliyev Bakuda", "az-Latn")
    assert found == []  # the az-Latn forms only
    rec = termbase.open().recognizer
    other = rec.recognize("Aliyev Bakuda", "az-Latn", all_forms=True)
    assert [(r.text, r.lang) for r in other] == [("Aliyev", "en"), ("Bakuda", "en")]


# --------------------------------------------------------------------------------------------
# The article: names inside the translations are the glossary's own forms
# --------------------------------------------------------------------------------------------

# Renderings that are not glossary names, each checked by hand: adjectives and abbreviations
# (Российско-азербайджанские, рус., азерб.), the adverbs rusca/azərbaycanca, a verb phrase for
# 苏联解体 (Sovet İttifaqı dağıldıqdan sonra), and one translation that words the 2001 Caspian
# statement otherwise than the glossary's term (reported to the lead, not edited here).
KNOWN_RENDERINGS = {
    ("article-0001", "ru"): {"russia", "azerbaijan"},
    ("article-0003", "ru"): {"russian-language", "azerbaijani-language"},
    ("article-0003", "az-Latn"): {"russian-language", "azerbaijani-language"},
    ("article-0012", "az-Latn"): {"dissolution-of-the-soviet-union"},
    ("article-0016", "ru"): {"caspian-cooperation-statement-2001"},
}


def test_article_names_in_translations_are_the_glossarys_forms() -> None:
    path = REPO / "glossary" / "memory" / "article.toml"
    units = tomllib.loads(path.read_text(encoding="utf-8"))["unit"]
    rec = termbase.open().recognizer
    mismatches: dict[tuple[str, str], set[str]] = {}
    checked = 0
    for unit in units:
        zh = unit["zh-Hans"]
        for lang in ("ru", "az-Latn"):
            if lang not in unit:
                continue
            got = {e.concept_id for h in rec.find(unit[lang], lang, overlapping=True) for e in h.entries}
            for hit in rec.find(zh, "zh-Hans"):
                if zh[hit.start : hit.end] in unit[lang]:
                    continue  # the Chinese name quoted as such (a URL, a trademark)
                concepts = {e.concept_id for e in hit.entries if rec.forms_of(e.concept_id, lang)}
                if concepts:
                    checked += 1
                    if not concepts & got:
                        mismatches.setdefault((unit["id"], lang), set()).update(concepts)
    assert checked > 50
    unexpected = {k: v - KNOWN_RENDERINGS.get(k, set()) for k, v in mismatches.items()}
    assert {k: v for k, v in unexpected.items() if v} == {}


def test_azerbaijani_cyrillic_text_finds_the_derived_forms() -> None:
    # Бакы, Москва, Әлијев: the glossary's az-Latn names in the Cyrillic alphabet (derived forms),
    # with the same case suffixes -да and -ин in Cyrillic.
    found = [(r.text, r.concept_id, r.scheme) for r in _glossary("Бакыда вә Москвада, ӘЛИЈЕВИН", "az-Cyrl")]
    assert found[:2] == [("Бакыда", "baku", "az-Cyrl"), ("Москвада", "moscow", "az-Cyrl")]
    assert found[2][0] == "ӘЛИЈЕВИН"


def test_stress_marks_stay_inside_the_word() -> None:
    # Russian dictionaries and textbooks mark stress with U+0301; the word is still the term.
    text = "в Моск\u0432\u0435\u0301 и Росси\u0301и"
    found = RU_REC.recognize(text, "ru")
    assert [(text[r.start : r.end], r.concept_id) for r in found] == [
        ("Москве\u0301", "moscow"),
        ("Росси\u0301и", "russia"),
    ]


def test_one_character_abbreviations_are_not_names_in_running_text() -> None:
    # 阿 (abbreviation of 阿塞拜疆) begins 阿拉伯 (Arab) and 阿富汗 (Afghanistan); 俄 alone in 俄方.
    found = _glossary("阿拉伯国家与阿富汗代表出席，俄罗斯与阿塞拜疆会谈。", "zh-Hans")
    assert [(r.text, r.concept_id) for r in found] == [("俄罗斯", "russia"), ("阿塞拜疆", "azerbaijan")]


# -- Chinese text's Latin names, dashes, and web addresses ---------------------------------------
_LATIN_AND_DASHES = Recognizer(
    [
        ("trend", "zh-Hans", "Trend", "preferred"),
        ("trend", "ru", "Trend", "preferred"),
        ("curzon", "zh-Hans", "Curzon Press", "preferred"),
        ("relations", "zh-Hans", "俄罗斯—阿塞拜疆关系", "preferred"),
        ("baku", "zh-Hans", "巴库", "preferred"),
        ("baku", "zh-Latn-pinyin", "Bākù", "preferred", "pinyin"),
    ]
)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("据Trend报道，巴库", [("Trend", "trend"), ("巴库", "baku")]),
        ("伦敦Curzon Press出版社", [("Curzon Press", "curzon")]),
        ("(Trend)", [("Trend", "trend")]),
        ("Trendy，TrendTrend，trend", []),  # inside a word of letters, or another case: not the name
        ("Bākù", []),  # a romanisation is not a Chinese term written in letters
    ],
)
def test_chinese_text_finds_the_latin_names_of_chinese_terms_as_whole_words(
    text: str, found: list[tuple[str, str]]
) -> None:
    assert [(r.text, r.concept_id) for r in _LATIN_AND_DASHES.recognize(text, "zh-Hans")] == found


@given(st.sampled_from("—－–-‑―"), st.sampled_from(["", " "]), st.booleans())
def test_a_chinese_term_joined_by_any_dash_is_found(dash: str, space: str, traditional: bool) -> None:
    text = f"俄罗斯{space}{dash}{space}阿塞拜疆关系"
    if traditional:
        text = opencc_convert(text, "s2t")
    found = _LATIN_AND_DASHES.recognize(f"关于{text}。", "zh-Hans")
    assert [(r.start, r.end, r.concept_id) for r in found] == [(2, 2 + len(text), "relations")]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Trend: http://en.trend.az/regions/1961897.html, www.trend.az, info@trend.az", "ru"),
        ("Trend（https://Trend.az/Trend）", "zh-Hans"),
    ],
)
def test_terms_inside_web_and_mail_addresses_are_not_recognized(text: str, lang: str) -> None:
    assert [(r.start, r.text) for r in _LATIN_AND_DASHES.recognize(text, lang)] == [(0, "Trend")]
