"""The bundled translation memory ``glossary/memory/article.toml``: its shape, its fidelity to the article.

The memory holds every sentence of the zh-Wikipedia article 俄罗斯—阿塞拜疆关系 (oldid 44840694) as a
zh-Hans segment with en, ru and az-Latn translations. These tests check that

* the file parses, ids are unique and in order, every unit has all four languages, NFC and stripped;
* every zh-Hans segment is article text, and the segments, concatenated per paragraph, reproduce the
  whole article in order (so nothing is left out), split by the rule documented in
  ``glossary/memory/README.md``, which :func:`segment` implements;
* the translations keep to their scripts, end as their source ends, and inflect the glossary's names as
  each language's grammar requires in the places checked below.

The article is vendored in ``tests/data/article`` (CC BY-SA 3.0, see ``tests/data/README.md``).
"""

from __future__ import annotations

import functools
import itertools
import re
import tomllib
import unicodedata
from importlib import resources
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import article_text
from tests.strategies import han_text

LANGS = ("zh-Hans", "en", "ru", "az-Latn")
# The sections, in the order they occur on the page.
SECTIONS = ("title", "lead", "overview", "history", "references", "caption", "footer")
UNIT_KEYS = {"id", "section", "refs", "note", *LANGS}

REF_MARKER = re.compile(r"\^\[(\d+)\]")
URL = re.compile(r"<?https?://[^\s)>”»]+>?")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
CYRILLIC_RUN = re.compile(r"[\u0400-\u04ff]+(?:[\s-]+[\u0400-\u04ff]+)*")
HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")

# The segmentation rule (README.md): split after 。！？ and after ；, but only outside brackets and
# quotation marks. ASCII "." is not a boundary (the reference lines use ". " between citation fields).
TERMINATORS = "。！？；"
OPENERS = "（(《“「『〈【"
CLOSERS = "）)》”」』〉】"


def segment(paragraph: str) -> list[str]:
    """Split one paragraph into segments by the documented rule.

    >>> segment("甲在乙设使馆。丙宣布开馆；近年丁。")
    ['甲在乙设使馆。', '丙宣布开馆；', '近年丁。']
    >>> segment("关系（俄语: А；阿塞拜疆语: B），是关系。")
    ['关系（俄语: А；阿塞拜疆语: B），是关系。']
    """
    pieces: list[str] = []
    start = 0
    depth = 0
    for i, char in enumerate(paragraph):
        if char in OPENERS:
            depth += 1
        elif char in CLOSERS:
            depth = max(depth - 1, 0)
        elif char in TERMINATORS and depth == 0:
            pieces.append(paragraph[start : i + 1])
            start = i + 1
    if start < len(paragraph):
        pieces.append(paragraph[start:])
    return pieces


# --------------------------------------------------------------------------------------------------
# loading


@functools.cache
def _memory() -> dict[str, Any]:
    path = resources.files("glossary") / "memory" / "article.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _units() -> list[dict[str, Any]]:
    units: list[dict[str, Any]] = _memory()["unit"]
    return units


def _unit_id(unit: dict[str, Any]) -> str:
    return str(unit["id"])


CHINESE_UNITS = [u for u in _units() if HAN.search(u["zh-Hans"])]
LATIN_ONLY_UNITS = [u for u in _units() if not HAN.search(u["zh-Hans"])]


def _unit_with(zh_fragment: str) -> dict[str, Any]:
    """The one unit whose zh-Hans contains ``zh_fragment`` (found by content, not by position)."""
    found = [u for u in _units() if zh_fragment in u["zh-Hans"]]
    assert len(found) == 1, f"{zh_fragment!r} is in {len(found)} units"
    return found[0]


@functools.cache
def _article() -> str:
    return article_text()


def _paragraphs(text: str) -> list[str]:
    """The article's non-blank lines, stripped, without a leading list bullet "- "."""
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("- "):
            line = line[2:]
        if line:
            out.append(line)
    return out


