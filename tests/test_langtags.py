"""Language tags: what users type normalises; Simplified and Traditional are never swapped."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from termbase.errors import UsageError
from termbase.langtags import KNOWN_TAGS, language_name, normalize_foreign_tag, normalize_tag


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
