"""Hypothesis strategies that generate real multilingual text: Han, Russian, Azerbaijani, English."""

from __future__ import annotations

from hypothesis import strategies as st

from termbase.langtags import KNOWN_TAGS
from termbase.model import Category, Concept, Status, Term, TermType

RUSSIAN_LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
AZERBAIJANI_LETTERS = "abcçdeəfgğhxıijkqlmnoöprsştuüvyz"
AZERBAIJANI_UPPER = "ABCÇDEƏFGĞHXIİJKQLMNOÖPRSŞTUÜVYZ"
AZERBAIJANI_CYRILLIC = "абҹчдеәфҝғһхыијкглмноөпрсштуүвјз"
ENGLISH_LETTERS = "abcdefghijklmnopqrstuvwxyz"
# Common characters of names and news text, Simplified, plus a sample of the CJK block.
HAN_COMMON = "俄罗斯阿塞拜疆巴库莫斯科圣彼得堡叶卡捷琳堡霍贾利里海盖达尔利耶夫国际机场佛罗里达梅德韦杰穆塔博埃奇别伊普京"
HAN_COMMON += (
    "总统关系大使馆领事共同声明宣言合作原则年战争格鲁吉亚美尼南奥塞梯布哈兹苏联帝国维基百科在线中文语人民"
)

han_char = st.one_of(st.sampled_from(HAN_COMMON), st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF))


def _word(alphabet: str, min_size: int = 1, max_size: int = 10) -> st.SearchStrategy[str]:
    return st.text(alphabet=alphabet, min_size=min_size, max_size=max_size)


russian_word = st.builds(
    lambda w, cap: w.capitalize() if cap == 1 else (w.upper() if cap == 2 else w),
    _word(RUSSIAN_LETTERS),
    st.integers(0, 2),
)
azerbaijani_word = st.text(alphabet=AZERBAIJANI_LETTERS + AZERBAIJANI_UPPER, min_size=1, max_size=10)
english_word = st.text(alphabet=ENGLISH_LETTERS + ENGLISH_LETTERS.upper(), min_size=1, max_size=10)
han_word = st.text(alphabet=han_char, min_size=1, max_size=6)
azerbaijani_cyrillic_word = st.text(
    alphabet=AZERBAIJANI_CYRILLIC + AZERBAIJANI_CYRILLIC.upper(), min_size=1, max_size=10
)

PUNCTUATION = " ,.;:!?-—()«»\"'·0123456789"


def sentence(word: st.SearchStrategy[str], sep: str = " ") -> st.SearchStrategy[str]:
    """Words joined by spaces, with punctuation and digits mixed in."""
    piece = st.one_of(word, word, word, st.text(alphabet=PUNCTUATION, min_size=1, max_size=3))
    return st.lists(piece, min_size=1, max_size=8).map(sep.join)


russian_text = sentence(russian_word)
azerbaijani_text = sentence(azerbaijani_word)
english_text = sentence(english_word)
han_text = sentence(han_word, sep="")
any_text = st.one_of(russian_text, azerbaijani_text, english_text, han_text)

WORD_BY_LANG: dict[str, st.SearchStrategy[str]] = {
    "zh-Hans": han_word,
    "zh-Hant": han_word,
    "zh-Hant-TW": han_word,
    "zh-Hant-HK": han_word,
    "ru": russian_word,
    "az-Latn": azerbaijani_word,
    "az-Cyrl": azerbaijani_cyrillic_word,
    "en": english_word,
}

# Notes that break naive exporters: newlines, quotes, markup, separators, emoji, bidi marks, formulas.
tricky_note = st.one_of(
    st.sampled_from(
        [
            'line one\nline two "quoted" & <tag>',
            "=SUM(A1:A2)",
            "+1, -2; @user\ttab",
            "emoji 🇦🇿🇷🇺 and bidi \u200f\u202eRTL\u202c",
            "Bakı, «Баку» — 巴库",
        ]
    ),
    st.text(
        # Text a user could type: not the two noncharacters XML 1.0 forbids (U+FFFE, U+FFFF), which every
        # XML writer refuses with a one-line error (tests/test_tbx.py and tests/test_tmx.py test that).
        alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00\ufffe\uffff")
        | st.sampled_from("\n\t"),
        min_size=1,
        max_size=30,
    ).filter(lambda s: s.strip() == s and s.strip()),
)


@st.composite
def terms(draw: st.DrawFn, lang: str | None = None) -> Term:
    tag = lang or draw(st.sampled_from(KNOWN_TAGS))
    words = draw(st.lists(WORD_BY_LANG[tag], min_size=1, max_size=3))
    sep = "" if tag.startswith("zh") else draw(st.sampled_from([" ", "-"]))
    return Term(
        sep.join(words),
        tag,
        draw(st.sampled_from(list(TermType))),
        draw(st.sampled_from(list(Status))),
        note=draw(st.none() | tricky_note),
    )


slugs = st.from_regex(r"[a-z][a-z0-9]{0,10}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)


@st.composite
def concepts(draw: st.DrawFn, concept_id: str | None = None) -> Concept:
    term_list = draw(st.lists(terms(), min_size=1, max_size=8, unique_by=lambda t: (t.lang, t.text)))
    return Concept(
        concept_id or draw(slugs),
        draw(st.sampled_from(list(Category))),
        term_list,
        wikidata=draw(st.none() | st.integers(1, 10**8).map(lambda n: f"Q{n}")),
        definitions=draw(st.dictionaries(st.sampled_from(["en", "zh-Hans", "ru"]), tricky_note, max_size=2)),
        notes=draw(st.dictionaries(st.sampled_from(["en", "az-Latn"]), tricky_note, max_size=2)),
        sources=draw(st.lists(tricky_note, max_size=2)),
    )


concept_lists = st.lists(concepts(), min_size=1, max_size=6, unique_by=lambda c: c.id)