# --------------------------------------------------------------------------------------------------
# shape


def test_file_parses_with_meta_and_licence_header() -> None:
    meta = _memory()["meta"]
    assert meta["srclang"] == "zh-Hans"
    assert meta["licence"] == "CC BY-SA 3.0"
    assert "oldid=44840694" in meta["source_url"]
    assert "44840694" in meta["source"]
    raw = (resources.files("glossary") / "memory" / "article.toml").read_text(encoding="utf-8")
    header = raw.split("[meta]", 1)[0]
    # The header comment gives the source, the licence, attribution and the origin of the translations.
    for needed in ("oldid=44840694", "CC BY-SA 3.0", "history", "termbase", "NOT"):
        assert needed in header, needed


def test_ids_unique_and_in_article_order() -> None:
    ids = [u["id"] for u in _units()]
    assert len(ids) == len(set(ids))
    assert ids == [f"article-{n:04d}" for n in range(1, len(ids) + 1)]


@pytest.mark.parametrize("unit", _units(), ids=_unit_id)
def test_unit_has_every_language_nfc_stripped(unit: dict[str, Any]) -> None:
    assert set(unit) <= UNIT_KEYS, set(unit) - UNIT_KEYS
    assert unit["section"] in SECTIONS
    for lang in LANGS:
        text = unit[lang]
        assert isinstance(text, str) and text, lang
        assert text == text.strip(), lang
        assert unicodedata.is_normalized("NFC", text), lang
        assert "\n" not in text, lang
    assert not REF_MARKER.search(unit["zh-Hans"]), "reference markers belong in `refs`"
    refs = unit.get("refs", [])
    assert isinstance(refs, list) and all(isinstance(n, int) and n >= 1 for n in refs)
    if "note" in unit:
        assert unit["note"].strip() == unit["note"] != ""


def test_sections_are_contiguous_and_in_page_order() -> None:
    order = [u["section"] for u in _units()]
    blocks = [s for i, s in enumerate(order) if i == 0 or order[i - 1] != s]
    assert blocks == list(SECTIONS)


def test_each_section_heading_opens_its_section() -> None:
    # The article's headings 概况, 历史, 参考 are the first units of their sections.
    headings = {"overview": "概况", "history": "历史", "references": "参考"}
    units = _units()
    for i, unit in enumerate(units):
        if unit["zh-Hans"] in headings.values():
            assert headings[unit["section"]] == unit["zh-Hans"]
            assert units[i - 1]["section"] != unit["section"]


def test_references_are_numbered_and_each_is_cited_in_order() -> None:
    lines = [u for u in _units() if u["section"] == "references"][1:]  # after the heading 参考
    assert [u["refs"] for u in lines] == [[n] for n in range(1, len(lines) + 1)]
    body = ("lead", "overview", "history")
    cited = [n for u in _units() if u["section"] in body for n in u.get("refs", [])]
    # Wikipedia numbers references in order of first citation; this article cites each one once.
    assert cited == list(range(1, len(lines) + 1))


# --------------------------------------------------------------------------------------------------
# fidelity to the article


def test_every_segment_occurs_in_the_article() -> None:
    article = REF_MARKER.sub("", _article())
    missing = [u["id"] for u in _units() if u["zh-Hans"] not in article]
    assert not missing


def test_segments_reproduce_the_whole_article_in_order() -> None:
    """Walk the article's paragraphs and the units together: each paragraph, markers removed, is the
    concatenation of the next units' zh-Hans, split exactly as :func:`segment` splits it, and the
    markers removed are the units' ``refs`` (outside the reference list)."""
    units = iter(_units())
    for paragraph in _paragraphs(_article()):
        plain = REF_MARKER.sub("", paragraph)
        expected = segment(plain)
        got = [next(units) for _ in expected]
        assert [u["zh-Hans"] for u in got] == expected, paragraph
        assert "".join(u["zh-Hans"] for u in got) == plain
        if got[0]["section"] != "references":
            markers = [int(n) for n in REF_MARKER.findall(paragraph)]
            assert [n for u in got for n in u.get("refs", [])] == markers, paragraph
    assert next(units, None) is None, "units left over after the article's last paragraph"


