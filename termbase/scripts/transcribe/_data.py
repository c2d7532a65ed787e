"""The transcription tables, read once from the plain files in ``data/`` (importlib.resources).

Every file is UTF-8 TSV with ``#`` comments; a cell ``X|Y`` holds a first form and alternatives.
The files name their sources in their header comments; ``data/SOURCES.md`` collects them with the
differences from ICU's ``ru-zh`` transform.

>>> syllables()[("б", "а")], finals()["бан"]
(('巴',), ('班',))
>>> given_names()["сергей"].zh, given_names()["сергей"].stems
('谢尔盖', (('серге', '谢尔盖'),))
>>> given_names()["елена"].zh, given_names()["елена"].zh_alternatives
('叶连娜', ('叶莲娜',))
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

__all__ = [
    "GivenName",
    "Rule",
    "az_exceptions",
    "az_ru_rules",
    "conventions",
    "finals",
    "given_names",
    "positions",
    "ru_az_rules",
    "ru_exceptions",
    "syllables",
]


def _rows(name: str) -> Iterator[list[str]]:
    text = files("termbase.scripts.transcribe").joinpath("data", name).read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


def _options(cell: str) -> tuple[str, ...]:
    return tuple(cell.split("|"))


@cache
def syllables() -> dict[tuple[str, str], tuple[str, ...]]:
    """(consonant or "-", vowel or "0") → the Chinese forms, first the table's."""
    rows = _rows("ru_zh_syllables.tsv")
    header = next(rows)[1:]
    table: dict[tuple[str, str], tuple[str, ...]] = {}
    for row in rows:
        for vowel, cell in zip(header, row[1:], strict=True):
            if cell != "-":
                table[(row[0], vowel)] = _options(cell)
    return table


@cache
def finals() -> dict[str, tuple[str, ...]]:
    """Syllables closed by н, й or у (``бан`` → 班)."""
    return {row[0]: _options(row[1]) for row in _rows("ru_zh_finals.tsv")}


@cache
def positions() -> dict[tuple[str, str], tuple[str, ...]]:
    """(kind, letters) → forms: initial, soft-before-consonant, soft-final, feminine-final, feminine."""
    return {(row[0], row[1]): _options(row[2]) for row in _rows("ru_zh_positions.tsv")}


@dataclass(frozen=True, slots=True)
class GivenName:
    """A Russian given name and its conventional renderings."""

    ru: str
    zh: str
    az: str | None
    en: str | None
    feminine: bool
    stems: tuple[tuple[str, str], ...]  # (ru stem lower case, zh stem)
    zh_alternatives: tuple[str, ...] = ()  # other Chinese forms in wide use, offered after ``zh``


@cache
def given_names() -> dict[str, GivenName]:
    """Lower-case Russian given name (ё kept) → its renderings."""
    rows = _rows("ru_given_names.tsv")
    next(rows)
    names: dict[str, GivenName] = {}
    for ru, zh, az, en, gender, ru_stems, zh_stems in rows:
        stems = tuple(
            zip(
                [s.lower() for s in ru_stems.split(",") if s],
                [s for s in zh_stems.split(",") if s],
                strict=True,
            )
        )
        first, *others = _options(zh)
        names[ru.lower()] = GivenName(ru, first, az or None, en or None, gender == "f", stems, tuple(others))
    return names


@dataclass(frozen=True, slots=True)
class Convention:
    """A part of a name rendered by convention (a modifier, prefix, suffix, stem or river)."""

    kind: str
    ru: str
    zh: str
    az: str | None
    en: str | None
    source: str


@cache
def conventions() -> dict[str, dict[str, Convention]]:
    """kind → lower-case Russian → the convention."""
    table: dict[str, dict[str, Convention]] = {}
    for kind, ru, zh, az, en, source in _rows("ru_conventions.tsv"):
        table.setdefault(kind, {})[ru] = Convention(kind, ru, zh, az or None, en or None, source)
    return table


def _fold(name: str) -> str:
    return name.lower().replace("ё", "е")


@cache
def ru_exceptions() -> dict[tuple[str, str], tuple[str, str]]:
    """(folded Russian name, target tag) → (established form, its source)."""
    return {(_fold(ru), tag): (form, source) for ru, tag, form, source in _rows("ru_exceptions.tsv")}


@cache
def az_exceptions() -> dict[tuple[str, str], tuple[str, str]]:
    """(lower-case Azerbaijani name, target tag) → (established form, its source)."""
    from termbase.casing import turkic_lower

    return {(turkic_lower(az), tag): (form, source) for az, tag, form, source in _rows("az_exceptions.tsv")}


@dataclass(frozen=True, slots=True)
class Rule:
    """A letter rule: ``letters`` in ``context`` become ``forms`` (first form first)."""

    context: str
    letters: str
    forms: tuple[str, ...]


def _rules(name: str) -> dict[str, list[Rule]]:
    by_first: dict[str, list[Rule]] = {}
    rules = [Rule(row[0], row[1], _options(row[2] if len(row) > 2 else "")) for row in _rows(name)]
    # Longest letters first, then file order (sorted() is stable).
    for rule in sorted(rules, key=lambda r: -len(r.letters)):
        by_first.setdefault(rule.letters[0], []).append(rule)
    return by_first


@cache
def az_ru_rules() -> dict[str, list[Rule]]:
    """First letter → the Azerbaijani → Russian rules starting with it, longest first."""
    return _rules("az_ru_rules.tsv")


@cache
def ru_az_rules() -> dict[str, list[Rule]]:
    """First letter → the Russian → Azerbaijani rules starting with it, longest first."""
    return _rules("ru_az_rules.tsv")
