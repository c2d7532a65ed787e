"""Transcription of new names: the rules (each class with its source), the termbase as exception list, the CLI."""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import termbase
from termbase import lookalikes
from termbase.errors import UsageError
from termbase.scripts.transcribe import Candidate, ru_zh, transcribe
from termbase.scripts.transcribe import _data as data
from termbase.scripts.transcribe.check import check_names
from tests.helpers import run_cli as run
from tests.strategies import AZERBAIJANI_LETTERS, AZERBAIJANI_UPPER, RUSSIAN_LETTERS

BENCHMARK_DATA = Path(__file__).resolve().parents[1] / "benchmarks" / "data"
HAN_NAME = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff·\-]+$")
AZ_LATIN = re.compile(rf"^[{AZERBAIJANI_LETTERS}{AZERBAIJANI_UPPER}\- ]+$")
CYRILLIC = re.compile(r"^[А-Яа-яЁё\- ]+$")

cyrillic_name = st.lists(
    st.text(alphabet=RUSSIAN_LETTERS + RUSSIAN_LETTERS.upper() + "-", min_size=1, max_size=12),
    min_size=1,
    max_size=3,
).map(" ".join)
azerbaijani_name = st.lists(
    st.text(alphabet=AZERBAIJANI_LETTERS + AZERBAIJANI_UPPER, min_size=1, max_size=12), min_size=1, max_size=3
).map(" ".join)


def texts(name: str, source: str, target: str, **kw: object) -> list[str]:
    return [c.text for c in transcribe(name, source, target, **kw)]  # type: ignore[arg-type]


def _pronounceable(name: str) -> bool:
    """Every word has a letter the rules read (not only signs or hyphens)."""
    return all(any(c not in "ъь-" for c in w.lower()) for w in name.split())


# ------------------------------------------------------------------------------------ properties


@given(
    cyrillic_name,
    st.sampled_from(["zh-Hans", "zh-Hant-TW", "zh-Hant-HK"]),
    st.sampled_from([None, "person", "place"]),
)
def test_any_cyrillic_name_gives_han_text(name: str, target: str, kind: str | None) -> None:
    candidates = transcribe(name, "ru", target, tb=False, kind=kind)
    assert all(HAN_NAME.match(c.text) for c in candidates), candidates
    if _pronounceable(name) and all(w.strip("-") for w in name.split()):
        assert candidates and candidates[0].text
    assert [c.score for c in candidates] == sorted((c.score for c in candidates), reverse=True)


@given(cyrillic_name)
def test_any_cyrillic_name_gives_azerbaijani_latin(name: str) -> None:
    candidates = transcribe(name, "ru", "az-Latn", tb=False)
    assert all(AZ_LATIN.match(c.text) for c in candidates), candidates
    if _pronounceable(name) and any(c not in "ъь- " for c in name.lower()):
        assert candidates


@given(azerbaijani_name, st.sampled_from(["ru", "zh-Hans"]))
def test_any_azerbaijani_name_gives_russian_or_han(name: str, target: str) -> None:
    candidates = transcribe(name, "az", target, tb=False)
    assert candidates
    pattern = CYRILLIC if target == "ru" else HAN_NAME
    assert all(pattern.match(c.text) for c in candidates), candidates


@settings(max_examples=20)
@given(cyrillic_name)
def test_with_the_termbase_nothing_raises_and_text_stays_nfc(name: str) -> None:
    for c in transcribe(name, "ru", "zh-Hans"):
        assert c.text == unicodedata.normalize("NFC", c.text) and c.how in ("termbase", "convention", "table")


_TO_LATIN = {cyr: lat for lat, cyr in lookalikes.twins()["ru"].items()}  # Cyrillic → a Latin twin
_TO_CYRILLIC = {lat: cyr for cyr, lat in lookalikes.twins()["az-Latn"].items()}  # Latin → a Cyrillic twin


def _disguise(name: str, twins: dict[str, str], picks: list[bool]) -> str:
    """``name`` with the letters ``picks`` chooses swapped for their twins of the other script, each
    word (a run of letters) keeping a letter of its own: a word wholly in the other script is another name."""

    def word(match: re.Match[str]) -> str:
        found = match.group()
        chosen = [
            i for n, i in enumerate(i for i, c in enumerate(found) if c in twins) if picks[n % len(picks)]
        ]
        if len(chosen) == len(found):
            chosen = chosen[1:]
        return "".join(twins[c] if i in chosen else c for i, c in enumerate(found))

    return re.sub(r"[^\W\d_]+", word, name)


@given(
    cyrillic_name,
    st.lists(st.booleans(), min_size=1, max_size=8),
    st.sampled_from(["zh-Hans", "az-Latn", "en"]),
)
def test_latin_lookalikes_in_a_russian_name_change_nothing(name: str, picks: list[bool], target: str) -> None:
    disguised = _disguise(name, _TO_LATIN, picks)
    clean = transcribe(name, "ru", target, tb=False)
    got = transcribe(disguised, "ru", target, tb=False)
    assert [c.text for c in got] == [c.text for c in clean]
    if disguised != name:  # each candidate says which letter it read as what
        assert all(any(step.startswith("lookalike: Latin") for step in c.steps) for c in got)


@given(azerbaijani_name, st.lists(st.booleans(), min_size=1, max_size=8), st.sampled_from(["ru", "zh-Hans"]))
def test_cyrillic_lookalikes_in_an_azerbaijani_name_change_nothing(
    name: str, picks: list[bool], target: str
) -> None:
    disguised = _disguise(name, _TO_CYRILLIC, picks)
    assert texts(disguised, "az", target, tb=False) == texts(name, "az", target, tb=False)


@given(
    st.text(alphabet=RUSSIAN_LETTERS + "qwäßğəı" + "ÄWQ" + "abc" + " -", min_size=1, max_size=20),
    st.sampled_from(["zh-Hans", "zh-Hant-TW"]),
)
def test_chinese_candidates_never_carry_a_letter_of_another_script(name: str, target: str) -> None:
    assert all(HAN_NAME.match(c.text) for c in transcribe(name, "ru", target, tb=False))


def test_lookalikes_file_pairs_one_latin_and_one_cyrillic_letter_of_one_case() -> None:
    rows = [line.split("\t") for line in _package_lines("lookalikes.tsv")]
    assert len(rows) > 40
    for latin, cyrillic in rows:
        assert unicodedata.name(latin).startswith("LATIN") and unicodedata.name(cyrillic).startswith(
            "CYRILLIC"
        )
        assert latin.isupper() == cyrillic.isupper()
    # the twins a Russian or an Azerbaijani name meets most (Unicode's confusables, not chosen by hand)
    assert {
        ("a", "а"),
        ("e", "е"),
        ("o", "о"),
        ("p", "р"),
        ("c", "с"),
        ("x", "х"),
        ("ə", "ә"),
        ("h", "һ"),
    } <= {(lat, cyr) for lat, cyr in rows}


def _package_lines(name: str) -> list[str]:
    from importlib.resources import files

    text = files("termbase").joinpath("data", name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line and not line.startswith("#")]


def test_a_disguised_name_is_still_found_in_the_termbase() -> None:
    got = transcribe("Бaку", "ru", "zh-Hans")  # Latin a
    assert (got[0].text, got[0].how) == ("巴库", "termbase")
    assert got[0].steps[0] == "lookalike: Latin 'a' (U+0061) read as Cyrillic 'а' (U+0430) in 'Бaку'"
    assert transcribe("Bаkı", "az", "ru")[0].text == "Баку"  # Cyrillic а
    assert texts("Hәsәnov", "az", "ru", tb=False) == texts("Həsənov", "az", "ru", tb=False)  # Cyrillic ә
    assert texts("Baku", "ru", "zh-Hans") == []  # a word wholly in Latin is not read as Russian
    assert texts("Бqку", "ru", "zh-Hans") == []  # q has no Cyrillic twin: no 布q库


_GLOSSARY = termbase.open()
_NAME_CONCEPTS = list(_GLOSSARY.concepts(categories=("person", "city", "place", "region", "country")))
_RU_TERMS = [(c.id, t.text) for c in _NAME_CONCEPTS for t in c.terms("ru")]
_AZ_TERMS = [(c.id, t.text) for c in _NAME_CONCEPTS for t in c.terms("az-Latn")]