def test_every_split_semicolon_is_followed_by_a_clause() -> None:
    # A ；that ends a segment must not be the article's last character in its paragraph, and the
    # unit after it continues the same section (a clause of the same sentence, not a heading).
    units = _units()
    for before, after in itertools.pairwise(units):
        if before["zh-Hans"].endswith("；"):
            assert after["section"] == before["section"]
            assert len(HAN.findall(after["zh-Hans"])) >= 5


# --------------------------------------------------------------------------------------------------
# the translations


def _copied_from_source(run: str, unit: dict[str, Any]) -> bool:
    return run in unit["zh-Hans"]


@pytest.mark.parametrize("unit", _units(), ids=_unit_id)
def test_foreign_script_only_where_copied_from_the_source(unit: dict[str, Any]) -> None:
    """az-Latn has no Cyrillic, and no translation has Han or Cyrillic of its own: such runs are
    placeables quoted verbatim from the source (the Russian name in the lead, Chinese titles of cited
    works, the Chinese trademarks, the page URL)."""
    for lang in ("en", "az-Latn"):
        for run in CYRILLIC_RUN.findall(unit[lang]):
            assert _copied_from_source(run, unit), (lang, run)
    for lang in ("en", "ru", "az-Latn"):
        for run in HAN_RUN.findall(unit[lang]):
            assert _copied_from_source(run, unit), (lang, run)
            # Chinese placeables exist only in citations (titles) and the footer (trademarks, URL).
            assert unit["section"] in ("references", "footer"), (lang, run)


def test_az_latn_has_no_cyrillic_letters_of_its_own() -> None:
    for unit in _units():
        # Only the Russian name the lead quotes (present verbatim in the zh-Hans source) may stay.
        az = unit["az-Latn"]
        for run in CYRILLIC_RUN.findall(unit["zh-Hans"]):
            az = az.replace(run, "")
        assert not re.search(r"[\u0400-\u04ff]", az), unit["id"]


def _letters_outside_placeables(text: str, source: str) -> str:
    """The letters of ``text`` without URLs and without whitespace-separated tokens copied from the
    source (titles of cited works, trademarks)."""
    text = URL.sub(" ", text)
    kept = [tok for tok in text.split() if tok.strip('()[].,;:«»“”"*') not in source]
    return "".join(c for c in "".join(kept) if c.isalpha())


@pytest.mark.parametrize("unit", CHINESE_UNITS, ids=_unit_id)
def test_ru_is_mostly_cyrillic(unit: dict[str, Any]) -> None:
    letters = _letters_outside_placeables(unit["ru"], unit["zh-Hans"])
    cyrillic = sum(1 for c in letters if "\u0400" <= c <= "\u04ff")
    # "Mostly": at least three letters in four. Latin left over is licence names, "CRI Online" and the
    # like, which ru keeps in Latin as the ru.wikipedia footer and Russian press do.
    assert letters and cyrillic / len(letters) >= 0.75, (cyrillic, len(letters))


@pytest.mark.parametrize("unit", CHINESE_UNITS, ids=_unit_id)
def test_chinese_text_is_translated(unit: dict[str, Any]) -> None:
    # Every unit with Chinese text has, in each language, words of its own beyond what it copies
    # from the source (a translation, not the source echoed with placeables).
    for lang in ("en", "ru", "az-Latn"):
        assert unit[lang] != unit["zh-Hans"], lang
        own = _letters_outside_placeables(unit[lang], unit["zh-Hans"])
        assert own and not HAN.search(own), lang


