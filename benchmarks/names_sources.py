"""The sources and filters shared by the scripts that draw and count the ru→zh name lists.

``draw_names_ru_zh_dev.py``, ``draw_names_ru_zh_editorial*.py`` and ``count_ru_zh_pairs.py`` read
the 2019 Wikidata extract and the handbook list (``data/long_propers_list.txt``, the aggregate of
辛华《俄语姓名译名手册》 and 周俊英《新编俄罗斯地名译名手册》) of Kiryukhasemenov/Russian_Loanwords_in_Mandarin
at commit 6ae4203e from a clone of it (GIT_DIR), and keep rows by the filters here; each script's
docstring says which. The lists they drew are committed under ``benchmarks/data``; ``Taken`` reads
them to keep a new list disjoint from the earlier ones.
"""

from __future__ import annotations

import random
import re
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

COMMIT = "6ae4203e"
REPO = "Kiryukhasemenov/Russian_Loanwords_in_Mandarin"
PERSONS = "data/wikidata_source/persons_not_preprocessed.tsv"
PLACES = "data/wikidata_source/settlements_not_preprocessed.tsv"
RIVERS = "data/wikidata_source/rivers_not_preprocessed.tsv"
LAKES = "data/wikidata_source/lakes_not_preprocessed.tsv"
ISLES = "data/wikidata_source/isles_not_preprocessed.tsv"
MOUNTAINS = "data/wikidata_source/mountains_not_preprocessed.tsv"
# Each place file of the extract with the generic characters its zh labels may end in.
PLACE_FILES = {PLACES: "", RIVERS: "河", LAKES: "湖", ISLES: "岛", MOUNTAINS: "山峰"}
HANDBOOKS = "data/long_propers_list.txt"
# The committed ru→zh lists in the order they were drawn: each was drawn disjoint from those before.
LISTS_IN_DRAW_ORDER = (
    "names_ru_zh.tsv",
    "names_ru_zh_heldout.tsv",
    "names_ru_zh_dev.tsv",
    "names_ru_zh_editorial.tsv",
    "names_ru_zh_editorial2.tsv",
    "names_ru_zh_editorial_dev.tsv",
    "names_ru_zh_editorial3.tsv",
)
DATA = Path(__file__).resolve().parent / "data"

HAN = re.compile(r"^[\u3400-\u9fff]+$")
CYRILLIC_WORD = re.compile(r"^[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*$")
NOT_A_NAME = re.compile(r"поселени|сельсовет|район|округ|кожуун|улус|волост|посёлок|село|станица|хутор", re.I)
GENERIC_LAST = set("市镇村区州县乡岛旗")

# First letter of a Russian name part → pinyin initials that can render it (GB/T 17693.4 rows,
# loosely: и-row and palatalised readings included, e.g. ги 吉, ти 季, хи 希, ци 齐).
INITIALS = {
    "а": "a",
    "б": "b",
    "в": "w f v",
    "г": "g j h",
    "д": "d j",
    "е": "y e",
    "ё": "y",
    "ж": "r zh j",
    "з": "z j",
    "и": "y",
    "й": "y",
    "к": "k j g",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "a o",
    "п": "p b",
    "р": "r l",
    "с": "s x sh",
    "т": "t j d",
    "у": "w y",
    "ф": "f",
    "х": "h x",
    "ц": "c z q j",
    "ч": "q ch j zh",
    "ш": "sh x",
    "щ": "sh x q",
    "ы": "y",
    "э": "a e",
    "ю": "y",
    "я": "y",
}


# The source note every editorial list's header has (its script adds ";" or ": …").
TWO_SOURCES = f"""\
# Each form is one two sources agree on: Wikidata's zh label (CC0) of the item named on the row, and
# the handbook list of Russian proper names in 辛华《俄语姓名译名手册》(1997) and 周俊英《新编俄罗斯
# 地名译名手册》(2003), as aggregated in {REPO}
# (commit {COMMIT}) {HANDBOOKS}"""


def sample(
    rng: random.Random, pool: dict[str, tuple[str, str, str]], n: int
) -> list[tuple[str, str, str, str]]:
    """N names of POOL drawn by RNG from its sorted names, each with its (form, item, where)."""
    return [(name, *pool[name]) for name in rng.sample(sorted(pool), n)]


def print_rows(chosen: Iterable[tuple[str, str, str, str]]) -> None:
    """Print a list's rows: Russian, the zh form, the Wikidata item and where the form is."""
    for name, zh, qid, where in chosen:
        print(f"{name}\t{zh}\twikidata {qid} zh label ({REPO} {where})")