@given(st.sampled_from(_RU_TERMS), st.sampled_from(["zh-Hans", "zh-Hant-TW", "az-Latn", "en"]))
def test_a_name_the_termbase_knows_is_candidate_one(item: tuple[str, str], target: str) -> None:
    concept_id, text = item
    concept = _GLOSSARY.get(concept_id)
    first = transcribe(text, "ru", target)[0]
    assert first.how == "termbase"
    known = {t.text for t in concept.terms(target)}
    if known:
        assert first.text in known
    else:  # no curated Taiwan form: the Simplified one, character by character
        assert first.text in {termbase.convert(t.text, to="zh-Hant") for t in concept.terms("zh-Hans")} | {
            c.text for c in transcribe(text, "ru", target) if c.how == "termbase"
        }


@given(st.sampled_from(_AZ_TERMS), st.sampled_from(["ru", "zh-Hans"]))
def test_an_azerbaijani_name_the_termbase_knows_is_candidate_one(item: tuple[str, str], target: str) -> None:
    concept_id, text = item
    first = transcribe(text, "az", target)[0]
    assert first.how == "termbase" and first.text in {t.text for t in _GLOSSARY.get(concept_id).terms(target)}


_CASES = ("gent", "datv", "ablt", "loct")
_SINGLE_RU = sorted({t for _, t in _RU_TERMS if " " not in t and "-" not in t and t[0].isupper()})


@given(st.sampled_from(_SINGLE_RU), st.sampled_from(_CASES))
def test_an_inflected_known_name_is_found_through_morphology(word: str, case: str) -> None:
    import pymorphy3

    # a parse whose lemma is the name itself (not, say, Муталибов as the plural of Муталиб)
    parses = [p for p in pymorphy3.MorphAnalyzer().parse(word) if p.normal_form == word.lower()]
    inflected = parses[0].inflect({case, "sing"}) if parses else None
    form = inflected.word.capitalize() if inflected is not None else word
    ids = {cid for cid, text in _RU_TERMS if text == word}
    zh = {t.text for cid in ids for t in _GLOSSARY.get(cid).terms("zh-Hans")}
    first = transcribe(form, "ru", "zh-Hans")[0]
    assert first.how == "termbase" and first.text in zh, (form, first)


# ------------------------------------------------------------------------------ the rules, by class


@pytest.mark.parametrize(
    ("name", "expected", "source"),
    [
        # the syllable table (GB/T 17693.4-2009 table 1); forms as zh.wikipedia titles them
        ("Лавров", "拉夫罗夫", "zh.wikipedia 谢尔盖·拉夫罗夫"),
        ("Шойгу", "绍伊古", "zh.wikipedia 谢尔盖·绍伊古 (ой: о 绍 + й 伊)"),
        ("Мишустин", "米舒斯京", "zh.wikipedia 米哈伊尔·米舒斯京 (тин 京)"),
        ("Барнаул", "巴尔瑙尔", "zh.wikipedia 巴尔瑙尔 (нау 瑙)"),
        ("Анна", "安娜", "zh.wikipedia 安娜 (нн: ан 安 + на)"),
        ("Братск", "布拉茨克", "zh.wikipedia 布拉茨克 (тс read as ц)"),
        # positions: Е- 叶, В- 弗, -ль 尔
        ("Евтушенко", "叶夫图申科", "zh.wikipedia 叶夫根尼·叶夫图申科"),
        ("Владислав", "弗拉季斯拉夫", "zh.wikipedia 弗拉季斯拉夫·苏尔科夫"),
        ("Суздаль", "苏兹达尔", "zh.wikipedia 苏兹达尔"),
        # feminine characters (Xinhua 俄语姓名译名手册)
        ("Кабаева", "卡巴耶娃", "zh.wikipedia 阿林娜·卡巴耶娃"),
        ("Плисецкая", "普利谢茨卡娅", "zh.wikipedia 玛娅·普利谢茨卡娅"),
        ("Владимировна", "弗拉基米罗芙娜", "Xinhua usage of -овна"),
        # a feminine surname in -кина/-гина: the masculine -кин/-гин 金 and 娜
        ("Светлана Хоркина", "斯韦特兰娜·霍尔金娜", "zh.wikipedia 斯韦特兰娜·霍尔金娜"),
        ("Анастасия Мыскина", "阿纳斯塔西娅·梅斯金娜", "zh.wikipedia 阿纳斯塔西娅·梅斯金娜"),
        # given names, also as the stem of a surname or patronymic
        ("Виктор", "维克托", "Xinhua 俄语姓名译名手册"),
        ("Павел", "帕维尔", "Xinhua 俄语姓名译名手册"),
        ("Иванов", "伊万诺夫", "zh.wikipedia 谢尔盖·伊万诺夫"),
        ("Сергеевич", "谢尔盖耶维奇", "Xinhua usage"),
        ("Владимирович", "弗拉基米罗维奇", "zh.wikipedia 弗拉基米尔·弗拉基米罗维奇·普京"),
        # established names (ru_exceptions.tsv)
        ("Горький", "高尔基", "zh.wikipedia 马克西姆·高尔基"),
        ("Москва", "莫斯科", "zh.wikipedia 莫斯科"),
        ("Киев", "基辅", "zh.wikipedia 基辅"),
        # historical forms no rule gives (the table: 布洛克, 布宁, 格罗梅科, 索奇, 佩尔姆, 奇塔)
        ("Александр Блок", "亚历山大·勃洛克", "https://dushu.com/book/10019031"),
        ("Иван Бунин", "伊万·蒲宁", "https://baike.com/wikiid/7305047886109343759"),
        ("Андрей Громыко", "安德烈·葛罗米柯", "https://twwiki.net/wiki/m55xvxr8v6w2vzr.html"),
        ("Алексей Косыгин", "阿列克谢·柯西金", "zh.wikipedia 阿列克谢·柯西金"),
        ("Сочи", "索契", "CC-CEDICT 索契"),
        ("Пермь", "彼尔姆", "CC-CEDICT 彼尔姆"),
        ("Чита", "赤塔", "CLDR zh.xml, exemplar city of Asia/Chita"),
        ("Иван Гончаров", "伊万·冈察洛夫", "汉语大词典 冈察洛夫"),
        ("Мурманск", "摩尔曼斯克", "zh.wikipedia 摩尔曼斯克"),
        ("Лев Ландау", "列夫·朗道", "zh.wikipedia 列夫·朗道"),
        ("Выборг", "维堡", "zh.wikipedia 维堡 (俄罗斯)"),
        # place-name conventions (ru_conventions.tsv)
        ("Нижний Новгород", "下诺夫哥罗德", "zh.wikipedia 下诺夫哥罗德"),
        ("Великий Новгород", "大诺夫哥罗德", "zh.wikipedia 大诺夫哥罗德"),
        ("Новокузнецк", "新库兹涅茨克", "zh.wikipedia 新库兹涅茨克"),
        ("Южно-Сахалинск", "南萨哈林斯克", "zh.wikipedia 南萨哈林斯克"),
        ("Зеленоград", "泽列诺格勒", "zh.wikipedia 泽列诺格勒 (-град 格勒)"),
        ("Белгород", "别尔哥罗德", "zh.wikipedia 别尔哥罗德 (-город 哥罗德)"),
        ("Кузнецов", "库兹涅佐夫", "GB/T 17693.4 table 1 note 8 (-цов 佐夫)"),
        ("Ростов-на-Дону", "顿河畔罗斯托夫", "zh.wikipedia 顿河畔罗斯托夫"),
        ("Петрозаводск", "彼得罗扎沃茨克", "zh.wikipedia 彼得罗扎沃茨克"),
        # a soft consonant before another: the table's и row (GB/T 17693.4; ICU's ru-zh agrees)
        ("Вязьма", "维亚济马", "zh.wikipedia 维亚济马 (зь 济)"),
        ("Лысьва", "雷西瓦", "Wikidata Q157771 zh label (сь 西)"),
        ("Рыльск", "雷利斯克", "Wikidata Q193425 zh label (ль 利)"),
        ("Усть-Илимск", "乌斯季伊利姆斯克", "zh.wikipedia 乌斯季伊利姆斯克 (Усть- 乌斯季)"),
        # a feminine surname in -ина: the masculine form and 娜, but -нина (Роднина 罗德尼娜)
        ("Сафина", "萨芬娜", "zh.wikipedia 迪纳拉·萨芬娜"),
        ("Роднина", "罗德尼娜", "zh.wikipedia 伊琳娜·罗德尼娜"),
        # an unknown given name in -а/-я makes the name a woman's (Оксана 奥克萨娜, not 奥克萨纳)
        ("Жанна Прохоренко", "然娜·普罗霍连科", "Wikidata Q265610 zh label"),
        # a place named after a given name keeps its conventional stem (Иван 伊万, Борис 鲍里斯)
        ("Иваново", "伊万诺沃", "zh.wikipedia 伊万诺沃"),
        ("Борисовка", "鲍里索夫卡", "Wikidata Q893831 zh label"),
        # м before б closes the syllable also where -бург is split off (ям 扬, not 雅姆)
        ("Ямбург", "扬堡", "Wikidata Q1679866 zh label; GB/T 17693.4 table 1 (closed ян 扬, -бург 堡)"),
        # Средне- 中 and Волго- 伏尔加 in compound place names; Ново- 新 before -ское
        ("Среднеколымск", "中科雷姆斯克", "Wikidata Q196464 zh label; GB/T 17693.4 (修饰词意译)"),
        ("Новоспасское", "新斯帕斯科耶", "Wikidata Q4325584 zh label"),
        # multi-word: each part by its rules, · between a person's names
        ("Виктор Черномырдин", "维克托·切尔诺梅尔金", "zh.wikipedia 维克托·切尔诺梅尔金"),
        ("Мария Захарова", "玛丽亚·扎哈罗娃", "zh.wikipedia 玛丽亚·扎哈罗娃"),
    ],
)
def test_ru_zh_rules(name: str, expected: str, source: str) -> None:
    assert texts(name, "ru", "zh-Hans", tb=False)[0] == expected, source