@pytest.mark.parametrize("unit", LATIN_ONLY_UNITS, ids=_unit_id)
def test_lines_without_chinese_are_kept_unchanged(unit: dict[str, Any]) -> None:
    # English-language bibliographic records: titles of cited works stay in their original language.
    assert unit["section"] == "references"
    assert unit["en"] == unit["ru"] == unit["az-Latn"] == unit["zh-Hans"]


@pytest.mark.parametrize("unit", _units(), ids=_unit_id)
def test_translations_end_as_the_source_ends(unit: dict[str, Any]) -> None:
    # A full stop stays a full stop, a clause-ending ；stays ";" (the sentence continues in the next
    # unit); a heading or caption without final punctuation gets none.
    ending = {"。": ".", "；": ";", ".": "."}.get(unit["zh-Hans"][-1])
    for lang in ("en", "ru", "az-Latn"):
        if ending:
            assert unit[lang].endswith(ending), lang
        else:
            assert unit[lang][-1] not in ".;", lang


def test_continuation_segments_start_in_lower_case() -> None:
    # A segment after a ；continues the sentence, so its translation starts in lower case (unless with
    # a digit or a name): checked for the units that follow a ；in the body.
    units = _units()
    for before, after in itertools.pairwise(units):
        if before["zh-Hans"].endswith("；") and after["section"] != "footer":
            for lang in ("en", "ru", "az-Latn"):
                first = after[lang][0]
                assert first.islower() or first.isdigit(), (after["id"], lang)


def test_az_latn_writes_case_endings_without_apostrophes() -> None:
    # Azerbaijani orthography attaches case endings to proper nouns directly (Bakıda, Rusiyaya),
    # unlike Turkish (Bakü'de); after an abbreviation it uses a hyphen (ABŞ-ın).
    for unit in _units():
        az = URL.sub("", unit["az-Latn"]).replace(unit["zh-Hans"], "")
        assert not re.search(r"\w['’]\w", az), unit["id"]


def test_ru_uses_guillemets_and_az_latn_curly_quotes() -> None:
    # Russian quotes with «…»; the memory's az-Latn uses “…” (as much of the az press does); neither
    # has the other's marks, and the Chinese “…” of quotations and titles is always carried over.
    for unit in _units():
        zh = unit["zh-Hans"]
        quoted = zh.count("“") + zh.count("《")
        if unit["section"] in ("overview", "history"):
            assert unit["ru"].count("«") == quoted, unit["id"]
            assert unit["az-Latn"].count("“") == quoted, unit["id"]
        assert "“" not in URL.sub("", unit["ru"]), unit["id"]
        assert "«" not in unit["az-Latn"], unit["id"]


