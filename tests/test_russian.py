"""Russian romanisation: ISO 9, GOST 7.79-2000 System B, BGN/PCGN 1947, ICAO Doc 9303.

Properties over generated Russian text first, then the published tables and examples. Every
expected value in the example tests comes from the cited table or document, never from the
program's output; where a glossary name is not printed in a source, the expectation is the cited
table applied letter by letter by hand (said so at the test).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from termbase.scripts import convert
from termbase.scripts.russian import (
    LOWER,
    UPPER,
    from_gost_b,
    from_iso9,
    to_bgn_pcgn,
    to_gost_b,
    to_icao,
    to_iso9,
)
from tests.strategies import han_text

CONSONANTS = "бвгджзйклмнпрстфхцчшщ"
NON_SIGNS = [c for c in LOWER if c not in "ъь"]
# Punctuation and digits of Russian text; the grave accent and the primes are letters of the schemes.
PUNCTUATION = ' ,.;:!?-—()«»"…/%0123456789\n'


@st.composite
def russian_word(draw: st.DrawFn, min_size: int = 1, casing: str | None = None) -> str:
    """A word by Russian spelling: the signs ъ ь only after a consonant; lower, Title or UPPER case."""
    size = draw(st.integers(min_size, 12))
    letters = [draw(st.sampled_from(NON_SIGNS))]
    for _ in range(size - 1):
        letters.append(draw(st.sampled_from(LOWER if letters[-1] in CONSONANTS else NON_SIGNS)))
    word = "".join(letters)
    casing = casing or draw(st.sampled_from(["lower", "title", "upper"]))
    if casing == "upper":
        return word.upper()
    # "Вь" and "ВЬ" have one romanisation; no Russian word is a capital and a sign.
    if casing == "title" and not (len(word) == 2 and word[1] in "ъь"):
        return word.capitalize()
    return word


def _text(word: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    piece = st.one_of(word, word, word, st.text(alphabet=PUNCTUATION, min_size=1, max_size=3))
    return st.lists(piece, min_size=1, max_size=8).map(" ".join)


russian_text = _text(russian_word())
lower_words = russian_word(min_size=2, casing="lower")
# Everything that is not a Russian letter: digits, punctuation, Latin, Han, Azerbaijani-only Cyrillic.
AZERBAIJANI_ONLY = "ӘәҸҹЈјҺһҒғҜҝӨөҮү"
foreign_text = st.one_of(
    st.text(alphabet=PUNCTUATION + AZERBAIJANI_ONLY + "abcdefghijklmnopqrstuvwxyzABCXYZ"),
    han_text,
)

FORWARD: dict[str, Callable[[str], str]] = {
    "iso9": to_iso9,
    "gost-b": to_gost_b,
    "bgn-pcgn": to_bgn_pcgn,
    "bgn-pcgn-dots": lambda text: to_bgn_pcgn(text, middle_dot=True),
    "icao": to_icao,
}
forward = st.sampled_from(sorted(FORWARD))


# --- properties --------------------------------------------------------------------------------


@given(russian_text)
def test_iso9_there_and_back_is_the_identity(text: str) -> None:
    latin = to_iso9(text)
    assert from_iso9(latin) == text
    assert not set(latin) & set(LOWER + UPPER)


@given(russian_text)
def test_iso9_writes_one_latin_letter_for_each_cyrillic_letter(text: str) -> None:
    assert len(to_iso9(text)) == len(text)


@given(russian_text)
def test_gost_b_there_and_back_is_the_identity(text: str) -> None:
    assert from_gost_b(to_gost_b(text)) == text


@given(lower_words)
def test_gost_b_and_icao_letters_are_ascii(word: str) -> None:
    for variant in (word, word.capitalize(), word.upper()):
        assert to_gost_b(variant).isascii()
        assert to_icao(variant).isascii()


@given(forward, russian_text)
def test_output_is_nfc_and_free_of_russian_letters(name: str, text: str) -> None:
    out = FORWARD[name](text)
    assert unicodedata.is_normalized("NFC", out)
    assert not set(out) & set(LOWER + UPPER)


@given(forward, foreign_text)
def test_what_is_not_russian_passes_through(name: str, text: str) -> None:
    assert FORWARD[name](text) == text


@given(st.one_of(st.text(alphabet=PUNCTUATION + "ЎўЄєЇїІіҐґ" + AZERBAIJANI_ONLY), han_text))
def test_the_way_back_leaves_cyrillic_han_digits_and_punctuation(text: str) -> None:
    assert from_iso9(text) == text
    assert from_gost_b(text) == text


@given(forward, russian_text)
def test_romanisation_is_idempotent(name: str, text: str) -> None:
    once = FORWARD[name](text)
    assert FORWARD[name](once) == once


@given(forward, russian_text, russian_text)
def test_words_are_romanised_independently(name: str, left: str, right: str) -> None:
    function = FORWARD[name]
    assert function(left + " " + right) == function(left) + " " + function(right)


@given(forward, st.lists(lower_words, min_size=1, max_size=5).map(" ".join))
def test_capital_letters_give_capitals_and_title_case_gives_title_case(name: str, text: str) -> None:
    function = FORWARD[name]
    assert function(text.upper()) == function(text).upper()
    title = " ".join(word.capitalize() for word in text.split())
    assert function(title) == " ".join(word.capitalize() for word in function(text).split())


@given(russian_text)
def test_bgn_middle_dots_only_add_dots(text: str) -> None:
    assert to_bgn_pcgn(text, middle_dot=True).replace("·", "") == to_bgn_pcgn(text)


# --- ISO 9:1995 -------------------------------------------------------------------------------------

# ISO 9:1995 table 1, Russian letters (Wikipedia "ISO 9", table with Unicode code points:
# ъ = U+02BA MODIFIER LETTER DOUBLE PRIME, ь = U+02B9 MODIFIER LETTER PRIME).
ISO9_TABLE = "a b v g d e ë ž z i j k l m n o p r s t u f h c č š ŝ ʺ y ʹ è û â".split()  # noqa: SIM905 (one table row)
ISO9_TABLE_UPPER = "A B V G D E Ë Ž Z I J K L M N O P R S T U F H C Č Š Ŝ ʺ Y ʹ È Û Â".split()  # noqa: SIM905 (one table row)


def test_iso9_table() -> None:
    assert [to_iso9(letter) for letter in LOWER] == ISO9_TABLE
    assert [to_iso9(letter) for letter in UPPER] == ISO9_TABLE_UPPER
    assert [from_iso9(latin) for latin in ISO9_TABLE] == list(LOWER)
    assert to_iso9("ъ") == "\u02ba" and to_iso9("ь") == "\u02b9"


# GOST 7.79-2000 System A (identical to ISO 9:1995 for Russian) example words, as listed in the
# interscript map gost-rus-Cyrl-Latn-7.79-2000 (the signs written with ISO 9's primes).
@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("адрес", "adres"),
        ("ёлка", "ëlka"),
        ("журнал", "žurnal"),
        ("первый", "pervyj"),
        ("нижний", "nižnij"),
        ("общество", "obŝestvo"),
        ("товарищ", "tovariŝ"),
        ("химический", "himičeskij"),
        ("центр", "centr"),
        ("часы", "časy"),
        ("школа", "škola"),
        ("щит", "ŝit"),
        ("съезд", "sʺezd"),
        ("альбом", "alʹbom"),
        ("это", "èto"),
        ("южный", "ûžnyj"),
        ("яма", "âma"),
    ],
)
def test_iso9_examples(cyrillic: str, latin: str) -> None:
    assert to_iso9(cyrillic) == latin
    assert from_iso9(latin) == cyrillic


def test_iso9_accepts_decomposed_input_and_writes_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Щукин, ёлка, Йошкар-Ола")
    assert to_iso9(decomposed) == "Ŝukin, ëlka, Joškar-Ola"  # table above, by hand
    assert from_iso9(unicodedata.normalize("NFD", "Ŝukin, ëlka")) == "Щукин, ёлка"


# --- GOST 7.79-2000 System B -------------------------------------------------------------------------

# GOST 7.79-2000 table 4, System B, Russian column (Wikipedia "GOST 7.79-2000"); ц standing alone is cz.
GOST_B_TABLE = "a b v g d e yo zh z i j k l m n o p r s t u f x cz ch sh shh `` y` ` e` yu ya".split()  # noqa: SIM905 (one table row)


def test_gost_b_table() -> None:
    assert [to_gost_b(letter) for letter in LOWER] == GOST_B_TABLE
    assert [from_gost_b(latin) for latin in GOST_B_TABLE] == list(LOWER)


# GOST 7.79-2000 System B: "ц → c before i, e, y, j, cz elsewhere" (the letters of the transliteration:
# и = i, е = e, ё = yo, й = j, ы = y`, э = e`, ю = yu, я = ya); words spelt by hand from the table.
@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("цирк", "cirk"),
        ("центр", "centr"),
        ("цыган", "cy`gan"),
        ("Цюрих", "Cyurix"),
        ("царь", "czar`"),
        ("улица", "ulicza"),
        ("отец", "otecz"),
        ("ЦОЙ", "CZOJ"),
        ("Щукин", "Shhukin"),  # the registry's example
        ("щука", "shhuka"),
        ("шхуна", "shxuna"),  # ш + х, not щ
        ("объём", "ob``yom"),
        ("Съезд", "S``ezd"),
        ("ЭХО", "E`XO"),
    ],
)
def test_gost_b_examples(cyrillic: str, latin: str) -> None:
    assert to_gost_b(cyrillic) == latin
    assert from_gost_b(latin) == cyrillic


def test_gost_b_longest_match_going_back() -> None:
    # shh is щ; sh + x is ш + х; c before i/e/y/j is ц, cz is ц, ch is ч (table 4).
    assert from_gost_b("shhshxczchci") == "щшхцчци"


# --- BGN/PCGN 1947 ----------------------------------------------------------------------------------

# Examples printed in "Romanization of Russian, BGN/PCGN 1947 System" (PCGN 2019) and reproduced in
# the Wikipedia article "BGN/PCGN romanization of Russian" (ь = ’ U+2019, ъ = ” U+201D).
BGN_EXAMPLES = [
    ("Азов", "Azov"),
    ("Тамбов", "Tambov"),
    ("Барнаул", "Barnaul"),
    ("Кубань", "Kuban’"),
    ("Владимир", "Vladimir"),
    ("Ульяновск", "Ul’yanovsk"),
    ("Грозный", "Groznyy"),
    ("Волгодонск", "Volgodonsk"),
    ("Дзержинский", "Dzerzhinskiy"),
    ("Нелидово", "Nelidovo"),
    ("Елизово", "Yelizovo"),
    ("Чапаевск", "Chapayevsk"),
    ("Мейеровка", "Meyyerovka"),
    ("Юрьев", "Yur’yev"),
    ("объезд", "ob”yezd"),
    ("Белкино", "Belkino"),
    ("Ёдва", "Yëdva"),
    ("Змииёвка", "Zmiiyëvka"),
    ("Айёган", "Ayyëgan"),
    ("Воробьёво", "Vorob’yëvo"),
    ("Кебанъёль", "Keban”yël’"),
    ("Озёрный", "Ozërnyy"),
    ("Жуков", "Zhukov"),
    ("Лужники", "Luzhniki"),
    ("Йошкар-Ола", "Yoshkar-Ola"),
    ("Бийск", "Biysk"),
    ("Тында", "Tynda"),
    ("Электрогорск", "Elektrogorsk"),
    ("Руэм", "Ruem"),
]


@pytest.mark.parametrize(("cyrillic", "latin"), BGN_EXAMPLES)
def test_bgn_pcgn_examples(cyrillic: str, latin: str) -> None:
    assert to_bgn_pcgn(cyrillic) == latin


# Note 3's examples of the optional middle dot (same documents).
@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Тыайа", "Ty·ay·a"),
        ("Сайылык", "Say·ylyk"),
        ("Ойусардах", "Oy·usardakh"),
        ("Тыэкан", "Ty·ekan"),
        ("Суык-Су", "Su·yk-Su"),
        ("Улан-Удэ", "Ulan-Ud·e"),
        ("Вяртсиля", "Vyart·silya"),
        ("Ташчишма", "Tash·chishma"),
    ],
)
def test_bgn_pcgn_middle_dot_examples(cyrillic: str, latin: str) -> None:
    assert to_bgn_pcgn(cyrillic, middle_dot=True) == latin
    assert to_bgn_pcgn(cyrillic) == latin.replace("·", "")


# Case examples: the interscript map bgnpcgn-rus-Cyrl-Latn-1947 (tests written from the PCGN 2019 text).
@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("ЁЖ КОЛЮЧИЙ", "YËZH KOLYUCHIY"),
        ("Ёж колючий", "Yëzh kolyuchiy"),
        ("ЕЛОВАЯ ШИШКА", "YELOVAYA SHISHKA"),
        ("Он видел её в первый раз", "On videl yeyë v pervyy raz"),
        ("ДЛИННОЕ ПОКРЫВАЛО", "DLINNOYE POKRYVALO"),
        ("ЦИК России", "TSIK Rossii"),
    ],
)
def test_bgn_pcgn_capitals(cyrillic: str, latin: str) -> None:
    assert to_bgn_pcgn(cyrillic) == latin


def test_bgn_pcgn_middle_dot_in_capitals() -> None:
    # interscript bgnpcgn-rus-Cyrl-Latn-1947 tests of note 3.
    cases = {
        "ЙА Йа йа": "Y·A Y·a y·a",
        "ОЫУ Оыу оыу": "O·Y·U O·y·u o·y·u",
        "СЭ Сэ сэ": "S·E S·e s·e",
        "ТС тс Тс тС": "T·S t·s T·s t·S",
        "ШЧ шч Шч шЧ": "SH·CH sh·ch Sh·ch sh·Ch",
    }
    for cyrillic, latin in cases.items():
        assert to_bgn_pcgn(cyrillic, middle_dot=True) == latin


# --- ICAO Doc 9303 ------------------------------------------------------------------------------------


def test_icao_table() -> None:
    # ICAO Doc 9303 Part 3, Russian (consultant.ru reproduction of the table; Wikipedia "ICAO
    # romanization": "ABVGDEEZHZIIKLMNOPRSTUFKHTSCHSHSHCHIEY EIUIA", ь having no transliteration).
    assert to_icao(UPPER) == "ABVGDEEZHZIIKLMNOPRSTUFKHTSCHSHSHCHIEYEIUIA"
    assert to_icao("ь") == "" and to_icao("ъ") == "ie"


# Name examples of the iuliia project's ICAO Doc 9303 schema (nalgeon/iuliia icao_doc_9303.json).
@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Юлия Щеглова", "Iuliia Shcheglova"),
        ("Гайа Васильева", "Gaia Vasileva"),
        ("Андрей Видный", "Andrei Vidnyi"),
        ("Артём Краевой", "Artem Kraevoi"),
        ("Мадыр Чёткий", "Madyr Chetkii"),
        ("Оксана Клеёнкина", "Oksana Kleenkina"),
        ("Игорь Ильин", "Igor Ilin"),
        ("Ян Разъездной", "Ian Razieezdnoi"),
    ],
)
def test_icao_examples(cyrillic: str, latin: str) -> None:
    assert to_icao(cyrillic) == latin


# --- glossary names (the tables above applied by hand; Yekaterinburg, Aliyev: BGN/PCGN note 1) ---------


@pytest.mark.parametrize(
    ("cyrillic", "iso9", "bgn", "icao"),
    [
        ("Алиев", "Aliev", "Aliyev", "Aliev"),
        ("Екатеринбург", "Ekaterinburg", "Yekaterinburg", "Ekaterinburg"),
        ("Санкт-Петербург", "Sankt-Peterburg", "Sankt-Peterburg", "Sankt-Peterburg"),
        ("Азербайджан", "Azerbajdžan", "Azerbaydzhan", "Azerbaidzhan"),
        ("Ильхам", "Ilʹham", "Il’kham", "Ilkham"),
        ("Щукин", "Ŝukin", "Shchukin", "Shchukin"),
        ("ЩУКИН", "ŜUKIN", "SHCHUKIN", "SHCHUKIN"),
        ("ЮЖНАЯ", "ÛŽNAÂ", "YUZHNAYA", "IUZHNAIA"),
        ("Юрий", "Ûrij", "Yuriy", "Iurii"),
        ("Баку", "Baku", "Baku", "Baku"),
    ],
)
def test_glossary_names(cyrillic: str, iso9: str, bgn: str, icao: str) -> None:
    assert to_iso9(cyrillic) == iso9
    assert to_bgn_pcgn(cyrillic) == bgn
    assert to_icao(cyrillic) == icao


def test_registry_examples() -> None:
    # The examples of termbase.scripts' registry, and its way back.
    assert convert("Щукин", to="iso9") == "Ŝukin"
    assert convert("Щукин", to="gost-b") == "Shhukin"
    assert convert("Щукин", to="bgn-pcgn") == "Shchukin"
    assert convert("Щукин", to="icao") == "Shchukin"
    assert convert("Ŝukin", to="ru", source="iso9") == "Щукин"
    assert convert("Shhukin", to="ru", source="gost-b") == "Щукин"


# --- bad and mixed input ------------------------------------------------------------------------------


def test_mixed_scripts_convert_only_russian_letters() -> None:
    text = "Bakı — Баку — 巴库 (Һејдәр Әлијев), 1991"
    # Һ ј ә Ә are Azerbaijani letters, not Russian: only е д р л и в change (ISO 9 table).
    assert to_iso9(text) == "Bakı — Baku — 巴库 (Һeјdәr Әliјev), 1991"
    assert to_icao(text) == "Bakı — Baku — 巴库 (Һeјdәr Әliјev), 1991"
    assert from_iso9("Баку ŝ 巴库") == "Баку щ 巴库"


def test_an_isolated_capital_is_title_cased() -> None:
    # Initials: "Yu.Ye. Yakovlev" style (the convention the module docstring states).
    assert to_bgn_pcgn("Ю. Е. Яковлев") == "Yu. Ye. Yakovlev"
    assert to_icao("Ю. Я.") == "Iu. Ia."