def test_dev_list_classes_of_the_second_round() -> None:
    """The rule classes added after reading the DEV list's misses (names_ru_zh_dev.tsv)."""
    # ё after a consonant: the ё row first, the е row (texts that print е) as an alternative
    assert texts("Королёв", "ru", "zh-Hans", tb=False)[0] == "科罗廖夫"  # zh.wikipedia 谢尔盖·科罗廖夫
    assert "阿尔费罗夫" in texts("Алфёров", "ru", "zh-Hans", tb=False)[:3]  # Wikidata Q183279 zh label
    # a given name's other forms in wide use are further candidates (叶莲娜 beside Xinhua's 叶连娜)
    isinbayeva = texts("Елена Исинбаева", "ru", "zh-Hans", tb=False)
    assert (
        isinbayeva[0] == "叶连娜·伊辛巴耶娃" and "叶莲娜·伊辛巴耶娃" in isinbayeva[:3]
    )  # 叶莲娜: Wikidata Q4224947
    assert texts("Иван", "ru", "zh-Hans", tb=False)[:2] == ["伊万", "伊凡"]  # zh.wikipedia 伊凡四世
    # Волго-: the river's name 伏尔加 (zh.wikipedia 伏尔加格勒, 伏尔加斯基)
    assert "伏尔加顿斯克" in texts("Волгодонск", "ru", "zh-Hans", tb=False)[:3]
    assert texts("Волгодонск", "ru", "zh-Hans", tb=False)[0].startswith("伏尔加")
    # the men's given names in -а/-я are in the given-name list; an unknown one in -а/-я is a woman's
    assert not ru_zh.is_feminine(["Никита", "Белых"]) and not ru_zh.is_feminine(["Илья", "Ильф"])
    assert ru_zh.is_feminine(["Оксана", "Почепа"]) and ru_zh.is_feminine(["Кристина", "Асмус"])
    # an adjective in -ая first is no given name: a place (Красная Поляна) keeps its plain characters
    assert not ru_zh.is_feminine(["Красная", "Поляна"])


def test_dev_list_classes_of_the_third_round() -> None:
    """The rules added after reading the DEV list's a/b misses (names_ru_zh_dev_misses.tsv), 2026-11-30."""
    # ей: the е row and 伊 (Xinhua 俄汉译音表 note 4 "ЕЙ和ОЙ分别按Е行汉字和О行汉字加伊译写"; ICU's ru-zh too);
    # the bare е row stays a lower candidate
    assert texts("Балей", "ru", "zh-Hans", tb=False)[:2] == ["巴列伊", "巴列"]  # Wikidata Q104569 zh label
    # initial Е 叶, then 伊: 叶伊斯克 in the handbook list (Kiryukhasemenov/Russian_Loanwords_in_Mandarin
    # data/long_propers_list.txt line 54776, 周俊英《新编俄罗斯地名译名手册》)
    assert texts("Ейск", "ru", "zh-Hans", tb=False)[0] == "叶伊斯克"
    # a surname formed from a whole given name in -ей keeps the name's rendering (Андрей 安德烈)
    assert (
        texts("Дмитрий Андрейкин", "ru", "zh-Hans", tb=False)[0] == "德米特里·安德烈金"
    )  # Wikidata Q1232768
    # Волго-Дон: both rivers' established names (Wikidata Q133175 zh label, zh.wikipedia 伏尔加顿斯克;
    # 顿河), the longest stem first
    assert texts("Волгодонск", "ru", "zh-Hans", tb=False)[0] == "伏尔加顿斯克"
    assert texts("Волгоград", "ru", "zh-Hans", tb=False)[0] == "伏尔加格勒"
    # Оренбург: the table gives рен 连 (奥连堡, as ICU's 奥连布尔格); 奥伦堡 is the established form,
    # from the exception list (zh.wikipedia 奥伦堡; 周俊英《新编俄罗斯地名译名手册》)
    (orenburg, *_) = transcribe("Оренбург", "ru", "zh-Hans", tb=False)
    assert orenburg.text == "奥伦堡" and "established" in orenburg.steps[0]
    assert texts("Оренбург", "ru", "zh-Hans", tb=False) == ["奥伦堡"]


def test_dev_rows_the_xinhua_handbooks_confirm() -> None:
    """DEV misses whose label the handbook list of 辛华《俄语姓名译名手册》/ 周俊英《新编俄罗斯地名译名手册》
    (Kiryukhasemenov/Russian_Loanwords_in_Mandarin data/long_propers_list.txt) also gives, line cited."""
    # Ульян 乌里扬 (line 63309) keeps its stem, н read twice: Ульянов 乌里扬诺夫 (32710), Ульяновск 乌里扬诺夫斯克 (5122)
    assert texts("Михаил Ульянов", "ru", "zh-Hans", tb=False)[0] == "米哈伊尔·乌里扬诺夫"  # Wikidata DEV row
    assert texts("Ульяновск", "ru", "zh-Hans", tb=False)[0] == "乌里扬诺夫斯克"
    assert texts("Ульяна", "ru", "zh-Hans", tb=False)[0] == "乌里扬娜"  # line 48813
    # Лариса 拉里莎 (line 59220); 拉丽莎, with the feminine 丽, stays a candidate
    assert texts("Лариса", "ru", "zh-Hans", tb=False)[:2] == ["拉里莎", "拉丽莎"]
    # шь at the end reads the и row, as the table's Ь column does: Россошь 罗索希 (line 56856; ICU too)
    assert texts("Россошь", "ru", "zh-Hans", tb=False)[:2] == ["罗索希", "罗索什"]
    # Абду- 阿卜杜 (61 lines begin so, none 阿布杜: Абдулино 阿卜杜利诺, line 27854); Абдр- keeps 阿布德
    assert texts("Абдулино", "ru", "zh-Hans", tb=False)[0] == "阿卜杜利诺"
    assert texts("Абдрахманов", "ru", "zh-Hans", tb=False)[0].startswith("阿布德")
    # Тимур 铁木尔 (line 61980), the table's 季穆尔 second
    assert texts("Тимур", "ru", "zh-Hans", tb=False)[:2] == ["铁木尔", "季穆尔"]
    # established forms, through the exception list: Тихонов 吉洪诺夫 (line 43947), Зея 结雅 (line 71693)
    assert texts("Вячеслав Тихонов", "ru", "zh-Hans", tb=False)[0] == "维亚切斯拉夫·吉洪诺夫"
    assert texts("Зея", "ru", "zh-Hans", tb=False) == ["结雅"]
    # and three misses of the tuned list: Киров 基洛夫 (line 55436), Астрахань 阿斯特拉罕 (20578), Дербент 杰尔宾特 (34864)
    for name, form in (("Киров", "基洛夫"), ("Астрахань", "阿斯特拉罕"), ("Дербент", "杰尔宾特")):
        assert texts(name, "ru", "zh-Hans", tb=False) == [form]