# Chinese name -> the part of each language's glossary form that case endings leave intact. Russian
# stems drop the ending that declension changes (Москв-а/-е, Грузи-я/-ей, Эльчибе-й/-я); Azerbaijani
# appends suffixes to the unchanged name (Bakı-da, Xocalı-nı), and English does not inflect.
NAME_STEMS: dict[str, tuple[str, tuple[str, ...], str]] = {
    "莫斯科": ("Moscow", ("Москв",), "Moskva"),
    "圣彼得堡": ("Saint Petersburg", ("Санкт-Петербург",), "Sankt-Peterburq"),
    "叶卡捷琳堡": ("Yekaterinburg", ("Екатеринбург",), "Yekaterinburq"),
    "巴库": ("Baku", ("Баку", "Бакинск"), "Bakı"),
    "梅德韦杰夫": ("Medvedev", ("Медведев",), "Medvedev"),
    "穆塔利博夫": ("Mutallibov", ("Муталибов",), "Mütəllibov"),
    "埃利奇别伊": ("Elchibey", ("Эльчибе",), "Elçibəy"),
    "普京": ("Putin", ("Путин",), "Putin"),
    "阿利耶夫": ("Aliyev", ("Алиев",), "Əliyev"),
    "盖达尔·阿利耶夫国际机场": (
        "Heydar Aliyev International Airport",
        ("аэропорту Гейдар Алиев",),
        "Heydər Əliyev adına Beynəlxalq Hava Liman",
    ),
    "南奥塞梯": ("South Ossetia", ("Южной Осетии", "Южная Осетия"), "Cənubi Osetiya"),
    "阿布哈兹": ("Abkhazia", ("Абхази",), "Abxaziya"),
    "格鲁吉亚": ("Georgia", ("Грузи",), "Gürcüstan"),
    "亚美尼亚": ("Armenia", ("Армени",), "Ermənistan"),
    "霍贾利": ("Khojaly", ("Ходжалы",), "Xocalı"),
    "里海": ("Caspian Sea", ("Каспийском море",), "Xəzər dəniz"),
    "俄罗斯帝国": ("Russian Empire", ("Российской империи",), "Rusiya İmperiya"),
    "苏联": ("Soviet Union", ("СССР", "Советск"), "Sovet İttifaq"),
    "巴库宣言": ("Baku Declaration", ("Бакинскую декларацию",), "Bakı Bəyannaməsi"),
    "维基媒体基金会": ("Wikimedia Foundation", ("Фонд",), "Vikimedia Fond"),
}


@pytest.mark.parametrize("name", sorted(NAME_STEMS))
def test_glossary_names_appear_wherever_the_source_names_them(name: str) -> None:
    en, ru_stems, az = NAME_STEMS[name]
    units = [u for u in _units() if name in u["zh-Hans"]]
    assert units, f"{name} is named nowhere"
    for unit in units:
        assert en in unit["en"], unit["id"]
        assert any(stem in unit["ru"] for stem in ru_stems), unit["id"]
        assert az in unit["az-Latn"], unit["id"]


def test_embassy_sentence_inflects_the_cities() -> None:
    unit = _unit_with("大使馆")
    # ru: в + prepositional. Баку is indeclinable; Москва (1st declension) -> в Москве; Санкт-Петербург
    # (2nd declension, hard stem) -> в ... Санкт-Петербурге.
    assert "в Баку" in unit["ru"] and "в Москве" in unit["ru"] and "Санкт-Петербурге" in unit["ru"]
    # az: locative -da after a back last vowel (ı, a, u), never -ta (Azerbaijani does not devoice the
    # suffix after q, unlike Turkish); possessor in the genitive: Rusiya + n + ın.
    az = unit["az-Latn"]
    assert "Bakıda" in az and "Moskvada" in az and "Sankt-Peterburqda" in az and "Rusiyanın" in az


def test_consulate_sentence_inflects_yekaterinburg() -> None:
    unit = _unit_with("叶卡捷琳堡")
    assert "в Екатеринбурге" in unit["ru"]  # prepositional of a hard-stem masculine noun: -е
    assert "Yekaterinburqda" in unit["az-Latn"]  # locative, last vowel u (back): -da


def test_poll_sentence_uses_the_instrumental_and_comitative() -> None:
    unit = _unit_with("民意调查")
    # ru: с + instrumental; nouns in -ия take -ией (Россия -> с Россией, Грузия -> с Грузией).
    assert "с Россией" in unit["ru"] and "с Грузией" in unit["ru"]
    # az: the comitative -la is attached after a consonant with a back last vowel (Gürcüstan-la); after
    # a vowel-final name the postposition "ilə" is written separately (Rusiya ilə).
    assert "Gürcüstanla" in unit["az-Latn"] and "Rusiya ilə" in unit["az-Latn"]


