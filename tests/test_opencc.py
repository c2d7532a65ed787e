"""Chinese conversion against OpenCC's own test suite, on both engines, and its properties.

``tests/data/opencc/testcases.json`` is OpenCC's ``test/testcases/testcases.json`` (Apache-2.0,
see the README beside it). Each case of termbase's profiles runs through ``termbase.convert``
with the scheme and source tag that mean that profile.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import termbase
from termbase.derive import derive
from termbase.scripts import chinese as zh

REPO = Path(__file__).resolve().parents[1]
CASES_FILE = Path(__file__).parent / "data" / "opencc" / "testcases.json"

# OpenCC profile → (termbase scheme, source tag) that means it.
PROFILE_SCHEMES = {
    "s2t": ("zh-Hant", "zh-Hans"),
    "s2tw": ("s2tw", "zh-Hans"),
    "s2twp": ("zh-Hant-TW", "zh-Hans"),
    "s2hk": ("zh-Hant-HK", "zh-Hans"),
    "t2s": ("zh-Hans", "zh-Hant"),
    "tw2sp": ("zh-Hans", "zh-Hant-TW"),
    "hk2s": ("zh-Hans", "zh-Hant-HK"),
}
# Cases where termbase's output differs from OpenCC's on purpose: (profile, case id) → reason.
DIFFER_ON_PURPOSE: dict[tuple[str, str], str] = {
    ("tw2sp", "georgia_state_country_tw2sp"): (
        "喬治亞 standing alone is the glossary's Taiwan name of the country Georgia, so termbase.convert keeps"
        " it a name and writes its mainland form 格鲁吉亚 (issue 11); OpenCC writes 乔治亚 character by"
        " character. 喬治亞州 (the US state) stays 佐治亚州 as OpenCC has it."
    ),
}


def _cases() -> list[tuple[str, str, str, str]]:
    """(profile, case id, input, expected) for termbase's profiles."""
    text = CASES_FILE.read_text(encoding="utf-8")
    data = json.loads(re.sub(r",(\s*[}\]])", r"\1", text))  # the upstream file has trailing commas
    return [
        (profile, case["id"], case["input"], expected)
        for case in data["cases"]
        for profile, expected in case["expected"].items()
        if profile in PROFILE_SCHEMES
    ]


CASES = _cases()


def _run_suite() -> tuple[int, list[tuple[str, str, str, str]]]:
    """(passed, failures as (profile, id, got, expected)) of every case through termbase.convert."""
    passed = 0
    failures = []
    for profile, case_id, source_text, expected in CASES:
        scheme, source = PROFILE_SCHEMES[profile]
        got = termbase.convert(source_text, to=scheme, source=source)
        if got == expected or (profile, case_id) in DIFFER_ON_PURPOSE:
            passed += 1
        else:
            failures.append((profile, case_id, got, expected))
    return passed, failures


def test_the_suite_covers_the_six_profiles_and_s2tw() -> None:
    counts = {p: sum(1 for c in CASES if c[0] == p) for p in PROFILE_SCHEMES}
    assert counts == {"s2t": 96, "s2tw": 65, "s2twp": 84, "s2hk": 51, "t2s": 55, "tw2sp": 53, "hk2s": 21}


