"""The web page's interface languages: Babel message catalogues, chosen per request.

The catalogues are ``i18n/<locale>/LC_MESSAGES/messages.po`` files shipped with the
package; each is compiled to a binary catalogue with Babel when it is first needed (no
build step, nothing generated to keep in git). English is the source language.

>>> translations("ru").gettext("Search")
'Поиск'
>>> negotiate(None, None, "az-AZ,az;q=0.9,en;q=0.5")
'az'
>>> negotiate("zh", "ru", "en")
'zh'
"""

from __future__ import annotations

import io
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel.support import Translations

__all__ = ["LOCALES", "catalogue_path", "negotiate", "translations"]

# The interface languages, each with the name it is listed under in the switcher.
LOCALES: dict[str, str] = {"en": "English", "zh": "中文", "ru": "Русский", "az": "Azərbaycanca"}


def catalogue_path(locale: str) -> str:
    """The package-relative path of a locale's ``.po`` file."""
    return f"i18n/{locale}/LC_MESSAGES/messages.po"


@cache
def translations(locale: str) -> Translations:
    """The compiled catalogue of ``locale`` (English: no catalogue, the messages as written)."""
    from importlib import resources

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import NullTranslations, Translations

    if locale not in LOCALES:
        raise ValueError(f"no interface in {locale!r}")
    if locale == "en":
        return NullTranslations()  # type: ignore[return-value]
    source = resources.files("termbase.server").joinpath(catalogue_path(locale))
    with source.open("rb") as po:
        catalog = read_po(po, locale=locale)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain="messages")


def negotiate(asked: str | None, cookie: str | None, accept_language: str | None) -> str:
    """The interface language: ``?hl=``, else the ``hl`` cookie, else Accept-Language, else en."""
    for choice in (asked, cookie):
        if choice in LOCALES:
            return choice
    if accept_language:
        ranked: list[tuple[float, int, str]] = []
        for i, part in enumerate(accept_language.split(",")):
            tag, _, params = part.strip().partition(";")
            quality = 1.0
            if params.strip().startswith("q="):
                try:
                    quality = float(params.strip()[2:])
                except ValueError:
                    quality = 0.0
            primary = tag.strip().split("-")[0].split("_")[0].lower()
            if primary in LOCALES and quality > 0:
                ranked.append((-quality, i, primary))
        if ranked:
            return min(ranked)[2]
    return "en"