def test_a_surname_starting_like_a_prefix_is_transcribed_first() -> None:
    # Ново- is 新 in place names (Новокузнецк), but a surname keeps its sound
    assert texts("Новосельцев", "ru", "zh-Hans", tb=False)[0].startswith("诺沃")


def test_ambiguous_cells_give_alternatives_as_further_candidates() -> None:
    # Я- at the start: 亚 (Ямал 亚马尔, Явлинский 亚夫林斯基) or 雅 (Якутск 雅库茨克, Яковлев 雅科夫列夫)
    assert texts("Ямал", "ru", "zh-Hans", tb=False)[:2] == ["亚马尔", "雅马尔"]
    # ль before a consonant: 利 (Ельцин 叶利钦, the table's reading) or 尔 (Архангельск 阿尔汉格尔斯克)
    assert texts("Борис Ельцин", "ru", "zh-Hans", tb=False)[0] == "鲍里斯·叶利钦"
    assert "阿尔汉格尔斯克" in texts("Архангельск", "ru", "zh-Hans", tb=False)[:3]
    # a feminine surname: the masculine form + 娜 is offered (Мыскина 梅斯金娜)
    assert "梅斯金娜" in texts("Мыскина", "ru", "zh-Hans", tb=False)[:3]


def test_explain_shows_syllables_and_rules() -> None:
    (first, *_) = transcribe("Кабаева", "ru", "zh-Hans", tb=False)
    assert "table: ба→巴" in first.steps and "feminine: final character" in first.steps
    (given_name, *_) = transcribe("Павел", "ru", "zh-Hans", tb=False)
    assert given_name.how == "convention" and any("given name" in s for s in given_name.steps)


def test_traditional_targets_and_regional_exceptions() -> None:
    assert texts("Сталин", "ru", "zh-Hans", tb=False)[0] == "斯大林"
    assert texts("Сталин", "ru", "zh-Hant-TW", tb=False)[0] == "史達林"  # Taiwan usage
    assert texts("Кабаева", "ru", "zh-Hant", tb=False)[0] == "卡巴耶娃"
    assert texts("Лавров", "ru", "zh-Hant-HK", tb=False)[0] == "拉夫羅夫"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # the examples and az.wikipedia titles
        ("Новгород", "Novqorod"),
        ("Аркадий", "Arkadi"),
        ("Андрей", "Andrey"),
        ("Никита Хрущёв", "Nikita Xruşşov"),
        ("Иван Тургенев", "İvan Turgenev"),
        ("Марина Цветаева", "Marina Svetayeva"),
        ("Нижний Новгород", "Nijni Novqorod"),
        ("Ереван", "İrəvan"),
    ],
)
def test_ru_az_rules(name: str, expected: str) -> None:
    assert texts(name, "ru", "az-Latn", tb=False)[0] == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Москва", "Moscow"),
        ("Санкт-Петербург", "Saint Petersburg"),
        ("Ростов-на-Дону", "Rostov-on-Don"),
        ("Нижний Новгород", "Nizhny Novgorod"),
        ("Дмитрий Анатольевич Медведев", "Dmitry Anatolyevich Medvedev"),
        ("Абхазия", "Abkhazia"),
    ],
)
def test_ru_en_conventions(name: str, expected: str) -> None:
    assert texts(name, "ru", "en", tb=False)[0] == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # the examples; ru.wikipedia titles
        ("Hacıyev", "Гаджиев"),
        ("Əhmədov", "Ахмедов"),
        ("Şəmkir", "Шамкир"),
        ("İlham", "Ильхам"),
        ("Rəhimov", "Рагимов"),
        ("Gəncə", "Гянджа"),
        ("Naxçıvan", "Нахчыван"),
        ("Lənkəran", "Ленкорань"),
        ("HÜSEYNOV", "ГУСЕЙНОВ"),
    ],
)
def test_az_ru_rules(name: str, expected: str) -> None:
    assert texts(name, "az-Latn", "ru", tb=False)[0] == expected


def test_az_zh_goes_through_russian() -> None:
    (first, *_) = transcribe("Mütəllibov", "az", "zh-Hans", tb=False)
    assert first.text == "穆塔利博夫" and first.steps[0] == "az→ru: Mütəllibov → Муталибов"


def test_the_termbase_first_also_from_an_inflected_form() -> None:
    (first, *rest) = transcribe("Путиным", "ru", "zh-Hans")
    assert (first.text, first.how) == ("普京", "termbase") and all(c.how != "termbase" for c in rest)
    assert texts("Владимиром Путиным", "ru", "zh-Hans")[0] == "弗拉基米尔·普京"
    assert texts("Путин", "ru", "zh-Hant-TW")[0] == "普丁"  # the curated Taiwan form
    assert texts("Путиным", "ru", "zh-Hans", tb=False)[0] != "普京"  # the rules alone do not know it


def test_a_termbase_of_ones_own_is_the_exception_list() -> None:
    mine = termbase.open(":memory:")
    mine.add(
        termbase.Concept("x", "person", [termbase.Term("Пупкин", "ru"), termbase.Term("普普金", "zh-Hans")])
    )
    assert transcribe("Пупкиным", "ru", "zh-Hans", tb=mine)[0].text == "普普金"


def test_directions_and_empty_names() -> None:
    with pytest.raises(UsageError, match="cannot transcribe"):
        transcribe("Baku", "en", "zh-Hans")
    assert transcribe("   ", "ru", "zh-Hans") == []
    assert transcribe("Mütəllibov", "ru", "zh-Hans", tb=False) == []  # not a Russian name


def test_candidate_to_dict() -> None:
    c = Candidate("普京", "termbase", 1.0, ("termbase: vladimir-putin",))
    assert c.to_dict() == {
        "text": "普京",
        "how": "termbase",
        "score": 1.0,
        "steps": ["termbase: vladimir-putin"],
    }
    assert termbase.transcribe is transcribe and termbase.Candidate is Candidate


# ------------------------------------------------------------------------------------ check-names


def test_check_names_verdicts() -> None:
    mine = termbase.open(":memory:")
    mine.add(
        termbase.Concept("a", "person", [termbase.Term("Лавров", "ru"), termbase.Term("拉夫罗夫", "zh-Hans")])
    )
    mine.add(
        termbase.Concept("b", "city", [termbase.Term("Курган", "ru"), termbase.Term("库尔干", "zh-Hans")])
    )
    mine.add(
        termbase.Concept(
            "c",
            "city",
            [termbase.Term("Курган", "ru"), termbase.Term("库尔干", "zh-Hans")],
            sources=["a gazetteer writing 库尔干"],
        )
    )
    mine.add(
        termbase.Concept("d", "city", [termbase.Term("Тамбов", "ru"), termbase.Term("唐波夫", "zh-Hans")])
    )
    mine.add(
        termbase.Concept("e", "person", [termbase.Term("Горький", "ru"), termbase.Term("戈理基", "zh-Hans")])
    )
    verdicts = {(r.concept_id, r.verdict, r.proposed) for r in check_names(mine)}
    # regular; one character from a proposal (库尔甘, the established 坦波夫) with nothing attesting
    # it: suspect; the same form with a source naming it: established; far from any proposal: established
    assert verdicts == {
        ("a", "regular", "拉夫罗夫"),
        ("b", "suspect", "库尔甘"),
        ("c", "established", "库尔甘"),
        ("d", "suspect", "坦波夫"),
        ("e", "established", "高尔基"),
    }


def test_check_names_on_the_bundled_glossary_finds_no_suspect() -> None:
    results = check_names(termbase.open())
    assert results and all(r.verdict in ("regular", "established") for r in results)
    assert all(r.source for r in results if r.verdict == "established")


# ---------------------------------------------------------------------------------------- the CLI