@pytest.mark.skipif(not zh._official_opencc(), reason="the official opencc wheel is not installed here")
def test_official_engine_passes_every_opencc_case(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TERMBASE_CHINESE_ENGINE", raising=False)
    assert zh.ENGINE == "opencc"
    passed, failures = _run_suite()
    assert failures == []
    assert passed == len(CASES) == 425


def _readme_fallback_claim() -> tuple[int, int]:
    """The figure the README states for the pure-Python engine: 'passes N of M'."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    found = re.search(r"pure-Python engine passes \*\*(\d+) of (\d+)\*\*", readme)
    assert found, "README.md states no figure for the pure-Python engine"
    return int(found.group(1)), int(found.group(2))


def test_python_engine_passes_at_least_what_the_readme_claims(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERMBASE_CHINESE_ENGINE", "python")
    assert zh.ENGINE == "python"
    passed, failures = _run_suite()
    claimed, total = _readme_fallback_claim()
    assert total == len(CASES)
    assert passed >= claimed, failures


def test_python_engine_reproduces_the_reported_garbage_correctly(monkeypatch: pytest.MonkeyPatch) -> None:
    # The outputs issue 15 reports from opencc-python-reimplemented, right on both engines.
    for engine in ("python", "opencc") if zh._official_opencc() else ("python",):
        monkeypatch.setenv("TERMBASE_CHINESE_ENGINE", engine)
        assert termbase.convert("互联网络", to="zh-Hant-TW") == "網際網路"
        assert termbase.convert("快闪存储器", to="zh-Hant-TW") == "快閃記憶體"
        assert termbase.convert("乾安縣", to="zh-Hans", source="zh-Hant") == "乾安县"
        assert termbase.convert("軟體", to="zh-Hans", source="zh-Hant-TW") == "软件"


def test_no_opencc_key_spans_a_delimiter() -> None:
    # scripts.chinese cuts text at spaces and punctuation and converts the pieces apart: that gives
    # OpenCC's own result only if no dictionary key holds such a character.
    folder = Path(zh.__file__).resolve().parents[1] / "data" / "opencc"
    keys = 0
    for path in folder.glob("*.txt"):
        for key in zh._opencc_dict(path.name):
            keys += 1
            assert len(key) == 1 or not zh._DELIMITER.search(key), (path.name, key)
    assert keys > 50_000


def test_mixed_text_is_cut_and_joined_back_exactly() -> None:
    # Stretches holding Traditional-only characters are handled apart, the rest in one call.
    text = "佛羅里達州\n别强 彆強，佛罗里达。關\ue000 a關b"
    assert termbase.convert(text, to="zh-Hant") == "佛羅里達州\n別強 彆強，佛羅里達。關\ue000 a關b"
    assert termbase.convert("软件：軟體", to="zh-Hant-TW") == "軟體：軟體"


def test_engine_is_shown_by_schemes_verbose(capsys: pytest.CaptureFixture[str]) -> None:
    from termbase.cli import main

    assert main(["schemes", "--verbose"]) == 0
    out = capsys.readouterr().out
    assert f"Chinese engine: {zh.ENGINE}" in out
    assert "zh-Hant-TW-name" in out


# --------------------------------------------------------------------------- properties


def _article_sentences() -> list[str]:
    data = tomllib.loads((REPO / "glossary" / "memory" / "article.toml").read_text(encoding="utf-8"))
    return [u["zh-Hans"] for u in data["unit"] if zh.is_han(u.get("zh-Hans", ""))]


def _glossary_terms(lang: str) -> Iterator[str]:
    for path in sorted((REPO / "glossary" / "concepts").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        yield from (t["text"] for t in data.get("terms", []) if t.get("lang") == lang)


ARTICLE = _article_sentences()
GLOSSARY_ZH = sorted(set(_glossary_terms("zh-Hans")))


@st.composite
def _fragment(draw: st.DrawFn) -> str:
    sentence = draw(st.sampled_from(ARTICLE))
    start = draw(st.integers(0, len(sentence) - 1))
    end = draw(st.integers(start + 1, len(sentence)))
    return sentence[start:end]


simplified_text = st.lists(st.one_of(_fragment(), st.sampled_from(GLOSSARY_ZH)), min_size=1, max_size=6).map(
    "".join
)


def test_the_property_sources_are_not_empty() -> None:
    assert len(ARTICLE) > 25 and len(GLOSSARY_ZH) > 50


@pytest.mark.parametrize("engine", ["opencc", "python"])
@given(text=simplified_text)
def test_s2t_then_t2s_is_the_identity(engine: str, text: str) -> None:
    # On Simplified text drawn from the article and the glossary.
    if engine == "opencc" and not zh._official_opencc():
        return
    convert = zh._converter
    assert convert("t2s", engine)(convert("s2t", engine)(text)) == text
    if engine == zh.ENGINE:
        traditional = termbase.convert(text, to="zh-Hant", source="zh-Hans")
        assert termbase.convert(traditional, to="zh-Hans", source="zh-Hant") == text


@given(text=st.one_of(simplified_text, simplified_text.map(zh.to_traditional)))
def test_converting_twice_changes_nothing(text: str) -> None:
    for profile, (scheme, source) in PROFILE_SCHEMES.items():
        once = termbase.convert(text, to=scheme, source=source)
        assert termbase.convert(once, to=scheme, source=source) == once, profile


# --------------------------------------------------------------------------- derived forms


def test_convert_and_derived_forms_agree_on_every_glossary_term() -> None:
    from termbase.bundled import bundled_concepts

    checked = 0
    for concept in bundled_concepts():
        for term, (scheme_name, _tag, text) in derive(concept):
            assert termbase.convert(term.text, to=scheme_name, source=term.lang) == text
            checked += scheme_name.endswith("-name")
    assert checked > 100


def test_glossary_names_stay_names_in_the_name_safe_schemes() -> None:
    assert termbase.convert("国际在线", to="zh-Hant-TW-name") == "國際在線"
    # OpenCC's s2twp alone rewrites the name as vocabulary; termbase.convert keeps the glossary's names
    from termbase.scripts import convert as plain_convert

    assert plain_convert("国际在线", to="zh-Hant-TW") == "國際線上"
    assert termbase.convert("国际在线", to="zh-Hant-TW") == "國際在線"
    assert termbase.convert("國際在線", to="zh-Hans-name", source="zh-Hant-TW") == "国际在线"


# --------------------------------------------------------------------------- the fold


@given(text=st.one_of(simplified_text, simplified_text.map(zh.to_taiwan), st.text()))
def test_fold_is_length_preserving_and_stable(text: str) -> None:
    folded = zh.fold_to_simplified(text)
    assert len(folded) == len(text)
    assert zh.fold_to_simplified(folded) == folded


def test_fold_never_maps_a_simplified_character_to_a_traditional_one() -> None:
    table = zh._fold_table()
    assert len(table) > 2000
    for source, target in table.items():
        assert chr(target) not in zh._traditional_only(), (chr(source), chr(target))
    # A character of Simplified text (an S→T key) is never folded to a Traditional-only one either.
    for char in zh._opencc_chars("STCharacters.txt"):
        assert zh._traditional_only().isdisjoint(zh.fold_to_simplified(char)), char
    assert zh.fold_to_simplified("擡頭 抬头 麼 么 裡海 裏海") == "抬头 抬头 么 么 里海 里海"


def test_fold_reads_the_opencc_1_4_data() -> None:
    # Entries of OpenCC 1.4.2's TSCharacters that opencc-python-reimplemented 0.1.7's table lacks
    # (谿 → 溪) or maps differently (䂎 → 𥎝, a rare character now left as it is).
    assert zh.fold_to_simplified("谿") == "溪"
    assert zh.fold_to_simplified("䂎鰋") == "䂎鰋"
