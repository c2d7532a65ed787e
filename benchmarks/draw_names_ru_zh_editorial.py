"""Draw the EDITORIAL held-out ru→zh list (``benchmarks/data/names_ru_zh_editorial.tsv``).

Why a third list: the first held-out list and the DEV list take Wikidata's zh labels as they are,
and most of their misses are labels that are not editorial forms (Hong Kong/Taiwan or film-credit
usage, nicknames, another surname). Issue 11 asks for the forms Chinese editors write (Xinhua,
GB/T 17693.4). This list keeps only rows where two independent sources agree on the Chinese form:

1. Wikidata's Chinese label of a person or settlement of Russia (Q159), from the 2019 extract in
   Kiryukhasemenov/Russian_Loanwords_in_Mandarin (commit 6ae4203e; the extract the DEV and the
   first held-out list were drawn from, by the same parsing rules: see draw_names_ru_zh_dev.py);
2. the list of proper names in that repository's ``data/long_propers_list.txt`` (72,435 lines),
   which its README describes as "aggregated from two transliteration guidelines": 辛华《俄语姓名
   译名手册》(商务印书馆, 1997; Xinhua's handbook of Russian personal names) and 周俊英《新编俄罗斯
   地名译名手册》(商务印书馆, 2003; the handbook of Russian place names). A settlement is kept when
   its zh label is a line of that list; a person when every part of the zh label (given name,
   patronymic, surname, split at ·) is a line of it. The list is an OCR-made aggregate (some lines
   are garbled or run together); matching whole lines only, a garbled line can drop a row but not
   make a wrong one.

Further mechanical filters, fixed before any draw and before termbase's transcriber ran on a row:

- the zh label is Han only and Simplified (OpenCC t2s leaves it unchanged); a settlement's label has
  no generic last character (市 镇 村 区 州 县 乡 岛 旗) and its Russian label is a name (no сельское
  поселение, район …);
- each part of the zh label starts with a syllable whose pinyin initial can render the first letter
  of the Russian part (``names_sources.INITIALS``, a loose table: р → r/l, с → s/x/sh …), and has at least 0.3
  characters per Russian letter: drops labels that give another name or a part of it (the first
  held-out list dropped such rows by hand);
- the Chinese form names one Russian name only: a settlement's zh label is the label of no
  settlement with another Russian name in the extract, a person's zh surname the surname of no
  person with another Russian surname (the first draw, before this rule, had 彼得罗夫斯克 for
  Петровск-Забайкальский and 共青城 for Комсомольский: forms of other names that the handbook lists;
  the 0.3 ratio above was added with it, for the first);
- left out: every Wikidata item of the DEV and the first held-out list; every name of the tuned
  list, the DEV list, the first held-out list, termbase's exception list and the bundled glossary;
  and every row sharing its surname (a person's last word) or its settlement name with any of them;
- ``random.Random(SEED).sample`` of PEOPLE people, then SETTLEMENTS settlements.

Run: ``python benchmarks/draw_names_ru_zh_editorial.py GIT_DIR > benchmarks/data/names_ru_zh_editorial.tsv``
where GIT_DIR is a clone of Kiryukhasemenov/Russian_Loanwords_in_Mandarin (commit 6ae4203e).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import names_sources as src  # the same source and parsing rules as draw_names_ru_zh_dev.py

SEED = 1130
PEOPLE = 100
SETTLEMENTS = 100


def main() -> None:
    git_dir = sys.argv[1]
    simplified = src.t2s()
    handbook = src.handbook_lines(git_dir)
    # items only from the held-out and DEV lists (the tuned list cites none), names from all three
    taken = src.Taken.of(src.lists_before("names_ru_zh_editorial.tsv"))

    person_rows, place_rows = src.extract_rows(git_dir, src.PERSONS), src.extract_rows(git_dir, src.PLACES)
    surnames = src.surnames_of(person_rows, str)  # labels as they are: only Simplified ones are kept
    places_of = src.names_of(place_rows, str)

    people: dict[str, tuple[str, str]] = {}
    for item, zh, ru, country, _type in person_rows:
        qid = src.qid_of(item)
        zh = zh.strip()
        name = src.person_name(ru.strip(), zh)
        if (
            country.endswith("/Q159")
            and name
            and qid not in taken.items
            and simplified(zh) == zh
            and src.handbook_person(name, zh, handbook, surnames, taken)
        ):
            people.setdefault(name, (zh, qid))
    places: dict[str, tuple[str, str]] = {}
    for item, zh, ru, country, _type in place_rows:
        qid = src.qid_of(item)
        ru, zh = ru.strip(), zh.strip()
        if (
            country.endswith("/Q159")
            and src.CYRILLIC_WORD.match(ru)
            and not src.NOT_A_NAME.search(ru)
            and src.HAN.match(zh)
            and zh[-1] not in src.GENERIC_LAST
            and simplified(zh) == zh
            and zh in handbook
            and src.agrees(ru, zh)
            and len(places_of[zh]) == 1
            and qid not in taken.items
            and taken.free(ru)
        ):
            places.setdefault(ru, (zh, qid))
    rng = random.Random(SEED)
    n_people, n_places = min(PEOPLE, len(people)), min(SETTLEMENTS, len(places))
    chosen = [(name, *people[name], src.PERSONS) for name in rng.sample(sorted(people), n_people)] + [
        (name, *places[name], src.PLACES) for name in rng.sample(sorted(places), n_places)
    ]
    print(
        "# EDITORIAL HELD-OUT Russian names with Chinese forms, for benchmarks/bench_transcribe.py --heldout."
    )
    print(
        f"# Drawn by benchmarks/draw_names_ru_zh_editorial.py (seed {SEED}) and committed in a commit of its"
    )
    print(
        "# own BEFORE termbase's transcriber was run on any of these names; never used to tune rules or data."
    )
    print(f"{src.TWO_SOURCES};")
    print(
        "# a person's every name part and a settlement's name is a line of that list (line numbers on the row)."
    )
    print("# That repository states no licence: this file keeps only names (facts) and cites where each is.")
    print("# Filters (see the script): Han only, Simplified, no generic last character for places, first")
    print("# syllable of each part agrees with the Russian first letter, ≥ 0.3 characters a letter; disjoint")
    print(
        "# from the tuned, DEV and first held-out lists (items, names, surnames), the exception list and the"
    )
    print("# glossary; a form that is the label of another Russian name in the extract is left out (rule")
    print("# added after the first draw showed 彼得罗夫斯克 for Петровск-Забайкальский and 共青城 for")
    print("# Комсомольский; drawn again, same seed).")
    print(
        f"# Pool: {len(people)} people, {len(places)} settlements; sample: {n_people} + {n_places}. No row was"
        " dropped by hand."
    )
    print("# Columns: Russian, zh-Hans, source.")
    for name, zh, qid, path in chosen:
        print(
            f"{name}\t{zh}\twikidata {qid} zh label ({src.REPO} {path})"
            f" = handbook list ({src.HANDBOOKS} line {src.lines_of(zh, handbook)})"
        )


if __name__ == "__main__":
    main()