def _show(git_dir: str, path: str) -> str:
    """The text of PATH at COMMIT in the clone GIT_DIR."""
    return subprocess.run(
        ["git", "--git-dir", git_dir, "show", f"{COMMIT}:{path}"], capture_output=True, text=True, check=True
    ).stdout


def extract_rows(git_dir: str, path: str) -> list[list[str]]:
    """The rows (item, zh, ru, country, type) of one file of the extract, its header left out."""
    return [line.split("\t") for line in _show(git_dir, path).splitlines()[1:] if line.count("\t") == 4]


def handbook_lines(git_dir: str) -> dict[str, int]:
    """Each line of the handbook list, stripped, with the number of the first line that has it."""
    handbook: dict[str, int] = {}
    for number, line in enumerate(_show(git_dir, HANDBOOKS).splitlines(), 1):
        handbook.setdefault(line.strip(), number)
    return handbook


def lines_of(zh: str, handbook: dict[str, int]) -> str:
    """The handbook line numbers of the parts of a zh name, comma-separated (a row's citation)."""
    return ",".join(str(handbook[part]) for part in zh.split("·"))


def t2s() -> Callable[[str], str]:
    """OpenCC's Traditional → Simplified conversion."""
    import opencc

    return opencc.OpenCC("t2s").convert


def qid_of(item: str) -> str:
    """The Wikidata id (Q…) at the end of an item's address."""
    return item.rsplit("/", 1)[-1]


def lists_before(name: str) -> tuple[str, ...]:
    """The committed lists drawn before the list NAME (a file name in LISTS_IN_DRAW_ORDER)."""
    return LISTS_IN_DRAW_ORDER[: LISTS_IN_DRAW_ORDER.index(name)]


