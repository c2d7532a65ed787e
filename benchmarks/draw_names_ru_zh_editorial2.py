"""Draw a second EDITORIAL held-out ru→zh list and an editorial DEV list from fresh sources.

``names_ru_zh_editorial2.tsv`` (held-out) and ``names_ru_zh_editorial_dev.tsv`` (DEV) keep, like
``names_ru_zh_editorial.tsv`` (see draw_names_ru_zh_editorial.py), only rows where two independent
sources agree on the Chinese form: a Wikidata zh label in the 2019 extract of
Kiryukhasemenov/Russian_Loanwords_in_Mandarin (commit 6ae4203e) and a line of that repository's
``data/long_propers_list.txt``, the aggregate of 辛华《俄语姓名译名手册》(1997) and 周俊英《新编俄罗斯
地名译名手册》(2003). The earlier lists took people and settlements of Russia (Q159) only; these
take parts of the extract no earlier list drew from:

- HELD-OUT: people whose country is the Soviet Union (Q15180) and rivers of Russia;
- DEV: people whose country is the Russian Empire (Q34266) and lakes, islands and mountains of Russia.

A person with a Q159 row in the extract is left out (the earlier lists' pool), a Russian Empire
person with a Soviet Union row too (the held-out pool). A person is parsed and filtered as in the
earlier lists (every part of the zh label a handbook line). A river, lake, island or mountain is
kept when its Russian label is one Cyrillic word (no adjectival Онежское озеро), its zh label
(OpenCC t2s: these labels are often Traditional) is the name plus the generic character
(河, 湖, 岛, 山 or 峰; 火山 for a volcano) and the name, with or without it, is a handbook line; the
form kept is the name without the generic (what a transcription gives). The DEV list leaves out
lake and island names that are adjectives or end in -озеро (their Chinese form drops the suffix or
calques озеро as 湖: a convention for the generic, not a transcription). The other filters are those of the first
editorial list: the first syllable of each part agrees with the Russian first letter, at least 0.3
characters a letter, a form that is the label of another Russian name in the extract is left out.

Disjoint: rows whose item, name, or surname (a person's last word) or place name is in the tuned,
DEV, first held-out or first editorial list, the exception list or the glossary are left out, and
every DEV row whose surname or place name is in the held-out POOL (the held-out list is drawn
without regard to the DEV list). ``random.Random(SEED).sample``.

Run: ``python benchmarks/draw_names_ru_zh_editorial2.py GIT_DIR heldout > benchmarks/data/names_ru_zh_editorial2.tsv``
(and ``dev > benchmarks/data/names_ru_zh_editorial_dev.tsv``), GIT_DIR a clone of that repository.
The script prints the pool sizes to stderr and never prints a row's form but into its output file.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import names_sources as src

SEED = 1201
SIZES = {"heldout": (100, 100), "dev": (150, 150)}
WATERS = {path: generic for path, generic in src.PLACE_FILES.items() if generic}
PLACES_OF = {"heldout": [src.RIVERS], "dev": [src.LAKES, src.ISLES, src.MOUNTAINS]}
# DEV only (the held-out list, drawn first, has rivers): lake and island names that are adjectives
# (Кроноцкое 克罗诺基湖, Крестовский 克列斯托夫岛: Chinese drops the suffix) or end in -озеро
# (Костозеро 科斯特湖: озеро calqued) are a convention for the generic, not a transcription.
_ADJECTIVE_OR_LAKE = re.compile(r"(?:ое|ий|ый|ая|озеро)$")
COUNTRY_OF = {"heldout": "/Q15180", "dev": "/Q34266"}
EARLIER = src.lists_before("names_ru_zh_editorial2.tsv")  # tuned, held-out, DEV, first editorial


def _pools(
    git_dir: str,
) -> dict[str, tuple[dict[str, tuple[str, str, str]], dict[str, tuple[str, str, str]]]]:
    simplified = src.t2s()
    handbook = src.handbook_lines(git_dir)
    taken = src.Taken.of(EARLIER)

    person_rows, countries, surnames = src.people_index(git_dir, simplified)

    def people(pool: str) -> dict[str, tuple[str, str, str]]:
        out: dict[str, tuple[str, str, str]] = {}
        for item, zh, ru, country, _type in person_rows:
            qid = src.qid_of(item)
            zh = simplified(zh.strip())
            name = src.person_name(ru.strip(), zh)
            if (
                country.endswith(COUNTRY_OF[pool])
                and "Q159" not in countries[item]
                and (pool == "heldout" or "Q15180" not in countries[item])
                and name
                and qid not in taken.items
                and src.handbook_person(name, zh, handbook, surnames, taken)
            ):
                lines = src.lines_of(zh, handbook)
                out.setdefault(name, (zh, qid, f"{src.PERSONS}; {src.HANDBOOKS} line {lines}"))
        return out

    water_rows = {path: src.extract_rows(git_dir, path) for path in WATERS}
    settlement_rows = src.extract_rows(git_dir, src.PLACES)
    labels = src.names_of(
        [row for rows in [*water_rows.values(), settlement_rows] for row in rows],
        simplified,
    )

    def places(pool: str) -> dict[str, tuple[str, str, str]]:
        out: dict[str, tuple[str, str, str]] = {}
        for path in PLACES_OF[pool]:
            pool_of_path = src.water_pool(
                water_rows[path],
                path,
                WATERS[path],
                handbook,
                labels,
                taken,
                simplified,
                keep=lambda ru: not (pool == "dev" and _ADJECTIVE_OR_LAKE.search(ru)),
            )
            for ru, value in pool_of_path.items():
                out.setdefault(ru, value)
        return out

    held = (people("heldout"), places("heldout"))
    held_words = {src.fold(name.split()[-1]) for pool in held for name in pool}
    dev = tuple(
        {ru: v for ru, v in pool.items() if src.fold(ru.split()[-1]) not in held_words}
        for pool in (people("dev"), places("dev"))
    )
    return {"heldout": held, "dev": dev}  # type: ignore[dict-item]


def main() -> None:
    git_dir, which = sys.argv[1], sys.argv[2]
    people, places = _pools(git_dir)[which]
    want_people, want_places = SIZES[which]
    n_people, n_places = min(want_people, len(people)), min(want_places, len(places))
    print(f"pool {which}: {len(people)} people, {len(places)} places", file=sys.stderr)
    rng = random.Random(SEED)
    chosen = src.sample(rng, people, n_people) + src.sample(rng, places, n_places)
    if which == "heldout":
        print(
            "# SECOND EDITORIAL HELD-OUT Russian names with Chinese forms, for bench_transcribe.py --heldout."
        )
        print(
            f"# Drawn by benchmarks/draw_names_ru_zh_editorial2.py (seed {SEED}) and committed in a commit of"
        )
        print(
            "# its own BEFORE termbase's transcriber was run on any of these names; never used to tune rules or data."
        )
        print(
            "# People whose Wikidata country is the Soviet Union (Q15180, no Q159 row) and rivers of Russia."
        )
    else:
        print(
            "# EDITORIAL DEV Russian names with Chinese forms: the list whose misses may be read for rule work."
        )
        print(f"# Drawn by benchmarks/draw_names_ru_zh_editorial2.py (seed {SEED}).")
        print("# People whose Wikidata country is the Russian Empire (Q34266, no Q159/Q15180 row); lakes,")
        print("# islands and mountains of Russia.")
    print(f"{src.TWO_SOURCES};")
    print(
        "# a person's every name part and a place's name (with or without 河/湖/岛/山) is a line of that list."
    )
    print("# That repository states no licence: this file keeps only names (facts) and cites where each is.")
    print(
        "# Filters (see the script): Han only (after OpenCC t2s), first syllable of each part agrees with the"
    )
    print(
        "# Russian first letter, ≥ 0.3 characters a letter; a form that is the label of another Russian name"
    )
    print(
        "# in the extract is left out; disjoint from the tuned, DEV, first held-out and first editorial lists"
    )
    print("# (items, names, surnames), the exception list and the glossary; the DEV list also from the")
    print("# held-out pool. A place's form is its name without the generic character (河 湖 岛 山 峰).")
    if which == "dev":
        print(
            "# DEV only: 火山 (volcano) is a generic too; lake/island names in -ое -ий -ый -ая -озеро left out."
        )
    print(
        f"# Pool: {len(people)} people, {len(places)} places; sample: {n_people} + {n_places}. No row was"
        " dropped by hand."
    )
    print("# Columns: Russian, zh-Hans, source.")
    src.print_rows(chosen)


if __name__ == "__main__":
    main()