def test_cli_transcribe(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "transcribe", "Кабаева", "--from", "ru", "--to", "zh", "--explain")
    assert status == 0 and out.startswith("卡巴耶娃\ttable\t") and "    table: ва→瓦" in out
    status, out, _ = run(capsys, "transcribe", "Путиным", "--from", "ru", "--to", "zh", "--json")
    record = json.loads(out)
    assert record["source"] == "Путиным" and record["candidates"][0] == {
        "text": "普京",
        "how": "termbase",
        "score": 1.0,
        "steps": record["candidates"][0]["steps"],
    }


def test_cli_transcribe_reads_lines(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("Hacıyev\n\nŞəmkir\n"))
    status, out, _ = run(capsys, "transcribe", "-", "--from", "az", "--to", "ru", "--json")
    lines = [json.loads(line) for line in out.splitlines()]
    assert status == 0 and [(r["source"], r["candidates"][0]["text"]) for r in lines] == [
        ("Hacıyev", "Гаджиев"),
        ("Şəmkir", "Шамкир"),
    ]


def test_cli_transcribe_errors(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "transcribe", "Baku", "--from", "en", "--to", "zh")
    assert (
        status == 2
        and out == ""
        and err.startswith("termbase: error: cannot transcribe")
        and err.count("\n") == 1
    )


def test_cli_transcribe_says_why_a_name_gives_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "transcribe", "Baku", "--from", "ru", "--to", "zh")
    assert (status, out) == (1, "") and err == (
        "termbase: no candidates for 'Baku': it has no Cyrillic letters, and names are transcribed from ru in Cyrillic\n"
    )
    status, out, err = run(capsys, "transcribe", "Бqку", "--from", "ru", "--to", "zh")
    assert (status, out) == (1, "") and err == (
        "termbase: no candidates for 'Бqку': it has letters the rules for ru cannot read ('q')\n"
    )
    status, out, err = run(capsys, "transcribe", "Баку", "--from", "az", "--to", "ru")
    assert status == 1 and "no Azerbaijani Latin letters" in err and err.count("\n") == 1
    for empty in ("", "   "):
        status, out, err = run(capsys, "transcribe", empty, "--from", "ru", "--to", "zh", "--json")
        assert (status, out, err) == (2, "", "termbase: error: NAME is empty\n")


