"""Inline markup in segments: TMX's inline elements, shared by the TMX format and the translation memory.

A segment read with ``inline="keep"`` (see :mod:`termbase.formats.tmx`) may hold its *inner XML*:
character data escaped, TMX inline elements (``bpt ept ph it hi sub ut``) as tags, e.g.
``Press <bpt i="1">&lt;b&gt;</bpt>OK``. The unit's prop :data:`MARKUP_PROP` lists (space-separated)
the languages whose variant is such markup; every other variant is plain text. This module holds
what both sides need: the prop's name, the check that markup is well-formed inline markup, and
its translatable text (character data and ``<hi>`` content, without the native codes of
``bpt ept ph it ut`` and the ``<sub>`` flows inside them). It is neutral: it imports no exchange
format, so the translation memory can match marked segments on their text without depending on TMX.

>>> sorted(marked_langs({MARKUP_PROP: "en ru"}))
['en', 'ru']
>>> markup_to_text('Press <ph x="1">&lt;br/&gt;</ph>OK <hi>now</hi>')
'Press OK now'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from termbase.errors import InputError

if TYPE_CHECKING:
    from lxml import etree

__all__ = ["INLINE_TAGS", "MARKUP_PROP", "check_inline", "inline_text", "marked_langs", "markup_to_text"]

INLINE_TAGS = frozenset({"bpt", "ept", "ph", "it", "hi", "sub", "ut"})
#: The unit prop naming (space-separated) the languages whose variant is inline markup.
MARKUP_PROP = "x-termbase-markup"


def marked_langs(props: Mapping[str, str]) -> frozenset[str]:
    """The languages whose variant is inline markup, as a unit's ``props`` list them."""
    return frozenset(props.get(MARKUP_PROP, "").split())


def check_inline(markup: str, owner: str, lang: str) -> etree._Element:
    """The ``<seg>`` of ``markup``; raise InputError unless it is well-formed with only TMX inline elements.

    >>> check_inline("a <b>x</b>", "unit 'u1'", "en")
    Traceback (most recent call last):
    termbase.errors.InputError: unit 'u1': variant 'en' holds <b>, not a TMX inline element
    """
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        seg = etree.fromstring(f"<seg>{markup}</seg>".encode(), parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(
            f"{owner}: variant {lang!r} is marked as inline markup ({MARKUP_PROP}) "
            f"but is not well-formed ({exc.msg})"
        ) from None
    for element in seg.iterdescendants():
        if not isinstance(element.tag, str) or element.tag not in INLINE_TAGS:
            raise InputError(f"{owner}: variant {lang!r} holds <{element.tag}>, not a TMX inline element")
    return seg


def inline_text(element: etree._Element) -> str:
    """The translatable text of a seg or hi: its text, hi content, tails; native codes dropped."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == "hi":
            parts.append(inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def markup_to_text(markup: str) -> str:
    """The translatable text of a segment's inner XML (as ``inline="plain"`` reads it).

    >>> markup_to_text('Press <bpt i="1">&lt;b&gt;</bpt>OK<ept i="1">&lt;/b&gt;</ept> &amp; go')
    'Press OK & go'
    """
    return inline_text(check_inline(markup, "segment", "?"))
