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
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import names_sources as src  # the source, its parsing and the disjointness sets, shared

SEED = 2026
PEOPLE = 170
SETTLEMENTS = 170


def main() -> None:
    git_dir = sys.argv[1]
    simplified = src.t2s()
    taken = src.Taken.of(src.lists_before("names_ru_zh_dev.tsv"))  # tuned, held-out

    people: dict[str, tuple[str, str]] = {}
    for item, zh, ru, country, _type in src.extract_rows(git_dir, src.PERSONS):
        name = src.person_name(ru.strip(), zh.strip())
        if (
            country.endswith("/Q159")
            and name
            and src.qid_of(item) not in taken.items
            and simplified(zh) == zh
            and taken.free(name)
        ):
            people.setdefault(name, (zh.strip(), src.qid_of(item)))
    places: dict[str, tuple[str, str]] = {}
    for item, zh, ru, country, _type in src.extract_rows(git_dir, src.PLACES):
        ru, zh = ru.strip(), zh.strip()
        if (
            country.endswith("/Q159")
            and src.CYRILLIC_WORD.match(ru)
            and not src.NOT_A_NAME.search(ru)
            and src.HAN.match(zh)
            and zh[-1] not in src.GENERIC_LAST
            and simplified(zh) == zh
            and src.qid_of(item) not in taken.items
            and taken.free(ru)
        ):
            places.setdefault(ru, (zh, src.qid_of(item)))
    rng = random.Random(SEED)
    chosen = [(name, *people[name], src.PERSONS) for name in rng.sample(sorted(people), PEOPLE)] + [
        (name, *places[name], src.PLACES) for name in rng.sample(sorted(places), SETTLEMENTS)
    ]
    print(
        f"# DEV Russian names with Chinese forms, drawn by benchmarks/draw_names_ru_zh_dev.py (seed {SEED})."
    )
    print("# The list whose misses may be read while working on rules (the held-out list may not).")
    print(f"# Source: Wikidata's Chinese labels in {src.REPO} (commit {src.COMMIT}),")
    print("# the same extract as names_ru_zh_heldout.tsv, by the same mechanical rules (see the script's")
    print("# docstring); disjoint from the held-out list (items and surnames), the tuned list, the exception")
    print(
        f"# list and the glossary. Pool: {len(people)} people, {len(places)} settlements; sample: {PEOPLE} + {SETTLEMENTS}."
    )
    print("# Labels are kept as they are (not all are editorial forms). Columns: Russian, zh-Hans, source.")
    src.print_rows(chosen)


if __name__ == "__main__":
    main()
