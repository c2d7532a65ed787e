"""termbase.markup: TMX inline markup shared by the TMX format and the translation memory."""

from __future__ import annotations

from xml.sax.saxutils import escape

import pytest
from hypothesis import given
from hypothesis import strategies as st

from termbase.errors import InputError
from termbase.markup import MARKUP_PROP, check_inline, marked_langs, markup_to_text
from tests.strategies import any_text

# Text as it can stand in XML character data (XML parsers read \r as \n).
xml_text = st.one_of(any_text, st.just(""), st.sampled_from(["AT&T <b>", "a > b & c", "«Баку» — 巴库"]))


@given(xml_text)
def test_escaped_plain_text_reads_back_unchanged(text: str) -> None:
    assert markup_to_text(escape(text)) == text


@given(xml_text, xml_text, xml_text, xml_text, st.sampled_from(["bpt", "ept", "ph", "it", "ut"]))
def test_native_codes_are_dropped_and_hi_content_kept(a: str, code: str, b: str, hi: str, tag: str) -> None:
    markup = f'{escape(a)}<{tag} i="1">{escape(code)}</{tag}>{escape(b)}<hi>{escape(hi)}</hi>'
    assert markup_to_text(markup) == a + b + hi


@pytest.mark.parametrize(
    ("markup", "message"),
    [
        ("Press <b>OK</b>", "holds <b>, not a TMX inline element"),
        ("Press <bpt i='1'>OK", "not well-formed"),
        ("AT&T", "not well-formed"),
    ],
)
def test_what_is_not_inline_markup_is_an_input_error(markup: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        check_inline(markup, "unit 'u1'", "en")
    with pytest.raises(InputError, match=message):
        markup_to_text(markup)


@given(st.lists(st.sampled_from(["en", "ru", "az-Latn", "zh-Hans", "zh-Hant-TW"]), unique=True))
def test_marked_langs_reads_the_prop(langs: list[str]) -> None:
    assert marked_langs({MARKUP_PROP: " ".join(langs), "other": "x"}) == frozenset(langs)
    assert marked_langs({}) == frozenset()


def test_the_tmx_module_uses_the_shared_helpers() -> None:
    from termbase import markup
    from termbase.formats import tmx

    assert tmx.MARKUP_PROP is markup.MARKUP_PROP and tmx.markup_to_text is markup.markup_to_text
