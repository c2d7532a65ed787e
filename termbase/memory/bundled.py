"""The bundled translation memory: the article's aligned segments in ``glossary/memory/*.toml``.

Each file is a ``[meta]`` table, then one ``[[unit]]`` table per segment: an ``id``, the
``zh-Hans`` sentence, the project's own ``en``/``ru``/``az-Latn`` translations and optional
``section``, ``refs`` and ``note``. A Traditional ``zh-Hant`` variant is derived from zh-Hans with
:func:`termbase.scripts.convert` (OpenCC ``s2t``) and marked as derived in the unit's props.
``termbase.bundled`` loads these units into the bundled glossary's cached index.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources

from termbase.errors import InputError
from termbase.model import TranslationUnit

__all__ = ["BUNDLED_ORIGIN", "bundled_units", "units_from_toml"]

BUNDLED_ORIGIN = "termbase-project translation"
"""The ``origin`` of every bundled unit (the translations are the project's own)."""

_BUNDLED_LANGS = ("zh-Hans", "en", "ru", "az-Latn")


def bundled_units() -> Iterator[TranslationUnit]:
    """The article's aligned segments from ``glossary/memory/*.toml``, with a derived zh-Hant.

    en/ru/az-Latn are the project's own translations (``origin``); zh-Hant is converted from
    zh-Hans with OpenCC (``props["derived"]``).
    """
    folder = resources.files("glossary") / "memory"
    if not folder.is_dir():
        return
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            yield from units_from_toml(entry.read_text(encoding="utf-8"), f"glossary/memory/{entry.name}")


def units_from_toml(text: str, path: str = "<toml>") -> Iterator[TranslationUnit]:
    """The units of one memory TOML file: a ``[meta]`` table, then ``[[unit]]`` tables.

    >>> doc = '''
    ... [meta]
    ... source = "zh-Wikipedia"
    ... [[unit]]
    ... id = "s1"
    ... zh-Hans = "俄罗斯在巴库设有大使馆。"
    ... ru = "Россия имеет посольство в Баку."
    ... '''
    >>> unit = next(units_from_toml(doc))
    >>> unit.variants["zh-Hant"], unit.origin, unit.props["derived"]
    ('俄羅斯在巴庫設有大使館。', 'termbase-project translation', 'zh-Hant')
    """
    import tomllib

    from termbase.scripts import convert

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"not valid TOML: {error}", path=path) from None
    for position, raw in enumerate(data.get("unit", []), start=1):
        if not isinstance(raw, dict) or not raw.get("id") or not raw.get("zh-Hans"):
            raise InputError(f"unit {position} needs an id and zh-Hans", path=path)
        variants = {lang: str(raw[lang]) for lang in _BUNDLED_LANGS if raw.get(lang)}
        variants["zh-Hant"] = convert(variants["zh-Hans"], to="zh-Hant")
        translated = " ".join(lang for lang in _BUNDLED_LANGS[1:] if lang in variants)
        props = {"derived": "zh-Hant", "derived-by": "OpenCC s2t", "translated": translated}
        if raw.get("section"):
            props["section"] = str(raw["section"])
        if raw.get("refs"):
            refs = raw["refs"]
            props["refs"] = " ".join(map(str, refs)) if isinstance(refs, list) else str(refs)
        yield TranslationUnit(
            id=str(raw["id"]),
            variants=variants,
            origin=BUNDLED_ORIGIN,
            note=str(raw["note"]) if raw.get("note") else None,
            props=props,
        )