def list_rows(name: str) -> list[list[str]]:
    """The rows of a committed list under benchmarks/data, comments and blank lines left out."""
    return [
        line.split("\t")
        for line in (DATA / name).read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


def person_name(label_ru: str, label_zh: str) -> str | None:
    """The Russian name cut to the parts of the zh label, or None when the row does not qualify."""
    zh_parts = label_zh.split("·")
    if len(zh_parts) not in (2, 3) or not all(HAN.match(p) for p in zh_parts):
        return None
    if "," in label_ru:
        surname, _, rest = label_ru.partition(",")
        words = [*rest.split(), surname.strip()]
    else:
        words = label_ru.split()
    if len(words) not in (2, 3) or not all(CYRILLIC_WORD.match(w) for w in words):
        return None
    if len(zh_parts) == 2:
        return f"{words[0]} {words[-1]}"
    if len(words) != 3:
        return None
    return " ".join(words)


def initial_agrees(ru: str, zh: str) -> bool:
    """The first syllable of ZH has a pinyin initial that can render the first letter of RU."""
    from pypinyin import Style, lazy_pinyin

    syllable = lazy_pinyin(zh[0], style=Style.NORMAL)[0]
    return any(syllable.startswith(i) for i in INITIALS.get(ru[0].lower(), "").split())


def agrees(ru: str, zh: str) -> bool:
    """Each part (Russian words, zh parts split at ·) agrees in its first syllable and has at least
    0.3 characters a Russian letter."""
    return all(
        initial_agrees(r, z) and len(z) >= 0.3 * sum(c.isalpha() for c in r)
        for r, z in zip(ru.split(), zh.split("·"), strict=True)
    )


def fold(word: str) -> str:
    """termbase's folding of a Russian word (case, ё), as its exception list keys are folded."""
    from termbase.scripts.transcribe import _data

    return _data._fold(word)


@dataclass(frozen=True)
class Taken:
    """What earlier lists, termbase's exception list and the bundled glossary already hold."""

    items: set[str]  # Wikidata ids cited by the earlier lists
    listed: set[str]  # Russian names of the earlier lists
    glossary: set[str]
    exceptions: set[str]  # folded
    words: set[str]  # every folded word of an earlier list's name, and the exceptions

    @classmethod
    def of(cls, lists: Iterable[str]) -> Taken:
        """The Taken of the committed lists named (files under benchmarks/data)."""
        from termbase import open as open_termbase
        from termbase.scripts.transcribe import _data

        rows = [row for name in lists for row in list_rows(name)]
        items = {m.group() for *_, where in rows if (m := re.search(r"Q\d+", where))}
        listed = {ru for ru, *_ in rows}
        exceptions = {ru for ru, _tag in _data.ru_exceptions()}
        glossary = {t.text for c in open_termbase().concepts() for t in c.terms()}
        words = {fold(w) for name in listed for w in name.split()} | exceptions
        return cls(items, listed, glossary, exceptions, words)

    def free(self, ru: str) -> bool:
        """RU is in no earlier list, the glossary or the exceptions, nor is its last word any word of
        theirs."""
        return (
            ru not in self.listed
            and ru not in self.glossary
            and fold(ru) not in self.exceptions
            and fold(ru.split()[-1]) not in self.words
        )


def surnames_of(person_rows: list[list[str]], norm: Callable[[str], str]) -> dict[str, set[str]]:
    """Each zh surname (the last part of norm(zh label)) with the folded Russian surnames it names."""
    out: dict[str, set[str]] = {}
    for _item, zh, ru, _country, _type in person_rows:
        if (name := person_name(ru.strip(), zh.strip())) is not None:
            out.setdefault(norm(zh.strip()).split("·")[-1], set()).add(fold(name.split()[-1]))
    return out


def countries_of(person_rows: list[list[str]]) -> dict[str, set[str]]:
    """Each person item with the Wikidata ids of its countries in the extract."""
    out: dict[str, set[str]] = {}
    for item, _zh, _ru, country, _type in person_rows:
        out.setdefault(item, set()).add(qid_of(country))
    return out


def people_index(
    git_dir: str, norm: Callable[[str], str]
) -> tuple[list[list[str]], dict[str, set[str]], dict[str, set[str]]]:
    """The extract's person rows, each item's countries and each zh surname's Russian surnames."""
    rows = extract_rows(git_dir, PERSONS)
    return rows, countries_of(rows), surnames_of(rows, norm)


def names_of(
    rows: Iterable[list[str]], norm: Callable[[str], str], generics: str = ""
) -> dict[str, set[str]]:
    """Each zh label (norm(label), without a last character of GENERICS) with the folded Russian
    names it labels."""
    out: dict[str, set[str]] = {}
    for _item, zh, ru, _country, _type in rows:
        out.setdefault(strip_generic(norm(zh.strip()), generics), set()).add(fold(ru.strip()))
    return out


def handbook_person(
    name: str, zh: str, handbook: dict[str, int], surnames: dict[str, set[str]], taken: Taken
) -> bool:
    """A person is kept: every zh part a handbook line, the parts agree, the zh surname names one
    Russian surname only, and the name is free of the earlier lists."""
    return (
        all(part in handbook for part in zh.split("·"))
        and agrees(name, zh)
        and len(surnames[zh.split("·")[-1]]) == 1
        and taken.free(name)
    )


def strip_generic(label: str, generics: str) -> str:
    """A place's zh label without its last character when that is one of GENERICS (河 湖 岛 山 峰)."""
    return label[:-1] if generics and label[-1:] in generics else label


def water_pool(
    rows: list[list[str]],
    path: str,
    generics: str,
    handbook: dict[str, int],
    names: dict[str, set[str]],
    taken: Taken,
    norm: Callable[[str], str],
    keep: Callable[[str], bool] = lambda ru: True,
) -> dict[str, tuple[str, str, str]]:
    """One-word places of Russia (no hyphen) of one file of the extract (PATH, its ROWS) whose zh
    label is a Han name of 2+ characters and one of GENERICS (火山 for a volcano), the name with or
    without it a handbook line; the parts agree, the label names one Russian name only (NAMES), the
    item and the name are free of the earlier lists and KEEP(ru) holds. Name → (the name without
    the generic, item, citation)."""
    out: dict[str, tuple[str, str, str]] = {}
    for item, zh, ru, country, _type in rows:
        q = qid_of(item)
        ru, label = ru.strip(), norm(zh.strip())
        bare = label[:-2] if label.endswith("火山") else label[:-1]  # a volcano: 火山
        line = handbook.get(label) or handbook.get(bare)
        if (
            country.endswith("/Q159")
            and CYRILLIC_WORD.match(ru)
            and "-" not in ru
            and len(bare) >= 2
            and label[-1] in generics
            and HAN.match(bare)
            and line is not None
            and agrees(ru, bare)
            and len(names[label]) == 1
            and q not in taken.items
            and taken.free(ru)
            and keep(ru)
        ):
            out.setdefault(ru, (bare, q, f"{path}: {label}; {HANDBOOKS} line {line}"))
    return out
