"""Conversion of running Chinese text that keeps the termbase's names (termbase.textconvert)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import termbase
from termbase.textconvert import convert_text
from tests.helpers import run_cli as run

GLOSSARY = termbase.open()
# glossary names and common words, to build sentences from
NAMES = sorted({t.text for c in GLOSSARY.concepts() for t in c.terms("zh-Hans") if len(t.text) > 1})
COMMON = [
    "和",
    "在",
    "会晤",
    "访问",
    "的",
    "报道",
    "表示",
    "签署",
    "了",
    "，",
    "。",
    "与",
    "宣布",
    "软件",
    "网络",
]
ARTICLE = [u.variants["zh-Hans"] for u in GLOSSARY.memory.units("zh-Hans")]

sentences = st.lists(st.one_of(st.sampled_from(NAMES), st.sampled_from(COMMON)), min_size=1, max_size=8).map(
    "".join
)


def concepts(text: str, lang: str) -> Counter[str]:
    return Counter(r.concept_id for r in GLOSSARY.recognize(text, lang))


@given(sentences, st.sampled_from(["zh-Hant", "zh-Hant-TW", "zh-Hant-HK"]))
def test_conversion_then_recognition_finds_the_same_concepts(sentence: str, target: str) -> None:
    assert concepts(convert_text(sentence, target), target) == concepts(sentence, "zh-Hans")


@given(sentences, st.sampled_from(["zh-Hant-TW", "zh-Hant-HK"]))
def test_back_to_simplified_finds_the_same_concepts(sentence: str, region: str) -> None:
    regional = convert_text(sentence, region)
    assert concepts(convert_text(regional, "zh-Hans", source=region), "zh-Hans") == concepts(
        sentence, "zh-Hans"
    )


@pytest.mark.parametrize("target", ["zh-Hant", "zh-Hant-TW", "zh-Hant-HK"])
def test_the_article_keeps_every_recognised_name(target: str) -> None:
    lost = []
    for segment in ARTICLE:
        before = concepts(segment, "zh-Hans")
        after = concepts(convert_text(segment, target), target)
        if after != before:
            lost.append((segment, before - after))
    assert not lost


def test_names_take_their_curated_or_derived_form() -> None:
    # the glossary's Taiwan form of 普京 is 普丁; 国际在线 has none: derived character by character
    # (OpenCC's phrase table alone gives 國際線上)
    assert convert_text("普京访问国际在线", "zh-Hant-TW").startswith("普丁")
    assert "國際在線" in convert_text("普京访问国际在线", "zh-Hant-TW")
    # back from Taiwan usage the mainland name; from unmarked Traditional text, character by character
    assert convert_text("普丁訪問亞塞拜然", "zh-Hans", source="zh-Hant-TW") == "普京访问阿塞拜疆"
    assert convert_text("亞塞拜然", "zh-Hans") == "亚塞拜然"


def test_taiwan_and_hong_kong_text_to_simplified_converts_vocabulary_too() -> None:
    # OpenCC's tw2sp / hk2s: 軟體 → 软件; names kept around it
    assert convert_text("普丁的軟體", "zh-Hans", source="zh-Hant-TW") == "普京的软件"
    # a name inside a longer phrase is not that name: 喬治亞州 is the US state (佐治亚州), not Georgia
    assert convert_text("喬治亞州", "zh-Hans", source="zh-Hant-TW") == "佐治亚州"
    assert convert_text("喬治亞", "zh-Hans", source="zh-Hant-TW") == "格鲁吉亚"


def test_pinyin_of_running_text_is_split_into_words() -> None:
    # the example: names capitalised, common words not
    assert (
        convert_text("普京和梅德韦杰夫在叶卡捷琳堡会晤", "pinyin")
        == "Pǔjīng hé Méidéwéijiéfū zài Yèkǎjiélínbǎo huìwù"
    )
    # a title of the glossary is a common noun: lower case (总统 zǒngtǒng)
    assert convert_text("俄罗斯总统普京访问巴库。", "pinyin") == "Éluósī zǒngtǒng Pǔjīng fǎngwèn Bākù."
    assert convert_text("普京访问巴库", "wade-giles").startswith("P'u³-ching¹ fang³-wên⁴ Pa¹-k'u⁴")


def test_other_schemes_convert_as_before() -> None:
    assert convert_text("Екатеринбург", "bgn-pcgn") == "Yekaterinburg"
    assert convert_text("Ŝukin", "ru", source="iso9") == "Щукин"
    assert termbase.convert("Bakı", to="az-Cyrl") == "Бакы"


def test_cli_convert_protects_names_of_ones_own_termbase(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "mine.tb"
    mine = termbase.open(db)
    # a name that the Taiwan phrase table would rewrite (软件 → 軟體), with its curated Taiwan form
    mine.add(
        termbase.Concept(
            "park", "place", [termbase.Term("软件园", "zh-Hans"), termbase.Term("軟件園", "zh-Hant-TW")]
        )
    )
    mine.close()
    status, out, _ = run(capsys, "convert", "软件园和软件", "--to", "zh-Hant-TW", "--db", str(db))
    assert status == 0 and out.startswith("軟件園和")
    status, out, _ = run(capsys, "convert", "软件园", "--to", "zh-Hant-TW")
    assert status == 0 and out != "軟件園\n"


@pytest.mark.parametrize("full_dictionary", [False, True])
def test_running_text_that_is_no_name_stays_in_lower_case(
    full_dictionary: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A word the splitter keeps whole is written in lower case throughout, not only its first part.

    jieba's full dictionary keeps 两国关系 whole, which the romanisation writes as two words.
    """
    import jieba

    from termbase import textconvert

    if full_dictionary:
        monkeypatch.setattr(textconvert, "_tokenizer", lambda: jieba.dt)
    out = convert_text("两国关系明显改善，双方举行会谈。", to="pinyin")
    assert out == out.lower() and "guānxì" in out and "huìtán" in out


@pytest.fixture
def fresh_tokenizer() -> Iterator[None]:
    from termbase import textconvert

    textconvert._tokenizer.cache_clear()
    yield
    textconvert._tokenizer.cache_clear()


@pytest.mark.usefixtures("fresh_tokenizer")
def test_the_word_list_is_jiebas_common_words_kept_in_the_cache_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import jieba

    from termbase import textconvert

    monkeypatch.setenv("TERMBASE_CACHE_DIR", str(tmp_path))
    assert convert_text("双方讨论了经济合作", to="pinyin", tb=GLOSSARY) == "shuāngfāng tǎolùn le jīngjì hézuò"
    words = tmp_path / f"jieba-words-{textconvert._MIN_FREQUENCY}-{jieba.__version__}.txt"
    lines = words.read_text(encoding="utf-8").splitlines()
    assert 50_000 < len(lines) < 150_000
    assert all(int(line.split(" ")[1]) >= textconvert._MIN_FREQUENCY for line in lines)
    assert any(p.name.startswith("jieba.") and p.name.endswith(".cache") for p in tmp_path.iterdir())


@pytest.mark.usefixtures("fresh_tokenizer")
def test_an_unwritable_cache_directory_falls_back_to_jiebas_full_dictionary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import jieba

    from termbase import textconvert

    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("TERMBASE_CACHE_DIR", str(blocker / "cache"))
    assert textconvert._tokenizer() is jieba.dt
    assert convert_text("双方讨论了经济合作", to="pinyin", tb=GLOSSARY) == "shuāngfāng tǎolùn le jīngjì hézuò"
