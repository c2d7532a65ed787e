"""Sort orders against the published alphabets."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from termbase.casing import turkic_casefold, turkic_upper
from termbase.collation import sort_key
from tests.strategies import AZERBAIJANI_LETTERS, AZERBAIJANI_UPPER, azerbaijani_word, han_word, russian_word

# The Azerbaijani Latin alphabet as adopted in 1992, in its published order (Wikipedia,
# "Azerbaijani alphabet": A B C Ç D E Ə F G Ğ H X I İ J K Q L M N O Ö P R S Ş T U Ü V Y Z).
AZ_PUBLISHED = list("ABCÇDEƏFGĞHXIİJKQLMNOÖPRSŞTUÜVYZ")
# The Russian alphabet (Wikipedia, "Russian alphabet": А Б В Г Д Е Ё Ж З И Й К Л М Н О П Р С Т У Ф Х Ц Ч Ш
# Щ Ъ Ы Ь Э Ю Я), Ё right after Е.
RU_PUBLISHED = list("АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ")


def _sorted(words: list[str], lang: str) -> list[str]:
    shuffled = list(words)
    random.Random(7).shuffle(shuffled)
    return sorted(shuffled, key=lambda w: sort_key(w, lang))


def test_azerbaijani_capitals_follow_the_published_alphabet() -> None:
    assert _sorted(AZ_PUBLISHED, "az-Latn") == AZ_PUBLISHED


def test_azerbaijani_small_letters_follow_the_published_alphabet() -> None:
    # Lower-cased with the Turkic rules (I → ı, İ → i), written out by hand.
    small = list("abcçdeəfgğhxıijkqlmnoöprsştuüvyz")
    assert _sorted(small, "az-Latn") == small


def test_azerbaijani_place_names() -> None:
    # First letters a, ə, g, x, i, k, q, o, ş, z: in that order in the alphabet above.
    expected = [
        "Ağdam",
        "Əli Bayramlı",
        "Gəncə",
        "Xankəndi",
        "İsmayıllı",
        "Kəlbəcər",
        "Quba",
        "Ordubad",
        "Şuşa",
        "Zaqatala",
    ]
    assert _sorted(expected, "az-Latn") == expected
    assert sorted(expected) != expected  # code-point order gets it wrong


def test_azerbaijani_dotless_i_before_dotted_i() -> None:
    assert _sorted(["igid", "ılıq", "İlham", "Ilısu"], "az-Latn") == ["ılıq", "Ilısu", "igid", "İlham"]


def test_azerbaijani_cyrillic_follows_its_1958_alphabet() -> None:
    # Wikipedia, "Azerbaijani alphabet", Cyrillic 1958–1991:
    # А Б В Г Ғ Д Е Ә Ж З И Ы Ј К Ҝ Л М Н О Ө П Р С Т У Ү Ф Х Һ Ч Ҹ Ш.
    published = "А Б В Г Ғ Д Е Ә Ж З И Ы Ј К Ҝ Л М Н О Ө П Р С Т У Ү Ф Х Һ Ч Ҹ Ш".split()  # noqa: SIM905
    assert _sorted(published, "az-Cyrl") == published
    # Бакы (b), Ҝәнҹә (g with ҝ after к), Шуша (ш, the last letter): Б < К < Ҝ < Ш.
    assert _sorted(["Шуша", "Ҝәнҹә", "Бакы", "Кәлбәҹәр"], "az-Cyrl") == ["Бакы", "Кәлбәҹәр", "Ҝәнҹә", "Шуша"]


def test_russian_capitals_follow_the_published_alphabet() -> None:
    assert _sorted(RU_PUBLISHED, "ru") == RU_PUBLISHED
    small = [c.lower() for c in RU_PUBLISHED]
    assert _sorted(small, "ru") == small


def test_russian_yo_after_ye() -> None:
    # Every word in е comes before every word in ё, which come before ж.
    expected = ["еда", "Ежов", "ель", "ёлка", "Ёлкин", "жаба"]
    assert _sorted(expected, "ru") == expected


def test_chinese_by_toneless_pinyin_then_tone() -> None:
    # mā 妈, má 麻, mǎ 马, mà 骂 (the four tones of ma), then mài 麦: ma < mai.
    assert _sorted(["骂", "麦", "马", "妈", "麻"], "zh-Hans") == ["妈", "麻", "马", "骂", "麦"]
    # Syllable by syllable: ba|ku before bai.
    assert _sorted(["白", "巴库"], "zh-Hans") == ["巴库", "白"]


def test_chinese_names_of_the_article() -> None:
    # Āsàibàijiāng, Bākù, Éluósī, Mòsīkē: a < ba < e < mo.
    expected = ["阿塞拜疆", "巴库", "俄罗斯", "莫斯科"]
    assert _sorted(expected, "zh-Hans") == expected
    traditional = ["巴庫", "俄羅斯", "亞塞拜然"]  # bā, é, yà
    assert _sorted(traditional, "zh-Hant-TW") == traditional


def test_english_ignores_case() -> None:
    assert _sorted(["caspian", "Baku", "azerbaijan", "Armenia"], "en") == [
        "Armenia",
        "azerbaijan",
        "Baku",
        "caspian",
    ]


@given(azerbaijani_word, st.sampled_from(AZERBAIJANI_LETTERS))
def test_a_prefix_sorts_first(word: str, letter: str) -> None:
    assert sort_key(word, "az-Latn") < sort_key(word + letter, "az-Latn")


@given(azerbaijani_word, azerbaijani_word)
def test_azerbaijani_first_letters_decide(a: str, b: str) -> None:
    first_a, first_b = turkic_casefold(a[0]), turkic_casefold(b[0])
    if first_a != first_b:
        expected = AZERBAIJANI_LETTERS.index(first_a) < AZERBAIJANI_LETTERS.index(first_b)
        assert (sort_key(a, "az-Latn") < sort_key(b, "az-Latn")) == expected


@given(azerbaijani_word)
def test_azerbaijani_case_only_breaks_ties(word: str) -> None:
    upper = turkic_upper(word)
    assert sort_key(word, "az-Latn")[0] == sort_key(upper, "az-Latn")[0]
    assert all(c in AZERBAIJANI_UPPER for c in upper)


@given(st.lists(st.one_of(russian_word, han_word, azerbaijani_word), min_size=2, max_size=8))
def test_keys_are_a_total_order_over_distinct_texts(words: list[str]) -> None:
    for lang in ("ru", "zh-Hans", "az-Latn", "en"):
        keys = {w: sort_key(w, lang) for w in words}
        assert len(set(keys.values())) == len(set(words))
        assert sorted(words, key=keys.__getitem__) == sorted(reversed(words), key=keys.__getitem__)