def test_history_sentences_inflect_names() -> None:
    khojaly = _unit_with("霍贾利")
    # az accusative after a vowel takes the buffer n: Xocalı -> Xocalını; ru Ходжалы is indeclinable.
    assert "Xocalını" in khojaly["az-Latn"] and "Ходжалы" in khojaly["ru"]
    mutallibov = _unit_with("苏联解体")
    # ru genitive of a surname in -ов: -ова; az genitive after a consonant, last vowel o: -un.
    assert "Муталибова" in mutallibov["ru"] and "Mütəllibovun" in mutallibov["az-Latn"]
    elchibey = _unit_with("埃利奇别伊")
    # ru genitive of Эльчибей (-ей -> -ея) after "приход ... президента"; с + instrumental Россией.
    assert "Эльчибея" in elchibey["ru"] and "с Россией" in elchibey["ru"]
    annexed = _unit_with("1920")
    # ru: part of (genitive) the Russian Empire; the agent of a passive in the instrumental.
    assert "Российской империи" in annexed["ru"] and "Советским Союзом" in annexed["ru"]
    # az: genitive of a possessive compound inserts n: İmperiyası + n + ın.
    assert "Rusiya İmperiyasının" in annexed["az-Latn"]


def test_visit_sentences_inflect_names() -> None:
    visit_2001 = _unit_with("正式访问")
    # az dative after a back vowel: Azərbaycan + a.
    assert "Azərbaycana" in visit_2001["az-Latn"]
    talks = _unit_with("举行会谈")
    # ru: переговоры с + instrumental, surname in -ев -> -евым; az comitative after a front vowel: -lə.
    assert "с президентом Азербайджана Алиевым" in talks["ru"] and "Əliyevlə" in talks["az-Latn"]


def test_caption_inflects_the_airport() -> None:
    unit = _unit_with("机场")
    # ru: в + locative of аэропорт is "в аэропорту" (a 2nd-declension noun with the locative in -у).
    assert "в Международном аэропорту Гейдар Алиев" in unit["ru"]
    # az: the name ends in the possessive compound Hava Limanı; its locative inserts the buffer n:
    # Limanı + n + da.
    assert "Heydər Əliyev adına Beynəlxalq Hava Limanında" in unit["az-Latn"]


def test_lead_names_both_states_in_the_instrumental() -> None:
    unit = _unit_with("是指")
    # ru: между + instrumental (Азербайджанской Республикой, Российской Федерацией).
    assert "между Азербайджанской Республикой и Российской Федерацией" in unit["ru"]
    # az: "X ilə Y arasında": Azərbaycan Respublikası stays in the nominative before ilə.
    assert "Azərbaycan Respublikası ilə Rusiya Federasiyası arasındakı" in unit["az-Latn"]


# --------------------------------------------------------------------------------------------------
# the segmentation rule itself

MARKS = TERMINATORS + OPENERS + CLOSERS
clause = han_text.map(lambda s: "".join(c for c in s if c not in MARKS)).filter(bool)


@given(st.lists(st.tuples(clause, st.sampled_from(TERMINATORS)), min_size=1, max_size=6))
def test_segment_splits_after_every_terminator_outside_brackets(parts: list[tuple[str, str]]) -> None:
    pieces = [text + end for text, end in parts]
    assert segment("".join(pieces)) == pieces


@given(
    clause,
    clause,
    clause,
    st.sampled_from(list(zip(OPENERS, CLOSERS, strict=True))),
    st.sampled_from(TERMINATORS),
)
def test_segment_never_splits_inside_brackets(
    a: str, b: str, c: str, brackets: tuple[str, str], inner: str
) -> None:
    text = f"{a}{brackets[0]}{b}{inner}{c}{brackets[1]}。"
    assert segment(text) == [text]


@given(st.text(alphabet=st.sampled_from("俄罗斯阿塞拜疆关系 ,." + MARKS), max_size=40))
def test_segment_loses_nothing(text: str) -> None:
    pieces = segment(text)
    assert "".join(pieces) == text
    assert all(pieces)
    assert all(p[-1] in TERMINATORS for p in pieces[:-1])
