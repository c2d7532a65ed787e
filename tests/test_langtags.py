"""Language tags: what users type normalises; Simplified and Traditional are never swapped."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from termbase.errors import UsageError
from termbase.langtags import KNOWN_TAGS, language_name, normalize_foreign_tag, normalize_tag
from tests.strategies import english_word, russian_word


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("zh", "zh-Hans"),
        ("zh-CN", "zh-Hans"),
        ("zh_TW", "zh-Hant-TW"),
        ("ZH-hk", "zh-Hant-HK"),
        ("zh-Hant", "zh-Hant"),
        ("zh-hant-tw", "zh-Hant-TW"),
        ("zh-Hans-TW", "zh-Hans"),
        ("zh-MO", "zh-Hant-HK"),
        ("az", "az-Latn"),
        ("az-latn", "az-Latn"),
        ("az-AZ", "az-Latn"),
        ("az-Cyrl", "az-Cyrl"),
        ("RU", "ru"),
        ("ru-RU", "ru"),
        ("EN-US", "en"),
        ("en_GB", "en"),
    ],
)
def test_typed_tags_normalise(typed: str, canonical: str) -> None:
    assert normalize_tag(typed) == canonical


@given(st.sampled_from(KNOWN_TAGS), st.sampled_from([str.lower, str.upper, lambda s: s.replace("-", "_")]))
def test_canonical_tags_are_fixed_points_in_any_spelling(tag: str, spell: object) -> None:
    assert callable(spell)
    assert normalize_tag(spell(tag)) == tag


@given(st.sampled_from(["zh-Hans", "zh-Hant"]), st.sampled_from(["", "-CN", "-TW", "-HK", "-SG"]))
def test_script_subtag_is_never_swapped(script: str, region: str) -> None:
    assert normalize_tag(script + region).startswith(script)


@pytest.mark.parametrize("bad", ["xx", "zh-Latn", "ru-Latn", "", "klingon-tlh"])
def test_unknown_tag_is_a_one_line_error_listing_known(bad: str) -> None:
    with pytest.raises(UsageError) as caught:
        normalize_tag(bad)
    message = str(caught.value)
    assert "\n" not in message
    assert all(tag in message for tag in KNOWN_TAGS)


def test_foreign_tags_are_kept_well_formed() -> None:
    assert normalize_foreign_tag("de-at") == "de-AT"
    assert normalize_foreign_tag("SR-latn-rs") == "sr-Latn-RS"
    assert normalize_foreign_tag("zh-TW") == "zh-Hant-TW"
    with pytest.raises(UsageError):
        normalize_foreign_tag("not a tag!")


def test_language_names_come_from_cldr() -> None:
    # CLDR zh names: 俄语 (Russian), 阿塞拜疆语 (Azerbaijani), 英语 (English).
    assert language_name("ru", "zh") == "俄语"
    assert language_name("az-Latn", "zh").startswith("阿塞拜疆语")
    assert language_name("ru", "ru") == "русский"
    assert language_name("en", "az") == "ingilis"


# -- any CLDR language in one's own termbase (issue 9) ----------------------------------------
def _cldr_tags() -> st.SearchStrategy[str]:
    from babel import Locale

    english = Locale("en")
    ours = {"zh", "ru", "az", "en", "und", "root"}
    languages = sorted(c for c in english.languages if "_" not in c and c not in ours and len(c) in (2, 3))
    regions = sorted(c for c in english.territories if len(c) == 2 and c.isalpha())
    scripts = ["Latn", "Cyrl", "Arab"]
    return st.builds(
        lambda lang, script, region: "-".join(p for p in (lang, script, region) if p),
        st.sampled_from(languages),
        st.one_of(st.none(), st.sampled_from(scripts)),
        st.one_of(st.none(), st.sampled_from(regions)),
    )


def _respell(tag: str, how: int) -> str:
    return [tag, tag.upper(), tag.lower(), tag.replace("-", "_")][how]


@given(_cldr_tags(), st.integers(0, 3), english_word, russian_word)
def test_any_cldr_tag_round_trips_through_add_lookup_export_import(
    tag: str, how: int, latin: str, cyrillic: str
) -> None:
    import io
    import tempfile
    from pathlib import Path

    import termbase
    from termbase.model import Category, Concept, Term

    typed = _respell(tag, how)
    canonical = normalize_tag(typed)
    assert canonical == tag  # the generated tags are in canonical case already
    assert normalize_tag(canonical) == canonical
    text = f"{latin} {cyrillic}"
    term = Term(text, typed)
    assert term.lang == canonical
    tb = termbase.open(":memory:")
    tb.add(Concept("thing", Category.OTHER, [term, Term("thing", "en")]))
    found = tb.lookup(text, lang=typed)
    assert [(m.concept.id, m.lang) for m in found] == [("thing", canonical)]
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "out.csv"
        assert tb.export("csv", out, langs=[typed, "en"]) == 1
        again = termbase.open(Path(folder) / "again.tb")
        again.import_file(out)
        assert [(t.lang, t.text) for t in again["thing"].terms(canonical)] == [(canonical, term.text)]
        again.close()
        tbx = io.BytesIO()
        tb.export("tbx", tbx)
        assert f'xml:lang="{canonical}"'.encode() in tbx.getvalue()


@pytest.mark.parametrize("bad", ["klingon", "XA", "de-XX", "x", "tr-Abcd", "zh-Latn"])
def test_invalid_tags_get_the_same_refusal_everywhere(bad: str, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.helpers import run_cli

    messages = set()
    for argv in (
        ["recognize", "Баку", "--lang", bad],
        ["lookup", "Баку", "--lang", bad],
        ["export", "-f", "csv", "-o", "-", "--langs", bad],
        ["tm", "search", "Баку", "--from", bad],
        ["tm", "concordance", "Баку", "--lang", bad],
        ["check", __file__, "--source", bad, "--target", "ru"],
    ):
        status, out, err = run_cli(capsys, *argv)
        assert status == 2 and out == "", (argv, err)
        messages.add(err.split("error: ", 1)[1])
    assert len(messages) == 1 and f"unknown language tag {bad!r}" in messages.pop()


def test_turkish_terms_are_recognised_with_turkic_casing(
    tmp_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    from pathlib import Path

    from tests.helpers import run_cli

    db = str(Path(str(tmp_path)) / "tr.tb")
    assert run_cli(capsys, "add", "istanbul", "TR=İstanbul", "--category", "city", "--db", db)[0] == 0
    status, out, _ = run_cli(capsys, "recognize", "İSTANBUL'da ve ISTANBUL", "--lang", "tr", "--db", db)
    # İSTANBUL'da is İstanbul with a suffix; ISTANBUL reads ıstanbul in Turkish: not the city
    assert status == 0 and out.count("istanbul") == 1 and "İSTANBUL'da" in out