@pytest.mark.parametrize("target", ["zh-Hans", "zh-Hant-TW", "ru", "az", "en"])
@pytest.mark.parametrize(("name", "source"), [("Гянджа", "ru"), ("Gəncə", "az-Latn")])
def test_cli_transcribe_without_from_reads_the_source_from_the_script(
    name: str, source: str, target: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """No --from: a Cyrillic name is read as Russian, a Latin one as Azerbaijani (said on stderr);
    the candidates are those --from gives, and a direction the script's source lacks is an error."""
    status, out, err = run(capsys, "transcribe", name, "--to", target)
    assert (status, out) == run(capsys, "transcribe", name, "--from", source, "--to", target)[:2]
    if status == 0:
        assert (
            out and err == f"termbase: transcribing from {source} (guessed from the script; --from sets it)\n"
        )
    else:
        assert status == 2 and err.startswith("termbase: error: cannot transcribe")
        assert err.endswith(f"({source}: guessed from the name's script)\n")


def test_cli_transcribe_without_from_errors(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    status, out, err = run(capsys, "transcribe", "巴库", "--to", "zh")
    assert (status, out) == (2, "") and err == (
        "termbase: error: '巴库' has neither Cyrillic nor Latin letters; give --from ru or az\n"
    )
    status, out, err = run(capsys, "transcribe", "Гянджа", "--to", "fr")
    assert (status, out) == (2, "") and err.startswith("termbase: error: no name is transcribed into fr;")
    monkeypatch.setattr("sys.stdin", io.StringIO("Лачин\n巴库\nKəlbəcər\n"))
    status, out, err = run(capsys, "transcribe", "-", "--to", "ru")  # each line by its own script
    assert (status, out, err) == (1, "Лачин\t\n巴库\t\nKəlbəcər\tКельбаджар\n", "")


def test_cli_transcribe_kind(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "transcribe", "Лебедь", "--from", "ru", "--to", "zh", "--kind", "place")
    assert status == 0 and out.startswith("列别季\t")
    status, out, _ = run(capsys, "transcribe", "Лебедь", "--from", "ru", "--to", "zh", "--kind", "person")
    assert status == 0 and out.startswith("列别德\t")
    status, out, err = run(capsys, "transcribe", "Лебедь", "--from", "ru", "--to", "zh", "--kind", "river")
    assert status == 2 and out == "" and "--kind" in err


def test_cli_check_names(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, _ = run(capsys, "check-names", "--json")
    assert status == 0 and all(r["verdict"] == "established" for r in json.loads(out))
    db = tmp_path / "mine.tb"
    mine = termbase.open(db)
    mine.add(
        termbase.Concept("b", "city", [termbase.Term("Курган", "ru"), termbase.Term("库尔干", "zh-Hans")])
    )
    mine.close()
    status, out, err = run(capsys, "check-names", "--db", str(db))
    assert status == 1 and out.startswith("suspect\tb\tzh-Hans: 库尔干\tproposed: 库尔甘")
    assert err == "1 form: 0 regular, 1 irregular\n"


# --------------------------------------------------------------------------------------- the data


def test_every_exception_and_convention_names_its_source() -> None:
    assert all(source.strip() for _form, source in data.ru_exceptions().values())
    assert all(source.strip() for _form, source in data.az_exceptions().values())
    assert all(c.source.strip() for kind in data.conventions().values() for c in kind.values())


def _benchmark(name: str) -> list[tuple[str, str]]:
    rows = []
    for line in (BENCHMARK_DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            source, expected, where = line.split("\t")
            assert where.strip()
            rows.append((source, expected))
    return rows


@pytest.mark.parametrize(
    ("filename", "target", "at_least"),
    [
        ("names_ru_zh.tsv", "zh-Hans", 150),
        ("names_ru_zh_heldout.tsv", "zh-Hans", 150),
        ("names_ru_zh_dev.tsv", "zh-Hans", 300),
        ("names_ru_zh_editorial.tsv", "zh-Hans", 150),
        ("names_ru_zh_editorial2.tsv", "zh-Hans", 150),
        ("names_ru_zh_editorial3.tsv", "zh-Hans", 150),
        ("names_ru_zh_editorial_dev.tsv", "zh-Hans", 150),
        ("names_ru_az.tsv", "az-Latn", 50),
        ("names_az_ru.tsv", "ru", 30),
    ],
)
def test_benchmark_lists_are_held_out(filename: str, target: str, at_least: int) -> None:
    rows = _benchmark(filename)
    assert len(rows) >= at_least and len({r[0] for r in rows}) == len(rows)
    exceptions = data.az_exceptions() if filename.startswith("names_az") else data.ru_exceptions()
    glossary = {t.text for c in _GLOSSARY.concepts() for t in c.terms()}
    for source, _expected in rows:
        key = source.lower().replace("ё", "е") if not filename.startswith("names_az") else source.lower()
        assert (key, target) not in exceptions, source
        assert source not in glossary, source


def test_the_dev_list_shares_no_name_or_item_with_the_held_out_list() -> None:
    """Rule work reads the DEV list's misses; the held-out list must share neither rows nor surnames."""
    dev_rows = [line.split("\t") for line in _data_lines("names_ru_zh_dev.tsv")]
    held_rows = [line.split("\t") for line in _data_lines("names_ru_zh_heldout.tsv")]
    item = re.compile(r"Q\d+")
    assert not {item.findall(r[2])[0] for r in dev_rows} & {item.findall(r[2])[0] for r in held_rows}
    assert not {r[0] for r in dev_rows} & {r[0] for r in held_rows}
    held_words = {_fold_ru(w) for r in held_rows for w in r[0].split()}
    assert not {_fold_ru(r[0].split()[-1]) for r in dev_rows} & held_words
    tuned = {source for source, _ in _benchmark("names_ru_zh.tsv")}
    assert not {r[0] for r in dev_rows} & tuned


def _data_lines(name: str) -> list[str]:
    text = (BENCHMARK_DATA / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _fold_ru(word: str) -> str:
    return word.lower().replace("ё", "е")


def test_the_held_out_list_shares_no_name_with_the_tuned_list() -> None:
    """The held-out list (frozen before the transcriber ran on it) measures rules it did not shape."""
    tuned = {source for source, _ in _benchmark("names_ru_zh.tsv")}
    held_out = {source for source, _ in _benchmark("names_ru_zh_heldout.tsv")}
    assert not tuned & held_out
    tuned_words = {word for name in tuned for word in name.split()}
    surnames = {name.split()[-1] for name in held_out if " " in name}
    assert not surnames & tuned_words


# The ru→zh lists in the order they were drawn: each editorial list was drawn disjoint from every
# list before it (benchmarks/draw_names_ru_zh_editorial.py, …2.py, …3.py; the same order as
# LISTS_IN_DRAW_ORDER in benchmarks/names_sources.py, which those scripts take their earlier lists from).
_RU_ZH_LISTS_IN_DRAW_ORDER = (
    "names_ru_zh.tsv",
    "names_ru_zh_heldout.tsv",
    "names_ru_zh_dev.tsv",
    "names_ru_zh_editorial.tsv",
    "names_ru_zh_editorial2.tsv",
    "names_ru_zh_editorial_dev.tsv",
    "names_ru_zh_editorial3.tsv",
)


@pytest.mark.parametrize(
    "name",
    [
        "names_ru_zh_editorial.tsv",
        "names_ru_zh_editorial2.tsv",
        "names_ru_zh_editorial_dev.tsv",
        "names_ru_zh_editorial3.tsv",
    ],
)
def test_each_editorial_list_is_disjoint_from_every_list_drawn_before_it(name: str) -> None:
    """An editorial list (the held-out ones frozen before the transcriber ran on them) shares no
    Wikidata item, name or surname with any ru→zh list drawn before it (the tuned, DEV and first
    held-out lists, and the earlier editorial lists); it names each item once, and every row cites
    its item and the handbook list's line of each name part."""
    item = re.compile(r"Q\d+")
    earlier = _RU_ZH_LISTS_IN_DRAW_ORDER[: _RU_ZH_LISTS_IN_DRAW_ORDER.index(name)]
    new = [line.split("\t") for line in _data_lines(name)]
    others = [line.split("\t") for other in earlier for line in _data_lines(other)]
    assert not {item.findall(r[2])[0] for r in new} & {q for r in others for q in item.findall(r[2])}
    assert not {r[0] for r in new} & {r[0] for r in others}
    other_words = {_fold_ru(w) for r in others for w in r[0].split()}
    assert not {_fold_ru(r[0].split()[-1]) for r in new} & other_words
    assert len({item.findall(r[2])[0] for r in new}) == len(new)
    for ru, zh, where in new:
        lines = re.search(r"long_propers_list\.txt line ([\d,]+)\)$", where)
        assert item.search(where) and lines, ru
        assert len(lines.group(1).split(",")) == len(zh.split("·")) == len(ru.split()), ru


def test_editorial_dev_list_classes_of_the_fourth_round() -> None:
    """Rules added after reading the editorial DEV list's misses (names_ru_zh_editorial_dev.tsv), each
    sourced by its count or its lines in the handbook list of 辛华《俄语姓名译名手册》/周俊英《新编俄罗斯地名
    译名手册》 (Kiryukhasemenov/Russian_Loanwords_in_Mandarin data/long_propers_list.txt)."""
    zh = functools.partial(texts, source="ru", target="zh-Hans", tb=False)
    # Я- at the start is 亚 (1,068 lines begin with 亚, 82 with 雅): Ярок 亚罗克, Ясень 亚先
    assert zh("Ярок")[:2] == ["亚罗克", "雅罗克"] and zh("Ясень")[0] == "亚先"
    # … but Ярослав- keeps 雅 (14 lines 雅罗斯拉, none 亚罗斯拉), its в read again
    assert zh("Ярославль")[0] == "雅罗斯拉夫尔" and zh("Ярославич")[0] == "雅罗斯拉维奇"
    # and Якутск 雅库茨克 is an exception (line 33378)
    assert zh("Якутск") == ["雅库茨克"]
    # a stem that lends its н to the rest does not when a consonant follows: Леонтьев 列昂季耶夫
    # (10 lines 列昂季, none 列昂恩); Леонов 列昂诺夫 still reads it again
    assert zh("Леонтьев")[0] == "列昂季耶夫" and zh("Леонов")[0] == "列昂诺夫"
    # Georgian -дзе is 泽 (247 lines end in 泽, none in 德泽): Чонкадзе 琼卡泽 (line 60973)
    assert zh("Чонкадзе")[0] == "琼卡泽"
    # Дзерж- is 捷尔 (6 lines 捷尔任, none 德泽-): Дзержинский 捷尔任斯基 (31318), Дзержинск 捷尔任斯克 (25811)
    assert zh("Дзержинский")[0] == "捷尔任斯基" and zh("Дзержинск")[0] == "捷尔任斯克"
    # given names and their stems: Карл 卡尔 (70447; the table read 卡尔尔), Роберт 罗伯特 (59391),
    # Адольф 阿道夫 (67092), Даниил 丹尼尔 (57746), Данила 丹尼拉 (60832) / Данилов 丹尼洛夫 (41325),
    # Виктория 维多利亚 (46964), Степан 斯捷潘 (56977) / Степанович 斯捷潘诺维奇 (7871) / Степанов 斯捷潘诺夫
    # (26909), Любовь 柳博芙 (56251), Яков 雅科夫 (59264; 亚科夫 62844 second) / Яковлев 雅科夫列夫 (16960)
    assert zh("Карл Юльевич Давыдов")[0] == "卡尔·尤利耶维奇·达维多夫"
    assert zh("Роберт")[0] == "罗伯特" and zh("Адольф")[0] == "阿道夫" and zh("Даниил")[0] == "丹尼尔"
    assert zh("Данила")[0] == "丹尼拉" and zh("Данилов")[0] == "丹尼洛夫" and zh("Виктория")[0] == "维多利亚"
    assert zh("Иван Степанович Степанов")[0] == "伊万·斯捷潘诺维奇·斯捷潘诺夫"
    assert zh("Любовь Орлова")[0] == "柳博芙·奥尔洛娃"
    assert zh("Яков")[:2] == ["雅科夫", "亚科夫"] and zh("Яковлев")[0] == "雅科夫列夫"


def test_place_name_classes_of_the_fourth_round() -> None:
    """Rules from the word pairs of the extract whose Wikidata label is a handbook line (held-out items
    and the second editorial list's whole pool left out), each sourced by handbook counts."""
    zh = functools.partial(texts, source="ru", target="zh-Hans", tb=False)
    # -уральск 乌拉尔斯克 (10 lines, none 乌拉利斯克), -архангельск 阿尔汉格尔斯克 (5 lines, none 汉格利斯克),
    # alone too, while the table's ль before a consonant stays 利 first (Подольск 波多利斯克)
    assert zh("Уральск")[0] == "乌拉尔斯克" and zh("Красноуральск")[0] == "克拉斯诺乌拉尔斯克"
    assert zh("Новоуральск")[0] == "新乌拉尔斯克" and zh("Архангельск")[0] == "阿尔汉格尔斯克"
    assert zh("Подольск")[0] == "波多利斯克"
    # Южно- 南 (57 lines begin with 南, 1 with 尤日诺) and Мало- 小 (386 with 小, 9 with 马洛) in place names
    assert zh("Южноуральск")[0] == "南乌拉尔斯克" and zh("Малоархангельск")[0] == "小阿尔汉格尔斯克"
    assert zh("Малинин")[0] == "马利宁"  # a surname keeps its sound
    # р before a consonant at the start 勒 (47 lines begin with 勒 besides 勒拿): Ржев 勒热夫 (line 66556)
    assert zh("Ржев")[:2] == ["勒热夫", "尔热夫"] and zh("Ртищево")[0] == "勒季谢沃"


def test_word_pair_classes_of_the_fourth_round() -> None:
    """More rules from the extract's word pairs, each sourced by the handbook list of 辛华/周俊英."""
    zh = functools.partial(texts, source="ru", target="zh-Hans", tb=False)
    # -цов- is 佐夫 wherever the name goes on (no handbook line has 措夫): Одинцово 奥金佐沃 (45473),
    # Рубцовск 鲁布佐夫斯克 (13685)
    assert zh("Одинцово")[0] == "奥金佐沃" and zh("Рубцовск")[0] == "鲁布佐夫斯克"
    assert zh("Кузнецовка")[0] == "库兹涅佐夫卡"
    # Петр- is 彼得 (126 lines begin with 彼得, 8 with 佩特): Петренко 彼得连科 (35231)
    assert zh("Петренко")[0] == "彼得连科" and zh("Петрозаводск")[0] == "彼得罗扎沃茨克"
    # given names: Марк 马克, Мартын/Мартынов 马丁-, Станислав/Станиславович 斯坦尼斯拉-, Тимофей 季莫费,
    # Иосиф 约瑟夫, Рудольф 鲁道夫, Оскар 奥斯卡, Серафима 谢拉菲玛, Эмма 埃玛 (lines in ru_given_names.tsv)
    assert (
        zh("Марк")[0] == "马克" and zh("Маркович")[0] == "马尔科维奇"
    )  # the patronymic is read by the table
    assert zh("Мартынов")[0] == "马丁诺夫" and zh("Станиславович")[0] == "斯坦尼斯拉沃维奇"
    assert zh("Тимофеев")[0] == "季莫费耶夫" and zh("Иосиф Сталин")[0] == "约瑟夫·斯大林"
    assert zh("Рудольф")[0] == "鲁道夫" and zh("Оскар")[:2] == ["奥斯卡", "奥斯卡尔"]
    assert zh("Серафима")[0] == "谢拉菲玛" and zh("Эмма")[0] == "埃玛"


def test_a_place_named_after_an_established_name_keeps_its_form() -> None:
    # the handbook list of 周俊英: 基洛夫斯克 (line 16700), 加里宁斯克 (31306), 门捷列夫斯克 (10735),
    # 普希金诺 (49908); the exceptions Киров 基洛夫, Калинин 加里宁, Менделеев 门捷列夫, Пушкин 普希金
    zh = functools.partial(texts, source="ru", target="zh-Hans", tb=False)
    assert zh("Кировск")[:2] == ["基洛夫斯克", "基罗夫斯克"]
    assert zh("Калининск")[0] == "加里宁斯克" and zh("Менделеевск")[0] == "门捷列夫斯克"
    assert zh("Пушкино")[0] == "普希金诺"
    assert zh("Чехово")[0] == "切霍沃"  # -о only after an н, which is read twice (契诃夫 ends in its в)


def test_a_place_is_read_as_place_names_are() -> None:
    """transcribe(kind="place"), from the extract's word pairs of one-word places whose form is a line of
    the handbook list of 辛华/周俊英 (counted by benchmarks/count_ru_zh_pairs.py; data/ru_zh_positions.tsv
    and ru_zh.transcribe_name's docstring give the counts). Misses of the spent second editorial list."""
    zh = functools.partial(texts, source="ru", target="zh-Hans", tb=False)
    # never a woman's name: -ева 瓦 (9 of 9 pairs), -ина 纳 (29 of 30), -ая 亚 (18, never 娅)
    assert zh("Иркинеева")[0] == "伊尔基涅耶娃" and zh("Иркинеева", kind="place")[0] == "伊尔基涅耶瓦"
    assert zh("Щапина", kind="place")[0] == "夏皮纳" and zh("Лая", kind="place")[0] == "拉亚"
    assert zh("Большая", kind="place")[0] == "博利沙亚"
    assert zh("Мария Иркинеева", kind="person")[0] == "玛丽亚·伊尔基涅耶娃"
    # ть/дь at the end 季 (19 of 20 pairs: Беседь 别谢季); a person's Лебедь stays 列别德
    assert zh("Ловать", kind="place")[0] == "洛瓦季" and zh("Уводь", kind="place")[0] == "乌沃季"
    assert zh("Лебедь", kind="place")[0] == "列别季" and zh("Лебедь", kind="person")[0] == "列别德"
    assert zh("Лебедь")[0] == "列别德"
    # ль at the end 利 in place names (23 of 36; people 尔 18 of 23), рь 里 (7 of 11)
    assert zh("Кинель", kind="place")[:2] == ["基涅利", "基涅尔"] and zh("Френкель")[0] == "弗连克尔"
    assert zh("Алатырь", kind="place")[0] == "阿拉特里" and zh("Алатырь")[0] == "阿拉特尔"
    with pytest.raises(UsageError, match="unknown kind"):
        transcribe("Лая", "ru", "zh-Hans", kind="river")


def test_given_names_and_established_forms_of_the_fifth_round() -> None:
    """Misses of the spent editorial lists, each with its handbook line (ru_given_names.tsv,
    ru_exceptions.tsv, ru_conventions.tsv say where)."""
    zh = functools.partial(texts, source="ru", target="zh-Hans", tb=False)
    # given names: 马特维 (line 62658) and 马特维耶夫 (31760), 亨利 (70051), 伊斯梅尔 (41326), 丹尼尔 (57746),
    # 马连 (71889), 约翰内斯 (44184); patronymics 伊里奇 (57743, 8 of 8 pairs), 库兹米奇 (35302, 4 of 4)
    assert zh("Матвей")[0] == "马特维" and zh("Матвеев")[0] == "马特维耶夫"
    assert zh("Генрих")[:3] == ["亨利", "亨里克", "海因里希"] and zh("Исмаил")[0] == "伊斯梅尔"
    assert zh("Даниэль")[0] == "丹尼尔" and zh("Марлен")[0] == "马连" and zh("Йоханнес")[0] == "约翰内斯"
    assert zh("Михаил Ильич Ромм")[0] == "米哈伊尔·伊里奇·罗姆"
    assert zh("Семён Кузьмич Цвигун")[0] == "谢苗·库兹米奇·茨维贡"
    # established forms (zh.wikipedia and the handbook line each): 伏龙芝, 米高扬, 爱伦堡, 卢那察尔斯基, 日丹诺夫,
    # 维辛斯基, 契卡洛夫 (also kept in Чкаловск 契卡洛夫斯克: 8 lines begin with 契卡洛夫), 贝加尔, 兴凯, 厄尔布鲁士
    assert zh("Михаил Фрунзе")[0] == "米哈伊尔·伏龙芝" and zh("Артём Микоян")[0] == "阿尔乔姆·米高扬"
    assert zh("Эренбург")[0] == "爱伦堡" and zh("Луначарский")[0] == "卢那察尔斯基"
    assert zh("Жданов")[0] == "日丹诺夫" and zh("Вышинский")[0] == "维辛斯基"
    assert zh("Чкалов")[0] == "契卡洛夫" and zh("Чкаловск")[0] == "契卡洛夫斯克"
    assert zh("Байкал")[0] == "贝加尔" and zh("Ханка")[0] == "兴凯" and zh("Эльбрус")[0] == "厄尔布鲁士"
    # historical river and town names (zh.wikipedia and the handbook line each): 额尔齐斯, 石勒喀, 鄂嫩, 叶尼塞
    # (also kept in Енисейск), 托木, 色楞格, 恰克图
    assert (
        zh("Иртыш", kind="place")[0] == "额尔齐斯" and zh("Шилка")[0] == "石勒喀" and zh("Онон")[0] == "鄂嫩"
    )
    assert zh("Енисей")[0] == "叶尼塞" and zh("Енисейск")[0] == "叶尼塞斯克" and zh("Томь")[0] == "托木"
    assert zh("Селенга")[0] == "色楞格" and zh("Кяхта")[0] == "恰克图"
    # -кавказ 高加索 (6 lines with 高加索, none 卡夫卡兹): Владикавказ 弗拉季高加索 (line 13799)
    assert zh("Владикавказ")[0] == "弗拉季高加索"


def test_word_pair_classes_of_the_fifth_round() -> None:
    """From the extract's word pairs (benchmarks/count_ru_zh_pairs.py) and the handbook list of 辛华/周俊英;
    the sources are on the rows of ru_conventions.tsv, ru_given_names.tsv and ru_exceptions.tsv."""
    zh = functools.partial(texts, source="ru", target="zh-Hans", tb=False)
    # -щенко 先科 (4 of 4 pairs; 84 handbook lines end in 先科); the closed щен stays 申 elsewhere
    assert zh("Тищенко")[0] == "季先科" and zh("Ющенко")[0] == "尤先科"
    assert zh("Благовещенск")[:2] == ["布拉戈韦申斯克", "布拉戈维申斯克"]
    assert zh("Плющенко")[0] == "普柳申科"  # the skater's established form, an exception
    # -щук 修克 (31 lines, none 休克), -штейн 施泰因 (55 lines, none 什捷因), Тихон- 吉洪 (13 lines, 1 季洪)
    assert zh("Полищук")[0] == "波利修克" and zh("Рубинштейн")[0] == "鲁宾施泰因"
    assert zh("Тихонравов")[0] == "吉洪拉沃夫" and zh("Тихон")[0] == "吉洪"
    # given names met at least twice whose majority form the rules did not give
    assert zh("Александра")[0] == "亚历山德拉" and zh("Дарья")[0] == "达里娅" and zh("Зоя")[0] == "卓娅"
    assert zh("Гавриил")[0] == "加夫里尔" and zh("Исаак")[0] == "伊萨克" and zh("Вильгельм")[0] == "威廉"
    assert zh("Адам")[0] == "亚当" and zh("Эдвард")[0] == "爱德华" and zh("Юзеф Бек")[0] == "约瑟夫·别克"


def test_soft_final_s_and_a_stem_the_handbook_does_not_keep() -> None:
    """сь at the end 西 (GB/T 17693.4's Ь with the И row; 3 of 3 pairs); Денисов 杰尼索夫 (handbook line
    35706, no 丹尼索夫): Денис lends no stem."""
    zh = functools.partial(texts, source="ru", target="zh-Hans", tb=False)
    assert zh("Олесь")[:2] == ["奥列西", "奥列斯"] and zh("Рось", kind="place")[0] == "罗西"
    assert zh("Денисов")[0] == "杰尼索夫" and zh("Денис Денисов")[0] == "丹尼斯·杰尼索夫"


def test_german_endings_of_surnames() -> None:
    """-берг 贝格 (127 handbook lines, none 别尔格) anywhere; -лер 勒 (127 lines end in 勒, 8 in 列尔) unless
    the name is known to be a place's (the town Адлер 阿德列尔)."""
    zh = functools.partial(texts, source="ru", target="zh-Hans", tb=False)
    # Вайнберг 魏因贝格 (a pair of the extract; вайн 魏因 since the sixth round); the table's 别尔格 is later
    assert zh("Вайнберг")[0] == "魏因贝格" and zh("Гинзбург")[0] == "金兹堡"
    assert zh("Миллер", kind="person")[:2] == ["米勒", "米列尔"] and zh("Каплер")[0] == "卡普勒"
    assert zh("Евгений Миллер")[0] == "叶夫根尼·米勒" and zh("Адлер", kind="place")[0] == "阿德列尔"


def test_classes_of_the_sixth_round() -> None:
    """The spent third editorial list's miss classes, each from the extract's word pairs whose form is a
    line of the handbook list of 辛华/周俊英 (benchmarks/count_ru_zh_pairs.py); the counts are on the rows of
    ru_conventions.tsv, ru_zh_finals.tsv, ru_zh_positions.tsv, ru_given_names.tsv and in ru_zh.py."""
    zh = functools.partial(texts, source="ru", target="zh-Hans", tb=False)
    # German endings of names: Шмидт 施密特 (3 of 3 pairs; 3 handbook lines, none 什米德特), -рих 里希 (24 lines
    # end in 里希, none 里赫), -дер 德尔 (54 lines, 11 杰尔); the table's reading stays a further candidate
    assert zh("Шмидт", kind="person")[:2] == ["施密特", "什米德特"]
    assert zh("Отто Юльевич Шмидт")[0] == "奥托·尤利耶维奇·施密特"
    assert zh("Фридрих")[0] == "弗里德里希" and zh("Ульрих")[0] == "乌尔里希"
    assert zh("Цандер")[0] == "灿德尔" and zh("Искандер")[0] == "伊斯坎德尔"
    # a surname in -ский formed from a given name keeps the name's stem (4 handbook lines 斯坦尼斯拉, none
    # 斯塔尼斯拉; 3 with 弗拉基米尔斯, none 弗拉季米尔斯)
    assert zh("Станиславский")[0] == "斯坦尼斯拉夫斯基" and zh("Владимирский")[0] == "弗拉基米尔斯基"
    # and so does a place in -овское/-овский formed from it (Михайловское 米哈伊洛夫斯科耶, a pair of the extract)
    assert zh("Михайловское", kind="place")[0] == "米哈伊洛夫斯科耶"
    # Armenian -тян, -чян 强 (7 of 7 and 2 of 2 pairs); 江 stays the second candidate of -тян
    assert zh("Багратян")[:2] == ["巴格拉强", "巴格拉江"] and zh("Демирчян")[0] == "杰米尔强"
    # Наталья 纳塔利娅 (17 of 19 pairs, handbook line 40528), 娜塔利娅 second
    assert zh("Наталья")[:2] == ["纳塔利娅", "娜塔利娅"]
    assert zh("Наталья Михневич")[0] == "纳塔利娅·米赫涅维奇"
    # ай at the start before a vowel 艾 (Айон 艾翁, Айюва 艾尤瓦); ъ before an iotated vowel parts it from the
    # consonant (Лемъю 列姆尤); л before a consonant at the start 勒, as р (Лжа 勒扎)
    assert zh("Айон", kind="place")[0] == "艾翁" and zh("Айюва", kind="place")[0] == "艾尤瓦"
    assert zh("Айдар", kind="place")[0] == "艾达尔"  # ай before a consonant: the table's closed ай, as before
    assert zh("Лемъю", kind="place")[0] == "列姆尤" and zh("Лжа", kind="place")[:2] == ["勒扎", "尔扎"]
    assert zh("Юрьев")[0] == "尤里耶夫"  # the soft sign before an iotated vowel: still the и row


def test_pair_classes_of_the_sixth_round() -> None:
    """Classes of the extract's word pairs the rules still missed (count_ru_zh_pairs.py; counts on the rows
    of ru_zh_positions.tsv, ru_zh_finals.tsv and in ru_zh.py)."""
    zh = functools.partial(texts, source="ru", target="zh-Hans", tb=False)
    # ль before a final consonant of a person's name 尔 (Витольд 维托尔德, Шульц 舒尔茨)
    assert zh("Витольд")[0] == "维托尔德" and zh("Шульц")[0] == "舒尔茨"
    # -поль, -вль at the end of a place name 尔 (2 of 2 pairs each; 23 lines end in 波尔, 3 in 波利); any
    # other place's final ль stays 利 first (Вель 韦利)
    assert (
        zh("Чистополь", kind="place")[0] == "奇斯托波尔" and zh("Рославль", kind="place")[0] == "罗斯拉夫尔"
    )
    assert zh("Вель", kind="place")[0] == "韦利"
    # a prefix is first for a name known to be a place's (Ново- 新 30 of 30 place pairs, Нижне- 下 4 of 4)
    assert zh("Новопокровка", kind="place")[0] == "新波克罗夫卡"
    assert zh("Нижнепокровка", kind="place")[0] == "下波克罗夫卡"
    assert zh("Новосельцев", kind="person")[0] != "新谢利采夫"  # a surname is still transcribed first
    # closed вин 温 (8 of 8 pairs), зай 扎伊 (33 handbook lines begin with 扎伊, none with 宰)
    assert zh("Литвин")[0] == "利特温" and zh("Головин", kind="place")[0] == "戈洛温"
    assert zh("Зайцев")[:2] == ["扎伊采夫", "宰采夫"]
    # айн with no vowel after it: the ай syllable and 因 (127 handbook lines end in 因, 1 in 伊恩; none 瓦伊恩,
    # 海恩, 沙伊恩); вайн 魏因 (9 lines begin with 魏因, none with 瓦因); the table's reading stays second
    assert zh("Хайнц")[:2] == ["海因茨", "海恩茨"] and zh("Шайн")[:2] == ["沙因", "沙伊恩"]
    assert zh("Вайнштейн")[0] == "魏因施泰因" and zh("Кайнар")[0] == "凯纳尔"  # a vowel after н: not closed
