"""Draw the DEV ru→zh name list (``benchmarks/data/names_ru_zh_dev.tsv``) from the Wikidata extract.

The DEV list is the one whose misses may be read while working on the rules; the held-out list
(``names_ru_zh_heldout.tsv``) is drawn from the same source by the same mechanical rules and must
never be looked at for rule work. Rows are chosen without any look at a transcription:

- people: the Russian label parsed into given name [patronymic] surname (``Фамилия, Имя Отчество``
  or ``Имя Отчество Фамилия``); kept when the zh label has 2 or 3 parts joined by ``·`` (the
  Russian name cut to the same parts), only Han characters, and is already Simplified (OpenCC t2s
  leaves it unchanged);
- settlements: kept when the Russian label is a name (Cyrillic words and hyphens only, no
  сельское поселение, сельсовет, район, округ, кожуун …) and the zh label is Han only, Simplified,
  without a generic last character (市 镇 村 区 州 县 乡 岛 旗);
- country Russia (Q159) only;
- left out: items of the held-out list, names in the tuned list (names_ru_zh.tsv), the exception
  list or the bundled glossary, and any row sharing its surname (a person's last word) or its
  settlement name with the held-out list, the tuned list or the exception list;
- ``random.Random(SEED).sample`` of PEOPLE people, then SETTLEMENTS settlements.

Run: ``python benchmarks/draw_names_ru_zh_dev.py GIT_DIR > benchmarks/data/names_ru_zh_dev.tsv`` where
GIT_DIR is a clone of Kiryukhasemenov/Russian_Loanwords_in_Mandarin (commit 6ae4203e).
"""

from __future__ import annotations

import random
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SEED = 2026
PEOPLE = 170
SETTLEMENTS = 170
COMMIT = "6ae4203e"
REPO = "Kiryukhasemenov/Russian_Loanwords_in_Mandarin"
PERSONS = "data/wikidata_source/persons_not_preprocessed.tsv"
PLACES = "data/wikidata_source/settlements_not_preprocessed.tsv"
DATA = Path(__file__).resolve().parent / "data"

_HAN = re.compile(r"^[\u3400-\u9fff]+$")
_CYRILLIC_WORD = re.compile(r"^[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*$")
_NOT_A_NAME = re.compile(
    r"поселени|сельсовет|район|округ|кожуун|улус|волост|посёлок|село|станица|хутор", re.I
)
_GENERIC_LAST = set("市镇村区州县乡岛旗")


def _rows(git_dir: str, path: str) -> list[list[str]]:
    text = subprocess.run(
        ["git", "--git-dir", git_dir, "show", f"{COMMIT}:{path}"], capture_output=True, text=True, check=True
    ).stdout
    return [line.split("\t") for line in text.splitlines()[1:] if line.count("\t") == 4]


def _list_sources(name: str) -> set[str]:
    out = set()
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            out.add(line.split("\t")[0])
    return out


def _person(label_ru: str, label_zh: str) -> str | None:
    """The Russian name cut to the parts of the zh label, or None when the row does not qualify."""
    zh_parts = label_zh.split("·")
    if len(zh_parts) not in (2, 3) or not all(_HAN.match(p) for p in zh_parts):
        return None
    if "," in label_ru:
        surname, _, rest = label_ru.partition(",")
        words = [*rest.split(), surname.strip()]
    else:
        words = label_ru.split()
    if len(words) not in (2, 3) or not all(_CYRILLIC_WORD.match(w) for w in words):
        return None
    if len(zh_parts) == 2:
        return f"{words[0]} {words[-1]}"
    if len(words) != 3:
        return None
    return " ".join(words)


def main() -> None:
    import opencc

    from termbase import open as open_termbase
    from termbase.scripts.transcribe import _data

    git_dir = sys.argv[1]
    t2s = opencc.OpenCC("t2s").convert
    held_out_rows = [
        line.split("\t")
        for line in (DATA / "names_ru_zh_heldout.tsv").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    held_out_items = {re.search(r"Q\d+", where).group() for *_, where in held_out_rows}  # type: ignore[union-attr]
    held_out = {ru for ru, *_ in held_out_rows}
    tuned = _list_sources("names_ru_zh.tsv")
    exceptions = {ru for ru, _tag in _data.ru_exceptions()}
    glossary = {t.text for c in open_termbase().concepts() for t in c.terms()}
    taken_words = {_data._fold(w) for name in held_out | tuned for w in name.split()} | exceptions

    def free(ru: str) -> bool:
        return (
            ru not in held_out
            and ru not in tuned
            and ru not in glossary
            and _data._fold(ru) not in exceptions
            and _data._fold(ru.split()[-1]) not in taken_words
        )

    people: dict[str, tuple[str, str]] = {}
    for item, zh, ru, country, _type in _rows(git_dir, PERSONS):
        qid = item.rsplit("/", 1)[-1]
        name = _person(ru.strip(), zh.strip())
        if country.endswith("/Q159") and name and qid not in held_out_items and t2s(zh) == zh and free(name):
            people.setdefault(name, (zh.strip(), qid))
    places: dict[str, tuple[str, str]] = {}
    for item, zh, ru, country, _type in _rows(git_dir, PLACES):
        qid = item.rsplit("/", 1)[-1]
        ru, zh = ru.strip(), zh.strip()
        if (
            country.endswith("/Q159")
            and _CYRILLIC_WORD.match(ru)
            and not _NOT_A_NAME.search(ru)
            and _HAN.match(zh)
            and zh[-1] not in _GENERIC_LAST
            and t2s(zh) == zh
            and qid not in held_out_items
            and free(ru)
        ):
            places.setdefault(ru, (zh, qid))
    rng = random.Random(SEED)
    chosen = [(name, *people[name], PERSONS) for name in rng.sample(sorted(people), PEOPLE)] + [
        (name, *places[name], PLACES) for name in rng.sample(sorted(places), SETTLEMENTS)
    ]
    print(
        f"# DEV Russian names with Chinese forms, drawn by benchmarks/draw_names_ru_zh_dev.py (seed {SEED})."
    )
    print("# The list whose misses may be read while working on rules (the held-out list may not).")
    print(f"# Source: Wikidata's Chinese labels in {REPO} (commit {COMMIT}),")
    print("# the same extract as names_ru_zh_heldout.tsv, by the same mechanical rules (see the script's")
    print("# docstring); disjoint from the held-out list (items and surnames), the tuned list, the exception")
    print(
        f"# list and the glossary. Pool: {len(people)} people, {len(places)} settlements; sample: {PEOPLE} + {SETTLEMENTS}."
    )
    print("# Labels are kept as they are (not all are editorial forms). Columns: Russian, zh-Hans, source.")
    for name, zh, qid, path in chosen:
        print(f"{name}\t{zh}\twikidata {qid} zh label ({REPO} {path})")


if __name__ == "__main__":
    main()
