"""Azerbaijani Latin ↔ Cyrillic: round trips, Turkic case mapping, the BGN/PCGN 1993 table, names.

Expected values come from the cited table or texts, or (said so at the test) from the table applied
letter by letter by hand; never from the program's output.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from termbase.casing import title, turkic_lower, turkic_title, turkic_upper
from termbase.scripts import convert
from termbase.scripts.azerbaijani import CYRILLIC_LETTERS, LATIN_LETTERS, to_cyrillic, to_latin
from termbase.scripts.russian import LOWER as RUSSIAN_LOWER
from tests.strategies import han_text

LATIN = LATIN_LETTERS + turkic_upper(LATIN_LETTERS)
CYRILLIC = CYRILLIC_LETTERS + CYRILLIC_LETTERS.upper()
RUSSIAN_ONLY = "".join(sorted(set(RUSSIAN_LOWER) - set(CYRILLIC_LETTERS)))
PUNCTUATION = " ,.;:!?-—()«»\"'’…0123456789\n"
OTHER_SCRIPTS = "αβγ中文巴库ابج"


def _text(alphabet: str) -> st.SearchStrategy[str]:
    word = st.text(alphabet=alphabet, min_size=1, max_size=12)
    piece = st.one_of(word, word, word, st.text(alphabet=PUNCTUATION + OTHER_SCRIPTS, min_size=1, max_size=3))
    return st.lists(piece, min_size=1, max_size=8).map(" ".join)


# Any case mixture: the letters correspond one to one, capitals included.
latin_text = _text(LATIN)
native_cyrillic_text = _text(CYRILLIC)
lower_latin_text = _text(LATIN_LETTERS)
# Text of one case per word (title, upper or lower), as written.
cased_latin_text = st.lists(
    st.tuples(st.text(alphabet=LATIN_LETTERS, min_size=1, max_size=12), st.sampled_from([0, 1, 2])).map(
        lambda p: (turkic_title, turkic_upper, turkic_lower)[p[1]](p[0])
    ),
    min_size=1,
    max_size=6,
).map(" ".join)
russian_text = _text(RUSSIAN_LOWER + RUSSIAN_LOWER.upper())


def test_the_alphabets_have_32_letters_each() -> None:
    assert len(set(LATIN_LETTERS)) == len(set(CYRILLIC_LETTERS)) == 32
    assert len(set(LATIN)) == len(set(CYRILLIC)) == 64


# --- properties --------------------------------------------------------------------------------------


@given(latin_text)
def test_latin_to_cyrillic_and_back_is_the_identity(text: str) -> None:
    assert to_latin(to_cyrillic(text)) == text


@given(native_cyrillic_text)
def test_native_cyrillic_to_latin_and_back_is_the_identity(text: str) -> None:
    assert to_cyrillic(to_latin(text)) == text


@given(latin_text)
def test_every_latin_letter_becomes_one_cyrillic_letter(text: str) -> None:
    cyrillic = to_cyrillic(text)
    assert len(cyrillic) == len(text)
    assert not set(cyrillic) & set(LATIN)
    assert unicodedata.is_normalized("NFC", cyrillic)


@given(lower_latin_text)
def test_turkic_case_mapping_commutes_with_conversion(text: str) -> None:
    cyrillic = to_cyrillic(text)
    assert to_cyrillic(turkic_upper(text)) == cyrillic.upper()
    assert to_cyrillic(turkic_lower(turkic_upper(text))) == cyrillic.lower()
    assert to_latin(cyrillic.upper()) == turkic_upper(text)
    assert to_latin(cyrillic.upper().lower()) == text


@given(cased_latin_text)
def test_title_case_commutes_with_conversion(text: str) -> None:
    cyrillic = to_cyrillic(text)
    assert to_cyrillic(turkic_title(text)) == title(cyrillic, "az-Cyrl")
    assert to_latin(title(cyrillic, "az-Cyrl")) == turkic_title(text)


@given(native_cyrillic_text)
def test_cyrillic_needs_no_turkic_case_rules(text: str) -> None:
    # The dotted/dotless i pair is Latin only: on Cyrillic, Turkic and plain case mappings agree.
    letters = "".join(c for c in text if c in CYRILLIC)
    assert turkic_upper(letters) == letters.upper()
    assert turkic_lower(letters) == letters.lower()


def test_plain_upper_casing_would_turn_i_into_dotless_i() -> None:
    # Why conversion goes through termbase.casing: str.upper("i") is "I", which is Cyrillic Ы.
    assert to_cyrillic("i".upper()) == "Ы" != to_cyrillic("i").upper() == "И"
    assert to_cyrillic(turkic_upper("i")) == "И"


@given(st.one_of(st.text(alphabet=PUNCTUATION + OTHER_SCRIPTS + CYRILLIC + "wWäé"), han_text))
def test_to_cyrillic_leaves_what_is_not_azerbaijani_latin(text: str) -> None:
    assert to_cyrillic(text) == text


@given(st.one_of(st.text(alphabet=PUNCTUATION + OTHER_SCRIPTS + LATIN + "wWäé"), han_text))
def test_to_latin_leaves_what_is_not_cyrillic(text: str) -> None:
    assert to_latin(text) == text


@given(latin_text, native_cyrillic_text)
def test_conversion_is_idempotent(latin: str, cyrillic: str) -> None:
    assert to_cyrillic(to_cyrillic(latin)) == to_cyrillic(latin)
    assert to_latin(to_latin(cyrillic)) == to_latin(cyrillic)


@given(russian_text)
def test_every_russian_letter_in_cyrillic_text_gets_a_latin_form(text: str) -> None:
    latin = to_latin(text)
    assert not set(latin) & set(RUSSIAN_LOWER + RUSSIAN_LOWER.upper())
    assert unicodedata.is_normalized("NFC", latin)


# --- the table and examples -----------------------------------------------------------------------


def test_bgn_pcgn_1993_table() -> None:
    # BGN/PCGN 1993 Agreement, "Azerbaijani: table of correspondences Cyrillic-Roman" (PCGN 2020),
    # letters 1-32, written out pair by pair in Latin alphabetical order.
    latin = "AaBbCcÇçDdEeƏəFfGgĞğHhXxIıİiJjKkQqLlMmNnOoÖöPpRrSsŞşTtUuÜüVvYyZz"
    cyrillic = "АаБбҸҹЧчДдЕеӘәФфҜҝҒғҺһХхЫыИиЖжКкГгЛлМмНнОоӨөПпРрСсШшТтУуҮүВвЈјЗз"
    assert to_cyrillic(latin) == cyrillic
    assert to_latin(cyrillic) == latin
    # Schwa: U+0259/U+018F in Latin, U+04D9/U+04D8 in Cyrillic (the table's note 1).
    assert to_cyrillic("\u0259\u018f") == "\u04d9\u04d8"
    assert to_cyrillic("’") == "’" == to_latin("’")  # letter 33, the apostrophe, is kept


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        # The glossary's names; Азәрбајҹан as in the title "Азәрбајҹан әлифбасы" of the alphabet.
        ("Bakı", "Бакы"),
        ("İlham Əliyev", "Илһам Әлијев"),
        ("Heydər", "Һејдәр"),
        ("Azərbaycan", "Азәрбајҹан"),
        ("Xocalı", "Хоҹалы"),
        ("AZƏRBAYCAN", "АЗӘРБАЈҸАН"),
        ("QARABAĞ", "ГАРАБАҒ"),
        ("Gəncə", "Ҝәнҹә"),
        ("Şuşa", "Шуша"),
        ("Iğdır", "Ығдыр"),
    ],
)
def test_names(latin: str, cyrillic: str) -> None:
    assert to_cyrillic(latin) == cyrillic
    assert to_latin(cyrillic) == latin


def test_universal_declaration_article_1() -> None:
    # UDHR article 1 in both alphabets, as in the tests of the interscript map az-aze-Cyrl-Latn-1958.
    cyrillic = (
        "Бүтүн инсанлар ләјагәт вә һүгугларына ҝөрә азад бәрабәр доғулурлар.\n"
        "Онларын шүурлары вә виҹданлары вар вә бир-бирләринә мүнасибәтдә гардашлыг руһунда давранмалыдырлар."
    )
    latin = (
        "Bütün insanlar ləyaqət və hüquqlarına görə azad bərabər doğulurlar.\n"
        "Onların şüurları və vicdanları var və bir-birlərinə münasibətdə qardaşlıq ruhunda davranmalıdırlar."
    )
    assert to_latin(cyrillic) == latin
    assert to_cyrillic(latin) == cyrillic


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        # Russian letters outside the 1958 alphabet (module docstring for the sources): я ya, ю yu,
        # ё yo, й y, э e, ц ts, щ şç, ъ ь dropped (y before е).
        ("Ялта", "Yalta"),
        ("ЯЛТА", "YALTA"),
        ("Юрий", "Yuriy"),
        ("Цхинвали", "Tsxinvali"),
        ("Щукин", "Şçukin"),
        ("ЩУКИН", "ŞÇUKİN"),
        ("Ёлка", "Yolka"),
        ("Эдуард", "Eduard"),
        ("объект", "obyekt"),
        ("ОБЪЕКТ", "OBYEKT"),
        ("Игорь", "İqor"),
        ("Путин", "Putin"),
        ("Медведев", "Medvedev"),
    ],
)
def test_russian_loan_letters(cyrillic: str, latin: str) -> None:
    assert to_latin(cyrillic) == latin


def test_mixed_scripts_convert_only_what_applies() -> None:
    assert to_cyrillic("Bakı (Баку, 巴库) 1991") == "Бакы (Баку, 巴库) 1991"
    assert to_latin("Бакы (Baku, 巴库) 1991") == "Bakı (Baku, 巴库) 1991"
    assert to_cyrillic(unicodedata.normalize("NFD", "İlham Əliyev")) == "Илһам Әлијев"


def test_registry_examples() -> None:
    assert convert("Bakı", to="az-Cyrl") == "Бакы"
    assert convert("Бакы", to="az-Latn") == "Bakı"
